"""The ``hedui`` program — the installed script and ``python -m hedui``: hedui.cli's app,
imported with the cycle collector held off.

A one-file ``hedui verify`` spends most of its time importing (typer, rich, pydantic, the
extractor and the verifier), which leaves some 37,000 objects the cycle collector tracks —
classes, functions, schemas — that live as long as the process. The collector, run every 700
allocations, walks the young ones some 80 times during the imports and frees next to nothing;
and at exit, once the modules are cleared, it takes apart every cycle of classes and
functions the imports made, memory the operating system takes back by itself a moment later.
Held off during the imports, then told their objects are permanent (``gc.freeze``), it does
neither: the run and the exit collect only what the command itself made. 5% of the
instructions of ``hedui verify`` on corpus report 001 (callgrind), over half of it at exit.

What the imports left in cycles, if anything, stays for the life of the process — a few
objects, once. hedui.cli itself stays an ordinary module: importing it (tests, the service)
changes nothing of the collector.

A command a user waits on (verify, show, search …) also leaves pydantic's plugins unloaded
(``PYDANTIC_DISABLE_PLUGINS=__all__``, pydantic's own switch, unless the environment sets it
already): to find plugins, pydantic reads the entry points of every installed distribution
when the first model is made — 23 M instructions of each start, some 2% of a one-file
verify, for hooks that observe validation (an experimental feature of pydantic) which
hedui's own models have no use for. The long-running commands, ``serve`` and ``ingest``
(and the workers it starts), load them as pydantic does: there the start is nothing, and an
observability plugin is where it is wanted. Set the variable to an empty value to have them
loaded by every command.
"""

import gc
import os
import sys

# the commands that run long enough for pydantic's plugins to be worth their start
LONG_RUNNING = frozenset({"serve", "ingest"})


def main() -> None:
    """Import the command line with the collector paused, freeze what it made, run it."""
    if _command(sys.argv[1:]) not in LONG_RUNNING:
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    collecting = gc.isenabled()
    gc.disable()
    try:
        from hedui.cli import app
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    app()


def _command(args: list[str]) -> str | None:
    """The command named on the command line: its first word that is no option (the
    program's only options, ``--version`` and ``--help``, take no value)."""
    return next((a for a in args if not a.startswith("-")), None)


if __name__ == "__main__":
    main()
