"""The model types what the rules could not — and only that.

Three kinds of chunk go to the model, each cut from the Report the rules made:

* the narrative sections (部门职责, 机构设置, 人员情况, 工作成效, 存在问题, 改进措施), batched into
  as few calls as fit, so the instructions and schema are paid for once;
* table-like sections no rule could read (a one-cell-per-line 收支情况表 the rules took for an
  unknown table, say): their numbers go to ``Table``s;
* claim sentences the patterns left ``unverifiable``.

Chunks are chosen in ``plan``, answers applied in ``apply``. Everything the model returns is grounded (extractor.llm.grounding) before it enters the Report,
and then the verifier recomputes it like any other figure. A chunk the model cannot answer
validly within its re-asks is kept out and said so in ``Report.extraction.notes``; a table it
did answer is kept even if the verifier later rejects it, with the findings to show why.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from extractor.llm.apply import apply_answer
from extractor.llm.client import CallRecord, LLMClient, Usage
from extractor.llm.config import LLMSettings, settings_from_env
from extractor.llm.plan import Chunk, plan, request_for
from extractor.source import Source
from verifier.report import (
    Report,
)

__all__ = ["Chunk", "enrich", "plan", "settings_from_env"]


def enrich(
    report: Report,
    source: Source | None,
    settings: LLMSettings,
    *,
    client: LLMClient | None = None,
    cache=None,
    progress: Callable[[CallRecord], None] | None = None,
) -> tuple[Report, Usage]:
    """The Report with the model's grounded readings added, and what the calls cost."""
    client = client or LLMClient(settings, cache)
    report = report.model_copy(deep=True)
    page_of = source.page_of if source is not None and source.pages else None
    chunks = plan(report)
    usage = Usage()

    def run(chunk: Chunk):
        req = request_for(chunk, report)
        answer, rec = client.ask(req.prompt, req.model, req.content, req.context, req.system_vars)
        if progress:
            progress(rec)
        return chunk, req.prompt, answer, rec

    with ThreadPoolExecutor(max_workers=settings.concurrency) as pool:
        results = list(pool.map(run, chunks))
    versions = dict(report.extraction.prompt_versions)
    for chunk, prompt, answer, rec in results:
        usage.add(rec)
        versions[prompt.name] = prompt.version
        if answer is None:
            s, e, label = chunk.windows[0]
            report.extraction.notes.append(
                f"model ({prompt.tag}) gave no valid answer for {chunk.task} at {s}-{e}"
                f" {label}: {rec.error}"
            )
            continue
        if not rec.ok:
            s, e, label = chunk.windows[0]
            report.extraction.notes.append(
                f"model ({prompt.tag}) answer for {chunk.task} at {s}-{e} {label} kept"
                f" although still invalid ({rec.error}); the verifier judges it"
            )
        apply_answer(report, chunk, answer, prompt.tag, page_of)
    if chunks:
        report.extraction.extractor = "rules+llm"
        report.extraction.model = settings.model
        report.extraction.prompt_versions = versions
    return report, usage
