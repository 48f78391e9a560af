"""`hedui ingest --llm on` end to end, replayed from cassettes/test_llm_ingest/."""

from __future__ import annotations

import json
import shutil

import httpx2
import pytest
from typer.testing import CliRunner

import extractor.llm.run as llm_mod
from extractor.llm.client import LLMClient
from hedui import store
from hedui.cli import app
from tests.conftest import EXAMPLES
from tests.llm_cassettes import CANONICAL_BASE, CANONICAL_MODEL

EXAMPLE = "青禾县网格服务中心_2023年度部门决算.txt"


@pytest.fixture
def model_env(monkeypatch, llm_transport):
    """A model configured the way a user would, served by the cassette (or the script)."""
    monkeypatch.setenv("HEDUI_LLM_MODEL", CANONICAL_MODEL)
    monkeypatch.setenv("HEDUI_LLM_BASE_URL", CANONICAL_BASE)
    monkeypatch.setenv("HEDUI_LLM_API_KEY", "test-key")
    monkeypatch.setenv("HEDUI_LLM_CONCURRENCY", "1")
    if llm_transport is not None:

        def scripted(settings, cache=None, **kw):
            return LLMClient(settings, cache, http_client=httpx2.Client(transport=llm_transport))

        monkeypatch.setattr(llm_mod, "LLMClient", scripted)


@pytest.mark.llm
@pytest.mark.vcr
def test_ingest_with_a_model(tmp_path, model_env):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / EXAMPLE, folder / EXAMPLE)
    db = tmp_path / "h.db"
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["ingest", str(folder), "--db", str(db), "--llm", "on", "--workers", "1", "--in-process"],
    )
    assert result.exit_code == 0, result.output
    assert f"Model: {CANONICAL_MODEL}" in result.output
    assert "model calls: 2 (0 from the cache, 0 failed)" in result.output
    database = store.open_db(db)
    report = store.get_report(database, EXAMPLE)
    assert report.extraction.extractor == "rules+llm"
    assert report.extraction.prompt_versions == {"narrative": "2", "claim": "2"}
    assert len(report.narratives.duties) == 4  # split by the rules
    assert set(report.narratives.staff) == {"内设股室", "事业编制"}  # named by the model
    assert report.narratives.staff["事业编制"].value == 18
    llm_claims = [c for c in report.claims if c.source == "llm"]
    assert len(llm_claims) == 2 and not [c for c in report.claims if c.status == "unverifiable"]
    rows = list(database.query("SELECT * FROM llm_calls"))
    assert len(rows) == 2 and all(r["ok"] for r in rows) and sum(r["tokens_in"] for r in rows) > 0
    assert len(list(database.query("SELECT key FROM llm_cache"))) == 2

    shown = runner.invoke(app, ["show", EXAMPLE, "--db", str(db)]).output
    assert "model calls: 2" in shown and "narrative@2" in shown
    stats = runner.invoke(app, ["stats", "--db", str(db)])
    assert "model calls: 2" in stats.output and "over 1 reports" in stats.output

    # Stored again from scratch, the same file costs nothing: every answer is in the cache.
    database.conn.execute("DELETE FROM reports")
    again = runner.invoke(
        app,
        ["ingest", str(folder), "--db", str(db), "--llm", "on", "--workers", "1", "--in-process"],
    )
    assert again.exit_code == 0, again.output
    assert "model calls: 2 (2 from the cache, 0 failed), 0 requests" in again.output
    cached = store.get_report(store.open_db(db), EXAMPLE)
    assert json.loads(cached.narratives.model_dump_json()) == json.loads(
        report.narratives.model_dump_json()
    )


def test_llm_on_without_a_model_is_refused(tmp_path, monkeypatch):
    for name in ("HEDUI_LLM_MODEL", "HEDUI_LLM_BASE_URL", "HEDUI_LLM_API_KEY", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(
        app, ["ingest", str(EXAMPLES), "--db", str(tmp_path / "h.db"), "--llm", "on"]
    )
    assert result.exit_code == 2
    assert "no model configured" in result.output
    assert not (tmp_path / "h.db").exists()


def test_auto_without_a_model_says_so_once(tmp_path, monkeypatch):
    monkeypatch.delenv("HEDUI_LLM_MODEL", raising=False)
    result = CliRunner().invoke(
        app, ["ingest", str(EXAMPLES), "--db", str(tmp_path / "h.db"), "--workers", "1"]
    )
    assert result.exit_code == 1, result.output  # stored; an example is flagged
    assert result.output.count("No model configured") == 1
    assert "model calls" not in result.output


def test_a_bad_mode_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("HEDUI_LLM_MODEL", "m")
    monkeypatch.setenv("HEDUI_LLM_MODE", "xml")
    result = CliRunner().invoke(app, ["ingest", str(EXAMPLES), "--db", str(tmp_path / "h.db")])
    assert result.exit_code == 2
    assert "HEDUI_LLM_MODE='xml'" in result.output and "tools" in result.output
