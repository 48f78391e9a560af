"""The review queue and decisions on findings: JSON routes and the pages with their form."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel

from hedui import review as rv
from hedui.service.site import Site


class DecisionIn(BaseModel):
    decision: str
    note: str = ""
    by: str
    corrected_value: str | None = None


def api(app: FastAPI, site: Site) -> None:
    @app.get("/api/review")
    def api_review(
        include_decided: bool = True, limit: int = Query(200, ge=1, le=100_000)
    ) -> list[dict]:
        items = rv.queue(site.connect(), include_decided=include_decided, limit=limit)
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


def pages(app: FastAPI, site: Site) -> None:
    @app.get("/review", response_class=HTMLResponse)
    def review_page(request: Request, include_decided: bool = True):
        items = rv.queue(site.connect(), include_decided=include_decided, limit=500)
        return site.page(request, "review.html", items=site.mask(items))

    @app.get("/findings/{finding_id}", response_class=HTMLResponse)
    def finding_page(request: Request, finding_id: str):
        db = site.connect()
        f = rv.finding(db, finding_id)
        if f is None:
            raise HTTPException(404, f"no finding {finding_id!r}")
        return site.page(
            request, "finding.html", f=site.mask(f), decisions=site.mask(rv.history(db, finding_id))
        )

    @app.post("/findings/{finding_id}/decide")
    def decide_form(
        request: Request,
        finding_id: str,
        decision: Annotated[str, Form()],
        by: Annotated[str, Form()],
        note: Annotated[str, Form()] = "",
        corrected_value: Annotated[str, Form()] = "",
        token_field: Annotated[str, Form(alias="token")] = "",
    ):
        site.require_token(request, token_field)
        try:
            rv.decide(site.connect(), finding_id, decision, note, by, corrected_value or None)
        except rv.ReviewError as exc:
            raise HTTPException(422, str(exc)) from None
        return RedirectResponse(f"/findings/{finding_id}", status_code=303)
