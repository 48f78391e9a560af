"""The search page and a report's page (its text with the failed figures marked)."""

from __future__ import annotations

import re

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from extractor.pii import mask_pii
from hedui import review as rv
from hedui.search import search
from hedui.service.highlight import with_anchors
from hedui.service.site import Site, report_row, summary


def _year(text: str) -> int | None:
    """The year filter of the search form: four ASCII digits, else no filter (``²`` is a
    digit to str.isdigit, and 20 digits overflow SQLite's INTEGER)."""
    text = text.strip()
    return int(text) if re.fullmatch(r"[0-9]{4}", text) else None


def pages(app: FastAPI, site: Site) -> None:
    @app.get("/", response_class=HTMLResponse)
    def index(
        request: Request,
        q: str = "",
        kind: str = "",
        department: str = "",
        region: str = "",
        year: str = "",
    ):
        hits = []
        if q.strip():
            hits = search(
                site.connect(), q, kind=kind or None, department=department or None,
                region=region or None, year=_year(year),
                limit=50, show_pii=site.show_pii,
            )  # fmt: skip
        return site.page(
            request, "index.html", q=q, kind=kind, department=department, region=region,
            year=year, hits=hits,
        )  # fmt: skip

    @app.get("/reports/{sha}", response_class=HTMLResponse)
    def report_page(request: Request, sha: str):
        db = site.connect()
        row = report_row(db, sha)
        text = row["text"] or ""
        if not site.show_pii:
            text = mask_pii(text)
        failed = list(
            db.query(
                f"SELECT * FROM findings WHERE report_sha256 = ? AND {rv.FAILED_SQL} ORDER BY idx",
                [row["sha256"]],
            )
        )
        sections = list(
            db.query(
                "SELECT idx, kind, heading, start FROM sections WHERE report_sha256 = ? ORDER BY start",
                [row["sha256"]],
            )
        )
        body = with_anchors(text, failed, sections)
        return site.page(
            request, "report.html", report=site.mask(summary(row)), source_html=body,
            findings=site.mask(failed),
        )  # fmt: skip
