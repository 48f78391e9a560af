"""Each structured-output mode reads an answer; transient errors are retried, others not.

These use an in-process endpoint (httpx2.MockTransport), not cassettes: they check how the
client reads each mode's response shape, which needs no recorded model.
"""

from __future__ import annotations

import json

import httpx2
import openai
import pytest

from extractor.llm.client import LLMClient, MemoryCache, _retryable, load_prompt
from extractor.llm.config import LLMSettings
from extractor.llm.schemas import NarrativeBatch

TEXT = "一、部门职责\n负责规划和建设；负责编制技术标准；负责数据库管理。\n"
ANSWER = {"sections": [{"id": 0, "items": ["负责编制技术标准"], "figures": []}]}
WRONG = {"sections": [{"id": 0, "items": ["负责编制技术规范"], "figures": []}]}


def completion(message: dict) -> dict:
    return {
        "id": "x",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def content_answer(answer: dict, fenced: bool) -> dict:
    body = json.dumps(answer, ensure_ascii=False)
    return {"role": "assistant", "content": f"```json\n{body}\n```" if fenced else body}


def ask(mode: str, answers: list):
    sent = []

    def handle(request: httpx2.Request) -> httpx2.Response:
        sent.append(json.loads(request.content))
        status, message = answers.pop(0)
        if status != 200:
            return httpx2.Response(status, json={"error": {"message": "busy"}})
        return httpx2.Response(200, json=completion(message))

    settings = LLMSettings(model="m", base_url="http://llm.invalid/v1", mode=mode, backoff=0)
    client = LLMClient(
        settings,
        MemoryCache(),
        sleep=lambda _s: None,
        http_client=httpx2.Client(transport=httpx2.MockTransport(handle)),
    )
    context = {"text": TEXT, "windows": {0: (0, len(TEXT))}}
    answer, rec = client.ask(load_prompt("narrative"), NarrativeBatch, "…", context)
    return answer, rec, sent


@pytest.mark.parametrize("mode", ["json", "md_json", "json_schema"])
def test_content_modes_read_the_answer_and_reask(mode):
    fenced = mode == "md_json"
    answer, rec, sent = ask(
        mode, [(200, content_answer(WRONG, fenced)), (200, content_answer(ANSWER, fenced))]
    )
    assert rec.ok and rec.reasks == 1 and answer.sections[0].items == ["负责编制技术标准"]
    assert "负责编制技术规范" in json.dumps(sent[1]["messages"], ensure_ascii=False)


def test_server_errors_are_retried_and_counted_apart():
    msg = content_answer(ANSWER, False)
    answer, rec, _ = ask("json", [(503, None), (500, None), (200, msg)])
    assert rec.ok and rec.retries == 2 and rec.reasks == 0 and rec.requests == 1
    assert answer is not None


def test_a_bad_request_is_not_retried_and_does_not_raise():
    answer, rec, sent = ask("json", [(400, None)])
    assert answer is None and not rec.ok and rec.retries == 0 and len(sent) == 1
    assert "BadRequest" in rec.error


def test_what_is_retryable():
    req = httpx2.Request("POST", "http://x")
    assert _retryable(openai.APITimeoutError(request=req))
    assert not _retryable(ValueError("no"))


def test_an_unreachable_model_stores_nothing_and_a_rerun_retries(tmp_path, monkeypatch):
    """A file whose model calls could not be made is failed, not stored half-typed."""
    from hedui import store
    from hedui.ingest import ingest
    from tests.conftest import EXAMPLES

    def down(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(503, json={"error": {"message": "overloaded"}})

    import extractor.llm.run as llm_mod

    def client(settings, cache=None, **kw):
        s = settings.model_copy(update={"max_retries": 1, "backoff": 0})
        http = httpx2.Client(transport=httpx2.MockTransport(down))
        return LLMClient(s, cache, sleep=lambda _s: None, http_client=http)

    monkeypatch.setattr(llm_mod, "LLMClient", client)
    monkeypatch.setenv("HEDUI_LLM_MODEL", "m")
    monkeypatch.setenv("HEDUI_LLM_BASE_URL", "http://llm.invalid/v1")
    db = store.open_db(tmp_path / "h.db")
    name = "青禾县网格服务中心_2023年度部门决算.txt"
    summary = ingest(db, [EXAMPLES / name], workers=1, llm="on", isolate=False)
    [result] = summary.results
    assert result.status == "failed" and "could not be reached" in result.message
    assert name in result.message and "run again" in result.message
    assert not list(db.query("SELECT sha256 FROM reports"))
