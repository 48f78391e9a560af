"""extractor.claims.amounts finds a subject's amounts with str.find and two shared patterns
(issue 19: compiling one pattern a subject cost a one-file verify ~14 ms). The one-pattern form
it replaced is kept here, and both must give the same matches — start, end, the figure, its
unit and whether a budget stood first — on the corpus's sentences and on random ones."""

from __future__ import annotations

import re
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.claims.amounts import _STANDALONE, _subject_amounts
from extractor.claims.patterns import MONEY_UNIT, NUM, SP, SUBJECT_LINKS, UNIT_GAP, wrappable
from tests.conftest import CORPUS, CORPUS_EXTRA, SHARED, corpus_files

_STANDALONE_LEAD = r"(?:(?<=年度)|(?<=本年)|(?<=含)|(?<![\u4e00-\u9fff“”\"]))"
_BUDGET_FIRST = rf"(?P<b>(?:支出)?(?:年初)?预算数?为{SP}{NUM}{UNIT_GAP}万\s*元[，,]{SP}(?:{{name}})?{{spent}}(?=决算))"


@cache
def _subject_pattern(subj: str, link: str) -> re.Pattern[str]:
    """The pattern of one subject's amount, as amounts.py compiled it before."""
    lead = _STANDALONE_LEAD if subj in _STANDALONE else ""
    name = f"(?:{wrappable(subj)})"
    spent = "(?:支出)?" if subj.endswith("支出") else ""
    budget = "" if link.startswith("公开07.") else _BUDGET_FIRST.format(name=name, spent=spent)
    return re.compile(
        rf"{lead}{name}(?:{budget})?(?:支出|决算数?|为|共计|合计)*"
        rf"{SP}(?P<n>{NUM}){UNIT_GAP}(?P<u>{MONEY_UNIT})"
    )


def _old(subj: str, link: str, sent: str) -> list[tuple]:
    return [
        (m.start(), m.end(), m["n"], m.start("n"), "".join(m["u"].split()), bool(m["b"]) if "b" in m.re.groupindex else False)
        for m in _subject_pattern(subj, link).finditer(sent)
    ]  # fmt: skip


def _new(subj: str, link: str, sent: str) -> list[tuple]:
    return [tuple(f) for f in _subject_amounts(subj, link, sent)]


def _same_everywhere(sent: str) -> int:
    """Compare every subject on ``sent``; the number of matches seen."""
    seen = 0
    for subj, link in SUBJECT_LINKS.items():
        old = _old(subj, link, sent)
        assert _new(subj, link, sent) == old, (subj, sent)
        seen += len(old)
    return seen


def test_same_matches_on_the_corpus_sentences() -> None:
    texts = [
        p.read_text(encoding="utf-8")
        for folder in (CORPUS, CORPUS_EXTRA, SHARED / "corpus-pdf")
        for p in corpus_files(folder)
    ]
    if not texts:
        import pytest

        pytest.skip("corpus not present")
    seen = 0
    for text in texts:
        for sent in re.split(r"(?<=[。；;])", text):
            seen += _same_everywhere(sent)
    assert seen > 100  # the corpus names its subjects' amounts often


_PIECES = [
    *SUBJECT_LINKS, "支出", "预算数为", "年初预算为", "决算数为", "决算", "为", "共计", "合计", "万元",
    "万 元", "亿元", "元", "，", ",", "；", "年度", "本年", "含", "“", "”", '"', "的", "上年", "预算",
    "12", "3,4", "5.6", ".", " ", "\u3000", "\t", "\n", "\n  ", "\n\u3000", "\n万元", "a",
]  # fmt: skip
_CHARS = sorted({c for piece in _PIECES for c in piece})


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_same_matches_on_random_phrases(sent: str) -> None:
    _same_everywhere(sent)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.sampled_from(_CHARS), max_size=24).map("".join))
def test_same_matches_on_random_characters(sent: str) -> None:
    """The pieces broken up: the alphabet of the patterns and of the subjects, mixed."""
    _same_everywhere(sent)


def test_same_matches_on_wrapped_names_and_budgets() -> None:
    for sent in (
        "财政拨款支出年初预算数为12万元，财政拨\n  款支出决算数为10万元",
        "财政拨款支出年初预算为12 \n万元， 支出决算为 10\n 万 元",
        "2023年度财政拨款支出预算为1万元，支出决算为2万元",
        "“三公”经费财政拨款支出3万元，收、\n支总计4亿元",
        "人员\n经费5元；公用经费年初预算数为6万元，公用经费决算9元",
        "基本\n\u3000\t支出7万元，项目\n\n支出8万元",
        '“收支总计12万元，”收、支总计3元，"财政拨款支出1元，含年初结转和结余2元',
    ):
        assert _same_everywhere(sent) > 0
