"""One structured call to the model: prompt file in, validated Pydantic object out.

Three loops are kept apart, because they fail for different reasons and are paid for
differently:

* **retries** — the network, a timeout, 429 or 5xx: the same request again after a backoff
  (Retry-After when the server gives one), done here with tenacity around the raw HTTP call;
  the openai client's own retries are off so that they are counted and replay the same way;
* **re-asks** — the answer came back but failed validation (broken JSON, a number not in the
  source): instructor sends the validation error back to the model, at most ``max_reasks``
  times;
* **the cache** — an answer already validated for the same (prompt version, model, input) is
  read from the cache and never requested again.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol, TypeVar

import instructor
import openai
from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel, ValidationError
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from extractor.llm.config import LLMSettings

T = TypeVar("T", bound=BaseModel)

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
_MODES = {
    "tools": instructor.Mode.TOOLS,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
    "json_schema": instructor.Mode.JSON_SCHEMA,
}


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    text: str

    @property
    def tag(self) -> str:
        return f"{self.name}@{self.version}"


def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> Prompt:
    """A prompt file: a front matter with ``name`` and ``version``, then the instructions."""
    path = directory / f"{name}.md"
    raw = path.read_text(encoding="utf-8")
    if not raw.startswith("---\n"):
        raise ValueError(f"{path}: a prompt file starts with a --- front matter")
    head, _, body = raw[4:].partition("\n---\n")
    meta = dict(line.split(":", 1) for line in head.splitlines() if ":" in line)
    meta = {k.strip(): v.strip() for k, v in meta.items()}
    if "version" not in meta:
        raise ValueError(f"{path}: the front matter has no version")
    return Prompt(name=meta.get("name", name), version=meta["version"], text=body.strip())


class Cache(Protocol):
    """Where validated answers are kept; hedui's store implements it in SQLite."""

    def get(self, key: str) -> dict | None: ...

    def put(self, key: str, entry: dict) -> None: ...


class MemoryCache:
    def __init__(self) -> None:
        self.entries: dict[str, dict] = {}

    def get(self, key: str) -> dict | None:
        return self.entries.get(key)

    def put(self, key: str, entry: dict) -> None:
        self.entries[key] = entry


@dataclass
class CallRecord:
    """What one logical call cost: requests sent, re-asks, retries, tokens, money."""

    prompt: str
    requests: int = 0
    retries: int = 0
    reasks: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost: Decimal | None = None
    cached: bool = False
    ok: bool = False
    error: str | None = None
    unreachable: bool = False  # the network, a timeout, 429 or 5xx outlasted the retries


@dataclass
class Usage:
    """Totals over many calls (one report, one run)."""

    calls: int = 0
    cached: int = 0
    requests: int = 0
    retries: int = 0
    reasks: int = 0
    failed: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost: Decimal | None = None
    records: list[CallRecord] = field(default_factory=list)

    def add(self, rec: CallRecord) -> None:
        self.records.append(rec)
        self.calls += 1
        self.cached += rec.cached
        self.failed += not rec.ok
        for name in ("requests", "retries", "reasks", "tokens_in", "tokens_out"):
            setattr(self, name, getattr(self, name) + getattr(rec, name))
        if rec.cost is not None:
            self.cost = (self.cost or Decimal(0)) + rec.cost

    def summary(self) -> dict[str, Any]:
        return {
            "calls": self.calls,
            "cached": self.cached,
            "requests": self.requests,
            "retries": self.retries,
            "reasks": self.reasks,
            "failed": self.failed,
            "tokens_in": self.tokens_in,
            "tokens_out": self.tokens_out,
            "cost": None if self.cost is None else str(self.cost),
        }


class RateLimiter:
    """Requests and tokens per minute over a sliding window, shared by a run's threads."""

    def __init__(self, rpm: int, tpm: int, clock=time.monotonic, sleep=time.sleep) -> None:
        self.rpm, self.tpm = rpm, tpm
        self.clock, self.sleep = clock, sleep
        self.sent: deque[tuple[float, int]] = deque()
        self.lock = threading.Lock()

    def wait(self, tokens: int) -> None:
        tokens = min(tokens, self.tpm)
        while True:
            with self.lock:
                now = self.clock()
                while self.sent and now - self.sent[0][0] >= 60:
                    self.sent.popleft()
                used = sum(t for _, t in self.sent)
                if len(self.sent) < self.rpm and used + tokens <= self.tpm:
                    self.sent.append((now, tokens))
                    return
                pause = 60 - (now - self.sent[0][0])
            self.sleep(max(pause, 0.05))


def _retryable(exc: BaseException) -> bool:
    if isinstance(exc, openai.APITimeoutError | openai.APIConnectionError | openai.RateLimitError):
        return True
    return isinstance(exc, openai.APIStatusError) and exc.status_code >= 500


def _retry_after(exc: BaseException | None) -> float | None:
    response = getattr(exc, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def estimate_tokens(text: str) -> int:
    """A quick upper estimate for rate limiting: about one token per CJK character."""
    return len(text) + 200


def _last_answer(exc: Exception, response_model: type[T]) -> T | None:
    """The model's last answer read for its shape only (no grounding), when it has one.

    After the re-asks run out, the answer is kept rather than dropped: its ungrounded
    numbers keep no span, so the verifier rejects the extraction and shows why.
    """
    completion = getattr(exc, "last_completion", None)
    try:
        message = completion.choices[0].message  # type: ignore[union-attr]
        calls = message.tool_calls or []
        raw = calls[0].function.arguments if calls else (message.content or "")
    except (AttributeError, IndexError, TypeError):
        return None
    raw = raw.strip().removeprefix("```json").removeprefix("```").removesuffix("```")
    try:
        return response_model.model_validate_json(raw)
    except ValidationError:
        return None


class LLMClient:
    """The model behind instructor, with counted retries, a rate limit and a cache."""

    def __init__(
        self,
        settings: LLMSettings,
        cache: Cache | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        http_client: Any = None,
    ) -> None:
        self.settings = settings
        self.cache = cache if cache is not None else MemoryCache()
        self.sleep = sleep
        kwargs: dict[str, Any] = {
            "api_key": settings.api_key or "not-set",
            "max_retries": 0,  # retries are ours: counted, and deterministic under replay
            "timeout": settings.timeout,
        }
        if settings.base_url:
            kwargs["base_url"] = settings.base_url
        if http_client is not None:
            kwargs["http_client"] = http_client
        self.openai = openai.OpenAI(**kwargs)
        self._local = threading.local()
        raw_create = self.openai.chat.completions.create
        self.openai.chat.completions.create = self._with_retries(raw_create)  # type: ignore[method-assign]
        self.client = instructor.from_openai(self.openai, mode=_MODES[settings.mode])
        self.limiter = RateLimiter(
            settings.requests_per_minute, settings.tokens_per_minute, sleep=sleep
        )
        self.slots = threading.BoundedSemaphore(settings.concurrency)

    # -- the raw HTTP call, retried -------------------------------------------------------
    def _with_retries(self, create: Callable[..., Any]) -> Callable[..., Any]:
        settings = self.settings

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            after = _retry_after(exc)
            if after is not None:
                return min(after, 60.0)
            return min(settings.backoff * 2 ** (state.attempt_number - 1), 60.0)

        def before_sleep(state: RetryCallState) -> None:
            rec = getattr(self._local, "record", None)
            if rec is not None:
                rec.retries += 1

        def call(*args: Any, **kwargs: Any) -> Any:
            rec = getattr(self._local, "record", None)
            messages = kwargs.get("messages") or []
            self.limiter.wait(estimate_tokens(json.dumps(messages, ensure_ascii=False)))
            for attempt in Retrying(
                retry=retry_if_exception(_retryable),
                stop=stop_after_attempt(settings.max_retries + 1),
                wait=wait,
                sleep=self.sleep,
                before_sleep=before_sleep,
                reraise=True,
            ):
                with attempt:
                    response = create(*args, **kwargs)
            if rec is not None:
                rec.requests += 1
                usage = getattr(response, "usage", None)
                if usage is not None:
                    rec.tokens_in += usage.prompt_tokens or 0
                    rec.tokens_out += usage.completion_tokens or 0
            return response

        return call

    def _cost(self, rec: CallRecord) -> Decimal | None:
        s = self.settings
        if s.price_in is None or s.price_out is None:
            return None
        return (s.price_in * rec.tokens_in + s.price_out * rec.tokens_out) / Decimal(1_000_000)

    def cache_key(self, prompt: Prompt, response_model: type[BaseModel], content: str) -> str:
        h = hashlib.sha256()
        for part in (
            prompt.tag,
            prompt.text,
            self.settings.model,
            self.settings.mode,
            json.dumps(response_model.model_json_schema(), sort_keys=True),
            content,
        ):
            h.update(part.encode())
            h.update(b"\0")
        return h.hexdigest()

    # -- one logical call -----------------------------------------------------------------
    def ask(
        self,
        prompt: Prompt,
        response_model: type[T],
        content: str,
        context: dict[str, Any],
        system_vars: dict[str, str] | None = None,
    ) -> tuple[T | None, CallRecord]:
        """The validated answer, or None with the reason in the record. Never raises for a
        model that answers badly or a network that fails: the caller keeps going."""
        rec = CallRecord(prompt=prompt.tag)
        system = prompt.text.format(**(system_vars or {})) if system_vars else prompt.text
        key = self.cache_key(prompt, response_model, system + "\0" + content)
        hit = self.cache.get(key)
        if hit is not None:
            try:
                cached = response_model.model_validate_json(hit["response"], context=context)
                rec.cached, rec.ok = True, True
                return cached, rec
            except ValidationError:
                pass  # grounding rules changed since it was cached: ask again
        messages: list[ChatCompletionMessageParam] = [
            {"role": "system", "content": system},
            {"role": "user", "content": f"<原文>\n{content}\n</原文>"},
        ]
        self._local.record = rec
        answer: T | None = None
        try:
            with self.slots:
                answer = self.client.chat.completions.create(
                    model=self.settings.model,
                    response_model=response_model,
                    messages=messages,
                    max_retries=self.settings.max_reasks,
                    context=context,
                    temperature=self.settings.temperature,
                    hooks=self._reask_counter(rec),
                )
            rec.ok = True
        except instructor.core.InstructorRetryException as exc:  # type: ignore[attr-defined]
            cause = exc.__cause__
            if cause is not None and not isinstance(cause, ValidationError | ValueError):
                rec.error = f"{type(cause).__name__}: {cause}"
                rec.unreachable = _retryable(cause)
            else:
                rec.reasks = max(rec.reasks - 1, 0)  # the last failure was not re-asked
                rec.error = f"still invalid after {rec.reasks} re-asks: {str(cause or exc)[:300]}"
                answer = _last_answer(exc, response_model)
        except openai.OpenAIError as exc:
            rec.error = f"{type(exc).__name__}: {exc}"
            rec.unreachable = _retryable(exc)
        finally:
            self._local.record = None
        rec.cost = self._cost(rec)
        if answer is not None and rec.ok:
            self.cache.put(
                key,
                {
                    "prompt_name": prompt.name,
                    "prompt_version": prompt.version,
                    "model": self.settings.model,
                    "input_hash": hashlib.sha256(content.encode()).hexdigest(),
                    "response": answer.model_dump_json(),
                    "tokens_in": rec.tokens_in,
                    "tokens_out": rec.tokens_out,
                    "cost": None if rec.cost is None else str(rec.cost),
                },
            )
        return answer, rec

    @staticmethod
    def _reask_counter(rec: CallRecord):
        hooks = instructor.hooks.Hooks()

        def on_parse_error(error: Exception, **_: Any) -> None:
            rec.reasks += 1

        hooks.on("parse:error", on_parse_error)
        return hooks
