"""The timeline page of a department (hedui.timeline) and the page of one figure in its
source, which every cell of the timeline links to."""

from __future__ import annotations

import html
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse

from extractor.pii import mask_pii
from hedui import timeline as tl_lib
from hedui.render import context, place
from hedui.service import pdfpage
from hedui.service.site import Site


def _marked(text: str, marks: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for a, b in marks:
        out += [html.escape(text[pos:a]), f'<mark class="flag">{html.escape(text[a:b])}</mark>']
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\t", " │ ")


def figure_context(text: str, start: int, end: int, pages: list[dict]) -> tuple[str, str]:
    """The line holding the figure at [start, end), marked, and where it is (page, line)."""
    shown, marks = context(text, [(start, end)])
    return _marked(shown, marks), place(text, start, [(p["start"], p["end"]) for p in pages])


def pages(app: FastAPI, site: Site) -> None:
    @app.get("/timeline", response_class=HTMLResponse)
    def timeline_page(request: Request, department: str = ""):
        db = site.connect()
        tl = tl_lib.build(db, department) if department.strip() else None
        chart = tl_lib.svg(tl) if tl and tl.columns else ""
        found = tl is None or bool(tl.columns) or bool(tl.ambiguous)
        return site.page(
            request, "timeline.html", department=department, tl=tl, chart=chart,
            quote=quote, status_code=200 if found else 404,  # no report names it: said, 404
        )  # fmt: skip

    @app.get("/reports/{sha}/figure", response_class=HTMLResponse)
    def figure_page(request: Request, sha: str, start: int, end: int):
        db = site.connect()
        rows = list(
            db.query(
                "SELECT sha256, file_name, department, year, text, pages FROM reports "
                "WHERE sha256 = ?",
                [sha],
            )
        )
        if not rows:
            raise HTTPException(404, f"no stored report {sha[:16]}")
        row = rows[0]
        text = row["text"] or ""
        if not (0 <= start < end <= len(text)):
            raise HTTPException(404, f"no figure at {start}–{end} in this report")
        shown = text if site.show_pii else mask_pii(text)
        body, where = figure_context(shown, start, end, pdfpage.pages_of(row))
        return site.page(
            request, "figure.html", report=row, context_html=body, place=where,
            raw=text[start:end],
        )  # fmt: skip
