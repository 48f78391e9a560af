"""`hedui verify FILE` imports only what verifying needs: no store (sqlite-utils), no ingest
machinery (pebble), no progress bars, no web service, no model client. Checked in a fresh
interpreter, by the modules it has loaded after a real verify — not by timing it."""

from __future__ import annotations

import gc
import inspect
import json
import os
import subprocess
import sys

from hedui import cli, store
from tests.conftest import corpus_file

NOT_FOR_VERIFY = (
    "sqlite_utils",
    "pebble",
    "rich.progress",
    "hedui.store",
    "hedui.ingest",
    "hedui.search",
    "hedui.service",
    "fastapi",
    "openai",
    "instructor",
    "pdfplumber",
)

_PROBE = """
import json, sys
from typer.testing import CliRunner
from hedui.cli import app
result = CliRunner().invoke(app, ["verify", "--json", sys.argv[1]])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {p.split(".")[0] for p in sys.argv[2:]})
print(json.dumps({"exit": result.exit_code, "output": result.output, "loaded": loaded}))
"""


def test_verify_imports_no_store_service_or_model_client() -> None:
    path = corpus_file("001")
    run = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path), *NOT_FOR_VERIFY],
        capture_output=True,
        text=True,
        check=True,
    )
    got = json.loads(run.stdout.strip().splitlines()[-1])
    assert '"verdict"' in got["output"], got["output"]  # it did verify the file
    loaded = set(got["loaded"])
    unwanted = [m for m in NOT_FOR_VERIFY if m in loaded]
    assert not unwanted, unwanted


def test_list_help_names_the_stores_sorts() -> None:
    assert tuple(store.REPORT_SORTS) == cli.REPORT_SORTS


def test_command_annotations_are_objects_not_strings() -> None:
    """typer reads every command's annotations at every start: strings would be evaluated
    again each time (see the note at the top of hedui.cli)."""
    callbacks = [c.callback for c in cli.app.registered_commands]
    callbacks += [c.callback for c in cli.review_app.registered_commands]
    callbacks += [cli.app.registered_callback.callback, cli.review_app.registered_callback.callback]
    stringly = {
        f"{f.__name__}.{name}"
        for f in callbacks
        if f is not None
        for name, a in inspect.get_annotations(f).items()
        if isinstance(a, str)
    }
    assert not stringly, stringly


def test_the_program_runs_the_cli_with_the_collector_on_again(monkeypatch) -> None:
    """hedui.__main__ pauses the collector only while importing the CLI (and freezes what the
    imports made); the command runs with it on, as before."""
    from hedui import __main__ as program

    seen: list[bool] = []
    monkeypatch.setattr(cli, "app", lambda: seen.append(gc.isenabled()))
    try:
        program.main()
    finally:
        gc.unfreeze()
    assert seen == [True]


def test_python_m_hedui_is_the_cli() -> None:
    path = str(corpus_file("001"))
    program, module_cli = (
        subprocess.run(
            [sys.executable, "-m", module, "verify", "--json", path],
            capture_output=True,
            text=True,
            check=False,
        )
        for module in ("hedui", "hedui.cli")
    )
    assert '"verdict"' in program.stdout
    assert (program.returncode, program.stdout, program.stderr) == (
        module_cli.returncode,
        module_cli.stdout,
        module_cli.stderr,
    )


def test_the_program_leaves_pydantics_plugins_unloaded_unless_told(monkeypatch) -> None:
    """hedui.__main__ sets pydantic's own switch before the first model is made (see its
    docstring) for the commands a user waits on, not for serve and ingest, and leaves a
    value the environment gives, an empty one included, as it is."""
    from hedui import __main__ as program

    seen: list[str | None] = []
    monkeypatch.setattr(cli, "app", lambda: seen.append(os.environ.get(_PLUGINS)))
    runs = [
        (None, ["hedui", "verify", "a.txt"]),
        ("", ["hedui", "verify", "a.txt"]),
        (None, ["hedui", "--version"]),
        (None, ["hedui", "serve"]),  # the long-running commands load them as pydantic does
        (None, ["hedui", "ingest", "--workers", "2", "folder"]),
    ]
    for given, argv in runs:
        monkeypatch.setattr(sys, "argv", argv)
        if given is None:
            monkeypatch.delenv(_PLUGINS, raising=False)
        else:
            monkeypatch.setenv(_PLUGINS, given)
        try:
            program.main()
        finally:
            gc.unfreeze()
    assert seen == ["__all__", "", "__all__", None, None]


def test_a_verify_reads_no_distributions_metadata() -> None:
    """What the switch saves: no entry point of any installed package is read to verify."""
    path = corpus_file("001")
    probe = (
        "import sys, importlib.metadata as md\n"
        "calls = []\n"
        "real = md.entry_points\n"
        "md.entry_points = lambda *a, **k: calls.append(k) or real(*a, **k)\n"
        "sys.argv = ['hedui', 'verify', '--json', sys.argv[1]]\n"
        "from hedui.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('entry_points calls:', len(calls), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != _PLUGINS}
    run = subprocess.run(
        [sys.executable, "-c", probe, str(path)], capture_output=True, text=True, env=env
    )
    assert '"verdict"' in run.stdout
    assert "entry_points calls: 0" in run.stderr, run.stderr


_PLUGINS = "PYDANTIC_DISABLE_PLUGINS"
