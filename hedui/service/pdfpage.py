"""The page of a PDF a finding's figures are on, as a PNG with those figures boxed: a
reviewer trusts what they see on the published page more than any extracted text.

pypdfium2 (PDFium, the renderer Chromium uses) draws the page; pdfplumber finds where the
figures are, as it read the page for the extractor: the page's text is searched for each
figure as written, and the occurrence that is the finding's (the k-th on the page, k counted
in the extracted text of that page) is boxed.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

SCALE = 2  # pixels per PDF point: a page of A4 is 1190 × 1684


def source_file(row: dict) -> Path | None:
    """The PDF a stored report was read from, when it is still where it was ingested from and
    still holds the same bytes (a changed file would be boxed wrongly)."""
    if (row.get("format") or "").lower() != "pdf" or not row.get("path"):
        return None
    path = Path(row["path"])
    try:
        if not path.is_file() or path.stat().st_size > 200 * 1024 * 1024:
            return None
        if hashlib.sha256(path.read_bytes()).hexdigest() != row["sha256"]:
            return None
    except OSError:
        return None
    return path


def page_of(pages: list[dict], offset: int) -> int | None:
    """The 1-based page whose extent holds ``offset``."""
    for number, p in enumerate(pages, start=1):
        if p["start"] <= offset < p["end"]:
            return number
    return None


def _occurrence(text: str, page_span: dict, start: int, raw: str) -> int:
    """Which occurrence of ``raw`` on its page the span at ``start`` is (0 for the first)."""
    return text.count(raw, page_span["start"], start)


def render_finding_page(
    path: Path, text: str, pages: list[dict], spans: list[tuple[int, int]]
) -> tuple[int, bytes] | None:
    """The page number and a PNG of the page holding the finding's first figure, every
    figure of the finding on that page boxed in red; None when no page holds it."""
    import pdfplumber
    import pypdfium2 as pdfium  # type: ignore[import-untyped]
    from PIL import ImageDraw

    if not spans:
        return None
    number = page_of(pages, spans[0][0])
    if number is None:
        return None
    page_span = pages[number - 1]
    on_page = [(a, b) for a, b in spans if page_span["start"] <= a < page_span["end"]]
    boxes = []
    with pdfplumber.open(path, pages=[number]) as pdf:
        page = pdf.pages[0]
        for a, b in on_page:
            raw = text[a:b]
            found = page.search(raw, regex=False, case=True)
            k = _occurrence(text, page_span, a, raw)
            if found:
                hit = found[min(k, len(found) - 1)]
                boxes.append((hit["x0"], hit["top"], hit["x1"], hit["bottom"]))
    document = pdfium.PdfDocument(str(path))
    try:
        image = document[number - 1].render(scale=SCALE).to_pil().convert("RGB")
    finally:
        document.close()
    draw = ImageDraw.Draw(image)
    for x0, top, x1, bottom in boxes:
        draw.rectangle(
            [x0 * SCALE - 4, top * SCALE - 4, x1 * SCALE + 4, bottom * SCALE + 4],
            outline=(220, 0, 0),
            width=4,
        )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return number, out.getvalue()


def pages_of(row: dict) -> list[dict]:
    """The page extents of a stored report's row (empty for text sources)."""
    return json.loads(row.get("pages") or "[]")
