"""The hedui command line. Every command is a thin shell over a library function: it reads
its arguments, calls the library, hands the result to hedui.terminal to print, and turns a
library error into one printed line (``fail``) and an exit code."""

# No ``from __future__ import annotations`` in this module: at every start typer reads the
# parameters of every command from their annotations (inspect.signature and get_type_hints,
# twice a command), and string annotations are evaluated again each time — some 370 evals,
# ~4% of a one-file verify's instructions. Written as objects they are made once, at import.

import json
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperCommand

from extractor.llm.config import ConfigError
from extractor.source import LoadError
from hedui.pipeline import ModelNotConfigured, model_for, verify_file
from hedui.render import coverage_json, finding_json, render_verification
from verifier.report import Outcome

if TYPE_CHECKING:
    from sqlite_utils import Database

# What `hedui verify FILE` needs is imported above; the store (sqlite-utils), the ingest
# machinery (pebble), rich's progress bars and the terminal tables are imported by the
# commands that use them, so a one-file verify starts without them.

app = typer.Typer(
    help="hedui (核对): extract and verify Chinese public-finance reports.",
    # docstrings are wrapped at 100 columns: markdown joins their lines into paragraphs
    rich_markup_mode="markdown",
    no_args_is_help=True,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        console.print(f"hedui {version('hedui')}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print hedui's version and exit."
        ),
    ] = False,
) -> None:
    """hedui (核对): extract and verify Chinese public-finance reports."""


review_app = typer.Typer(help="Work through flagged findings.", invoke_without_command=True)
app.add_typer(review_app, name="review")
# highlight=False: hedui marks the numbers a finding used itself; rich's automatic
# highlighter would colour every other digit and quote of a report's text too (and cost a
# one-file verify ~5 ms). emoji=False: a report's ``:word:`` stays as written.
console = Console(soft_wrap=True, highlight=False, emoji=False)
err = Console(stderr=True, soft_wrap=True, highlight=False, emoji=False)

DbOpt = Annotated[Path, typer.Option("--db", help="SQLite database file ($HEDUI_DB).")]
PiiOpt = Annotated[
    bool,
    typer.Option("--show-pii", help="Show phone, ID numbers and names after 填表人 … unmasked."),
]
DEFAULT_DB = Path(os.environ.get("HEDUI_DB", "hedui.db"))
# hedui.store.REPORT_SORTS's names (a test holds them equal), here so that the help of
# `hedui list` does not import the store for every command.
REPORT_SORTS = ("name", "year", "errors", "pending", "ingested")


_MOST = 1_000_000_000  # beyond any page, limit or offset a store holds; SQLite takes it


def print_error(message: str) -> None:
    """The one way an error reaches the terminal: red ``error:``, the message on stderr."""
    err.print(f"[red]error:[/red] {escape(message)}")


def fail(message: str, code: int = 2) -> NoReturn:
    """Print the error and stop: exit 2 for bad usage or a missing store, 1 for a failed run."""
    print_error(message)
    raise typer.Exit(code)


class Terminated(KeyboardInterrupt):
    """SIGTERM during an ingest, taken as Ctrl-C is (a KeyboardInterrupt: the worker pool is
    shut down, the batch in hand written or dropped whole), not as the default end, which
    left the pool's semaphores to Python's resource tracker to warn about and said nothing."""


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM raises Terminated in the main thread while the block runs; the handler before
    it is put back after. The signal may land inside a library that turns what it raises
    into its own error (pydantic's serializer does, calling a model's ``__eq__``): any error
    out of the block once the signal came is taken as the Terminated it hid, the store's
    transaction having rolled back as for any error."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received = False

    def stop(signum: int, frame: object) -> None:
        nonlocal received
        received = True
        raise Terminated()

    before = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    except Exception:
        if received:
            raise Terminated() from None
        raise
    finally:
        signal.signal(signal.SIGTERM, before)


def _open(db: Path) -> "Database":
    from hedui import store

    due = store.upgrade_due(db)
    if due:
        err.print(
            f"[dim]{escape(str(db))}: written by an earlier hedui; bringing its {due:,} "
            "report(s) to this version's store first (once; a minute or more for a large "
            "store)[/]"
        )
    try:
        return store.open_db(db)
    except store.StoreError as exc:
        fail(str(exc))


def _existing(db: Path) -> "Database":
    if not db.exists():
        fail(f"no database at {db} — run `hedui ingest` first")
    return _open(db)


def bare_ray(args: list[str]) -> list[str]:
    """``--ray`` takes an optional address: bare (last, before another option, or before a
    file or folder that exists) it is ``--ray=``, Ray's default address."""
    out = list(args)
    for i, arg in enumerate(out):
        if arg == "--ray":
            after = out[i + 1] if i + 1 < len(out) else None
            if after is None or after.startswith("-") or Path(after).exists():
                out[i] = "--ray="
    return out


class _IngestCommand(TyperCommand):
    def parse_args(self, ctx, args):  # type: ignore[no-untyped-def]
        return super().parse_args(ctx, bare_ray(args))


@app.command(cls=_IngestCommand)
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders.", readable=False)],
    db: DbOpt = DEFAULT_DB,
    workers: Annotated[
        int, typer.Option(help="Worker processes (0: one a core).", min=0, max=4096)
    ] = 0,
    llm: Annotated[
        str, typer.Option(help="Use a model: auto (if configured), on (required) or off.")
    ] = "auto",
    max_mb: Annotated[
        int | None, typer.Option("--max-mb", help="Refuse files larger than this (50).")
    ] = None,
    timeout: Annotated[
        float | None, typer.Option(help="Seconds one file may take (300; HEDUI_SECONDS).")
    ] = None,
    max_memory_mb: Annotated[
        int | None,
        typer.Option("--max-memory-mb", help="Memory one file may take (4096; HEDUI_MEMORY_MB)."),
    ] = None,
    in_process: Annotated[
        bool,
        typer.Option(
            "--in-process", help="Process files here, one by one, without time/memory limits."
        ),
    ] = False,
    ray: Annotated[
        str | None,
        typer.Option(
            "--ray",
            metavar="[ADDRESS]",
            help="Process the files as Ray tasks: bare, RAY_ADDRESS or the cluster `ray start` "
            "runs here (else a new one); or auto, local (a new one), HOST:6379, "
            "ray://HOST:10001. --workers is then the most at once. Needs pip install "
            "'hedui\\[ray]'.",  # \\[: rich would read [ray] as markup
        ),
    ] = None,
) -> None:
    """Ingest reports into the store; files already stored are skipped. Each file is held
    to the limits of the options below and of HEDUI_MAX_* settings (README, "Limits and
    safety"); one over a limit fails alone. With --ray the files are processed on a Ray
    cluster and stored here (README, "On a Ray cluster").

    Exit status: 0 every stored report accepted; 1 some flagged; 3 some rejected; 4 some
    files could not be read, were refused (not a report) or failed — the highest applies."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from extractor.formats.limits import Limits
    from hedui import terminal
    from hedui.ingest import FileResult, batch_size
    from hedui.ingest import ingest as run_ingest
    from hedui.ray_ingest import RayMissing

    if llm not in ("auto", "on", "off"):
        fail("--llm takes auto, on or off")
    if ray is not None and in_process:
        fail("--ray and --in-process do not go together: choose where files are processed")
    try:
        limits = Limits.from_env(
            max_bytes=None if max_mb is None else max_mb * 1024 * 1024,
            seconds=timeout,
            memory_mb=max_memory_mb,
        )
        batch_size()  # HEDUI_INGEST_BATCH, checked before any file is read
    except ValueError as exc:
        fail(str(exc))
    try:
        settings = model_for(llm)
    except ConfigError as exc:
        fail(str(exc))
    except ModelNotConfigured as exc:
        fail(f"--llm on: {exc}")
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
        finished: list[FileResult] = []

        def progress(result: FileResult, done: int, total: int) -> None:
            finished.append(result)
            bar.update(task, total=total, completed=done, description=Path(result.path).name[:40])

        try:
            with _terminate_as_interrupt():
                summary = run_ingest(
                    database,
                    paths,
                    workers=workers or None,
                    llm=llm,
                    limits=limits,
                    isolate=not in_process,
                    progress=progress,
                    ray=ray,
                )
        except KeyboardInterrupt as stop:
            bar.stop()
            stored = sum(r.status == "stored" for r in finished)
            how = "stopped (SIGTERM)" if isinstance(stop, Terminated) else "interrupted"
            err.print(
                f"{how}: {stored} file(s) stored before it, each whole; run the same "
                "command again to go on (stored files are skipped)"
            )
            raise typer.Exit(143 if isinstance(stop, Terminated) else 130) from None
        except RayMissing as exc:
            fail(str(exc))
        except ConnectionError as exc:  # ray.init's, for an address with no cluster behind it
            fail(
                f"--ray {ray or '(default)'}: no Ray cluster there ({exc}); start one with `ray start --head` "
                'or give its address (README, "On a Ray cluster")'
            )
    terminal.print_ingest(console, err, summary, db)
    code = exit_code(
        [r.verdict for r in summary.results if r.status == "stored"], summary.count("failed")
    )
    if code:
        raise typer.Exit(code)


def exit_code(verdicts: Sequence[str | None], unreadable: int) -> int:
    """0 all accepted; 1 some flagged; 3 some rejected; 4 some files not read (2 is a usage
    error, click's): the worst outcome wins, so a script can tell them apart."""
    if unreadable:
        return 4
    if "reject" in verdicts:
        return 3
    if "flag" in verdicts:
        return 1
    return 0


def _crash(path: Path, exc: Exception) -> str:
    """One line for a file that failed in a way no loader foresaw."""
    return f"{path}: could not be processed ({type(exc).__name__}: {exc})"


@app.command()
def verify(
    # readable=False: click would refuse the whole command (exit 2) for one unreadable file
    files: Annotated[list[Path], typer.Argument(help="Report files.", readable=False)],
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per file per line.")
    ] = False,
    explain: Annotated[bool, typer.Option(help="List every check, passed or not.")] = False,
) -> None:
    """Verify files without a database: the verdict, its coverage and each finding, its
    numbers marked.

    Exit status: 0 every file accepted; 1 some flagged; 3 some rejected; 4 some files could
    not be read or were refused (not a report) — the highest applies."""
    failed = 0
    verdicts: list[str] = []
    for path in files:
        try:
            report, verification = verify_file(path)
        except Exception as exc:  # one bad file is one error; the others are still verified
            failed += 1
            message = str(exc) if isinstance(exc, LoadError) else _crash(path, exc)
            if as_json:
                print(json.dumps({"file": str(path), "error": message}, ensure_ascii=False))
            else:
                print_error(message)
            continue
        findings = verification.findings if explain else verification.problems
        if as_json:
            print(
                json.dumps(
                    {
                        "file": str(path),
                        "sha256": report.sha256,
                        "verdict": verification.verdict,
                        "coverage": coverage_json(verification.coverage),
                        "findings": [finding_json(f, outcome=explain) for f in findings],
                    },
                    ensure_ascii=False,
                )
            )
        else:
            render_verification(console, path, report, verification, explain=explain)
        verdicts.append(verification.verdict)
    code = exit_code(verdicts, failed)
    if code:
        raise typer.Exit(code)


@app.command()
def show(
    report: Annotated[
        str, typer.Argument(help="SHA-256 prefix, file name, or (part of) the department.")
    ],
    db: DbOpt = DEFAULT_DB,
    year: Annotated[
        int | None, typer.Option(help="Only the report of this year.", min=1, max=9999)
    ] = None,
) -> None:
    """A stored report: identity, sections, tables, findings. A key that names several
    lists them, to pick one by its SHA-256 prefix."""
    from hedui import store, terminal

    database = _existing(db)
    rows = store.report_matches(database, report)
    if year is not None:
        rows = [r for r in rows if r["year"] == year]
    if not rows:
        within = f" of {year}" if year is not None else ""
        fail(f"no stored report{within} matches {report!r} (`hedui list` shows them all)", 1)
    if len(rows) > 1:
        terminal.print_candidates(console, report, rows)  # the answer: on stdout, to page
        raise typer.Exit(1)
    row = rows[0]
    try:
        rep = store.load_report(row)
    except store.StoreError as exc:
        fail(str(exc), 1)
    failed = [f for f in store.findings_for(database, rep.sha256) if f["outcome"] == "fail"]
    terminal.print_report(console, rep, row, store.llm_totals(database, rep.sha256), failed)


@app.command("list")
def list_cmd(
    db: DbOpt = DEFAULT_DB,
    kind: Annotated[
        str | None, typer.Option(help="Report kind: 部门决算, 部门预算, 绩效自评 …")
    ] = None,
    year: Annotated[int | None, typer.Option(help="Fiscal year.", min=1, max=9999)] = None,
    region: Annotated[str | None, typer.Option(help="Region (part of it: 醴陵).")] = None,
    department: Annotated[str | None, typer.Option(help="Department (part of its name).")] = None,
    verdict: Annotated[str | None, typer.Option(help="accept, flag or reject.")] = None,
    status: Annotated[
        str | None, typer.Option(help="accept, flag, reject or reviewed (all decided).")
    ] = None,
    coverage: Annotated[
        str | None,
        typer.Option(help="full, partial, unknown, or a least share of figures checked (80%)."),
    ] = None,
    sort: Annotated[str, typer.Option(help=f"Order: {', '.join(REPORT_SORTS)}.")] = "name",
    limit: Annotated[int, typer.Option(help="Reports shown (0: all).", min=0, max=_MOST)] = 100,
    offset: Annotated[int, typer.Option(help="Reports skipped first.", min=0, max=_MOST)] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per report.")] = False,
) -> None:
    """The stored reports, filtered and sorted, with their failed and pending findings."""
    from hedui import store, terminal

    try:
        total, rows = store.list_reports(
            _existing(db), kind=kind, year=year, region=region, department=department,
            verdict=verdict, status=status, coverage=coverage, sort=sort, limit=limit or None,
            offset=offset,
        )  # fmt: skip
    except ValueError as exc:
        fail(str(exc))
    if as_json:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
    else:
        terminal.print_reports(console, total, rows)


@app.command()
def timeline(
    department: Annotated[
        str, typer.Argument(help="The department, as any of its reports names it (省法院 too).")
    ],
    db: DbOpt = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="The table as one JSON object.")] = False,
) -> None:
    """A department's key lines year by year (万元), each with its source; figures a later
    year's report disagrees with are marked ✗, and each disagreement is listed."""
    from hedui import terminal
    from hedui import timeline as tl_lib

    tl = tl_lib.build(_existing(db), department)
    if tl.ambiguous:
        fail(
            f"{department!r} names several departments: {' / '.join(tl.ambiguous)}; "
            "give the name in full",
            1,
        )
    if not tl.columns:
        fail(f"no stored report of {department!r} (`hedui list` shows them all)", 1)
    if as_json:
        print(json.dumps({
            "department": department, "names": tl.names,
            "years": [c.__dict__ for c in tl.columns], "lines": tl_lib.as_rows(tl),
            "disagreements": tl.disagreements,
        }, ensure_ascii=False, default=str))  # fmt: skip
        return
    terminal.print_timeline(console, tl)


@app.command()
def rules() -> None:
    """The verifier's rule catalogue."""
    from hedui import terminal

    terminal.print_rules(console)


@app.command()
def stats(db: DbOpt = DEFAULT_DB) -> None:
    """What is stored: reports by verdict and by the share of figures checked, failed checks
    by rule."""
    from hedui import store, terminal

    database = _existing(db)
    terminal.print_stats(
        console,
        store.verdict_counts(database),
        store.failures_by_rule(database),
        store.llm_totals(database),
        store.coverage_counts(database),
    )


@app.command()
def search(
    words: Annotated[
        list[str],
        typer.Argument(
            help="Words (all must occur); one or two characters work.", show_default=False
        ),
    ],
    db: DbOpt = DEFAULT_DB,
    kind: Annotated[
        str | None, typer.Option(help="Section kind (part of it): 部门职责, 存在问题 …")
    ] = None,
    report_kind: Annotated[
        str | None, typer.Option("--report-kind", help="Report kind: 部门决算, 部门预算 …")
    ] = None,
    department: Annotated[str | None, typer.Option(help="Department (part of its name).")] = None,
    region: Annotated[str | None, typer.Option(help="Region (part of it).")] = None,
    year: Annotated[int | None, typer.Option(help="Fiscal year.", min=1, max=9999)] = None,
    limit: Annotated[int, typer.Option(help="Hits per page.", min=1, max=1000)] = 20,
    page: Annotated[int, typer.Option(help="Page of hits.", min=1, max=_MOST)] = 1,
    show_pii: PiiOpt = False,
) -> None:
    """Full-text search over the narrative sections: the true count, then a page of hits."""
    from hedui import terminal
    from hedui.search import search_page

    result = search_page(
        _existing(db), " ".join(words), kind=kind, report_kind=report_kind, department=department,
        region=region, year=year, page=page, per_page=limit, show_pii=show_pii,
    )  # fmt: skip
    terminal.print_search(console, result)


@review_app.callback()
def review_queue(
    ctx: typer.Context,
    db: DbOpt = DEFAULT_DB,
    report: Annotated[
        str | None, typer.Option(help="Only this report (SHA-256 prefix, name, department).")
    ] = None,
    department: Annotated[str | None, typer.Option(help="Department (part of its name).")] = None,
    rule: Annotated[str | None, typer.Option(help="Rule code: T101, C601 …")] = None,
    severity: Annotated[str | None, typer.Option(help="error or warning.")] = None,
    status: Annotated[
        str, typer.Option(help="pending (no decision yet), decided, or all.")
    ] = "pending",
    limit: Annotated[int, typer.Option(help="Findings per page.", min=1, max=_MOST)] = 50,
    page: Annotated[int, typer.Option(help="Page of findings.", min=1, max=_MOST)] = 1,
) -> None:
    """The queue of flagged findings still to decide, most serious first."""
    from hedui import terminal

    if ctx.invoked_subcommand is not None:
        return
    from hedui.review import ReviewError, queue_page

    database = _existing(db)
    try:
        total, items = queue_page(
            database, report=report, department=department, rule=rule, severity=severity,
            status=status, page=page, per_page=limit,
        )  # fmt: skip
    except ReviewError as exc:
        fail(str(exc))
    terminal.print_queue(console, items, total)


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
        fail(str(exc), 2 if exc.usage else 1)
    console.print(f"recorded {row['decision']} on {finding} by {escape(row['by'])} at {row['at']}")


@review_app.command("decide-all")
def review_decide_all(
    report: Annotated[str, typer.Argument(help="The report (SHA-256 prefix, name, department).")],
    rule: Annotated[str, typer.Argument(help="The rule whose pending findings to decide.")],
    decision: Annotated[str, typer.Argument(help="accept | dismiss")],
    note: Annotated[str, typer.Option(help="Why (recorded on each).")] = "",
    by: Annotated[str, typer.Option(help="Who decides.")] = os.environ.get("USER", "reviewer"),
    db: DbOpt = DEFAULT_DB,
) -> None:
    """One decision on every pending finding of one rule in one report."""
    from hedui import terminal
    from hedui.review import ReviewError, decide_all

    try:
        done = decide_all(_existing(db), report, rule, decision, note, by)
    except ReviewError as exc:
        if exc.candidates:
            terminal.print_candidates(err, report, exc.candidates, by_year=False)  # no --year
        fail(str(exc), 2 if exc.usage else 1)
    console.print(f"recorded {decision} on {len(done)} pending {rule} finding(s) by {escape(by)}")


@review_app.command("history")
def review_history(
    finding: Annotated[str, typer.Argument(help="Finding id (from `hedui review`).")],
    db: DbOpt = DEFAULT_DB,
) -> None:
    """Every decision recorded on a finding, oldest first."""
    from hedui import terminal
    from hedui.review import history

    terminal.print_history(console, history(_existing(db), finding))


@app.command()
def serve(
    db: DbOpt = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Bind address (localhost by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    token: Annotated[str | None, typer.Option(help="Write token (default: $HEDUI_TOKEN).")] = None,
    max_upload_mb: Annotated[
        int, typer.Option(help="Largest upload accepted, in MB.", min=1, max=100_000)
    ] = 20,
    show_pii: PiiOpt = False,
) -> None:
    """The web service: search, report pages with flagged numbers, the review queue, upload."""
    import errno
    import socket

    from hedui.service import serve as run

    # a port taken is said here, not as uvicorn's start-up failure (its status 3 is ours)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.create_server((host, port), family=family):
            pass
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            fail(f"cannot listen on {host}:{port}: it is in use; give another --port", 4)
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}", 4)
    if not db.exists():
        err.print(f"{db} does not exist yet: serving an empty store (upload reports, or stop and"
                  " give --db the store `hedui ingest` wrote)")  # fmt: skip
    _open(db)
    run(str(db), host=host, port=port, token=token or os.environ.get("HEDUI_TOKEN"),
        max_upload_bytes=max_upload_mb * 1024 * 1024, show_pii=show_pii)  # fmt: skip


@app.command()
def export(
    fmt: Annotated[str, typer.Argument(help="jsonl | csv | xlsx")],
    out: Annotated[
        Path,
        typer.Argument(
            help="Output file; for csv a folder (no .csv suffix) gets cells and findings."
        ),
    ],
    db: DbOpt = DEFAULT_DB,
    only: Annotated[
        str, typer.Option(help="Findings exported: failed (to review) or all checks.")
    ] = "failed",
    kind: Annotated[
        str | None, typer.Option(help="Only reports of this kind (部门决算 …).")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only reports ingested on or after this date (2024-05-01).")
    ] = None,
    show_pii: PiiOpt = False,
) -> None:
    """Export stored reports and findings, the same scope in every format."""
    from hedui import export as ex

    database = _existing(db)
    try:
        scope = ex.Scope.of(only=only, kind=kind, since=since)
    except ValueError as exc:
        fail(str(exc))
    if fmt == "xlsx" and out.suffix.lower() != ".xlsx":
        fail(f"xlsx writes an Excel workbook: name it .xlsx, not {out.name!r}")
    where = out.parent  # the file, or csv's folder of files, goes in an existing folder
    if not where.is_dir():
        fail(f"folder {where} does not exist: create it first, or export elsewhere")
    if fmt == "jsonl":
        n = ex.export_jsonl(database, out, show_pii=show_pii, scope=scope)
        console.print(f"{n} reports → {out}")
    elif fmt == "csv":
        for p in ex.export_csv(database, out, show_pii=show_pii, scope=scope):
            console.print(f"→ {p}")
    elif fmt == "xlsx":
        console.print(f"→ {ex.export_xlsx(database, out, show_pii=show_pii, scope=scope)}")
    else:
        fail("format must be jsonl, csv or xlsx")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())


__all__ = ["Outcome", "app"]
