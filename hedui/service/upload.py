"""Uploads: a size limit enforced before and while the body is read, then the file stored
through hedui.ingest.ingest_file (a file already stored is not extracted again)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from sqlite_utils import Database

from hedui.ingest import ingest_file
from hedui.service.site import Site

UPLOAD_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".xlsx")


def _too_big(site: Site) -> str:
    return f"the file is larger than the upload limit of {site.max_upload_bytes:,} bytes"


def limit_size(app: FastAPI, site: Site) -> None:
    @app.middleware("http")
    async def limit_uploads(request: Request, call_next):
        """Refuse an oversized upload from its Content-Length, before the body is read."""
        if request.method == "POST" and request.url.path in ("/api/upload", "/upload"):
            length = request.headers.get("content-length")
            if length and length.isdigit() and int(length) > site.max_upload_bytes + 64 * 1024:
                return JSONResponse({"detail": _too_big(site)}, status_code=413)
        return await call_next(request)


async def _save_upload(site: Site, upload: UploadFile) -> Path:
    """The upload in a fresh temporary folder under its own name (the store keeps the name)."""
    name = Path(upload.filename or "upload.txt").name
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        raise HTTPException(415, f"{name}: hedui reads {', '.join(UPLOAD_SUFFIXES)} files")
    folder = Path(tempfile.mkdtemp(prefix="hedui-upload-"))
    dest, size = folder / name, 0
    with open(dest, "wb") as fh:
        while chunk := await upload.read(1 << 16):
            size += len(chunk)
            if size > site.max_upload_bytes:
                fh.close()
                dest.unlink()
                raise HTTPException(413, _too_big(site))
            fh.write(chunk)
    return dest


def _ingest(db: Database, path: Path) -> dict:
    """Store the file; ``result`` keeps the text earlier clients were sent. A file that cannot
    be read or processed is a 422."""
    try:
        done = ingest_file(db, path)
    except Exception as exc:
        raise HTTPException(422, f"could not ingest {path.name}: {exc}") from None
    outcome = {"sha256": done.sha256, "skipped": done.status == "skipped", "verdict": done.verdict}
    return {"sha256": done.sha256, "result": str(outcome)}


async def _upload(site: Site, request: Request, file: UploadFile, form_token: str | None) -> dict:
    site.require_token(request, form_token)
    return _ingest(site.connect(), await _save_upload(site, file))


def api(app: FastAPI, site: Site) -> None:
    @app.post("/api/upload", status_code=201)
    async def api_upload(request: Request, file: Annotated[UploadFile, File()]) -> dict:
        return await _upload(site, request, file, None)


def pages(app: FastAPI, site: Site) -> None:
    @app.get("/upload", response_class=HTMLResponse)
    def upload_page(request: Request):
        return site.page(request, "upload.html", limit=site.max_upload_bytes)

    @app.post("/upload")
    async def upload_form(
        request: Request,
        file: Annotated[UploadFile, File()],
        token_field: Annotated[str, Form(alias="token")] = "",
    ):
        result = await _upload(site, request, file, token_field)
        return RedirectResponse(f"/reports/{result['sha256']}", status_code=303)
