"""What the CLI prints for stored reports, ingests, searches and reviews: rich tables and lines
built from what the library returns, so hedui/cli.py keeps only arguments, calls and exit codes.
(`hedui verify`'s output is render.py's, shared with nothing else.)"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from verifier.report import Coverage, Report

if TYPE_CHECKING:  # annotations only: the ingest and search machinery is not needed to print
    from hedui.ingest import IngestSummary
    from hedui.search import Hit, SearchPage

T = TypeVar("T")
_COLOUR = {"accept": "green", "flag": "yellow", "reject": "red"}


def _table(title: str, columns: tuple[str, ...]) -> RichTable:
    table = RichTable(title=title)
    for col in columns:
        table.add_column(col)
    return table


def _narrow(
    title: str, columns: tuple[str, ...], wrap: tuple[str, ...], right: tuple[str, ...]
) -> RichTable:
    """A table that reads at 80 columns: no borders, the ``wrap`` columns folding (they take
    the width left), every other column kept whole, the ``right`` ones (counts) right-aligned."""
    table = RichTable(title=title, box=None, pad_edge=False, expand=True)
    for name in columns:
        if name in wrap:
            table.add_column(name, ratio=1, overflow="fold")
        else:
            table.add_column(name, no_wrap=True, justify="right" if name in right else "left")
    return table


def usage_line(u: dict) -> str:
    """One line on what the model cost: calls, cache hits, re-asks, retries, tokens, money."""
    cost = f", about ${u['cost']}" if u.get("cost") is not None else ", cost unknown (no price)"
    return (
        f"model calls: {u['calls']} ({u['cached']} from the cache, {u['failed']} failed), "
        f"{u['requests']} requests, {u['reasks']} re-asks, {u['retries']} retries, "
        f"{u['tokens_in']:,} tokens in, {u['tokens_out']:,} out{cost}"
    )


def print_ingest(console: Console, err: Console, summary: IngestSummary, db: Path) -> None:
    """The files stored and skipped as a table, each failure on stderr, then the counts."""
    table = _narrow(
        f"ingest → {db}",
        ("file", "kind", "department", "year", "tables", "verdict", "errors"),
        wrap=("file", "department"),
        right=("year", "tables", "errors"),
    )
    for r in summary.results:
        if r.status == "stored":
            table.add_row(
                escape(Path(r.path).name),
                (r.kind or "").removeprefix("部门"),
                escape(r.department or ""),
                str(r.year or ""),
                str(r.tables),
                f"[{_COLOUR.get(r.verdict or '', 'white')}]{r.verdict}[/]",
                str(r.errors),
            )
    if table.row_count:
        console.print(table)
    for r in summary.results:
        if r.status == "skipped":  # a line each, under the table: its reason is a sentence
            why = escape(r.message or "already stored")  # or: same bytes as …, stored meanwhile
            console.print(f"[dim]skipped {escape(Path(r.path).name)}: {why}[/]")
    for r in summary.results:
        if r.status == "failed":
            err.print(f"[red]failed:[/red] {escape(r.message)}")
    console.print(
        f"{summary.count('stored')} stored, {summary.count('skipped')} skipped, "
        f"{summary.count('failed')} failed"
    )
    retried = summary.retried()
    if retried:  # Ray ran their tasks again after losing a worker or node: stored once each
        names = ", ".join(f"{escape(Path(r.path).name)} ({r.attempts} attempts)" for r in retried)
        console.print(f"retried after a lost Ray worker or node: {names}")
    if any(r.attempts is None for r in summary.results):
        console.print("[dim]this Ray does not report task attempts: retries are not listed[/dim]")
    usage = summary.llm_usage()
    if usage["calls"]:
        console.print(usage_line(usage))


def print_report(console: Console, rep: Report, row: dict, usage: dict, failed: list[dict]) -> None:
    """`hedui show`: identity, sections, tables, narratives, model cost, failed checks."""
    console.print(
        f"[bold]{escape(rep.file_name)}[/bold]  {rep.kind.value} · {escape(rep.department or '?')} · "
        f"{rep.year or '?'} · verdict [bold]{row['verdict']}[/bold] · status {row['status']}"
    )
    console.print(f"sha256 {rep.sha256}")
    if row.get("coverage_json"):
        console.print(escape(Coverage.model_validate_json(row["coverage_json"]).line()))
    sections = _table("sections", ("kind", "level", "heading"))
    for s in rep.sections:
        sections.add_row(
            s.kind.value + (f" {s.table_kind.value}" if s.table_kind else ""),
            str(s.level),
            escape(s.heading[:60]),
        )
    console.print(sections)
    tables = _table("tables", ("kind", "title", "unit", "rows", "columns"))
    for t in rep.tables:
        unit = (t.unit or "") + (" (inferred)" if t.unit_inferred else "")
        tables.add_row(
            t.kind.value, escape(t.title[:30]), unit, str(len(t.rows)), str(len(t.columns))
        )
    console.print(tables)
    _print_narratives(console, rep)
    if usage["calls"]:
        prompts = ", ".join(f"{k}@{v}" for k, v in rep.extraction.prompt_versions.items())
        console.print(f"{usage_line(usage)} — {rep.extraction.model}, prompts {prompts}")
    for note in rep.extraction.notes:
        console.print(f"[dim]note: {escape(note)}[/dim]")
    by_severity = {s: sum(f["severity"] == s for f in failed) for s in ("error", "warning", "info")}
    counted = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in by_severity.items() if n)
    console.print(
        f"[bold]{len(failed)} failed checks[/bold]" + (f" ({counted})" if counted else "")
    )
    order = {"error": 0, "warning": 1, "info": 2}
    for f in sorted(failed, key=lambda f: order.get(f["severity"], 3)):
        console.print(f"  {f['id']}  [{f['severity']}] {f['rule']} {escape(f['message'])}")


def _print_narratives(console: Console, rep: Report) -> None:
    """The typed narratives, a few items of each, and the figures named in them."""
    n = rep.narratives
    groups = [
        ("部门职责", n.duties),
        ("机构设置/人员", n.organisation),
        ("工作成效", n.achievements),
        ("存在问题", n.problems),
        ("改进措施", n.measures),
    ]
    if not any(items for _, items in groups) and not n.staff and not n.metrics:
        return
    console.print("[bold]narratives[/bold]")
    for label, items in groups:
        if not items:
            continue
        console.print(f"  {label} ({len(items)})")
        for item in items[:3]:
            text = item.text.replace("\n", " ")
            console.print(f"    · {escape(text[:60])}{'…' if len(text) > 60 else ''}")
    figures = [(k, v) for k, v in n.staff.items()] + [(m.name, m.number) for m in n.metrics]
    if figures:
        shown = ", ".join(f"{k} {v.raw}{v.unit or ''}" for k, v in figures[:8])
        console.print(f"  figures: {escape(shown)}")


def print_rules(console: Console) -> None:
    """The verifier's rule catalogue as a table."""
    from verifier.rules import PAIR_RULES, RULES

    table = _table("rules", ("code", "name", "family", "message"))
    for code, r in sorted({**RULES, **PAIR_RULES}.items()):
        table.add_row(code, r.name, r.family, escape(r.message))
    console.print(table)


def print_timeline(console: Console, tl) -> None:
    """`hedui timeline`: key lines by year in 万元 (✗: a later year's report implies another
    figure), where each figure stands (file and offsets), and the disagreements."""
    table = _table(
        f"{escape(tl.department)} (万元)", ("line", *(f"{c.year} {c.kind}" for c in tl.columns))
    )
    for line, cells in tl.lines.items():
        shown = []
        for c in tl.columns:
            cell = cells.get(c.year)
            shown.append(
                "—" if cell is None else f"{cell.value:,.2f}" + (" ✗" if cell.disagrees else "")
            )
        table.add_row(line, *shown)
    console.print(table)
    for c in tl.columns:
        console.print(f"{c.year}: {escape(c.file_name)} ({c.sha256[:12]}, {c.verdict})")
    for why in tl.names:
        console.print(f"matched: {escape(why)}")
    for f in tl.disagreements:
        console.print(f"[red]✗[/red] {f['rule']} {escape(f['message'])}")


def print_stats(
    console: Console,
    verdicts: dict[str, int],
    by_rule: list[dict],
    usage: dict,
    coverage: dict[str, int] | None = None,
) -> None:
    """`hedui stats`: reports by verdict, how much of them was checked, failed checks by
    rule, what the model cost."""
    console.print(
        f"{sum(verdicts.values())} reports: "
        + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items()))
    )
    if coverage:
        console.print(
            "figures checked: " + ", ".join(f"{band} {n}" for band, n in coverage.items())
        )
    table = _table("failed checks by rule", ("rule", "severity", "count"))
    for r in by_rule:
        table.add_row(r["rule"], r["severity"], str(r["n"]))
    console.print(table)
    if usage["calls"]:
        console.print(usage_line(usage) + f" over {usage['reports']} reports")
    else:
        console.print("model calls: none (the rules did all the extraction)")


def _print_each(
    console: Console, rows: Sequence[T], empty: str, lines: Callable[[T], list[str]]
) -> None:
    """A list printed item by item, or one line saying it is empty."""
    if not rows:
        console.print(empty)
    for row in rows:
        for line in lines(row):
            console.print(line)


def coverage_text(share: float | None) -> str:
    """A report's coverage as a percent, or ? when not known."""
    return "?" if share is None else f"{share * 100:.0f}%"


def print_reports(console: Console, total: int, rows: list[dict]) -> None:
    """`hedui list`: one line per report, its failed and pending findings, then the count.
    Narrow enough for 80 columns: short headings, no borders, the kind without its 部门, the
    status only where a review changed one, and only the department wraps."""
    reviewed = any((r["status"] or "") != (r["verdict"] or "") for r in rows)
    names = ("sha256", "department", "year", "kind", "verdict",
             *(("status",) if reviewed else ()), *_COUNTS)  # fmt: skip
    table = _narrow(f"{total} report(s)", names, wrap=("department",), right=_COUNTS)
    for r in rows:
        status = (r["status"] or "",) if reviewed else ()
        table.add_row(
            r["sha256"][:8], escape(r["department"] or r.get("file_name") or ""),
            str(r["year"] or ""), (r["kind"] or "").removeprefix("部门"),
            f"[{_COLOUR.get(r['verdict'] or '', 'white')}]{r['verdict']}[/]", *status,
            str(r["n_errors"] or 0), str(r["n_warnings"] or 0), str(r["pending"]),
            coverage_text(r.get("coverage_share")),
        )  # fmt: skip
    console.print(table)
    if len(rows) < total:
        console.print(f"[dim]{len(rows)} of {total} shown: --limit and --offset for more[/]")


_COUNTS = ("err", "warn", "pend", "cov")


def print_candidates(console: Console, key: str, rows: list[dict], *, by_year: bool = True) -> None:
    """The reports a key names when it names more than one: enough to pick one by its SHA
    (or, for one department's years, by --year where the command has it)."""
    console.print(
        f"{len(rows)} reports match {escape(key)!r}; name one by its SHA-256 prefix"
        + (" or give --year" if by_year and len({r["year"] for r in rows}) > 1 else "")
        + ":"
    )
    for r in rows[:20]:
        console.print(
            f"  {r['sha256'][:12]}  {escape(r['department'] or '?')} {r['year'] or ''} "
            f"{r['kind'] or ''}  [dim]{escape(r['file_name'] or '')}[/]"
        )
    if len(rows) > 20:
        console.print(f"  … and {len(rows) - 20} more (`hedui list` filters them)")


def print_search(console: Console, result: SearchPage) -> None:
    """A page of search hits under the true count."""
    first = (result.page - 1) * result.per_page + 1
    last = first + len(result.hits) - 1
    if result.total and not result.hits:
        console.print(
            f"{result.total} section(s) match, on {result.pages} page(s) of {result.per_page}:"
            f" page {result.page} is past the last"
        )
        return
    if result.total:
        console.print(
            f"{result.total} section(s) match; {first}–{last} shown"
            + (
                f" (page {result.page} of {result.pages}: --page for more)"
                if result.pages > 1
                else ""
            )
        )
    print_hits(console, result.hits)


_LEAD = 30  # characters of a snippet shown before its first match


def print_hits(console: Console, hits: list[Hit]) -> None:
    """Search hits, the matched text in bold yellow inside each snippet."""

    def lines(h: Hit) -> list[str]:
        # from a little before the first match: a long section's opening is not what was sought
        cut = max(0, h.highlights[0][0] - _LEAD) if h.highlights else 0
        snippet, pos = "…" if cut else "", cut
        for a, b in h.highlights:
            if b <= cut:
                continue
            a = max(a, cut)
            snippet += escape(h.snippet[pos:a]) + f"[bold yellow]{escape(h.snippet[a:b])}[/]"
            pos = b
        snippet += escape(h.snippet[pos:])
        return [
            f"[cyan]{escape(h.file_name or h.report_sha256[:12])}[/] · {h.kind} · {escape(h.heading[:40])} "
            f"[dim]({h.report_sha256[:12]} §{h.section_idx})[/]",
            f"  {snippet}",
        ]

    _print_each(console, hits, "no matches", lines)


def print_queue(console: Console, items: list[dict], total: int | None = None) -> None:
    """The review queue, one finding per three lines (what, its figures readably, where),
    with its latest decision if any, under the count of findings the filters leave."""
    from hedui.render import figures_line

    if total and not items:
        console.print(f"{total} finding(s): this page is past the last (--page 1 starts over)")
        return
    if total is not None and total > len(items):
        console.print(f"{total} finding(s); {len(items)} shown (--page for more)")

    def lines(f: dict) -> list[str]:
        decided = f.get("decision") or {}
        mark = ""
        if decided:
            value = decided.get("corrected_value")
            mark = f" [green]{decided.get('decision')}{f' → {value}' if value else ''}[/]"
        who = escape(f.get("department") or f.get("file_name") or "")
        out = [
            f"{f['id']} [{f['severity']}] {f['rule']} {who} {f.get('year') or ''}{mark}",
            f"  {escape(f['message'])}",
        ]
        figures = figures_line(f)
        if figures:
            out.append(f"  [dim]{escape(figures)}[/]")
        return out

    _print_each(console, items, "nothing to review", lines)


def print_history(console: Console, rows: list[dict]) -> None:
    """Every decision on a finding, oldest first."""
    _print_each(
        console,
        rows,
        "no decisions yet",
        lambda r: [
            f"{r['at']} {escape(r['by'] or '')}: {r['decision']}"
            + (f" → {escape(r['corrected_value'])}" if r.get("corrected_value") else "")
            + f" — {escape(r['note'] or '')}"
        ],
    )
