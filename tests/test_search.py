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
from hedui.search import search, search_page
from hedui.textutil import fold, fts_phrase, query_terms
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


def _scan(db: Database, needle: str, kind: str | None = None) -> set[int]:
    """The innermost section around each occurrence of ``needle`` in every report's text,
    kept when it is a narrative one (of ``kind`` if given): what search must find, worked out
    from the spans alone."""
    found = set()
    for sha, text in db.execute("SELECT sha256, text FROM reports"):
        sections = list(
            db.execute('SELECT id, kind, start, "end" FROM sections WHERE report_sha256 = ?', [sha])
        )
        i = text.find(needle)
        while i != -1:
            around = [s for s in sections if s[2] <= i and i + len(needle) <= s[3]]
            if around:
                sid, skind, _a, _b = min(around, key=lambda s: (s[3] - s[2], -s[0]))
                if skind not in ("决算表", "自评表", "目录", "附件") and kind in (None, skind):
                    found.add(sid)
            i = text.find(needle, i + 1)
    return found


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
    terms = query_terms(query)
    assert all(t in fold(h.snippet) or "…" in h.snippet for h in hits for t in terms)
    assert "sections" in sample_db.view_names() and "report_sections" in sample_db.table_names()


def test_fts_queries_are_one_quoted_string():
    """A term of three characters or more is the text's runs (the trigram tokenizer makes
    them); a shorter one, its one token among the spread characters (search_grams)."""
    assert fts_phrase("网格员") == '"网格员"'
    assert fts_phrase("网格") == '"网\x01格"' and fts_phrase("网") == '"\x01网\x01"'
    for term in ('*"', '网"格', '"""'):
        phrase = fts_phrase(term)
        assert phrase.startswith('"') and phrase.endswith('"')
        assert phrase[1:-1].replace('""', "").count('"') == 0  # every quote inside doubled
    assert query_terms('网"格') == ["网格"]  # quotes are folded away, not syntax
    assert query_terms("***") == ["***"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=12))
def test_any_query_returns_substring_hits_or_nothing(tmp_path_factory, query):
    db = _hyp_db(tmp_path_factory)
    for h in search(db, query):
        text = fold(store.section_text(db, h.section_id) or "")
        assert all(t in text for t in query_terms(query))


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
    hits = search(corpus_db, word, limit=10_000)
    assert len(hits) == len({h.section_id for h in hits})  # each section once
    assert {h.section_id for h in hits} == expected


@pytest.mark.corpus
def test_corpus_kind_filter_returns_only_problem_sections(corpus_db):
    hits = search(corpus_db, "问题", kind="存在问题", limit=10_000)
    assert hits and {h.kind for h in hits} == {"存在问题"}
    assert {h.section_id for h in hits} == _scan(corpus_db, "问题", "存在问题")


# --- issue 18: what people type, nested sections, the true count, pages ---------------------

NESTED_TEXT = """松岭区财政局2023年度部门决算
第三部分 情况说明
七、“三公”经费支出情况说明
（一）“三公”经费总体情况
“三公”经费支出12.00万元，人员经费与公用经费均有下降。
（二）"三公"经费具体情况
公务接待费3.00万元。人员经费另列。
八、其他说明
公用经费另列。三公经费口径见附件。
"""


def nested_report(sha: str = "b" * 64, text: str = NESTED_TEXT) -> tuple[Report, Verification]:
    """A report whose 情况说明 nests two levels deep (a 部分 ⊃ 七、 ⊃ （一）（二）)."""

    def at(h: str) -> int:
        return text.index(h)

    spans = [
        ("第三部分 情况说明", SectionKind.PART, 0, at("第三部分"), len(text)),
        ("七、“三公”经费支出情况说明", SectionKind.EXPLANATION, 1, at("七、"), at("八、")),
        ("（一）“三公”经费总体情况", SectionKind.EXPLANATION, 2, at("（一）"), at("（二）")),
        ('（二）"三公"经费具体情况', SectionKind.EXPLANATION, 2, at("（二）"), at("八、")),
        ("八、其他说明", SectionKind.EXPLANATION, 1, at("八、"), len(text)),
    ]
    sections = [Section(kind=k, heading=h, level=lv, span=Span(start=a, end=b))
                for h, k, lv, a, b in spans]  # fmt: skip
    report = Report(sha256=sha, file_name=f"{sha[:8]}.txt", text=text, department="松岭区财政局",
                    region="松岭区", year=2023, sections=sections)  # fmt: skip
    return report, Verification(verdict="accept", reasons=[], findings=[])


@pytest.fixture
def nested_db(tmp_path) -> Database:
    return build_db(tmp_path / "n.db", [nested_report(), sample_report()])


def test_several_words_mean_all_of_them(nested_db):
    """`人员经费 公用经费` found nothing though each word alone was found (issue 18)."""
    both = search(nested_db, "人员经费 公用经费")
    assert [h.heading for h in both] == ["（一）“三公”经费总体情况"]
    assert [both[0].snippet[a:b] for a, b in both[0].highlights] == ["人员经费", "公用经费"]
    assert len(search(nested_db, "人员经费")) == 2 and len(search(nested_db, "公用经费")) == 2


@pytest.mark.parametrize(
    "query", ["三公经费", '"三公"经费', "“三公”经费", "「三公」经费", "'三公'经费"]
)
def test_quotes_of_every_style_are_one_word(nested_db, query):
    """ASCII `"三公"经费` gave 0 hits, `三公经费` missed every `“三公”经费` (issue 18)."""
    headings = {h.heading for h in search(nested_db, query)}
    assert headings == {"七、“三公”经费支出情况说明", "（一）“三公”经费总体情况",
                        '（二）"三公"经费具体情况', "八、其他说明"}  # fmt: skip


def test_full_and_half_width_brackets_are_one(nested_db):
    """`(一)` and `（一）` gave 10 and 75 hits on the corpus (issue 18)."""
    half = search(nested_db, "(一)")
    assert [h.section_id for h in half] == [h.section_id for h in search(nested_db, "（一）")]
    assert half and half[0].snippet[half[0].highlights[0][0] : half[0].highlights[0][1]] == "（一）"


def test_a_hit_is_the_innermost_section_once(nested_db):
    """Hits repeated across nested sections: 公务接待费 is in （二）, within 七、, within the
    第三部分; it is one hit, in （二） (issue 18)."""
    hits = search(nested_db, "公务接待费")
    assert [h.heading for h in hits] == ['（二）"三公"经费具体情况']
    assert NESTED_TEXT[hits[0].match_start : hits[0].match_start + 5] == "公务接待费"


def test_the_count_is_true_and_results_come_in_pages(tmp_path):
    """The page said 50 results when there were 83 (issue 18)."""
    items = [sample_report(sha=f"{i:064x}", name=f"r{i}.txt") for i in range(30)]
    db = build_db(tmp_path / "many.db", items)
    first = search_page(db, "网格", per_page=50)
    assert first.total == 120 and len(first.hits) == 50 and first.pages == 3
    seen = [
        h.section_id for p in (1, 2, 3) for h in search_page(db, "网格", page=p, per_page=50).hits
    ]
    assert len(seen) == 120 and len(set(seen)) == 120
    assert search_page(db, "网格", page=4, per_page=50).hits == []


def test_filters_by_report_kind_and_section_kind(nested_db):
    assert search(nested_db, "网格", report_kind="部门决算") == []  # sample_report has no kind
    assert {h.kind for h in search(nested_db, "经费", kind="情况说明")} == {"情况说明"}
    assert search(nested_db, "经费", department="财政局", year=2023)
    assert search(nested_db, "经费", department="财政局", year=2022) == []


def test_an_old_store_is_reindexed_when_opened(tmp_path):
    """A store written by an earlier hedui (sections_fts over text_spaced) is searched with
    the new index after open_db, its old index dropped."""
    db = build_db(tmp_path / "old.db", [nested_report()])
    db.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
    db.execute("DELETE FROM search_pieces")
    db.execute("UPDATE hedui_meta SET value = '1' WHERE key = 'search_index'")
    db.conn.close()
    again = store.open_db(tmp_path / "old.db")
    assert [h.heading for h in search(again, "公务接待费")] == ['（二）"三公"经费具体情况']


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("网", {}),
        ("经", {}),
        ("元", {}),
        ("1", {}),
        ("%", {}),
        ("网格", {}),
        ("经费", {}),
        ("预算 三公", {}),
        ("经 费", {}),
        ("(一", {}),
        ("经费", {"kind": "说明"}),
        ("元 经费支出", {}),
        ("三公经费", {}),
        ("支出 经费", {"kind": "说明"}),
        ("%", {"region": "县"}),
        ("万元 三公经费", {"year": 2023}),
        ("(一)", {}),
    ],
)
def test_every_kind_of_question_finds_exactly_the_sections_holding_its_words(
    corpus_db, query, filters
):
    """Short words (search_grams), long ones (the text's runs), both at once, filtered or
    not: the count and the hits are the sections whose own folded text holds every word
    (and whose kind holds the filter's), each once."""
    from hedui.search import _own_texts

    terms = query_terms(query)
    ids = [i for (i,) in corpus_db.execute("SELECT id FROM search_pieces")]
    texts = _own_texts(corpus_db, ids)
    facets = {
        sid: {"kind": kind, "region": region, "year": year}
        for sid, kind, region, year in corpus_db.execute(
            "SELECT s.id, s.kind, r.region, r.year FROM sections s "
            "JOIN reports r ON r.sha256 = s.report_sha256"
        )
    }

    def kept(sid: int) -> bool:
        f = facets[sid]
        return all(
            f["year"] == want if name == "year" else fold(want) in fold(f[name] or "")
            for name, want in filters.items()
        )

    truth = {i for i, text in texts.items() if all(t in text for t in terms) and kept(i)}
    page = search_page(corpus_db, query, per_page=10_000, **filters)
    assert page.total == len(truth) == len(page.hits)
    assert {h.section_id for h in page.hits} == truth
    assert truth  # each asks for something the corpus holds
