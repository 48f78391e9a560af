"""Search: Chinese substrings of any length, filters, and query text that is never syntax.

Also home of ``build_db``, the store builder the other hedui tests share.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from hedui import store
from hedui.search import fts_phrase, search
from tests.conftest import corpus_files
from verifier.report import (
    Cell,
    Column,
    Finding,
    Number,
    Outcome,
    Report,
    Row,
    Section,
    SectionKind,
    Severity,
    Span,
    Table,
    TableKind,
    Verification,
)


def build_db(path: Path, items: list[tuple[Report, Verification]]) -> Database:
    """A store at ``path`` holding ``items``, written by the real store."""
    db = store.open_db(str(path))
    for report, ver in items:
        store.save_report(db, report, ver)
    return db


def ingest_corpus(path: Path, files: list[Path]) -> Database:
    """The corpus through the real extraction and verification."""
    from extractor import extract, load
    from verifier.verify import verify

    items = []
    for f in files:
        report = extract(load(f))
        items.append((report, verify(report)))
    return build_db(path, items)


# --- a small report written for these tests, in the corpus's style ---------------------------

SAMPLE_TEXT = """青石县网格服务中心2023年度部门决算
一、部门职责
负责全县网格化服务管理工作，组织网格员培训。
二、工作成效
全年开展培训12期，覆盖网格员300人。预算执行率104.41%。
三、存在问题
部分网格员业务能力不足，“AND”与 NEAR 不是语法。
四、改进措施
加强培训，完善网格管理制度。
五、收入支出决算总表
本年收入合计\t100.00
财政拨款收入\t60.00
其他收入\t30.00
"""


def _span(text: str, needle: str, after: int = 0) -> Span:
    i = text.index(needle, after)
    return Span(start=i, end=i + len(needle))


def sample_report(
    text: str = SAMPLE_TEXT,
    sha: str = "a" * 64,
    name: str = "青石县网格服务中心_2023年度部门决算.txt",
) -> tuple[Report, Verification]:
    """A report with four narrative sections, one table and one failed total."""
    heads = [("一、部门职责", SectionKind.DUTIES), ("二、工作成效", SectionKind.ACHIEVEMENTS),
             ("三、存在问题", SectionKind.PROBLEMS), ("四、改进措施", SectionKind.MEASURES),
             ("五、收入支出决算总表", SectionKind.TABLE)]  # fmt: skip
    starts = [text.index(h) for h, _ in heads] + [len(text)]
    sections = [
        Section(kind=k, heading=h, level=1, span=Span(start=starts[i], end=starts[i + 1]),
                table_kind=TableKind.G01 if k == SectionKind.TABLE else None)
        for i, (h, k) in enumerate(heads)
    ]  # fmt: skip
    tstart = starts[4]
    nums = []
    for raw in ("100.00", "60.00", "30.00"):
        sp = _span(text, raw, tstart)
        nums.append(Number(value=raw, raw=raw, decimals=2, unit="万元", span=sp))
    table = Table(
        kind=TableKind.G01, title="收入支出决算总表", unit="万元",
        columns=[Column(name="金额")],
        rows=[Row(name=n, is_total=(i == 0), cells=[Cell(column=0, number=nums[i])])
              for i, n in enumerate(["本年收入合计", "财政拨款收入", "其他收入"])],
    )  # fmt: skip
    report = Report(
        sha256=sha, file_name=name, text=text, department="青石县网格服务中心",
        region="青石县", year=2023, sections=sections, tables=[table],
    )  # fmt: skip
    failed = Finding(
        rule="T101", name="total-row", outcome=Outcome.FAIL, severity=Severity.ERROR,
        message="本年收入合计 100.00 ≠ Σ 90.00", subject="公开01 本年收入合计",
        stated=nums[0].value, expected=nums[1].value + nums[2].value,
        difference=nums[0].value - nums[1].value - nums[2].value, unit="万元",
        spans=[n.span for n in nums],
    )  # fmt: skip
    passed = Finding(
        rule="C201", name="share", outcome=Outcome.PASS, severity=Severity.WARNING,
        message="ok", subject="执行率", spans=[_span(text, "104.41")],
    )  # fmt: skip
    return report, Verification(verdict="flag", reasons=["1 error(s)"], findings=[failed, passed])


@pytest.fixture
def sample_db(tmp_path) -> Database:
    return build_db(tmp_path / "s.db", [sample_report()])


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Database:
    files = corpus_files()
    if not files:
        pytest.skip("corpus not present at ../shared/corpus")
    return ingest_corpus(tmp_path_factory.mktemp("corpus") / "c.db", files)


NARRATIVE_SQL = (
    "SELECT id, kind, text FROM sections WHERE kind NOT IN ('决算表','自评表','目录','附件')"
)


def _scan(db: Database, needle: str) -> set[int]:
    return {sid for sid, _, text in db.execute(NARRATIVE_SQL) if needle in (text or "")}


# --- tests ----------------------------------------------------------------------------------


def test_two_character_query_finds_sections_with_the_substring(sample_db):
    hits = search(sample_db, "网格")
    assert {h.kind for h in hits} == {"部门职责", "工作成效", "存在问题", "改进措施"}
    assert all("网格" in h.snippet for h in hits)
    assert all(h.snippet[s:e] == "网格" for h in hits for s, e in h.highlights)


def test_single_character_and_table_sections_not_searched(sample_db):
    hits = search(sample_db, "训")
    assert {h.kind for h in hits} == {"部门职责", "工作成效", "改进措施"}
    assert search(sample_db, "财政拨款收入") == []  # only in the table section


def test_kind_filter_and_other_filters(sample_db):
    assert [h.kind for h in search(sample_db, "网格", kind="存在问题")] == ["存在问题"]
    assert [h.kind for h in search(sample_db, "网格", kind="职责")] == ["部门职责"]
    assert search(sample_db, "网格", year=2022) == []
    assert len(search(sample_db, "网格", department="青石县", region="青石", year=2023)) == 4
    assert search(sample_db, "网格", department="别的部门") == []


def test_hit_links_to_report_section_and_match_offset(sample_db):
    hit = search(sample_db, "能力不足")[0]
    assert hit.link == f"/reports/{'a' * 64}#s{hit.section_idx}"
    assert SAMPLE_TEXT[hit.match_start : hit.match_start + 4] == "能力不足"
    assert "<mark>能力不足</mark>" in hit.snippet_html()


def test_phrase_across_punctuation_is_not_a_substring_hit(tmp_path):
    text = SAMPLE_TEXT.replace("覆盖网格员", "覆盖网，格员")
    db = build_db(tmp_path / "p.db", [sample_report(text)])
    # FTS matches the phrase 网 格 across the comma; the substring check drops that section
    assert {h.kind for h in search(db, "网格")} == {"部门职责", "存在问题", "改进措施"}


def test_number_with_percent_is_data(sample_db):
    hits = search(sample_db, "104.41%")
    assert [h.kind for h in hits] == ["工作成效"]


NASTY = ['"', '""', "'", "AND", "OR", "NOT", "网格 AND 培训", "网格 OR", "*", "网*", "NEAR(网 格)",
         "NEAR", "(", ")", "((网格", "text_spaced:网", "^网", "-网", "+", "\\", "%", "_", ":", "{}",
         "网\"格", "a\x00b", "   ", "", "104.41%", "'; DROP TABLE sections; --", "☃", "\u3000"]  # fmt: skip


@pytest.mark.parametrize("query", NASTY)
def test_fts_syntax_never_raises(sample_db, query):
    hits = search(sample_db, query)
    needle = query.strip()
    assert all(needle.casefold() in h.snippet.casefold() or "…" in h.snippet for h in hits)
    assert "sections" in sample_db.table_names()


def test_fts_phrase_is_one_quoted_string():
    assert fts_phrase('网"格') == '"网 "" 格"'
    assert fts_phrase("***") is None


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=12))
def test_any_query_returns_substring_hits_or_nothing(tmp_path_factory, query):
    db = _hyp_db(tmp_path_factory)
    for h in search(db, query):
        assert query.strip().casefold() in db["sections"].get(h.section_id)["text"].casefold()


_HYP: dict[str, Database] = {}


def _hyp_db(factory) -> Database:
    if "db" not in _HYP:
        _HYP["db"] = build_db(factory.mktemp("hyp") / "h.db", [sample_report()])
    return _HYP["db"]


@pytest.mark.corpus
@pytest.mark.parametrize("word", ["网格", "培训"])
def test_corpus_word_finds_exactly_the_sections_containing_it(corpus_db, word):
    expected = _scan(corpus_db, word)
    assert expected, f"the corpus should mention {word}"
    got = {h.section_id for h in search(corpus_db, word, limit=10_000)}
    assert got == expected


@pytest.mark.corpus
def test_corpus_kind_filter_returns_only_problem_sections(corpus_db):
    hits = search(corpus_db, "问题", kind="存在问题", limit=10_000)
    assert hits and {h.kind for h in hits} == {"存在问题"}
    expected = {sid for sid, kind, text in corpus_db.execute(NARRATIVE_SQL)
                if kind == "存在问题" and "问题" in text}  # fmt: skip
    assert {h.section_id for h in hits} == expected
