"""Uploads: the token checked and the size capped before and while the body arrives, then the
file stored by hedui.ingest.ingest in a supervised worker process, off the event loop.

An upload costs seconds of extraction (and a crafted one could cost minutes): run on the
event loop it would stall every other request, so the handler waits for it in a thread while
the work itself runs in a worker process under the per-file limits (hedui.supervisor). Its
temporary folder is removed whatever happens.
"""

from __future__ import annotations

import hmac
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

import anyio
from fastapi import FastAPI, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from python_multipart.multipart import parse_options_header
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hedui import store
from hedui.ingest import ingest
from hedui.service.site import CSP, SECURITY_HEADERS, Site

UPLOAD_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".xlsx")
UPLOAD_PATHS = ("/api/upload", "/upload")
FORM_SLACK = 64 * 1024  # the multipart envelope around the file: boundaries, the token field


def _too_big(site: Site) -> str:
    return f"the file is larger than the upload limit of {site.max_upload_bytes:,} bytes"


class BodyTooLarge(Exception):
    """The body went past the cap while it arrived."""


class UploadGuard:
    """ASGI middleware in front of the upload routes: refuses before reading a byte of the
    body when writes are off, the token in the Authorization header is missing or wrong, or
    Content-Length is over the cap; then counts the body as it arrives (a chunked body has no
    Content-Length) and answers 413 the moment it passes the cap. The form, which cannot send
    a header, must send its token field before the file: it is read from the body's first
    part, and the file is never read without it."""

    def __init__(self, app: ASGIApp, site: Site) -> None:
        self.app = app
        self.site = site

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (
            scope["type"] == "http" and scope["method"] == "POST" and scope["path"] in UPLOAD_PATHS
        ):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(scope["path"], headers)
        cap = self.site.max_upload_bytes + FORM_SLACK
        capped = _Capped(receive, cap)
        body: Receive = capped
        if refusal is None and scope["path"] == "/upload" and not _bearer(headers):
            refusal, body = await self._form_token(headers, capped)
        if refusal is not None:
            await _answer(send, *refusal)
            return
        answered = False

        async def watch(message: Message) -> None:
            """Pass the app's answer on, unless the body went past the cap: the app may have
            caught that as a malformed body (FastAPI's 400), but the client is told 413."""
            nonlocal answered
            if capped.over:
                if not answered:
                    answered = True
                    await _answer(send, 413, _too_big(self.site))
                return
            answered = answered or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, body, watch)
        except BodyTooLarge:
            if not answered:
                await _answer(send, 413, _too_big(self.site))

    def _refusal(self, path: str, headers: Headers) -> tuple[int, str] | None:
        """What can be refused from the headers alone."""
        if not self.site.token:
            return 403, "writes are disabled: set HEDUI_TOKEN (or pass --token) when starting"
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.site.max_upload_bytes + FORM_SLACK:
            return 413, _too_big(self.site)
        sent = _bearer(headers)
        if sent is not None and not self._valid(sent):
            return 401, "a valid token is required for writes (Authorization: Bearer …)"
        if sent is None and path == "/api/upload":
            return 401, "a valid token is required for writes (Authorization: Bearer …)"
        return None

    def _valid(self, sent: str) -> bool:
        token = self.site.token or ""
        return bool(sent) and hmac.compare_digest(sent.encode(), token.encode())

    async def _form_token(
        self, headers: Headers, receive: Receive
    ) -> tuple[tuple[int, str] | None, Receive]:
        """Read the form's first part (at most FORM_SLACK bytes): a valid ``token`` field lets
        the rest through, with what was read replayed; anything else is a 401."""
        _, params = parse_options_header(headers.get("content-type", ""))
        boundary = params.get(b"boundary", b"")
        buffered, more = b"", True
        token = None
        while boundary and more and len(buffered) <= FORM_SLACK:
            message = await receive()
            buffered += message.get("body", b"")
            more = message.get("more_body", False)
            token = _first_field(buffered, boundary, "token")
            if token is not None:
                break
        if token is None or not self._valid(token):
            return (401, "a valid token is required for uploads: the form's token field "
                    "must come before the file"), receive  # fmt: skip
        return None, _replay(buffered, more, receive)


def _bearer(headers: Headers) -> str | None:
    auth = headers.get("authorization", "")
    return auth[7:].strip() if auth.lower().startswith("bearer ") else None


def _first_field(body: bytes, boundary: bytes, name: str) -> str | None:
    """The value of the body's first multipart part when it is the field ``name`` and has
    fully arrived; "" when the first part is another one; None while it is still coming."""
    start = b"--" + boundary + b"\r\n"
    if len(body) < len(start):
        return None
    if not body.startswith(start):
        return ""
    head_end = body.find(b"\r\n\r\n", len(start))
    if head_end < 0:
        return None
    head = body[len(start) : head_end].decode("latin-1").lower()
    if f'name="{name}"' not in head:
        return ""
    end = body.find(b"\r\n--" + boundary, head_end + 4)
    if end < 0:
        return None
    return body[head_end + 4 : end].decode("utf-8", "replace").strip()


class _Capped:
    """``receive`` counting the body: past ``cap`` bytes it sets ``over`` and raises
    BodyTooLarge."""

    def __init__(self, receive: Receive, cap: int) -> None:
        self.receive, self.cap, self.seen, self.over = receive, cap, 0, False

    async def __call__(self) -> Message:
        message = await self.receive()
        self.seen += len(message.get("body", b""))
        if self.seen > self.cap:
            self.over = True
            raise BodyTooLarge
        return message


def _replay(buffered: bytes, more: bool, receive: Receive) -> Receive:
    """``receive`` giving ``buffered`` first, then the rest of the body."""
    pending = [buffered]

    async def wrapped() -> Message:
        if pending:
            return {"type": "http.request", "body": pending.pop(), "more_body": more}
        return await receive()

    return wrapped


async def _answer(send: Send, status: int, detail: str) -> None:
    """A JSON error sent straight to the client, no body read; the connection is closed after
    it (an unread body is never read)."""
    headers = {"connection": "close", "content-security-policy": CSP, **SECURITY_HEADERS}
    response = JSONResponse({"detail": detail}, status_code=status, headers=headers)
    await send({"type": "http.response.start", "status": status, "headers": response.raw_headers})
    await send({"type": "http.response.body", "body": response.body})


def limit_size(app: FastAPI, site: Site) -> None:
    """Put the guard in front of every route."""
    app.add_middleware(UploadGuard, site=site)


async def _save_upload(site: Site, upload: UploadFile, folder: Path) -> Path:
    """The upload in ``folder`` under its own name (the store keeps the name)."""
    name = Path(upload.filename or "upload.txt").name
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        raise HTTPException(415, f"{name}: hedui reads {', '.join(UPLOAD_SUFFIXES)} files")
    dest, size = folder / name, 0
    with open(dest, "wb") as fh:
        while chunk := await upload.read(1 << 16):
            size += len(chunk)
            if size > site.max_upload_bytes:
                raise HTTPException(413, _too_big(site))
            fh.write(chunk)
    return dest


def _ingest(site: Site, path: Path) -> dict:
    """Store the file through the batch path (a worker process, the per-file limits); run in
    a thread, so it opens its own connection. The answer's fields (sha256, skipped, verdict)
    are JSON; ``result`` keeps the text earlier clients were sent. A file that cannot be read or processed, or is over a limit, is a 422 naming it."""
    db = store.open_db(site.db_path)
    try:
        pool = site.workers.get() if site.workers else None
        done = ingest(db, [path], workers=1, limits=site.limits, pool=pool).results[0]
        verdict = done.verdict
        if done.status == "skipped" and done.sha256:
            row = store.find_report_row(db, done.sha256)
            verdict = row["verdict"] if row else None
    finally:
        db.conn.close()
    if done.status == "failed":
        message = done.message.replace(str(path), path.name)
        raise HTTPException(422, f"could not ingest {path.name}: {message}")
    outcome = {"sha256": done.sha256, "skipped": done.status == "skipped", "verdict": verdict}
    return {**outcome, "result": str(outcome)}


async def _upload(site: Site, request: Request, file: UploadFile, form_token: str | None) -> dict:
    site.require_token(request, form_token)
    folder = Path(tempfile.mkdtemp(prefix="hedui-upload-"))
    try:
        path = await _save_upload(site, file, folder)
        result: dict[str, Any] = await anyio.to_thread.run_sync(_ingest, site, path)
        return result
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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
