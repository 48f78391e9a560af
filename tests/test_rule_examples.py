"""The rule catalogue's examples (verifier.rules.examples) are tested docs: each text is run
through the extractor and the verifier, and the rule's finding must be what docs/rules.md
says it is. Every rule has an entry, so a rule without its documentation fails here."""

from __future__ import annotations

import pytest

from extractor import extract
from extractor.source import Source
from verifier import verify
from verifier.report import Outcome
from verifier.rules import PAIR_RULES, RULES
from verifier.rules.examples import DOCS, Example


def test_every_rule_is_documented() -> None:
    every = sorted([*RULES, *PAIR_RULES])
    assert every == sorted(DOCS), "add an entry to verifier/rules/examples.py"
    for code, doc in DOCS.items():
        assert doc.known_problems.strip(), code
        for ex in (doc.passing, doc.failing):
            assert ex.text.strip(), code
            assert ex.run or ex.why_not_run.strip(), f"{code}: say why the example is not run"


def test_a_passing_example_never_expects_a_failure() -> None:
    for code, doc in DOCS.items():
        assert doc.passing.expect in ("pass", "silent", "described"), code
        assert doc.failing.expect in ("fail", "insufficient_data", "described"), code


CASES = [
    pytest.param(code, which, ex, id=f"{code}-{which}")
    for code, doc in sorted(DOCS.items())
    for which, ex in (("passing", doc.passing), ("failing", doc.failing))
    if ex.run
]


@pytest.mark.parametrize("code,which,example", CASES)
def test_example(code: str, which: str, example: Example) -> None:
    source = Source(sha256="0" * 64, file_name="example.txt", format="txt", text=example.text)
    if example.earlier:  # a pair rule: the earlier year's report, then this one
        from verifier.years import check_pair

        first = Source(sha256="1" * 64, file_name="earlier.txt", format="txt", text=example.earlier)
        pair = check_pair(extract(first), extract(source))
        found = [y.finding for y in pair if y.finding.rule == code]
    else:
        found = [f for f in verify(extract(source)).findings if f.rule == code]
    outcomes = {f.outcome for f in found}
    said = [f"{f.outcome}: {f.message}" for f in found]
    if example.expect == "silent":
        assert not found, said
    elif example.expect == "fail":
        assert Outcome.FAIL in outcomes, said
    else:
        assert Outcome(example.expect) in outcomes and Outcome.FAIL not in outcomes, said
