"""Shared fixtures. The corpus is read from ../shared and never copied into the project."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from verifier.report import Finding, Outcome, Severity

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
CORPUS_EXTRA = SHARED / "corpus-extra"
EXAMPLES = ROOT / "examples"


def corpus_file(prefix: str, folder: Path = CORPUS) -> Path:
    """The corpus report whose name starts with ``prefix`` ("000" …), or skip the test."""
    if not folder.is_dir():
        pytest.skip(f"corpus not present at {folder} (it lives in ../shared beside the repo)")
    found = sorted(folder.glob(f"{prefix}*.txt"))
    if not found:
        pytest.skip(f"no corpus file {prefix}* in {folder}")
    return found[0]


def error_rules_at(findings: Sequence[Finding], at: int) -> list[str]:
    """The rules of the error findings whose spans cover offset ``at``: where the mutation
    benchmark asks whether a changed digit was caught."""
    return [
        f.rule
        for f in findings
        if f.outcome == Outcome.FAIL
        and f.severity == Severity.ERROR
        and any(s.start <= at < s.end for s in f.spans)
    ]


def corpus_files(folder: Path = CORPUS) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.txt"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not present at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_extra_dir() -> Path:
    if not CORPUS_EXTRA.is_dir():
        pytest.skip(f"corpus-extra not present at {CORPUS_EXTRA}")
    return CORPUS_EXTRA


@pytest.fixture(autouse=True)
def _workers_forked(monkeypatch):
    """Workers are forked in tests: the forkserver (the default) talks to its workers over a
    Unix socket, which --block-network refuses. The tests that start the forkserver run
    hedui in a child process (test_limits.py)."""
    from hedui import supervisor

    monkeypatch.setattr(supervisor, "START", "fork")


# -- LLM cassettes (pytest-recording) -------------------------------------------------------
# Tests marked `llm` replay cassettes/<module>/<test>.yaml with the network blocked. Never set
# record_mode in vcr_config: it would override --record-mode on the command line.


def pytest_addoption(parser):
    parser.addoption(
        "--llm-script",
        action="store_true",
        help="answer LLM requests from tests/llm_script.py (hand-written) instead of a real "
        "endpoint; with --record-mode=rewrite this rewrites the cassettes",
    )


def pytest_recording_configure(config, vcr):
    from tests import llm_cassettes

    vcr.register_serializer("yaml", llm_cassettes)
    vcr.register_matcher("json_body", llm_cassettes.json_body)


@pytest.fixture(scope="module")
def vcr_config():
    from tests import llm_cassettes

    return {
        "filter_headers": list(llm_cassettes.SECRET_HEADERS),
        "before_record_request": llm_cassettes.scrub_request,
        "before_record_response": llm_cassettes.scrub_response,
        "decode_compressed_response": True,
        "match_on": ["method", "uri", "json_body"],
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir(request) -> str:
    return str(ROOT / "cassettes" / Path(request.node.fspath).stem)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep the test body's report on the item, for fixtures' teardown to read."""
    report = yield
    if report.when == "call":
        item._report_call = report
    return report


@pytest.fixture(autouse=True)
def _cassette_played_in_full(request, record_mode):
    """A replayed cassette must be used up: a request the code no longer makes is a change
    in behaviour, not something to ignore."""
    if request.node.get_closest_marker("vcr") is None:
        yield
        return
    cassette = request.getfixturevalue("vcr")
    yield
    call = getattr(request.node, "_report_call", None)
    if call is None or not call.passed:
        return  # skipped (no corpus, say) or already failed: nothing to add
    if record_mode == "none" and cassette is not None and not cassette.all_played:
        pytest.fail(
            f"cassette {cassette._path} was only partly played "
            f"({cassette.play_count} of {len(cassette.data)} interactions)"
        )


def recording(request) -> bool:
    return request.config.getoption("--record-mode") not in (None, "none")


@pytest.fixture
def llm_settings(request):
    """Canonical settings in replay; the environment's model when recording for real."""
    from extractor.llm.config import LLMSettings, settings_from_env
    from tests.llm_cassettes import CANONICAL_BASE, CANONICAL_MODEL

    if recording(request) and not request.config.getoption("--llm-script"):
        settings = settings_from_env()
        if settings is None:
            pytest.fail("recording needs HEDUI_LLM_MODEL, HEDUI_LLM_BASE_URL, HEDUI_LLM_API_KEY")
        return settings.model_copy(update={"mode": "tools", "concurrency": 1})
    return LLMSettings(
        model=CANONICAL_MODEL,
        base_url=CANONICAL_BASE,
        api_key="test-key",
        mode="tools",
        backoff=0,
        concurrency=1,
    )


@pytest.fixture
def llm_transport(request):
    """The scripted endpoint when writing cassettes by hand, else None (the real transport,
    which vcrpy intercepts)."""
    if request.config.getoption("--llm-script"):
        from tests import llm_script

        return llm_script.transport(request.node.name)
    return None
