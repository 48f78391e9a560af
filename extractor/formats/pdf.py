"""Read a PDF with pdfplumber: text in reading order, ruled tables as native tables.

pdfplumber (MIT) rather than PyMuPDF (AGPL). Each page is read once: its ruled tables are
found, the characters outside them become text lines, and lines and tables are written in
the order they stand on the page (top to bottom), each table as a TSV block so the table
parser reads it as it reads a converted text. ``Source.pages[i]`` is the span of page i+1.

A PDF whose text layer is missing (a scan) or garbled (CID fonts without a Unicode map give
``(cid:123)``; broken maps give private-use or replacement characters) is refused as
NeedsOCR: parsing it would produce confident nonsense. Page numbers in the margins are
dropped, so a table split by a page break comes out as two adjacent TSV blocks.

What pdfplumber gives is kept exactly, but three of its costliest steps are done faster
beside it (issue 19): the content streams are read by ``pdf_content``, the page objects built
by ``pdf_objects``, the tables found and their cells read by ``pdf_tables``. Each gives the
objects, cells and texts pdfplumber's own code gives (tests/test_pdf_fast.py compares them).
They follow the libraries' internals, so they are used only with the releases they were
checked against (``CHECKED_WITH``); with any other release, or with HEDUI_PDF_FAST=0, the
libraries read every page themselves — slower, never different.
"""

from __future__ import annotations

import io
import os
import re
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from extractor.formats.builder import Grid, TextBuilder
from extractor.formats.pdf_content import read_layout
from extractor.formats.pdf_objects import read_objects
from extractor.formats.pdf_tables import find_tables, table_text
from extractor.source import LoadError, NeedsOCR, Source

# The releases the fast readers were checked against (tests/test_pdf_fast.py, every page of
# ../shared/corpus-pdf). To move to a new release: run those tests against it, then the
# golden dump (bench/golden_findings.py --pdf) before and after, and change these.
CHECKED_WITH = {"pdfminer.six": "20260107", "pdfplumber": "0.11.11"}


@cache
def fast_reading() -> bool:
    """Whether pages are read by hedui's fast readers (see the module docstring)."""
    if os.environ.get("HEDUI_PDF_FAST", "1").strip() == "0":
        return False
    try:
        return all(version(name) == want for name, want in CHECKED_WITH.items())
    except PackageNotFoundError:
        return False


_CID_RE = re.compile(r"\(cid:\d+\)")
# Share of garbled characters above which the text layer is not worth reading.
GARBLED_SHARE = 0.3
# Fewer real characters than this in the whole file: there is no text layer to speak of.
MIN_TEXT_CHARS = 10


def garbled_share(text: str) -> tuple[float, int]:
    """(share of garbled characters, count of non-blank characters) in extracted PDF text.

    A ``(cid:N)`` sequence counts as one garbled character; so does a private-use or
    replacement character.
    """
    cids = len(_CID_RE.findall(text))
    rest = _CID_RE.sub("", text)
    chars = [ch for ch in rest if not ch.isspace()]
    bad = cids + sum(1 for ch in chars if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    total = cids + len(chars)
    return (bad / total if total else 0.0), total


def _anchor(table) -> list[list[tuple[int, int]]]:
    """For every grid position, the (row, col) of the cell that holds it.

    pdfplumber gives ``None`` for the positions a merged cell covers beyond its first; the
    merged cell is the one whose box contains the position's centre.
    """
    rows = table.rows
    ncols = max((len(r.cells) for r in rows), default=0)
    first: dict[tuple, tuple[int, int]] = {}
    for i, r in enumerate(rows):
        for j, bbox in enumerate(r.cells):
            if bbox is not None and bbox not in first:
                first[bbox] = (i, j)
    col_x: list[tuple[float, float] | None] = [None] * ncols
    for r in rows:
        for j, bbox in enumerate(r.cells):
            if bbox is not None and col_x[j] is None:
                col_x[j] = (bbox[0], bbox[2])
    anchor: list[list[tuple[int, int]]] = []
    for i, r in enumerate(rows):
        out = []
        y = (r.bbox[1] + r.bbox[3]) / 2
        for j in range(ncols):
            bbox = r.cells[j] if j < len(r.cells) else None
            if bbox is not None:
                out.append(first[bbox])
                continue
            found = None
            span = col_x[j]
            if span is not None:
                x = (span[0] + span[1]) / 2
                for cb, pos in first.items():
                    if cb[0] <= x <= cb[2] and cb[1] <= y <= cb[3]:
                        found = pos
                        break
            if found is None:  # no box covers it: fall back to the left, then the top neighbour
                found = out[-1] if out else (anchor[-1][j] if anchor else (i, j))
            out.append(found)
        anchor.append(out)
    return anchor


_PAGE_NUMBER_RE = re.compile(
    r"^(?:[-—–\s]*\d{1,4}[-—–\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
    r"|\d+\s*/\s*\d+|page\s+\d+(?:\s+of\s+\d+)?)$",
    re.IGNORECASE,
)
# Page numbers stand in the top or bottom margin: this share of the page height.
MARGIN_SHARE = 0.08


def is_page_number(line: dict, height: float) -> bool:
    """A page-number line in the margin (``- 3 -``, ``第3页 共9页``): page furniture that would
    otherwise stand between the two halves of a table split by the page break."""
    in_margin = line["bottom"] > height * (1 - MARGIN_SHARE) or line["top"] < height * MARGIN_SHARE
    return in_margin and bool(_PAGE_NUMBER_RE.match(line["text"].strip()))


def _repeats(get: Any, text: str, x0: float, top: float, bx: int, by: int, tol: float) -> bool:
    """Is a kept character of this text within ``tol`` of (x0, top)? Only the 3×3 buckets
    around it can hold one."""
    for kx in (bx - 1, bx, bx + 1):
        for ky in (by - 1, by, by + 1):
            for ox, otop in get((text, kx, ky), ()):
                if abs(ox - x0) <= tol and abs(otop - top) <= tol:
                    return True
    return False


def duplicate_chars(chars: list[dict], tolerance: float = 1.0) -> set[int]:
    """ids of characters that repeat an earlier one (same text, within ``tolerance`` points).

    pdfplumber's ``dedupe_chars`` does this too but costs half as much again as reading the
    page; a grid of buckets makes it a single pass, and free when nothing repeats.
    """
    buckets: dict[tuple[str, int, int], list[tuple[float, float]]] = {}
    dups: set[int] = set()
    get = buckets.get
    for ch in chars:
        x0, top, text = ch["x0"], ch["top"], ch["text"]
        bx, by = int(x0 // tolerance), int(top // tolerance)
        if _repeats(get, text, x0, top, bx, by, tolerance):
            dups.add(id(ch))
        else:
            buckets.setdefault((text, bx, by), []).append((x0, top))
    return dups


def _inside(obj: dict, boxes: list[tuple]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)


def _without_chars_inside(page: Any, boxes: list[tuple]) -> Any:
    """The page less the characters inside ``boxes``, its other objects as they are (as
    pdfplumber's ``dedupe_chars`` builds its page: filtering every rect and curve through a
    test that passes them all cost more than finding the text lines)."""
    if not boxes:
        return page
    rest = page.filter(lambda obj: True)
    objects = dict(page.objects)
    if "char" in objects:
        objects["char"] = [ch for ch in objects["char"] if not _inside(ch, boxes)]
    rest._objects = objects
    return rest


def _read_page(page, builder: TextBuilder) -> tuple[int, bool]:
    """Write one page into the builder. Returns (characters on the page, has images).

    Characters drawn several times at nearly the same place (the "fake bold" of many
    Chinese PDF titles) are kept once, or 收入 would read 收收收入入入.
    """
    fast = fast_reading()
    if fast:
        read_layout(page)  # pdfplumber's page.layout and page.objects, made faster
        read_objects(page)
    dups = duplicate_chars(page.chars)
    if dups:
        page = page.filter(lambda obj: obj.get("object_type") != "char" or id(obj) not in dups)
    tables = find_tables(page) if fast else page.find_tables()
    items: list[tuple[float, int, Any]] = []  # (top, 1, Grid) or (top, 0, a text line)
    boxes = [t.bbox for t in tables]
    for t in tables:
        anchor = _anchor(t)
        cells = table_text(t) if fast else t.extract()
        grid = [
            [(cells[i][j] or "") if j < len(cells[i]) else "" for j in range(len(row))]
            for i, row in enumerate(anchor)
        ]
        items.append((t.bbox[1], 1, Grid(cells=grid, anchor=anchor)))
    if fast:
        rest = _without_chars_inside(page, boxes)
    else:
        rest = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    lines = [
        ln
        for ln in rest.extract_text_lines(strip=True, return_chars=False)
        if not is_page_number(ln, page.height)
    ]
    items += [(ln["top"], 0, ln) for ln in lines]
    items.sort(key=lambda it: (round(it[0], 1), it[1]))
    left = min((ln["x0"] for ln in lines), default=0.0)
    previous = None
    for _, kind, item in items:
        if kind:
            builder.table(item)
            previous = None
        elif previous is not None and continues(previous, item, left, page.width):
            builder.extend(item["text"])
            previous = item
        else:
            builder.line(item["text"])
            previous = item
    return len(page.chars), bool(page.images)


_HEADING_START = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]"
    r"|\d+[.、．](?!\d)|附件|注[:：])"
)


def continues(previous: dict, line: dict, left: float, width: float) -> bool:
    """Is ``line`` the wrapped continuation of ``previous`` (same paragraph)?

    It is when ``previous`` runs to the right margin (taken as the left margin mirrored:
    with unequal margins nothing is joined, which is the safe way to fail), ``line`` starts
    at the left margin (a new Chinese paragraph is indented two characters), follows at
    line spacing, and does not open a heading or a note. Joining them keeps a sentence — and
    the claim in it — on one line, as in the converted texts the later steps were built on.
    """
    size = max(previous["bottom"] - previous["top"], 1.0)
    full = previous["x1"] >= width - left - 2 * size
    flush = line["x0"] <= left + 0.5 * size
    near = 0 <= line["top"] - previous["bottom"] <= 1.2 * size
    return full and flush and near and not _HEADING_START.match(line["text"])


def _pdf_error(name: str, error: Exception) -> LoadError:
    """One clear error for a PDF pdfminer could not open: encrypted, or damaged."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
    if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
        return LoadError(
            name, "the PDF is encrypted (password protected)", hint="ask for an unprotected copy"
        )
    detail = str(inner) or type(inner).__name__
    return LoadError(name, f"a corrupt or unreadable PDF ({detail})")


def load_pdf(data: bytes, name: str) -> Source:
    import pdfplumber

    builder = TextBuilder()
    notes: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = pdf.pages
            if not pages:
                raise LoadError(name, "the PDF has no pages")
            image_only = 0
            for number, page in enumerate(pages, start=1):
                builder.start_page(number)
                chars, images = _read_page(page, builder)
                builder.end_page()
                page.close()
                if not chars:
                    if images:
                        image_only += 1
                        notes.append(f"page {number} has no text layer (an image: needs OCR)")
                    else:
                        notes.append(f"page {number} is blank")
    except LoadError:
        raise
    except MemoryError:
        raise  # over the worker's memory limit: hedui.ingest names the limit, not a damaged file
    except Exception as e:  # pdfminer raises many kinds; pdfplumber wraps them
        raise _pdf_error(name, e) from None
    text = builder.text()
    share, total = garbled_share(text)
    if total < MIN_TEXT_CHARS:
        raise NeedsOCR(
            name,
            "needs OCR: the PDF has no text layer (a scan?)",
            hint="run OCR on it or ask for the original document",
        )
    if share > GARBLED_SHARE:
        raise NeedsOCR(
            name,
            f"needs OCR: the PDF text layer is garbled ({share:.0%} of "
            "characters are unmapped CID or private-use glyphs)",
            hint="run OCR on it or ask for the original document",
        )
    if image_only * 2 >= len(builder.pages):
        raise NeedsOCR(
            name,
            f"needs OCR: {image_only} of {len(builder.pages)} pages are "
            "images without a text layer",
            hint="run OCR on it or ask for the original document",
        )
    return Source(
        file_name=Path(name).name,
        sha256="",
        format="pdf",
        text=text,
        pages=builder.pages,
        native_tables=builder.tables,
        notes=notes,
    )
