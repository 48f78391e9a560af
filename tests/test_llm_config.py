"""Model settings from the environment; the mode each provider accepts."""

from __future__ import annotations

import pytest

from extractor.llm.client import RateLimiter, load_prompt
from extractor.llm.config import ConfigError, default_mode, settings_from_env


@pytest.mark.parametrize(
    ("url", "mode"),
    [
        (None, "tools"),
        ("https://api.deepseek.com/v1", "json"),
        ("https://dashscope.aliyuncs.com/compatible-mode/v1", "tools"),
        ("http://localhost:8000/v1", "json_schema"),
        ("http://127.0.0.1:11434/v1", "json_schema"),
        ("https://example.org/v1", "tools"),
    ],
)
def test_default_mode_per_provider(url, mode):
    assert default_mode(url) == mode


def test_no_model_means_no_settings(monkeypatch):
    monkeypatch.delenv("HEDUI_LLM_MODEL", raising=False)
    assert settings_from_env() is None


def test_openai_variables_are_the_fallback(monkeypatch):
    monkeypatch.setenv("HEDUI_LLM_MODEL", "deepseek-chat")
    monkeypatch.delenv("HEDUI_LLM_API_KEY", raising=False)
    monkeypatch.delenv("HEDUI_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("HEDUI_LLM_MODE", raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-x")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://api.deepseek.com/v1")
    s = settings_from_env()
    assert s.api_key == "sk-x" and s.mode == "json" and s.price_in is not None
    assert "sk-x" not in repr(s)


def test_a_bad_mode_names_the_choices(monkeypatch):
    monkeypatch.setenv("HEDUI_LLM_MODEL", "m")
    monkeypatch.setenv("HEDUI_LLM_MODE", "xml")
    with pytest.raises(ConfigError, match="json_schema"):
        settings_from_env()


def test_prompts_carry_a_version():
    for name in ("narrative", "table", "claim"):
        p = load_prompt(name)
        assert p.version and p.text and p.tag == f"{name}@{p.version}"


def test_rate_limiter_waits_for_the_window():
    now = [0.0]
    slept = []

    def sleep(s):
        slept.append(s)
        now[0] += s

    limiter = RateLimiter(rpm=2, tpm=1000, clock=lambda: now[0], sleep=sleep)
    limiter.wait(10)
    limiter.wait(10)
    limiter.wait(10)  # a third request in the same minute waits for the first to age out
    assert slept and now[0] >= 60
