"""The hedui command line. Every command is a thin shell over a library function."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table as RichTable

from extractor.llm.config import ConfigError, settings_from_env
from extractor.source import LoadError
from hedui import store
from hedui.pipeline import NO_MODEL, verify_file
from hedui.render import finding_json, render_verification
from verifier.report import Outcome

app = typer.Typer(
    help="hedui (核对): extract and verify Chinese public-finance reports.",
    no_args_is_help=True,
    add_completion=False,
)
review_app = typer.Typer(help="Work through flagged findings.", invoke_without_command=True)
app.add_typer(review_app, name="review")
console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOpt = Annotated[Path, typer.Option("--db", help="SQLite database file.")]
DEFAULT_DB = Path(os.environ.get("HEDUI_DB", "hedui.db"))


def _open(db: Path):
    try:
        return store.open_db(db)
    except store.StoreError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc


def _existing(db: Path):
    if not db.exists():
        err.print(f"[red]error:[/red] no database at {escape(str(db))} — run `hedui ingest` first")
        raise typer.Exit(2)
    return _open(db)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders.")],
    db: DbOpt = DEFAULT_DB,
    workers: Annotated[int, typer.Option(help="Worker processes (default: the cores).")] = 0,
    llm: Annotated[str, typer.Option(help="auto | on | off")] = "auto",
    max_mb: Annotated[int, typer.Option("--max-mb", help="Refuse files larger than this.")] = 50,
) -> None:
    """Ingest reports into the store; files already stored are skipped."""
    from hedui.ingest import ingest as run_ingest

    if llm not in ("auto", "on", "off"):
        err.print("[red]error:[/red] --llm takes auto, on or off")
        raise typer.Exit(2)
    try:
        settings = settings_from_env() if llm != "off" else None
    except ConfigError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    if llm == "on" and settings is None:
        err.print(f"[red]error:[/red] --llm on: {NO_MODEL}")
        raise typer.Exit(2)
    if llm == "auto" and settings is None:
        console.print(
            "No model configured (set HEDUI_LLM_MODEL, HEDUI_LLM_BASE_URL, HEDUI_LLM_API_KEY): "
            "extracting with the rules only."
        )
    elif settings is not None:
        where = settings.base_url or "the OpenAI API"
        console.print(f"Model: {settings.model} at {where} ({settings.mode} mode)")
    database = _open(db)
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("ingesting", total=None)

        def progress(result, done, total):
            bar.update(task, total=total, completed=done, description=Path(result.path).name[:40])

        summary = run_ingest(
            database,
            paths,
            workers=workers or None,
            llm=llm,
            max_bytes=max_mb * 1024 * 1024,
            progress=progress,
        )
    table = RichTable(title=f"ingest → {db}")
    for col in ("file", "kind", "department", "year", "tables", "verdict", "errors"):
        table.add_column(col)
    colour = {"accept": "green", "flag": "yellow", "reject": "red"}
    for r in summary.results:
        if r.status == "stored":
            table.add_row(
                escape(Path(r.path).name),
                r.kind or "",
                escape(r.department or ""),
                str(r.year or ""),
                str(r.tables),
                f"[{colour.get(r.verdict or '', 'white')}]{r.verdict}[/]",
                str(r.errors),
            )
        elif r.status == "skipped":
            table.add_row(escape(Path(r.path).name), "", "", "", "", "[dim]already stored[/]", "")
    console.print(table)
    for r in summary.results:
        if r.status == "failed":
            err.print(f"[red]failed:[/red] {escape(r.message)}")
    console.print(
        f"{summary.count('stored')} stored, {summary.count('skipped')} skipped, "
        f"{summary.count('failed')} failed"
    )
    usage = summary.llm_usage()
    if usage["calls"]:
        console.print(_usage_line(usage))
    if summary.count("failed"):
        raise typer.Exit(1)


@app.command()
def verify(
    files: Annotated[list[Path], typer.Argument(help="Report files.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per file per line.")
    ] = False,
    explain: Annotated[bool, typer.Option(help="List every check, passed or not.")] = False,
) -> None:
    """Verify files without a database: the verdict and each finding, its numbers marked."""
    failed = False
    for path in files:
        try:
            report, verification = verify_file(path)
        except LoadError as exc:
            failed = True
            if as_json:
                print(json.dumps({"file": str(path), "error": str(exc)}, ensure_ascii=False))
            else:
                err.print(f"[red]error:[/red] {escape(str(exc))}")
            continue
        findings = verification.findings if explain else verification.problems
        if as_json:
            print(
                json.dumps(
                    {
                        "file": str(path),
                        "sha256": report.sha256,
                        "verdict": verification.verdict,
                        "findings": [finding_json(f, outcome=explain) for f in findings],
                    },
                    ensure_ascii=False,
                )
            )
        else:
            render_verification(console, path, report, verification, explain=explain)
    if failed:
        raise typer.Exit(1)


@app.command()
def show(
    report: Annotated[str, typer.Argument(help="SHA-256 prefix or file name.")],
    db: DbOpt = DEFAULT_DB,
) -> None:
    """A stored report: identity, sections, tables, findings."""
    database = _existing(db)
    row = store.find_report_row(database, report)
    if row is None:
        err.print(f"[red]error:[/red] no single stored report matches {escape(report)!r}")
        raise typer.Exit(1)
    rep = store.get_report(database, row["sha256"])
    assert rep is not None
    console.print(
        f"[bold]{escape(rep.file_name)}[/bold]  {rep.kind.value} · {escape(rep.department or '?')} · "
        f"{rep.year or '?'} · verdict [bold]{row['verdict']}[/bold] · status {row['status']}"
    )
    console.print(f"sha256 {rep.sha256}")
    sections = RichTable(title="sections")
    for col in ("kind", "level", "heading"):
        sections.add_column(col)
    for s in rep.sections:
        sections.add_row(
            s.kind.value + (f" {s.table_kind.value}" if s.table_kind else ""),
            str(s.level),
            escape(s.heading[:60]),
        )
    console.print(sections)
    tables = RichTable(title="tables")
    for col in ("kind", "title", "unit", "rows", "columns"):
        tables.add_column(col)
    for t in rep.tables:
        unit = (t.unit or "") + (" (inferred)" if t.unit_inferred else "")
        tables.add_row(
            t.kind.value, escape(t.title[:30]), unit, str(len(t.rows)), str(len(t.columns))
        )
    console.print(tables)
    _print_narratives(rep)
    usage = store.llm_totals(database, rep.sha256)
    if usage["calls"]:
        prompts = ", ".join(f"{k}@{v}" for k, v in rep.extraction.prompt_versions.items())
        console.print(f"{_usage_line(usage)} — {rep.extraction.model}, prompts {prompts}")
    for note in rep.extraction.notes:
        console.print(f"[dim]note: {escape(note)}[/dim]")
    findings = [f for f in store.findings_for(database, rep.sha256) if f["outcome"] == "fail"]
    console.print(f"[bold]{len(findings)} failed checks[/bold]")
    for f in findings:
        console.print(f"  {f['id']}  [{f['severity']}] {f['rule']} {escape(f['message'])}")


def _print_narratives(rep) -> None:
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


@app.command()
def rules() -> None:
    """The verifier's rule catalogue."""
    from verifier.rules import RULES

    table = RichTable(title="rules")
    for col in ("code", "name", "family", "message"):
        table.add_column(col)
    for code, r in sorted(RULES.items()):
        table.add_row(code, r.name, r.family, escape(r.message))
    console.print(table)


@app.command()
def stats(db: DbOpt = DEFAULT_DB) -> None:
    """What is stored: reports by verdict, failed checks by rule."""
    database = _existing(db)
    verdicts = Counter(r["verdict"] for r in database.query("SELECT verdict FROM reports"))
    console.print(
        f"{sum(verdicts.values())} reports: "
        + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items()))
    )
    rows = database.query(
        "SELECT rule, severity, count(*) n FROM findings WHERE outcome = 'fail' "
        "GROUP BY rule, severity ORDER BY n DESC"
    )
    table = RichTable(title="failed checks by rule")
    for col in ("rule", "severity", "count"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["rule"], r["severity"], str(r["n"]))
    console.print(table)
    usage = store.llm_totals(database)
    if usage["calls"]:
        console.print(_usage_line(usage) + f" over {usage['reports']} reports")
    else:
        console.print("model calls: none (the rules did all the extraction)")


def _usage_line(u: dict) -> str:
    """One line on what the model cost: calls, cache hits, re-asks, retries, tokens, money."""
    cost = f", about ${u['cost']}" if u.get("cost") is not None else ", cost unknown (no price)"
    return (
        f"model calls: {u['calls']} ({u['cached']} from the cache, {u['failed']} failed), "
        f"{u['requests']} requests, {u['reasks']} re-asks, {u['retries']} retries, "
        f"{u['tokens_in']:,} tokens in, {u['tokens_out']:,} out{cost}"
    )


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Any text; one or two characters work.")],
    db: DbOpt = DEFAULT_DB,
    kind: Annotated[str | None, typer.Option(help="Section kind: 部门职责, 存在问题 …")] = None,
    department: Annotated[str | None, typer.Option()] = None,
    region: Annotated[str | None, typer.Option()] = None,
    year: Annotated[int | None, typer.Option()] = None,
    limit: Annotated[int, typer.Option()] = 20,
    show_pii: Annotated[bool, typer.Option("--show-pii")] = False,
) -> None:
    """Full-text search over the narrative sections."""
    from hedui.search import search as run_search

    hits = run_search(
        _existing(db), query, kind=kind, department=department, region=region, year=year,
        limit=limit, show_pii=show_pii,
    )  # fmt: skip
    if not hits:
        console.print("no matches")
    for h in hits:
        snippet = ""
        pos = 0
        for a, b in h.highlights:
            snippet += escape(h.snippet[pos:a]) + f"[bold yellow]{escape(h.snippet[a:b])}[/]"
            pos = b
        snippet += escape(h.snippet[pos:])
        console.print(
            f"[cyan]{escape(h.file_name or h.report_sha256[:12])}[/] · {h.kind} · {escape(h.heading[:40])} "
            f"[dim]({h.report_sha256[:12]} §{h.section_idx})[/]"
        )
        console.print(f"  {snippet}")


@review_app.callback()
def review_queue(
    ctx: typer.Context,
    db: DbOpt = DEFAULT_DB,
    report: Annotated[str | None, typer.Option(help="Only this report (SHA-256 prefix).")] = None,
    pending: Annotated[bool, typer.Option(help="Only findings with no decision yet.")] = False,
    limit: Annotated[int, typer.Option()] = 50,
) -> None:
    """The queue of flagged findings, most serious first."""
    if ctx.invoked_subcommand is not None:
        return
    from hedui.review import queue

    items = queue(_existing(db), report=report, include_decided=not pending, limit=limit)
    if not items:
        console.print("nothing to review")
    for f in items:
        decided = f.get("decision") or {}
        mark = f" [green]{decided.get('decision')}[/]" if decided else ""
        console.print(
            f"{f['id']} [{f['severity']}] {f['rule']} {escape(f.get('file_name') or '')}{mark}"
        )
        console.print(f"  {escape(f['message'])}")


@review_app.command("decide")
def review_decide(
    finding: Annotated[str, typer.Argument(help="Finding id (from `hedui review`).")],
    decision: Annotated[str, typer.Argument(help="accept | dismiss | correct")],
    note: Annotated[str, typer.Option(help="Why.")] = "",
    by: Annotated[str, typer.Option(help="Who decides.")] = os.environ.get("USER", "reviewer"),
    value: Annotated[str | None, typer.Option(help="The corrected value (with correct).")] = None,
    db: DbOpt = DEFAULT_DB,
) -> None:
    """Record a decision on a finding (never changes the finding itself)."""
    from hedui.review import ReviewError, decide

    try:
        row = decide(_existing(db), finding, decision, note, by, corrected_value=value)
    except ReviewError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from exc
    console.print(f"recorded {row['decision']} on {finding} by {escape(row['by'])} at {row['at']}")


@review_app.command("history")
def review_history(finding: str, db: DbOpt = DEFAULT_DB) -> None:
    """Every decision recorded on a finding, oldest first."""
    from hedui.review import history

    rows = history(_existing(db), finding)
    if not rows:
        console.print("no decisions yet")
    for r in rows:
        console.print(
            f"{r['at']} {escape(r['by'] or '')}: {r['decision']} — {escape(r['note'] or '')}"
        )


@app.command()
def serve(
    db: DbOpt = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Bind address (localhost by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    token: Annotated[str | None, typer.Option(help="Write token (default: $HEDUI_TOKEN).")] = None,
    max_upload_mb: Annotated[int, typer.Option()] = 20,
    show_pii: Annotated[bool, typer.Option("--show-pii")] = False,
) -> None:
    """The web service: search, report pages with flagged numbers, the review queue, upload."""
    from hedui.service import serve as run

    _open(db)
    run(str(db), host=host, port=port, token=token or os.environ.get("HEDUI_TOKEN"),
        max_upload_bytes=max_upload_mb * 1024 * 1024, show_pii=show_pii)  # fmt: skip


@app.command()
def export(
    fmt: Annotated[str, typer.Argument(help="jsonl | csv | xlsx")],
    out: Annotated[Path, typer.Argument(help="Output file (a folder for csv).")],
    db: DbOpt = DEFAULT_DB,
    show_pii: Annotated[bool, typer.Option("--show-pii")] = False,
) -> None:
    """Export stored reports and findings."""
    from hedui import export as ex

    database = _existing(db)
    if fmt == "jsonl":
        n = ex.export_jsonl(database, out, show_pii=show_pii)
        console.print(f"{n} reports → {out}")
    elif fmt == "csv":
        for p in ex.export_csv(database, out, show_pii=show_pii):
            console.print(f"→ {p}")
    elif fmt == "xlsx":
        console.print(f"→ {ex.export_xlsx(database, out, show_pii=show_pii)}")
    else:
        err.print("[red]error:[/red] format must be jsonl, csv or xlsx")
        raise typer.Exit(2)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())


__all__ = ["Outcome", "app"]
