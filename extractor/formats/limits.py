"""How much work one file may cost, and the checks that hold a file to it before it is parsed.

The size on disk says little: a 1.35 MB DOCX can hold 300 MB of XML, a 22 MB XLSX millions of
cells, a 20 MB text one line that every pattern scans end to end. So the parts of an Office
file are measured as they decompress (their declared sizes can lie), an XLSX's cells and rows
are counted in its sheet XML, and a text's longest line is measured — each before the parser
that would pay for it runs. Time and memory cannot be checked ahead: they are kept here with
the other limits (one place, one set of defaults) and enforced by whoever runs the file in a
worker process (hedui.ingest).

Every breach is a LoadError naming the file, the limit and the setting that raises it.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass, fields

from extractor.source import LoadError

MB = 1024 * 1024
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Per-file limits, each with a default that the real reports stay far below (the largest
    corpus line is 3,000 characters, the largest table some hundreds of cells).

    Each can be set from the environment: ``HEDUI_`` and the field name in capitals
    (``HEDUI_MAX_CELLS=2000000``)."""

    max_bytes: int = 50 * MB  # the file on disk
    max_unzipped_bytes: int = 100 * MB  # all parts of a DOCX/XLSX, as they decompress
    max_cells: int = 1_000_000  # XLSX cells, all sheets together
    max_rows: int = 200_000  # XLSX rows of one sheet
    max_line_chars: int = 200_000  # characters of one line of a text file
    seconds: float = 300.0  # wall time per file (enforced by the worker's supervisor)
    memory_mb: int = 4096  # address space of the worker processing a file (likewise)

    @classmethod
    def from_env(cls, **overrides: float | int | None) -> Limits:
        """The defaults, then ``HEDUI_<FIELD>`` from the environment, then ``overrides``
        (the command line's options; None means not given)."""
        values: dict[str, float | int] = {}
        for f in fields(cls):
            raw = os.environ.get(f"HEDUI_{f.name.upper()}")
            if raw:
                try:
                    values[f.name] = float(raw) if f.name == "seconds" else int(raw)
                except ValueError:
                    raise ValueError(f"HEDUI_{f.name.upper()}={raw!r} is not a number") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def _breach(name: str, what: str, limit: str, setting: str) -> LoadError:
    return LoadError(
        name,
        f"{what}, over the limit of {limit}",
        hint=f"set HEDUI_{setting.upper()} if it really is one report",
    )


_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")


def check_office(data: bytes, name: str, fmt: str, limits: Limits) -> None:
    """Decompress every part of a DOCX/XLSX (no parser yet) and refuse the file when the
    parts add up to more than ``max_unzipped_bytes``, or an XLSX sheet holds more rows or
    its sheets more cells than allowed. Counting is streamed: at most the limit is ever
    decompressed, and nothing is kept."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the loader's own message for a damaged file says it better
    total, cells = 0, 0
    for member in members:
        sheet = fmt == "xlsx" and bool(_SHEET.fullmatch(member.filename))
        rows = 0
        try:
            with archive.open(member) as part:
                while chunk := part.read(_CHUNK):
                    total += len(chunk)
                    if total > limits.max_unzipped_bytes:
                        raise _breach(
                            name,
                            f"its parts hold more than {limits.max_unzipped_bytes // MB} MB "
                            f"uncompressed ({member.filename} and before)",
                            f"{limits.max_unzipped_bytes // MB} MB uncompressed",
                            "max_unzipped_bytes",
                        )
                    if sheet:
                        rows += chunk.count(b"<row")
                        cells += chunk.count(b"<c ") + chunk.count(b"<c>")
                        _check_sheet(name, member.filename, rows, cells, limits)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
            return  # corrupt or encrypted: the loader says so


def _check_sheet(name: str, part: str, rows: int, cells: int, limits: Limits) -> None:
    if rows > limits.max_rows:
        raise _breach(
            name,
            f"a sheet ({part}) has more than {limits.max_rows:,} rows",
            f"{limits.max_rows:,} rows per sheet",
            "max_rows",
        )
    if cells > limits.max_cells:
        raise _breach(
            name,
            f"its sheets hold more than {limits.max_cells:,} cells",
            f"{limits.max_cells:,} cells",
            "max_cells",
        )


def check_lines(text: str, name: str, limits: Limits) -> None:
    """Refuse a text whose longest line is longer than ``max_line_chars``: the patterns that
    read a report scan sentences and lines, and one line of millions of characters costs
    minutes and gigabytes while no report has one. A text no longer than the limit has no
    line over it, and is not walked line by line (every report of the corpora)."""
    if len(text) <= limits.max_line_chars:
        return
    start, n = 0, len(text)
    while start < n:
        end = text.find("\n", start)
        end = n if end < 0 else end
        if end - start > limits.max_line_chars:
            line = text.count("\n", 0, start) + 1
            raise _breach(
                name,
                f"line {line} is {end - start:,} characters long",
                f"{limits.max_line_chars:,} characters per line",
                "max_line_chars",
            )
        start = end + 1
