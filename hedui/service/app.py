"""The app: one Site shared by the route groups, registered in the order the API lists them."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from extractor.formats.limits import Limits
from hedui import store, supervisor
from hedui.service import pages, reports, review, upload
from hedui.service.site import CSP, DOCS_CSP, HERE, SECURITY_HEADERS, Site

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def security_headers(app: FastAPI) -> None:
    """CSP, X-Content-Type-Options, X-Frame-Options and Referrer-Policy on every response."""

    @app.middleware("http")
    async def add_headers(request: Request, call_next):
        response = await call_next(request)
        docs = request.url.path in ("/docs", "/redoc", "/docs/oauth2-redirect")
        response.headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else CSP)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def create_app(
    db_path: str | Path,
    token: str | None = None,
    max_upload_bytes: int = MAX_UPLOAD_BYTES,
    *,
    show_pii: bool = False,
    upload_workers: int = 2,
    worker_start: str | None = None,
) -> FastAPI:
    """The app over the store at ``db_path``. ``token`` falls back to $HEDUI_TOKEN. Uploads
    are processed by ``upload_workers`` supervised processes, started at the first upload and
    stopped with the app."""
    store.open_db(db_path)  # creates tables, indexes and FTS once
    limits = Limits.from_env()
    workers = supervisor.SharedPool(upload_workers, limits, worker_start or supervisor.START)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        workers.close()

    site = Site(
        db_path=str(db_path),
        token=token if token is not None else (os.environ.get("HEDUI_TOKEN") or None),
        max_upload_bytes=max_upload_bytes,
        show_pii=show_pii,
        templates=Jinja2Templates(directory=str(HERE / "templates")),
        limits=limits,
        workers=workers,
    )
    app = FastAPI(
        title="hedui",
        description="核对: search reports and review flagged figures",
        lifespan=lifespan,
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    security_headers(app)
    upload.limit_size(app, site)  # added last, so it runs first: before any body is read
    for register in (reports.api, review.api, upload.api, pages.pages, review.pages, upload.pages):
        register(app, site)
    return app


def serve(
    db_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    max_upload_bytes: int = MAX_UPLOAD_BYTES,
    show_pii: bool = False,
) -> None:
    """Run the service with uvicorn; localhost only unless ``host`` says otherwise."""
    import uvicorn

    app = create_app(db_path, token=token, max_upload_bytes=max_upload_bytes, show_pii=show_pii)
    uvicorn.run(app, host=host, port=port, log_level="info")
