"""What every route group shares: the store's path, the write token, PII masking, the page
templates, and the report lookup that turns no single match into a 404."""

from __future__ import annotations

import hmac
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlite_utils import Database

from extractor.formats.limits import Limits
from extractor.pii import mask_obj
from hedui import store
from hedui.supervisor import SharedPool
from verifier.report import Coverage

# The pages load nothing but their own stylesheet and run no script: the policy says so, so
# that text slipping past the escaping could run nothing and no other site can frame them.
CSP = (
    "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# The review pages run one script, the keyboard shortcuts (/static/review.js): a file of
# this site, never an inline one, so text slipping past the escaping still runs nothing.
SCRIPT_CSP = CSP.replace("script-src 'none'", "script-src 'self'")
# /docs: Swagger UI served from the swagger-ui-bundle package (no CDN), started by FastAPI's
# one inline script.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src blob:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
BY_COOKIE, TOKEN_COOKIE = "hedui_by", "hedui_token"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}

HERE = Path(__file__).resolve().parent.parent  # hedui/, which holds templates/ and static/


@dataclass(frozen=True)
class Site:
    db_path: str
    token: str | None
    max_upload_bytes: int
    show_pii: bool
    templates: Jinja2Templates
    limits: Limits = field(default_factory=Limits.from_env)  # per uploaded file
    workers: SharedPool | None = None  # the uploads' worker processes (create_app makes it)

    def connect(self) -> Database:
        """A connection per request: sqlite3 connections must not cross uvicorn's threads."""
        return Database(sqlite3.connect(self.db_path))

    def mask(self, obj: Any) -> Any:
        return obj if self.show_pii else mask_obj(obj)

    def require_token(self, request: Request, form_token: str | None = None) -> None:
        """Writes need the configured token, from the Authorization header or a form field."""
        if not self.token:
            raise HTTPException(
                403,
                "writes are disabled: set HEDUI_TOKEN (or pass --token) when starting the server",
            )
        # the form's token, else the one this browser sent before (a SameSite=Strict cookie:
        # never sent by another site's form)
        sent = form_token or request.cookies.get(TOKEN_COOKIE, "")
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            sent = auth[7:].strip()
        if not sent or not hmac.compare_digest(sent.encode(), self.token.encode()):
            raise HTTPException(
                401, "a valid token is required for writes (Authorization: Bearer …)"
            )

    def page(
        self,
        request: Request,
        name: str,
        *,
        status_code: int = 200,
        script: bool = False,
        **ctx: Any,
    ) -> HTMLResponse:
        """A page from its template; ``script`` lets it run the site's own scripts."""
        response = self.templates.TemplateResponse(
            request, name, {"writes": bool(self.token), "script": script, **ctx},
            status_code=status_code,
        )  # fmt: skip
        if script:
            response.headers["Content-Security-Policy"] = SCRIPT_CSP
        return response


def report_row(db: Database, key: str) -> dict:
    """The report ``key`` names (store.report_matches), or a 404 saying none or several."""
    rows = store.report_matches(db, key)
    if len(rows) != 1:
        raise HTTPException(404, f"no report {key!r}" if not rows else f"{key!r} is ambiguous")
    return rows[0]


def summary(row: dict) -> dict:
    """A reports row without its bulky text, its JSON lists decoded."""
    out = {
        k: v for k, v in row.items() if k not in ("text", "report_packed", "passes_packed", "pages")
    }
    for k in ("kinds", "reasons"):
        if isinstance(out.get(k), str):
            out[k] = json.loads(out[k])
    raw = out.pop("coverage_json", None)
    out["coverage"] = Coverage.model_validate_json(raw).line() if raw else None
    return out
