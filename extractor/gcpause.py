"""The cyclic garbage collector held off while one report is read.

Reading a report allocates tens of thousands of small objects (lines, tokens, Numbers,
Cells, Rows, Findings) and keeps most of them: the collector, run every 700 allocations,
walks the young ones again and again and finds nothing to free. On the corpus mix that was
about a fifth of the extraction's CPU time. Held off for the length of one report, it then
collects once, when the next allocation after the report finds the count over its
threshold. What a report leaves in cycles is at most one report's worth, freed then.

Reference counting frees everything else as usual; only the cycle collector waits. The
pause nests (an inner pause inside an outer one does nothing) and always ends: a pause that
finds the collector already off (turned off by the host program) leaves it off.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold off the cycle collector for the body (see the module docstring)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
