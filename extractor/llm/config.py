"""Which model, where, in which structured-output mode, at what price: read from the
environment, so the same build runs against OpenAI, DeepSeek, Qwen or a local server.

Nothing here talks to the network; ``settings_from_env`` returns None when no model is
configured, and the caller then does the whole job with the rules.
"""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Literal
from urllib.parse import urlparse

from pydantic import BaseModel, Field

Mode = Literal["tools", "json", "md_json", "json_schema"]
MODES: tuple[str, ...] = ("tools", "json", "md_json", "json_schema")

# Estimated list prices in US dollars per million tokens (input, output). They are only for
# the cost column of `hedui stats`; set HEDUI_LLM_PRICE_IN / HEDUI_LLM_PRICE_OUT to override.
PRICES: dict[str, tuple[Decimal, Decimal]] = {
    "gpt-4o-mini": (Decimal("0.15"), Decimal("0.60")),
    "gpt-4.1-mini": (Decimal("0.40"), Decimal("1.60")),
    "gpt-4o": (Decimal("2.50"), Decimal("10.00")),
    "deepseek-chat": (Decimal("0.27"), Decimal("1.10")),
    "qwen-plus": (Decimal("0.11"), Decimal("0.28")),
    "qwen-turbo": (Decimal("0.04"), Decimal("0.08")),
}


class LLMSettings(BaseModel):
    """Everything the model client needs; built from the environment or by a test."""

    model: str
    base_url: str | None = None  # None: the OpenAI default
    api_key: str = Field(default="", repr=False)
    mode: Mode = "tools"
    max_reasks: int = Field(default=2, ge=0)  # validation re-asks after the first answer
    max_retries: int = Field(default=4, ge=0)  # network/429/5xx retries, counted apart
    backoff: float = Field(default=1.0, ge=0)  # first backoff in seconds (0 in tests)
    timeout: float = Field(default=120.0, gt=0)
    concurrency: int = Field(default=4, ge=1)
    requests_per_minute: int = Field(default=60, ge=1)
    tokens_per_minute: int = Field(default=200_000, ge=1)
    price_in: Decimal | None = None  # per million tokens
    price_out: Decimal | None = None
    temperature: float = 0.0


def provider_of(base_url: str | None) -> str:
    """A provider's name from its endpoint, for choosing a mode it supports."""
    if not base_url:
        return "openai"
    parsed = urlparse(base_url)
    host = (parsed.hostname or "").lower()
    if "deepseek" in host:
        return "deepseek"
    if "dashscope" in host or "aliyuncs" in host:
        return "qwen"
    if parsed.port == 11434 or "ollama" in host:
        return "ollama"
    if host in ("localhost", "127.0.0.1", "0.0.0.0") or host.endswith(".local"):
        return "vllm"
    if "openai.com" in host:
        return "openai"
    return "other"


def default_mode(base_url: str | None) -> Mode:
    """What each provider's structured output actually accepts.

    DeepSeek takes only ``response_format={"type": "json_object"}``; Qwen on DashScope has no
    json_schema but calls tools; vLLM and Ollama enforce a schema with guided decoding
    (json_schema); OpenAI and unknown OpenAI-compatible servers get tool calls.
    """
    return {
        "deepseek": "json",
        "qwen": "tools",
        "vllm": "json_schema",
        "ollama": "json_schema",
    }.get(provider_of(base_url), "tools")  # type: ignore[return-value]


def price_of(model: str) -> tuple[Decimal, Decimal] | None:
    for prefix in sorted(PRICES, key=len, reverse=True):
        if model.startswith(prefix):
            return PRICES[prefix]
    return None


class ConfigError(ValueError):
    """A model setting in the environment is wrong; the message says which and how to fix it."""


def _env(*names: str) -> str | None:
    for n in names:
        v = os.environ.get(n)
        if v:
            return v
    return None


def settings_from_env() -> LLMSettings | None:
    """Settings from HEDUI_LLM_* (falling back to OPENAI_*), or None when no model is named."""
    model = _env("HEDUI_LLM_MODEL")
    if not model:
        return None
    base_url = _env("HEDUI_LLM_BASE_URL", "OPENAI_BASE_URL")
    mode = (_env("HEDUI_LLM_MODE") or default_mode(base_url)).lower()
    if mode not in MODES:
        raise ConfigError(f"HEDUI_LLM_MODE={mode!r}: use one of {', '.join(MODES)}")
    prices = price_of(model)
    price_in = _env("HEDUI_LLM_PRICE_IN")
    price_out = _env("HEDUI_LLM_PRICE_OUT")
    try:
        kw = {
            "concurrency": int(_env("HEDUI_LLM_CONCURRENCY") or 4),
            "requests_per_minute": int(_env("HEDUI_LLM_RPM") or 60),
            "tokens_per_minute": int(_env("HEDUI_LLM_TPM") or 200_000),
        }
        pin = Decimal(price_in) if price_in else (prices[0] if prices else None)
        pout = Decimal(price_out) if price_out else (prices[1] if prices else None)
    except (ValueError, ArithmeticError) as exc:
        raise ConfigError(f"a HEDUI_LLM_* number could not be read: {exc}") from exc
    return LLMSettings(
        model=model,
        base_url=base_url,
        api_key=_env("HEDUI_LLM_API_KEY", "OPENAI_API_KEY") or "",
        mode=mode,  # type: ignore[arg-type]
        price_in=pin,
        price_out=pout,
        **kw,
    )
