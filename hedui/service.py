"""The web service: a JSON API and a few pages over the store (FastAPI + Jinja2).

Reads are open; writes (decisions, uploads) need the token configured with ``HEDUI_TOKEN`` or
``create_app(token=...)``, sent as ``Authorization: Bearer …`` or a ``token`` form field. With no
token configured the service is read-only and says how to enable writes. Every piece of
document text reaches a page through Jinja2's autoescape or ``html.escape``; personal numbers
are masked unless the app was created with ``show_pii=True``.
"""

from __future__ import annotations

import hmac
import html
import itertools
import json
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel
from sqlite_utils import Database

from extractor.pii import mask_obj, mask_pii
from hedui import review as rv
from hedui import store
from hedui.ingest import ingest_file
from hedui.search import search

HERE = Path(__file__).resolve().parent
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".xlsx")


class DecisionIn(BaseModel):
    decision: str
    note: str = ""
    by: str
    corrected_value: str | None = None


def _connect(db_path: str) -> Database:
    """A connection per request: sqlite3 connections must not cross uvicorn's threads."""
    return Database(sqlite3.connect(db_path))


def _ingest_upload(db: Database, path: Path) -> dict:
    """Store an uploaded file through hedui.ingest.ingest_file (a stored file is neither
    extracted nor sent to the model). ``result`` keeps the text earlier clients were sent."""
    done = ingest_file(db, path)
    outcome = {"sha256": done.sha256, "skipped": done.status == "skipped", "verdict": done.verdict}
    return {"sha256": done.sha256, "result": str(outcome)}


def _report_row(db: Database, key: str) -> dict:
    """The report ``key`` names (store.report_matches), or a 404 saying none or several."""
    rows = store.report_matches(db, key)
    if len(rows) != 1:
        raise HTTPException(404, f"no report {key!r}" if not rows else f"{key!r} is ambiguous")
    return rows[0]


def _summary(row: dict) -> dict:
    out = {k: v for k, v in row.items() if k not in ("text", "report_json")}
    for k in ("kinds", "reasons"):
        if isinstance(out.get(k), str):
            out[k] = json.loads(out[k])
    return out


def _pairs(f: dict) -> list[list[int]]:
    spans = f.get("spans") or []
    return json.loads(spans) if isinstance(spans, str) else spans


def highlight_source(text: str, findings: list[dict]) -> str:
    """The source text as HTML: escaped slices between the spans of failed findings, each span
    in a <mark> whose tooltip names the findings; the recomputation stands beside the stated
    figure (a finding's first span). Overlapping spans join the earlier mark."""
    spans = sorted(
        (
            (int(s), int(e), k == 0, f)
            for f in findings
            for k, (s, e) in enumerate(_pairs(f))
            if 0 <= int(s) < int(e) <= len(text)
        ),
        key=lambda item: item[:3],
    )
    marks: list[tuple[int, int, list[tuple[dict, bool]]]] = []
    for s, e, stated, f in spans:
        if marks and s < marks[-1][1]:
            marks[-1][2].append((f, stated))
            continue
        marks.append((s, e, [(f, stated)]))
    parts, pos = [], 0
    for s, e, fs in marks:
        parts.append(html.escape(text[pos:s]))
        tip = " | ".join(dict.fromkeys(f"{f['rule']} {f['message']}" for f, _ in fs))
        calc = "; ".join(
            f"应为 {f['expected']}" + (f" (差 {f['difference']})" if f.get("difference") else "")
            for f, stated in fs
            if stated and f.get("expected") is not None
        )
        ids = " ".join(dict.fromkeys(f["id"] for f, _ in fs))
        parts.append(
            f'<mark class="flag {html.escape(fs[0][0]["severity"])}" data-findings="{html.escape(ids)}"'
            f' title="{html.escape(tip)}">{html.escape(text[s:e])}</mark>'
        )
        if calc:
            parts.append(f'<span class="calc">{html.escape(calc)}</span>')
        pos = e
    parts.append(html.escape(text[pos:]))
    return "".join(parts)


def create_app(
    db_path: str | Path,
    token: str | None = None,
    max_upload_bytes: int = MAX_UPLOAD_BYTES,
    *,
    show_pii: bool = False,
) -> FastAPI:
    """The app over the store at ``db_path``. ``token`` falls back to $HEDUI_TOKEN."""
    db_path = str(db_path)
    token = token if token is not None else (os.environ.get("HEDUI_TOKEN") or None)
    store.open_db(db_path)  # creates tables, indexes and FTS once
    app = FastAPI(title="hedui", description="核对: search reports and review flagged figures")
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def mask(obj: Any) -> Any:
        return obj if show_pii else mask_obj(obj)

    def require_token(request: Request, form_token: str | None = None) -> None:
        if not token:
            raise HTTPException(
                403,
                "writes are disabled: set HEDUI_TOKEN (or pass --token) when starting the server",
            )
        sent = form_token or ""
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            sent = auth[7:].strip()
        if not sent or not hmac.compare_digest(sent.encode(), token.encode()):
            raise HTTPException(
                401, "a valid token is required for writes (Authorization: Bearer …)"
            )

    @app.middleware("http")
    async def limit_uploads(request: Request, call_next):
        """Refuse an oversized upload from its Content-Length, before the body is read."""
        if request.method == "POST" and request.url.path in ("/api/upload", "/upload"):
            length = request.headers.get("content-length")
            if length and length.isdigit() and int(length) > max_upload_bytes + 64 * 1024:
                return JSONResponse({"detail": too_big()}, status_code=413)
        return await call_next(request)

    def too_big() -> str:
        return f"the file is larger than the upload limit of {max_upload_bytes:,} bytes"

    async def save_upload(upload: UploadFile) -> Path:
        name = Path(upload.filename or "upload.txt").name
        if not name.lower().endswith(UPLOAD_SUFFIXES):
            raise HTTPException(415, f"{name}: hedui reads {', '.join(UPLOAD_SUFFIXES)} files")
        folder = Path(tempfile.mkdtemp(prefix="hedui-upload-"))
        dest, size = folder / name, 0
        with open(dest, "wb") as fh:
            while chunk := await upload.read(1 << 16):
                size += len(chunk)
                if size > max_upload_bytes:
                    fh.close()
                    dest.unlink()
                    raise HTTPException(413, too_big())
                fh.write(chunk)
        return dest

    # --- JSON API -------------------------------------------------------------------------

    @app.get("/api/reports")
    def api_reports() -> list[dict]:
        db = _connect(db_path)
        return mask([_summary(r) for r in db.query("SELECT * FROM reports ORDER BY file_name")])

    @app.get("/api/reports/{sha}")
    def api_report(sha: str) -> dict:
        return mask(_summary(_report_row(_connect(db_path), sha)))

    @app.get("/api/reports/{sha}/sections")
    def api_sections(sha: str) -> list[dict]:
        db = _connect(db_path)
        row = _report_row(db, sha)
        rows = db.query(
            "SELECT * FROM sections WHERE report_sha256 = ? ORDER BY idx", [row["sha256"]]
        )
        return mask([{k: v for k, v in r.items() if k != "text_spaced"} for r in rows])

    @app.get("/api/reports/{sha}/tables")
    def api_tables(sha: str) -> list[dict]:
        db = _connect(db_path)
        row = _report_row(db, sha)
        tables = list(
            db.query("SELECT * FROM tables WHERE report_sha256 = ? ORDER BY idx", [row["sha256"]])
        )
        for t in tables:
            t["cells"] = list(
                db.query(
                    "SELECT * FROM cells WHERE table_id = ? ORDER BY row_idx, column_idx", [t["id"]]
                )
            )
        return mask(tables)

    @app.get("/api/reports/{sha}/findings")
    def api_findings(sha: str) -> list[dict]:
        db = _connect(db_path)
        row = _report_row(db, sha)
        return mask(
            list(
                db.query(
                    "SELECT * FROM findings WHERE report_sha256 = ? ORDER BY idx", [row["sha256"]]
                )
            )
        )

    @app.get("/api/search")
    def api_search(
        q: str,
        kind: str | None = None,
        department: str | None = None,
        region: str | None = None,
        year: int | None = None,
        limit: int = Query(20, ge=1, le=200),
    ) -> list[dict]:
        hits = search(
            _connect(db_path), q, kind=kind, department=department, region=region,
            year=year, limit=limit, show_pii=show_pii,
        )  # fmt: skip
        return [h.model_dump() | {"link": h.link} for h in hits]

    @app.get("/api/review")
    def api_review(include_decided: bool = True, limit: int = Query(200, ge=1)) -> list[dict]:
        items = rv.queue(_connect(db_path), include_decided=include_decided, limit=limit)
        return mask([{**i, "stake": str(i["stake"])} for i in items])

    @app.get("/api/findings/{finding_id}/decisions")
    def api_history(finding_id: str) -> list[dict]:
        db = _connect(db_path)
        if rv.finding(db, finding_id) is None:
            raise HTTPException(404, f"no finding {finding_id!r}")
        return mask(rv.history(db, finding_id))

    @app.post("/api/findings/{finding_id}/decisions", status_code=201)
    def api_decide(finding_id: str, body: DecisionIn, request: Request) -> dict:
        require_token(request)
        db = _connect(db_path)
        try:
            return rv.decide(
                db, finding_id, body.decision, body.note, body.by, body.corrected_value
            )
        except rv.ReviewError as exc:
            raise HTTPException(404 if "no finding" in str(exc) else 422, str(exc)) from None

    @app.post("/api/upload", status_code=201)
    async def api_upload(request: Request, file: Annotated[UploadFile, File()]) -> dict:
        require_token(request)
        path = await save_upload(file)
        try:
            return _ingest_upload(_connect(db_path), path)
        except Exception as exc:
            raise HTTPException(422, f"could not ingest {path.name}: {exc}") from None

    # --- pages ----------------------------------------------------------------------------

    def page(request: Request, name: str, **ctx: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"writes": bool(token), **ctx})

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
                _connect(db_path), q, kind=kind or None, department=department or None,
                region=region or None, year=int(year) if year.strip().isdigit() else None,
                limit=50, show_pii=show_pii,
            )  # fmt: skip
        return page(
            request, "index.html", q=q, kind=kind, department=department, region=region,
            year=year, hits=hits,
        )  # fmt: skip

    @app.get("/reports/{sha}", response_class=HTMLResponse)
    def report_page(request: Request, sha: str):
        db = _connect(db_path)
        row = _report_row(db, sha)
        text = row["text"] or ""
        if not show_pii:
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
        body = _with_anchors(text, failed, sections)
        return page(
            request, "report.html", report=mask(_summary(row)), source_html=body,
            findings=mask(failed),
        )  # fmt: skip

    @app.get("/review", response_class=HTMLResponse)
    def review_page(request: Request, include_decided: bool = True):
        items = rv.queue(_connect(db_path), include_decided=include_decided, limit=500)
        return page(request, "review.html", items=mask(items))

    @app.get("/findings/{finding_id}", response_class=HTMLResponse)
    def finding_page(request: Request, finding_id: str):
        db = _connect(db_path)
        f = rv.finding(db, finding_id)
        if f is None:
            raise HTTPException(404, f"no finding {finding_id!r}")
        return page(request, "finding.html", f=mask(f), decisions=mask(rv.history(db, finding_id)))

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
        require_token(request, token_field)
        try:
            rv.decide(_connect(db_path), finding_id, decision, note, by, corrected_value or None)
        except rv.ReviewError as exc:
            raise HTTPException(422, str(exc)) from None
        return RedirectResponse(f"/findings/{finding_id}", status_code=303)

    @app.get("/upload", response_class=HTMLResponse)
    def upload_page(request: Request):
        return page(request, "upload.html", limit=max_upload_bytes)

    @app.post("/upload")
    async def upload_form(
        request: Request,
        file: Annotated[UploadFile, File()],
        token_field: Annotated[str, Form(alias="token")] = "",
    ):
        require_token(request, token_field)
        path = await save_upload(file)
        try:
            result = _ingest_upload(_connect(db_path), path)
        except Exception as exc:
            raise HTTPException(422, f"could not ingest {path.name}: {exc}") from None
        return RedirectResponse(f"/reports/{result['sha256']}", status_code=303)

    return app


def _with_anchors(text: str, failed: list[dict], sections: list[dict]) -> str:
    """Highlighted source with an empty anchor at each section start (for search links)."""
    starts = sorted({(int(s["start"] or 0), s["idx"]) for s in sections})
    if not starts:
        return highlight_source(text, failed)
    # anchors go into the escaped HTML by splitting the text at section starts
    out, pos = [], 0
    cuts = [(s, i) for s, i in starts if 0 <= s <= len(text)]
    bounds = [*cuts, (len(text), None)]
    for (s, idx), (nxt, _) in itertools.pairwise(bounds):
        if s > pos:
            out.append(highlight_source(text[pos:s], _shift(failed, pos, s)))
            pos = s
        out.append(f'<a id="s{idx}"></a>')
        if nxt > pos:
            out.append(highlight_source(text[pos:nxt], _shift(failed, pos, nxt)))
            pos = nxt
    out.append(highlight_source(text[pos:], _shift(failed, pos, len(text))))
    return "".join(out)


def _shift(findings: list[dict], lo: int, hi: int) -> list[dict]:
    """Findings with their spans inside [lo, hi) moved to be relative to lo."""
    out = []
    for f in findings:
        inside = [[s - lo, e - lo] if lo <= s and e <= hi else [-1, -1] for s, e in _pairs(f)]
        if any(s >= 0 for s, _ in inside):  # keep positions so the first span stays first
            out.append({**f, "spans": inside})
    return out


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
