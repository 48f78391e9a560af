"""The web service through FastAPI's TestClient: reads open, writes need the token, uploads
have a limit, and document text is escaped in pages."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from hedui.service import create_app, highlight_source
from tests.test_search import SAMPLE_TEXT, build_db, sample_report

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def db_path(tmp_path):
    text = SAMPLE_TEXT.replace(
        "部分网格员业务能力不足", "部分网格员<script>alert(1)</script>业务能力不足，联系13912345678"
    )
    build_db(tmp_path / "svc.db", [sample_report(text)])
    return tmp_path / "svc.db"


@pytest.fixture
def client(db_path):
    return TestClient(create_app(db_path, token=TOKEN, max_upload_bytes=2000))


def _fid(client) -> str:
    return client.get("/api/review").json()[0]["id"]


def test_api_reads(client):
    reports = client.get("/api/reports").json()
    assert [r["sha256"] for r in reports] == ["a" * 64]
    assert "text" not in reports[0]
    assert client.get("/api/reports/aaaaaaaa").json()["verdict"] == "flag"  # prefix
    secs = client.get("/api/reports/aaaaaaaa/sections").json()
    assert {s["kind"] for s in secs} >= {"存在问题", "决算表"}
    tables = client.get(f"/api/reports/{'a' * 64}/tables").json()
    assert [c["value"] for c in tables[0]["cells"]] == ["100.00", "60.00", "30.00"]
    findings = client.get(f"/api/reports/{'a' * 64}/findings").json()
    assert {f["outcome"] for f in findings} == {"fail", "pass"}
    assert client.get("/api/reports/ffff").status_code == 404
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/docs").status_code == 200


def test_api_search_masks_pii(client):
    hits = client.get("/api/search", params={"q": "联系"}).json()
    assert len(hits) == 1 and "139****5678" in hits[0]["snippet"]
    assert "13912345678" not in str(hits)
    assert client.get("/api/search", params={"q": '网格" OR *'}).status_code == 200


def test_write_without_token_refused(client):
    fid = _fid(client)
    body = {"decision": "accept", "note": "", "by": "x"}
    r = client.post(f"/api/findings/{fid}/decisions", json=body)
    assert r.status_code == 401 and "token" in r.json()["detail"]
    r = client.post(
        f"/api/findings/{fid}/decisions", json=body, headers={"Authorization": "Bearer wrong"}
    )
    assert r.status_code == 401
    r = client.post(
        f"/findings/{fid}/decide", data={"decision": "accept", "by": "x", "token": "no"}
    )
    assert r.status_code == 401
    assert client.get(f"/api/findings/{fid}/decisions").json() == []


def test_no_token_configured_means_read_only_with_a_clear_message(db_path, monkeypatch):
    monkeypatch.delenv("HEDUI_TOKEN", raising=False)
    c = TestClient(create_app(db_path))
    fid = _fid(c)
    r = c.post(
        f"/api/findings/{fid}/decisions", json={"decision": "accept", "by": "x"}, headers=AUTH
    )
    assert r.status_code == 403 and "HEDUI_TOKEN" in r.json()["detail"]


def test_token_from_environment(db_path, monkeypatch):
    monkeypatch.setenv("HEDUI_TOKEN", TOKEN)
    c = TestClient(create_app(db_path))
    fid = _fid(c)
    r = c.post(
        f"/api/findings/{fid}/decisions", json={"decision": "accept", "by": "x"}, headers=AUTH
    )
    assert r.status_code == 201


def test_decision_with_token_and_history(client):
    fid = _fid(client)
    r = client.post(f"/api/findings/{fid}/decisions", headers=AUTH,
                    json={"decision": "correct", "by": "alice", "note": "misprint", "corrected_value": "90"})  # fmt: skip
    assert r.status_code == 201, r.text
    hist = client.get(f"/api/findings/{fid}/decisions").json()
    assert [(d["decision"], d["by"], d["corrected_value"]) for d in hist] == [
        ("correct", "alice", "90")
    ]
    assert client.get("/api/reports/aaaa").json()["status"] == "reviewed"
    bad = client.post(
        f"/api/findings/{fid}/decisions", headers=AUTH, json={"decision": "maybe", "by": "a"}
    )
    assert bad.status_code == 422
    # the form route redirects to the finding's page, which shows the history
    r = client.post(
        f"/findings/{fid}/decide",
        data={"decision": "dismiss", "by": "bob", "note": "ok", "token": TOKEN},
    )
    assert r.status_code == 200 and "bob" in r.text and "alice" in r.text


def test_upload_over_limit_refused_with_clear_message(client):
    big = ("网格" * 2000).encode()
    r = client.post("/api/upload", headers=AUTH, files={"file": ("big.txt", big, "text/plain")})
    assert r.status_code == 413
    assert "upload limit of 2,000 bytes" in r.json()["detail"]


def test_upload_needs_token_and_a_known_format(client):
    r = client.post("/api/upload", files={"file": ("a.txt", b"x", "text/plain")})
    assert r.status_code == 401
    r = client.post("/api/upload", headers=AUTH, files={"file": ("a.exe", b"x", "application/x")})
    assert r.status_code == 415


def test_report_page_escapes_script_and_highlights_flagged_numbers(client):
    page = client.get(f"/reports/{'a' * 64}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "13912345678" not in page and "139****5678" in page
    assert page.count('<mark class="flag error"') == 3  # 100.00, 60.00, 30.00
    assert page.count("应为 90.00") == 1  # beside the stated total only
    assert 'id="s2"' in page  # section anchors for search links


def test_pages_render(client):
    assert "业务<mark>能力</mark>不足" in client.get("/", params={"q": "能力"}).text
    assert "<mark>能力</mark>" in client.get("/", params={"q": "能力"}).text
    assert "T101" in client.get("/review").text
    assert "Upload" in client.get("/upload").text
    assert client.get("/static/hedui.css").status_code == 200


def test_highlight_source_escapes_between_and_inside_spans():
    text = "a<b>12</b>&c"
    f = {"id": "x", "rule": "T1", "message": "m<", "severity": "error", "expected": "3",
         "difference": None, "spans": [[4, 6]]}  # fmt: skip
    out = highlight_source(text, [f])
    assert (
        out.startswith("a&lt;b&gt;<mark")
        and ">12</mark>" in out
        and out.endswith("&lt;/b&gt;&amp;c")
    )
    assert 'title="T1 m&lt;"' in out


def test_upload_ingests_a_file_through_the_pipeline(client, db_path):
    text = "东川县网格服务中心2023年度部门决算\n一、部门职责\n负责网格化服务管理。\n".encode()
    r = client.post("/api/upload", headers=AUTH, files={"file": ("东川县.txt", text, "text/plain")})
    assert r.status_code == 201, r.text
    sha = r.json()["sha256"]
    assert sha in {x["sha256"] for x in client.get("/api/reports").json()}
    assert any(
        h["report_sha256"] == sha for h in client.get("/api/search", params={"q": "网格化"}).json()
    )


@pytest.mark.corpus
def test_corpus_pages_render_and_mask_pii(tmp_path):
    from tests.conftest import corpus_files
    from tests.test_search import ingest_corpus

    files = corpus_files()
    if not files:
        pytest.skip("corpus not present at ../shared/corpus")
    ingest_corpus(tmp_path / "c.db", files)
    c = TestClient(create_app(tmp_path / "c.db", token=TOKEN))
    reports = c.get("/api/reports").json()
    assert len(reports) == len(files)
    from extractor.pii import find_pii

    for r in reports:
        page = c.get(f"/reports/{r['sha256']}")
        assert page.status_code == 200
        assert find_pii(page.text) == []  # no unmasked mobile or ID number on any page
    hits = c.get("/api/search", params={"q": "网格", "limit": 200}).json()
    assert hits and all("网格" in h["snippet"] for h in hits)


def test_upload_of_a_stored_file_is_not_extracted_again(client, monkeypatch):
    import hedui.ingest

    text = "西川县网格服务中心2023年度部门决算\n一、部门职责\n负责网格化服务管理。\n".encode()
    upload = {"file": ("西川县.txt", text, "text/plain")}
    first = client.post("/api/upload", headers=AUTH, files=upload)
    assert first.status_code == 201, first.text

    def no_processing(*args, **kw):
        raise AssertionError("a stored file was processed again")

    monkeypatch.setattr(hedui.ingest, "process", no_processing)
    again = client.post("/api/upload", headers=AUTH, files=upload)
    assert again.status_code == 201, again.text
    assert again.json()["sha256"] == first.json()["sha256"]
    assert "'skipped': True" in again.json()["result"]
    assert again.json()["skipped"] is True and again.json()["verdict"] in (
        "accept",
        "flag",
        "reject",
    )
