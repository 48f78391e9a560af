"""The service under hostile use (issue 17): an upload never stalls other requests, its body
is not read before the token is checked nor past the cap, nothing is left in /tmp, odd
parameters are 422s, the decision API names its row, pages carry security headers."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import anyio
import pytest
from fastapi.testclient import TestClient

import hedui.ingest
from hedui.service import create_app
from tests.test_search import build_db, sample_report

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
REPORT = "东川县网格服务中心2023年度部门决算\n一、部门职责\n负责网格化服务管理。\n".encode()


@pytest.fixture
def db_path(tmp_path):
    build_db(tmp_path / "svc.db", [sample_report()])
    return tmp_path / "svc.db"


def _wait_for(path: Path, seconds: float = 60) -> bool:
    """Wait for a file to appear (a bound on the wait, not a speed asserted)."""
    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return path.exists()


def test_a_search_is_answered_while_an_upload_is_processed(db_path, tmp_path, monkeypatch):
    started, release = tmp_path / "started", tmp_path / "release"
    real = hedui.ingest.process

    def slow(path, **kw):  # runs in the upload's worker (forked: it sees this patch)
        started.write_text("")
        _wait_for(release)
        return real(path, **kw)

    monkeypatch.setattr(hedui.ingest, "process", slow)
    app = create_app(db_path, token=TOKEN, worker_start="fork")  # workers inherit the patch
    with TestClient(app) as client:  # one event loop for all requests
        answers: dict[str, int] = {}

        def upload() -> None:
            r = client.post("/api/upload", headers=AUTH, files={"file": ("东川县.txt", REPORT)})
            answers["upload"] = r.status_code

        uploading = threading.Thread(target=upload)
        uploading.start()
        assert _wait_for(started), "the upload never reached its extraction"
        search = client.get("/api/search", params={"q": "网格"})
        still_uploading = uploading.is_alive()
        release.write_text("")
        uploading.join(120)
    assert search.status_code == 200 and search.json()
    assert still_uploading, "the search was answered only after the upload ended"
    assert answers == {"upload": 201}


def _call(app, method: str, path: str, headers: dict[str, str], chunks) -> tuple[int, int]:
    """Drive the ASGI app by hand: (status, body bytes it read), the body sent in chunks
    without Content-Length unless the headers carry one."""
    sent = {"status": 0}
    read = {"bytes": 0}
    source = iter(chunks)

    async def receive():
        chunk = next(source, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        read["bytes"] += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message):
        if message["type"] == "http.response.start":
            sent["status"] = message["status"]

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 5000),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }  # fmt: skip
    anyio.run(app, scope, receive, send)
    return sent["status"], read["bytes"]


def _endless(boundary: str = "b0undary", first: bytes = b""):
    """A multipart body that never ends (1 GB if read to its end), in 64 KiB chunks."""
    yield (
        first
        or (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
    )
    for _ in range(16 * 1024):
        yield b"x" * 65536


FORM = {"Content-Type": "multipart/form-data; boundary=b0undary"}


def test_an_unauthenticated_upload_is_refused_before_its_body_is_read(db_path):
    app = create_app(db_path, token=TOKEN)
    assert _call(app, "POST", "/api/upload", FORM, _endless()) == (401, 0)
    wrong = {**FORM, "Authorization": "Bearer wrong"}
    assert _call(app, "POST", "/upload", wrong, _endless()) == (401, 0)
    off = create_app(db_path, token=None)
    assert _call(off, "POST", "/api/upload", {**FORM, **AUTH}, _endless()) == (403, 0)
    status, read = _call(app, "POST", "/upload", FORM, _endless())  # a form: file first
    assert status == 401 and read <= 128 * 1024


def test_a_chunked_body_is_cut_at_the_cap_as_it_arrives(db_path):
    app = create_app(db_path, token=TOKEN, max_upload_bytes=1024 * 1024)
    status, read = _call(app, "POST", "/api/upload", {**FORM, **AUTH}, _endless())
    assert status == 413 and read <= 1024 * 1024 + 64 * 1024 + 65536
    token_first = (
        '--b0undary\r\nContent-Disposition: form-data; name="token"\r\n\r\n'
        f"{TOKEN}\r\n--b0undary\r\n"
        'Content-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
    ).encode()
    status, read = _call(app, "POST", "/upload", FORM, _endless(first=token_first))
    assert status == 413 and read <= 1024 * 1024 + 64 * 1024 + 65536


def test_the_form_with_its_token_first_uploads(db_path):
    client = TestClient(create_app(db_path, token=TOKEN))
    r = client.post(
        "/upload", data={"token": TOKEN}, files={"file": ("东川县.txt", REPORT)},
        follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 303 and r.headers["location"].startswith("/reports/")


def test_no_upload_folder_is_left_behind(db_path, tmp_path, monkeypatch):
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    client = TestClient(create_app(db_path, token=TOKEN))
    ok = client.post("/api/upload", headers=AUTH, files={"file": ("东川县.txt", REPORT)})
    bad = client.post("/api/upload", headers=AUTH, files={"file": ("bad.pdf", b"not a pdf")})
    assert (ok.status_code, bad.status_code) == (201, 422)
    assert "bad.pdf: not a PDF" in bad.json()["detail"]
    assert "hedui-upload-" not in bad.json()["detail"]  # the client is told no server path
    assert list(scratch.glob("hedui-upload-*")) == []


ODD_YEARS = ["99999999999999999999", "²", "-1", "1e3", "２０２３", " ", "0x7e7"]


@pytest.mark.parametrize("year", ODD_YEARS)
def test_odd_parameters_are_answered_never_500(db_path, year):
    client = TestClient(create_app(db_path, token=TOKEN))
    api = client.get("/api/search", params={"q": "网格", "year": year})
    assert api.status_code in (200, 422), api.text
    page = client.get("/", params={"q": "网格", "year": year})
    assert page.status_code in (200, 422), page.text  # a year that is none is said, never a 500
    assert (page.status_code == 200) == (year.strip() in ("", "２０２３"))
    for path, params in (
        ("/api/search", {"q": "网格\x00", "limit": "99999999999999999999"}),
        ("/api/review", {"limit": "99999999999999999999"}),
        ("/api/search", {"q": "网" * 2000}),
    ):
        assert client.get(path, params=params).status_code in (200, 422), path


def test_the_decision_api_answers_the_id_of_its_row(db_path):
    client = TestClient(create_app(db_path, token=TOKEN))
    fid = client.get("/api/review").json()[0]["id"]
    ids = []
    for decision in ("accept", "dismiss"):
        r = client.post(
            f"/api/findings/{fid}/decisions", headers=AUTH, json={"decision": decision, "by": "x"}
        )
        assert r.status_code == 201
        ids.append(r.json()["id"])
    assert all(isinstance(i, int) for i in ids)
    assert [d["id"] for d in client.get(f"/api/findings/{fid}/decisions").json()] == ids


def test_every_page_carries_security_headers(db_path):
    client = TestClient(create_app(db_path, token=TOKEN))
    fid = client.get("/api/review").json()[0]["id"]
    for path in ("/", "/?q=网格", f"/reports/{'a' * 64}", "/review", f"/findings/{fid}",
                 "/upload", "/api/reports", "/static/hedui.css", "/docs", "/nowhere"):  # fmt: skip
        r = client.get(path)
        assert r.headers["x-content-type-options"] == "nosniff", path
        assert r.headers["x-frame-options"] == "DENY", path
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, path
    assert "script-src 'none'" in client.get("/").headers["content-security-policy"]
    refused = client.post("/api/upload", files={"file": ("a.txt", b"x")})
    assert refused.status_code == 401 and refused.headers["x-frame-options"] == "DENY"


def _many_sections(n: int, findings: int):
    text = "".join(f"第{i}节 支出{i}.00万元。\n" for i in range(n))
    starts = [m for m in range(len(text)) if text.startswith("第", m)]
    sections = [{"idx": i, "start": s} for i, s in enumerate(starts)]
    failed = []
    for k in range(findings):
        s = text.index("支出", starts[k * (n // findings)]) + 2
        e = text.index("万元", s)
        failed.append({"id": f"f{k}", "rule": "T101", "message": "m", "severity": "error",
                       "expected": "1", "difference": "1", "spans": f"[[{s}, {e}]]"})  # fmt: skip
    return text, failed, sections


def test_a_report_of_thousands_of_sections_is_marked_in_one_pass(monkeypatch):
    """The page's marked-up text reads each finding's spans once, not once per section
    (the page took 9.8 s; bench/report_page.py prints the time)."""
    from hedui.service import highlight

    text, failed, sections = _many_sections(3000, 100)
    calls = {"n": 0}
    real = highlight._pairs

    def counted(f):
        calls["n"] += 1
        return real(f)

    monkeypatch.setattr(highlight, "_pairs", counted)
    out = highlight.with_anchors(text, failed, sections)
    assert calls["n"] <= len(failed)
    assert out.count('<a id="s') == 3000 and out.count("<mark") == 100
    assert out.index('<a id="s0"></a>') == 0 and '<a id="s2999"></a>第2999节' in out
    # the text reads the same with the markup taken out
    import html as h
    import re

    assert h.unescape(re.sub(r"<span class=\"calc\">.*?</span>|<[^>]+>", "", out)) == text
