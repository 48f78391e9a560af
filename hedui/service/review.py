"""The review queue and decisions on findings: JSON routes, and the pages a reviewer works
through — the queue (filtered, paged, pending first), a finding with its source context
(and, for a PDF, its page with the figures boxed), the decision form and "next"; a bulk
decision for one rule in one report. The reviewer's name is remembered in a cookie."""

from __future__ import annotations

import json
from typing import Annotated
from urllib.parse import quote, unquote, urlencode

from fastapi import FastAPI, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from extractor.pii import mask_pii
from hedui import review as rv
from hedui.render import context, figure_columns, place
from hedui.service import pdfpage
from hedui.service.pages import _page, page_link
from hedui.service.site import BY_COOKIE, TOKEN_COOKIE, Site

PER_PAGE = 50
FILTERS = ("report", "department", "rule", "severity")


class DecisionIn(BaseModel):
    decision: str
    note: str = ""
    by: str
    corrected_value: str | None = None


def api(app: FastAPI, site: Site) -> None:
    @app.get("/api/review")
    def api_review(
        include_decided: bool = True,
        limit: int = Query(200, ge=1, le=100_000),
        report: str | None = None,
        department: str | None = None,
        rule: str | None = None,
        severity: str | None = None,
    ) -> list[dict]:
        items = rv.queue(
            site.connect(), report=report, department=department, rule=rule,
            severity=severity, include_decided=include_decided, limit=limit,
        )  # fmt: skip
        return site.mask([{**i, "stake": str(i["stake"])} for i in items])

    @app.get("/api/findings/{finding_id}/decisions")
    def api_history(finding_id: str) -> list[dict]:
        db = site.connect()
        if rv.finding(db, finding_id) is None:
            raise HTTPException(404, f"no finding {finding_id!r}")
        return site.mask(rv.history(db, finding_id))

    @app.post("/api/findings/{finding_id}/decisions", status_code=201)
    def api_decide(finding_id: str, body: DecisionIn, request: Request) -> dict:
        site.require_token(request)
        db = site.connect()
        try:
            return rv.decide(
                db, finding_id, body.decision, body.note, body.by, body.corrected_value
            )
        except rv.ReviewError as exc:
            raise HTTPException(404 if "no finding" in str(exc) else 422, str(exc)) from None


def _filters(request: Request) -> dict[str, str | None]:
    """The queue's filters from a query string: kept from page to page."""
    return {k: (request.query_params.get(k) or "").strip() or None for k in FILTERS}


def _carry(filters: dict[str, str | None]) -> str:
    """The filters as a query string to carry to the next page."""
    kept = {k: v for k, v in filters.items() if v}
    return ("?" + urlencode(kept)) if kept else ""


def _finding_context(db, f: dict, show_pii: bool) -> dict:
    """What a finding page shows of the source: the line holding the figures (marked), its
    place (page and line), and whether the PDF page can be drawn."""
    row = next(
        db.query(
            "SELECT sha256, text, pages, format, path, department, year, file_name "
            "FROM reports WHERE sha256 = ?",
            [f["report_sha256"]],
        ),
        None,
    )
    spans = [(int(a), int(b)) for a, b in json.loads(f.get("spans") or "[]")]
    if row is None or not spans:
        return {"context": "", "marks": [], "place": "", "image": False, "report": row}
    text = row["text"] or ""
    pages = pdfpage.pages_of(row)
    shown, marks = context(text if show_pii else mask_pii(text), spans)
    return {
        "context": shown,
        "marks": marks,
        "place": place(text, spans[0][0], [(p["start"], p["end"]) for p in pages]),
        "image": bool(pages) and pdfpage.source_file(row) is not None,
        "report": {k: row[k] for k in ("sha256", "department", "year", "file_name")},
    }


def _earlier_context(db, finding_id: str, show_pii: bool) -> dict | None:
    """For a finding across years (hedui.years): the earlier report and its figure's line,
    marked, so both reports' figures are on the page."""
    from hedui import years

    link = years.earlier_spans(db, finding_id)
    if link is None:
        return None
    row = next(
        db.query(
            "SELECT sha256, file_name, department, year, text FROM reports WHERE sha256 = ?",
            [link["earlier_sha256"]],
        ),
        None,
    )
    spans = [(int(a), int(b)) for a, b in json.loads(link["earlier_spans"] or "[]")]
    if row is None or not spans:
        return None
    text = row["text"] or ""
    shown, marks = context(text if show_pii else mask_pii(text), spans)
    return {
        "report": {k: row[k] for k in ("sha256", "file_name", "department", "year")},
        "context_html": _context_html(shown, marks),
        "place": place(text, spans[0][0]),
    }


def _context_html(text: str, marks: list[tuple[int, int]]) -> str:
    """The context escaped, each figure of the finding in a <mark>."""
    import html

    out, pos = [], 0
    for a, b in marks:
        out.append(html.escape(text[pos:a]))
        out.append(f'<mark class="flag">{html.escape(text[a:b])}</mark>')
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\t", " │ ")


def _by(request: Request) -> str:
    """The reviewer's name this browser remembers."""
    return unquote(request.cookies.get(BY_COOKIE, ""))


def _remember(response: Response, by: str, token: str) -> None:
    """The reviewer's name for a year, the token for the browser's session; both Strict, so
    no other site's form sends them."""
    # percent-encoded: a cookie is Latin-1, a name often Chinese
    response.set_cookie(BY_COOKIE, quote(by.strip()), max_age=365 * 86400, samesite="strict")
    if token:
        response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")


def pages(app: FastAPI, site: Site) -> None:
    @app.get("/review", response_class=HTMLResponse)
    def review_page(request: Request, status: str = "pending", page: str = "1"):
        filters = _filters(request)
        number = _page(page)
        try:
            total, items = rv.queue_page(
                site.connect(), status=status, page=number, per_page=PER_PAGE, **filters
            )
        except rv.ReviewError as exc:
            raise HTTPException(422, str(exc)) from None
        for item in items:
            item["figures"] = figure_columns(item)
        return site.page(
            request, "review.html", items=site.mask(items), total=total, status=status,
            filters=filters, page=number, pages=max(1, -(-total // PER_PAGE)),
            params=dict(request.query_params), link=page_link, carry=_carry(filters),
            by=_by(request), script=True,
        )  # fmt: skip

    @app.get("/findings/{finding_id}", response_class=HTMLResponse)
    def finding_page(request: Request, finding_id: str, done: str = ""):
        return _finding(request, finding_id, done=done)

    def _finding(
        request: Request, finding_id: str, *, done: str = "", error: str = "",
        typed: dict | None = None, status_code: int = 200,
    ) -> HTMLResponse:  # fmt: skip
        db = site.connect()
        f = rv.finding(db, finding_id)
        if f is None:
            raise HTTPException(404, f"no finding {finding_id!r}")
        filters = _filters(request)
        before, after = rv.neighbours(db, finding_id, **filters)
        source = _finding_context(db, f, site.show_pii)
        decisions = rv.history(db, finding_id)
        just = rv.finding(db, done) if done else None
        earlier = _earlier_context(db, finding_id, site.show_pii)
        return site.page(
            request, "finding.html", status_code=status_code, f=site.mask(f), earlier=earlier,
            figures=figure_columns(f), decisions=site.mask(decisions),
            context_html=_context_html(source["context"], source["marks"]),
            place=source["place"], image=source["image"], report=site.mask(source["report"]),
            before=before, after=after, carry=_carry(filters), error=error,
            typed=typed or {}, by=(typed or {}).get("by") or _by(request),
            done=site.mask(just), script=True,
        )  # fmt: skip

    @app.get("/findings/{finding_id}/page.png")
    def finding_image(finding_id: str):
        """The PDF page of the finding's first figure, its figures boxed (404 when the
        report is not a PDF or its file is no longer where it was ingested from)."""
        db = site.connect()
        f = rv.finding(db, finding_id)
        if f is None:
            raise HTTPException(404, f"no finding {finding_id!r}")
        row = next(db.query("SELECT * FROM reports WHERE sha256 = ?", [f["report_sha256"]]))
        path = pdfpage.source_file(row)
        if path is None:
            raise HTTPException(404, "the report's PDF is not available to draw")
        spans = [(int(a), int(b)) for a, b in json.loads(f.get("spans") or "[]")]
        drawn = pdfpage.render_finding_page(path, row["text"] or "", pdfpage.pages_of(row), spans)
        if drawn is None:
            raise HTTPException(404, "no page holds the finding's figures")
        return Response(drawn[1], media_type="image/png", headers={"X-Page": str(drawn[0])})

    @app.post("/findings/{finding_id}/decide")
    def decide_form(
        request: Request,
        finding_id: str,
        decision: Annotated[str, Form()],
        by: Annotated[str, Form()] = "",
        note: Annotated[str, Form()] = "",
        corrected_value: Annotated[str, Form()] = "",
        token_field: Annotated[str, Form(alias="token")] = "",
    ):
        """Record the decision, remember the name, and go on to the next pending finding
        (the page says what was recorded); a refusal shows the page again, as typed."""
        by = by.strip() or _by(request)  # the name this browser remembers
        typed = {"by": by, "note": note, "corrected_value": corrected_value}
        try:
            site.require_token(request, token_field)
        except HTTPException as exc:
            return _finding(request, finding_id, error=str(exc.detail), typed=typed,
                            status_code=exc.status_code)  # fmt: skip
        db = site.connect()
        try:
            rv.decide(db, finding_id, decision, note, by, corrected_value or None)
        except rv.ReviewError as exc:
            if "no finding" in str(exc):
                raise HTTPException(404, str(exc)) from None
            return _finding(request, finding_id, error=str(exc), typed=typed, status_code=422)
        filters = _filters(request)
        _, after = rv.neighbours(db, finding_id, **filters)
        target = after or finding_id
        query = urlencode({**{k: v for k, v in filters.items() if v}, "done": finding_id})
        response = RedirectResponse(f"/findings/{target}?{query}", status_code=303)
        _remember(response, by, token_field)
        return response

    @app.post("/review/bulk")
    def bulk_form(
        request: Request,
        report: Annotated[str, Form()],
        rule: Annotated[str, Form()],
        decision: Annotated[str, Form()],
        by: Annotated[str, Form()] = "",
        note: Annotated[str, Form()] = "",
        token_field: Annotated[str, Form(alias="token")] = "",
    ):
        """One decision on every pending finding of one rule in one report."""
        site.require_token(request, token_field)
        try:
            rv.decide_all(site.connect(), report, rule, decision, note, by)
        except rv.ReviewError as exc:
            raise HTTPException(422, str(exc)) from None
        response = RedirectResponse(
            "/review?" + urlencode({"report": report, "status": "decided"}), status_code=303
        )
        _remember(response, by, token_field)
        return response
