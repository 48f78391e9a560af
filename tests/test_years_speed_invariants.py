"""The pairing rules' fast paths (verifier.rules.years) give what the plain ones gave.

A pairing labels every figure of a report's prose (``_label``) and asks of each whether its
sentence names another year (``_said_of_another_year``); both were made cheaper for
bench_verifier's pairing figures. Each shortcut is set here against the code it replaced.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from verifier.rules import years
from verifier.rules.years import _CHANGE, _CHANGE_WORDS, _YEAR, _said_of_another_year

# text made of what the two questions look at: years, 年, the words before a compared year,
# the change words, and filler
_PIECES = st.sampled_from(
    [
        "2023",
        "2024",
        "1999",
        "20",
        "年",
        " ",
        "比",
        "较",
        "与",
        "同",
        "度",
        "支出",
        "\n",
        "为",
        *_CHANGE_WORDS,
    ]
)
_TEXTS = st.lists(_PIECES, max_size=30).map("".join)


def _plain_said_of_another_year(report, claim, n) -> bool:  # type: ignore[no-untyped-def]
    """The former ``_said_of_another_year``: every match of the year pattern read."""
    if report.year is None or n.span is None:
        return False
    text = report.text
    for m in reversed(list(_YEAR.finditer(text, claim.sentence.start, n.span.start))):
        if text[max(0, m.start() - 3) : m.start()].rstrip()[-1:] in ("比", "较", "与", "同"):
            continue
        return int(m.group(1)) != report.year
    return False


@given(_TEXTS, st.integers(0, 40), st.integers(0, 40), st.sampled_from([None, 2023, 2024]))
def test_said_of_another_year_as_before(text, a, b, year) -> None:  # type: ignore[no-untyped-def]
    report = SimpleNamespace(text=text, year=year)
    claim = SimpleNamespace(sentence=SimpleNamespace(start=min(a, b)))
    n = SimpleNamespace(span=SimpleNamespace(start=max(a, b)))
    assert _said_of_another_year(report, claim, n) == _plain_said_of_another_year(  # type: ignore[arg-type]
        report, claim, n
    )


@given(_TEXTS)
def test_change_words_found_as_by_each_word(words) -> None:  # type: ignore[no-untyped-def]
    assert bool(_CHANGE.search(words)) == any(w in words for w in _CHANGE_WORDS)


@given(_TEXTS)
def test_precompiled_patterns_as_the_inline_ones(words) -> None:  # type: ignore[no-untyped-def]
    assert years._SPACES.sub("", words) == re.sub(r"\s+", "", words)
    assert years._HEADING_RUN_IN.sub("", words + "情况说明" + words) == re.sub(
        r"^.*?情况说明", "", words + "情况说明" + words
    )
