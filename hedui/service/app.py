"""The app: one Site shared by the route groups, registered in the order the API lists them."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from hedui import store
from hedui.service import pages, reports, review, upload
from hedui.service.site import HERE, Site

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def create_app(
    db_path: str | Path,
    token: str | None = None,
    max_upload_bytes: int = MAX_UPLOAD_BYTES,
    *,
    show_pii: bool = False,
) -> FastAPI:
    """The app over the store at ``db_path``. ``token`` falls back to $HEDUI_TOKEN."""
    store.open_db(db_path)  # creates tables, indexes and FTS once
    site = Site(
        db_path=str(db_path),
        token=token if token is not None else (os.environ.get("HEDUI_TOKEN") or None),
        max_upload_bytes=max_upload_bytes,
        show_pii=show_pii,
        templates=Jinja2Templates(directory=str(HERE / "templates")),
    )
    app = FastAPI(title="hedui", description="核对: search reports and review flagged figures")
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    upload.limit_size(app, site)
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
