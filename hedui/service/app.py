"""The app: one Site shared by the route groups, registered in the order the API lists them."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from extractor.formats.limits import Limits
from hedui import store, supervisor
from hedui.service import pages, reports, review, timeline, upload
from hedui.service.site import CSP, DOCS_CSP, HERE, SECURITY_HEADERS, Site

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def security_headers(app: FastAPI) -> None:
    """CSP, X-Content-Type-Options, X-Frame-Options and Referrer-Policy on every response."""

    @app.middleware("http")
    async def add_headers(request: Request, call_next):
        response = await call_next(request)
        docs = request.url.path in ("/docs", "/docs/oauth2-redirect")
        response.headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else CSP)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def offline_docs(app: FastAPI) -> None:
    """/docs with Swagger UI's files from the swagger-ui-bundle package, so the page works
    with no network (FastAPI's own loads them from a CDN and is blank offline)."""
    from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]

    app.mount("/docs-assets", StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="hedui API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon-32x32.png",
            oauth2_redirect_url="/docs/oauth2-redirect",
        )

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    def docs_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()


def _wants_json(request: Request) -> bool:
    """The API and clients that ask for JSON get JSON errors; a browser gets a page."""
    accept = request.headers.get("accept", "")
    return request.url.path.startswith("/api/") or (
        "application/json" in accept and "text/html" not in accept
    )


def error_pages(app: FastAPI, site: Site) -> None:
    """Errors as HTML pages for people (the message, and a form holding what they typed, to
    fix and send again), as JSON for the API; never a traceback or a server path."""

    def answer(request: Request, status: int, detail: object) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": detail}, status_code=status)
        message = detail if isinstance(detail, str) else _validation_text(detail)
        typed = [(k, v) for k, v in request.query_params.multi_items()]
        return site.page(
            request, "error.html", status_code=status, status=status, message=message,
            typed=typed, path=request.url.path,
        )  # fmt: skip

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return answer(request, exc.status_code, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [{k: e.get(k) for k in ("loc", "msg", "type")} for e in exc.errors()]
        return answer(request, 422, errors)


def _validation_text(errors: object) -> str:
    """FastAPI's validation errors as one line a person reads: which field, what is wrong."""
    if not isinstance(errors, list):
        return str(errors)
    return "; ".join(
        f"{'.'.join(str(x) for x in (e.get('loc') or [])[1:]) or 'request'}: {e.get('msg')}"
        for e in errors
        if isinstance(e, dict)
    )


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
        docs_url=None,  # served below from the swagger-ui-bundle package: no CDN
        redoc_url=None,
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    offline_docs(app)
    error_pages(app, site)
    security_headers(app)
    upload.limit_size(app, site)  # added last, so it runs first: before any body is read
    for register in (
        reports.api, review.api, upload.api, pages.pages, review.pages, upload.pages,
        timeline.pages,
    ):  # fmt: skip
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
