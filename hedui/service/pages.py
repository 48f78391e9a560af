"""The index (the reports, filtered, or a search over them) and a report's page (its text
with the failed figures marked)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from extractor.pii import mask_pii
from hedui import review as rv
from hedui import store
from hedui.render import figure_columns
from hedui.search import search_page
from hedui.service.highlight import with_anchors
from hedui.service.site import Site, report_row, summary

PER_PAGE = 50


def _year(text: str) -> int | None:
    """The year filter of a form: empty, or four ASCII digits (``²`` is a digit to
    str.isdigit, and 20 digits overflow SQLite's INTEGER); anything else is the user's
    mistake, said as one (not a filter silently dropped)."""
    text = unicodedata.normalize("NFKC", text).strip()  # ２０２３ is 2023
    if not text:
        return None
    if not re.fullmatch(r"[0-9]{4}", text):
        raise HTTPException(422, f"year {text[:20]!r}: give four digits, e.g. 2023")
    return int(text)


def _page(text: str) -> int:
    """A page number from a form: digits, else the first page."""
    text = text.strip()
    return min(int(text), 100_000) if re.fullmatch(r"[0-9]{1,6}", text) and int(text) else 1


def page_link(params: dict[str, str], page: int) -> str:
    """The query string of ``params`` at another page (empty values dropped)."""
    kept = {k: v for k, v in params.items() if v and k != "page"}
    return "?" + urlencode({**kept, "page": page})


def pages(app: FastAPI, site: Site) -> None:
    @app.get("/search", include_in_schema=False)
    def search_address(request: Request) -> RedirectResponse:
        """Search is the index page's ``q``; /search?q=… is where people look for it."""
        query = request.url.query
        return RedirectResponse("/" + ("?" + query if query else ""), status_code=303)

    @app.get("/", response_class=HTMLResponse)
    def index(
        request: Request,
        q: str = "",
        kind: str = "",
        report_kind: str = "",
        department: str = "",
        region: str = "",
        year: str = "",
        verdict: str = "",
        status: str = "",
        coverage: str = "",
        sort: str = "name",
        page: str = "1",
    ):
        """Without a query: the reports, filtered. With one: the sections that hold it."""
        db = site.connect()
        params = dict(request.query_params)
        number = _page(page)
        ctx: dict[str, Any] = dict(
            q=q, kind=kind, report_kind=report_kind, department=department, region=region,
            year=year, verdict=verdict, status=status, coverage=coverage, sort=sort,
            sorts=list(store.REPORT_SORTS), page=number, params=params, link=page_link,
        )  # fmt: skip
        if q.strip():
            result = search_page(
                db, q, kind=kind or None, report_kind=report_kind or None,
                department=department or None, region=region or None, year=_year(year),
                page=number, per_page=PER_PAGE, show_pii=site.show_pii,
            )  # fmt: skip
            return site.page(request, "index.html", result=result, **ctx)
        try:
            total, rows = store.list_reports(
                db, kind=report_kind or None, year=_year(year), region=region or None,
                department=department or None, verdict=verdict or None, status=status or None,
                coverage=coverage or None, sort=sort if sort in store.REPORT_SORTS else "name",
                limit=PER_PAGE, offset=(number - 1) * PER_PAGE,
            )  # fmt: skip
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from None
        pages_n = max(1, -(-total // PER_PAGE))
        return site.page(
            request, "index.html", reports=site.mask(rows), total=total, pages=pages_n, **ctx
        )

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
        latest = rv._latest_decisions(db, [f["id"] for f in failed])
        for f in failed:
            f["decision"] = latest.get(f["id"])
            f["figures"] = figure_columns(f)
        first_pending = next((f["id"] for f in failed if f["decision"] is None), None)
        sections = list(
            db.query(
                "SELECT idx, kind, heading, start FROM sections WHERE report_sha256 = ? ORDER BY start",
                [row["sha256"]],
            )
        )
        body = with_anchors(text, failed, sections)
        return site.page(
            request, "report.html", report=site.mask(summary(row)), source_html=body,
            findings=site.mask(failed), first_pending=first_pending,
        )  # fmt: skip
