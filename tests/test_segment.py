"""Segmenting: sections found with their kinds, the TOC skipped, spans in order; identity.

The corpus is read from ../shared at run time (skipped where absent); the small texts below
are written for these tests in the corpus's style, with made-up departments and amounts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor.segment import identify, segment
from extractor.segment.kinds import standard_table
from tests.conftest import CORPUS_EXTRA, corpus_file
from verifier.report import ReportKind, Section, SectionKind, TableKind

DECISION_REPORTS = ["000", "001", "004"]
ALL_REPORTS = ["000", "001", "002", "003", "004"]
ALL_TABLES = {TableKind(f"公开0{n}") for n in range(1, 10)}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


def _load(prefix: str) -> tuple[str, list[Section]]:
    text = _read(corpus_file(prefix))
    return text, segment(text)


def _of(sections: list[Section], kind: SectionKind) -> list[Section]:
    return [s for s in sections if s.kind == kind]


def _body(text: str, s: Section) -> str:
    return text[s.span.start : s.span.end]


def _squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _check_spans(text: str, sections: list[Section]) -> None:
    """Spans lie in the text, in order; a section ends where the next one of the same or a
    higher level starts; the heading stands at the start of its span."""
    starts = [s.span.start for s in sections]
    assert starts == sorted(starts)
    for i, s in enumerate(sections):
        assert 0 <= s.span.start < s.span.end <= len(text), s
        later = [t for t in sections[i + 1 :] if t.level <= s.level and t.kind != SectionKind.TOC]
        if later and s.kind != SectionKind.TOC:
            nxt = min(t.span.start for t in later if t.span.start > s.span.start or t is not s)
            assert s.span.end <= nxt or s.span.start == nxt
        head = _squeeze(text[s.span.start : s.span.start + len(s.heading) + 20]).lstrip("#-*")
        assert head.startswith(_squeeze(s.heading)[:4]), (s.heading, head[:20])


def _heading_line(text: str, s: Section) -> str:
    line_start = text.rfind("\n", 0, s.span.start) + 1
    line_end = text.find("\n", s.span.start)
    return text[line_start : line_end if line_end >= 0 else len(text)]


# --- the corpus ------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", DECISION_REPORTS)
def test_decision_report_sections(prefix: str) -> None:
    text, sections = _load(prefix)
    kinds = {s.kind for s in sections}
    for kind in (
        SectionKind.DUTIES,
        SectionKind.ORGANISATION,
        SectionKind.TABLE,
        SectionKind.EXPLANATION,
        SectionKind.GLOSSARY,
        SectionKind.PART,
    ):
        assert kind in kinds, kind
    tables = _of(sections, SectionKind.TABLE)
    # all nine standard tables are printed in each of these three reports, once each
    assert [s.table_kind for s in tables].count(None) == 0
    assert {s.table_kind for s in tables} == ALL_TABLES
    assert len(tables) == 9
    for s in tables:
        body = _body(text, s)
        assert standard_table(s.heading) == s.table_kind
        assert "\t" in body  # the table's rows are in its span
    g03 = next(s for s in tables if s.table_kind == TableKind.G03)
    assert _squeeze(g03.heading) == "支出决算表"
    duties = _of(sections, SectionKind.DUTIES)[0]
    assert len(_body(text, duties)) > len(duties.heading) + 50
    glossary = _of(sections, SectionKind.GLOSSARY)[0]
    assert "财政拨款收入" in _body(text, glossary)


@pytest.mark.parametrize("prefix", DECISION_REPORTS)
def test_explanation_topics(prefix: str) -> None:
    text, sections = _load(prefix)
    explanations = _of(sections, SectionKind.EXPLANATION)
    topics = {s.topic for s in explanations}
    expected = {
        "收支总体",
        "收入",
        "支出",
        "财政拨款收支总体",
        "一般公共预算支出",
        "基本支出",
        "三公",
        "政府性基金",
        "机关运行经费",
        "一般性支出",
        "政府采购",
        "国有资产",
        "绩效",
    }
    assert expected <= topics, expected - topics
    for s in explanations:
        assert s.level >= 1 and s.topic
    sangong = [s for s in explanations if s.topic == "三公" and s.level == 1]
    assert len(sangong) == 1
    assert "公务接待费" in _body(text, sangong[0])
    # its （一）（二） subsections inherit the topic and lie inside it
    subs = [s for s in explanations if s.topic == "三公" and s.level == 2]
    assert len(subs) == 2
    for s in subs:
        assert sangong[0].span.start < s.span.start and s.span.end <= sangong[0].span.end
    running = [s for s in explanations if s.topic == "机关运行经费"]
    assert any("机关运行经费" in s.heading for s in running)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_performance_problems_and_measures(prefix: str) -> None:
    text, sections = _load(prefix)
    problems = _of(sections, SectionKind.PROBLEMS)
    measures = _of(sections, SectionKind.MEASURES)
    assert problems and measures
    p, m = problems[-1], measures[-1]
    assert "问题" in p.heading
    assert "措施" in m.heading
    assert len(_body(text, p)) > len(p.heading) + 5  # a body, not just the heading
    assert len(_body(text, m)) > len(m.heading) + 5
    if p.span != m.span:  # separate headings: the problems end before the measures
        assert p.span.end <= m.span.start
        assert "措施" not in _body(text, p).split("\n", 1)[1]


def test_performance_sections_read_the_right_text() -> None:
    """A few words of each report's own 存在问题 / 改进措施 paragraphs."""
    cases = {
        "002": ("预算编制科学性", "强化预算绩效管理"),
        "003": ("体制建设不健全", "健全工作机制"),
        "000": ("未偏离绩效目标", "资金预算管理"),
        "004": ("不足", "不足"),  # one heading: 存在的问题及下一步改进措施
    }
    for prefix, (in_problems, in_measures) in cases.items():
        text, sections = _load(prefix)
        assert in_problems in _body(text, _of(sections, SectionKind.PROBLEMS)[-1]), prefix
        assert in_measures in _body(text, _of(sections, SectionKind.MEASURES)[-1]), prefix


def test_004_combined_heading_gives_both_kinds() -> None:
    _text, sections = _load("004")
    p = _of(sections, SectionKind.PROBLEMS)[-1]
    m = _of(sections, SectionKind.MEASURES)[-1]
    assert p.span == m.span and p.heading == m.heading
    assert "问题" in p.heading and "改进措施" in p.heading


@pytest.mark.parametrize("prefix", ALL_REPORTS)
def test_spans_in_order_and_headings_at_their_start(prefix: str) -> None:
    text, sections = _load(prefix)
    assert len(sections) >= 10
    _check_spans(text, sections)


@pytest.mark.parametrize("prefix", ALL_REPORTS)
def test_no_heading_is_a_table_row(prefix: str) -> None:
    text, sections = _load(prefix)
    for s in sections:
        line = _heading_line(text, s)
        assert "\t" not in line.strip(), line


@pytest.mark.parametrize("prefix", DECISION_REPORTS)
def test_table_of_contents_is_skipped(prefix: str) -> None:
    text, sections = _load(prefix)
    tocs = _of(sections, SectionKind.TOC)
    assert len(tocs) == 1
    toc = tocs[0]
    toc_text = _body(text, toc)
    # the TOC lists the parts and the nine tables...
    assert "第一部分" in toc_text and "第四部分" in toc_text and "部门职责" in toc_text
    # ...and no other section starts inside it: they are the bodies
    rest = [s for s in sections if s is not toc]
    assert all(s.span.start >= toc.span.end for s in rest)
    first_part = next(s for s in rest if s.kind == SectionKind.PART)
    assert first_part.heading.startswith("第一部分")
    assert first_part.span.start == toc.span.end


def test_001_repeated_titles_and_label_numbering() -> None:
    """001 repeats titles inside its tables and labels 三公 公开09; kinds go by title."""
    text, sections = _load("001")
    tables = _of(sections, SectionKind.TABLE)
    assert len(tables) == 9
    g07 = next(s for s in tables if s.table_kind == TableKind.G07)
    assert "三公" in g07.heading
    assert "公开 09 表" in _body(text, g07)


def test_003_form_and_renumbered_heading() -> None:
    text, sections = _load("003")
    self_eval = _of(sections, SectionKind.SELF_EVALUATION)
    topics = [s.topic for s in self_eval]
    assert "收支情况表" in topics and "评分表" in topics
    scoring = next(s for s in self_eval if s.topic == "评分表")
    assert "（续）" in _body(text, scoring)  # the continuation is part of it, not a new table
    assert topics.count("评分表") == 1
    # "6、 改进措施和有关建议" follows "五、存在的主要问题": it is item 六 at level 1
    measures = _of(sections, SectionKind.MEASURES)[-1]
    problems = _of(sections, SectionKind.PROBLEMS)[-1]
    assert measures.level == 1 == problems.level
    assert problems.span.end == measures.span.start


def test_002_attachments_and_cells_inside_tables() -> None:
    _text, sections = _load("002")
    self_eval = _of(sections, SectionKind.SELF_EVALUATION)
    assert [s.topic for s in self_eval] == ["基础数据表", "自评表"]
    first_table = self_eval[0].span.start
    # "改进措施：" written inside a cell of the 自评表 is not a section
    assert all(s.span.start < first_table for s in _of(sections, SectionKind.MEASURES))
    assert "[bookmark" not in "".join(s.heading for s in sections)


IDENTITIES = {
    "000": ("茶陵县网格化管理服务中心", "茶陵县", 2021, ReportKind.FINAL_ACCOUNTS, True),
    "001": ("醴陵市网格化管理服务中心", "醴陵市", 2023, ReportKind.FINAL_ACCOUNTS, True),
    "002": ("株洲市芦淞区网格化管理服务中心", "芦淞区", 2024, ReportKind.PERFORMANCE, False),
    "003": ("君山区社会治理网格化服务中心", "君山区", 2020, ReportKind.PERFORMANCE, False),
    "004": ("株洲市荷塘区网格化管理服务中心", "荷塘区", 2020, ReportKind.FINAL_ACCOUNTS, True),
}


@pytest.mark.parametrize("prefix", ALL_REPORTS)
def test_identity(prefix: str) -> None:
    text, sections = _load(prefix)
    department, region, year, kind, with_performance = IDENTITIES[prefix]
    ident = identify(text, sections)
    assert ident.department == department
    assert ident.region == region
    assert ident.year == year
    assert ident.kind == kind
    assert ident.kinds[0] == kind
    assert (ReportKind.PERFORMANCE in ident.kinds) == (with_performance or kind == "绩效自评")
    assert ReportKind.BUDGET not in ident.kinds


def test_corpus_extra_does_not_crash(corpus_extra_dir: Path) -> None:
    files = sorted(corpus_extra_dir.glob("*.txt"))
    assert files
    for path in files:
        text = _read(path)
        sections = segment(text)
        ident = identify(text, sections)
        assert len(sections) >= 3, path.name
        _check_spans(text, sections)
        assert ident.year is not None, path.name


def test_corpus_extra_budgets_and_final_accounts(corpus_extra_dir: Path) -> None:
    for name, kind in (
        ("001_", ReportKind.FINAL_ACCOUNTS),
        ("012_", ReportKind.BUDGET),
        ("019_", ReportKind.BUDGET),
    ):
        found = sorted(CORPUS_EXTRA.glob(f"{name}*.txt"))
        if not found:
            pytest.skip(f"{name} not in corpus-extra")
        text = _read(found[0])
        sections = segment(text)
        assert identify(text, sections).kind == kind, name
    text = _read(sorted(CORPUS_EXTRA.glob("001_*.txt"))[0])
    tables = {s.table_kind for s in segment(text) if s.kind == SectionKind.TABLE}
    assert tables == ALL_TABLES


# --- small texts written for these tests ------------------------------------------------------

REPORT = """2022年度
示例县网格化管理服务中心
部门决算

目录
第一部分 示例县网格化管理服务中心概况
- 一、部门职责
- 二、机构设置
第二部分 部门决算表
- 三、支出决算表
第三部分 部门决算情况说明
- 一、收入支出决算总体情况说明

第一部分
示例县网格化管理服务中心概况

一、部门职责
（1）贯彻执行国家和省、市关于网格化服务管理的方针政策，负责全县网格化工作的统筹协调。
（2）完成县委交办的其他工作。
二、机构设置及决算单位构成
本单位内设办公室、业务股。

第二部分
部门决算表
支出决算表
公开03表
金额单位：万元
项目\t合计\t基本支出
一、一般公共预算财政拨款收入\t1\t100.00
\t\t支出决算表\t\t
合计\t100.00\t100.00
一般公共预算财政拨款支出决算表
公开05表
合计\t100.00

第三部分2022年度部门决算情况说明
一、收入支出决算总体情况说明
2022年度收入总计100.00万元。
二、财政拨款收入支出决算总体情况说明
（一)财政拨款支出决算总体情况
2022年度财政拨款支出100.00万元。
(二）“三公”经费支出情况
无。
三、一般公共预算财政拨款“三公”经费支出决算情况说明
（一）“三公”经费财政拨款支出决算总体情况说明
本年无三公经费。
四、存在的问题及下一步改进措施
预算编制不够细。下一步加强学习。
第四部分名词解释
财政拨款收入：指本级财政当年拨付的资金。
"""


def test_synthetic_report_structure() -> None:
    sections = segment(REPORT)
    _check_spans(REPORT, sections)
    toc = _of(sections, SectionKind.TOC)
    assert len(toc) == 1 and REPORT[toc[0].span.start :].startswith("目录")
    assert all(s.span.start >= toc[0].span.end for s in sections if s is not toc[0])

    parts = [s for s in sections if s.level == 0 and s.kind != SectionKind.TOC]
    assert [s.heading.split()[0][:4] for s in parts] == [
        "第一部分",
        "第二部分",
        "第三部分",
        "第四部分",
    ]
    assert parts[0].topic == "示例县网格化管理服务中心概况"  # title on its own line, merged
    assert parts[2].topic == "2022年度部门决算情况说明"  # no space after 第三部分
    assert parts[3].kind == SectionKind.GLOSSARY

    duties = _of(sections, SectionKind.DUTIES)
    assert len(duties) == 1
    # a long numbered paragraph is a list item; the short one beside it goes with it
    assert not [s for s in sections if s.heading.startswith(("（1）", "（2）"))]

    tables = _of(sections, SectionKind.TABLE)
    assert [s.table_kind for s in tables] == [TableKind.G03, TableKind.G05]
    # the tab-separated "一、…收入\t1\t100.00" row and the repeated title are not sections
    g03 = _body(REPORT, tables[0])
    assert "一、一般公共预算财政拨款收入" in g03 and "合计" in g03

    expl = _of(sections, SectionKind.EXPLANATION)
    levels = {s.heading: (s.level, s.topic) for s in expl}
    assert levels["一、收入支出决算总体情况说明"] == (1, "收支总体")
    assert levels["（一)财政拨款支出决算总体情况"] == (2, "财政拨款收支总体")
    assert levels["(二）“三公”经费支出情况"] == (2, "三公")  # a specific topic wins
    assert levels["三、一般公共预算财政拨款“三公”经费支出决算情况说明"] == (1, "三公")

    both = [s for s in sections if s.kind in (SectionKind.PROBLEMS, SectionKind.MEASURES)]
    assert [s.kind for s in both] == [SectionKind.PROBLEMS, SectionKind.MEASURES]
    assert "加强学习" in _body(REPORT, both[1])
    assert "名词解释" not in _body(REPORT, both[1])


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("（一）基本支出情况", 2),
        ("(一)基本支出情况", 2),
        ("（一)基本支出情况", 2),
        ("(一） 基本支出情况", 2),
        ("（1）年初预算项目", 4),
        ("(1) 年初预算项目", 4),
        ("1.经济性分析", 3),
        ("1、经济性分析", 3),
        ("１、经济性分析", 3),
        ("十三、关于2023年度预算绩效情况的说明", 1),
        ("第一部分 概况", 0),
        ("第一部分概况", 0),
        ("第 五 部 分 附件", 0),
    ],
)
def test_heading_markers(line: str, level: int) -> None:
    text = f"标题\n\n{line}\n正文第一段，说明情况。\n"
    sections = segment(text)
    assert len(sections) == 1
    assert sections[0].level == level
    assert sections[0].span.start == text.index(line)
    assert sections[0].span.end == len(text)


@pytest.mark.parametrize(
    "line",
    [
        "一、一般公共预算财政拨款收入\t1\t1,066.71",  # a table row
        "1、2024年预算资金248.94万元。",  # a statement with an amount
        "（1）贯彻执行国家有关方针政策，负责全县网格化服务管理工作的统筹协调和督办。",
        "财政拨款收入：指本级财政当年拨付的资金。",
        "一是加强学习",
    ],
)
def test_not_headings(line: str) -> None:
    assert segment(f"标题\n\n{line}\n") == []


def test_standard_table_titles() -> None:
    """支出决算表 is a substring of several titles: each maps to its own table."""
    titles = {
        "收入支出决算总表": TableKind.G01,
        "收入决算表": TableKind.G02,
        "支出决算表": TableKind.G03,
        "2023年度支出决算表": TableKind.G03,
        "财政拨款收入支出决算总表": TableKind.G04,
        "一般公共预算财政拨款支出决算表": TableKind.G05,
        "一般公共预算财政拨款基本支出决算明细表": TableKind.G06,
        "一般公共预算财政拨款基本支出决算表": TableKind.G06,
        "财政拨款“三公”经费支出决算表": TableKind.G07,
        "政府性基金预算财政拨款收入支出决算表": TableKind.G08,
        "国有资本经营预算财政拨款支出决算表": TableKind.G09,
    }
    for title, kind in titles.items():
        assert standard_table(title) == kind, title
    assert standard_table("三、支出决算情况说明") is None
    assert standard_table("部门决算表") is None


def test_attachment_takes_its_title() -> None:
    text = "一、基本情况\n本单位情况。\n\n附件 2\n\n2022 年度部门整体支出绩效自评表\n项目\t分值\n"
    sections = segment(text)
    assert [s.kind for s in sections] == [SectionKind.BASIC_INFO, SectionKind.SELF_EVALUATION]
    assert sections[1].topic == "自评表"
    assert sections[1].heading.startswith("附件 2")
    assert sections[0].span.end == sections[1].span.start


def test_identity_of_small_texts() -> None:
    ident = identify(REPORT, segment(REPORT))
    assert ident.department == "示例县网格化管理服务中心"
    assert ident.region == "示例县"
    assert ident.year == 2022
    assert ident.kind == ReportKind.FINAL_ACCOUNTS
    # a cover split by the PDF in the middle of the name
    text = "2021年度\n某某市城区网格化管理服\n务中心部门决算\n\n目录\n"
    ident = identify(text, segment(text))
    assert ident.department == "某某市城区网格化管理服务中心"
    assert ident.region == "城区"
    # nothing to read: nothing guessed
    blank = identify("一些文字，没有标题。\n", [])
    assert blank.department is None and blank.region is None and blank.year is None
    assert blank.kind == ReportKind.UNKNOWN and blank.kinds == []


def test_empty_and_odd_inputs() -> None:
    assert segment("") == []
    assert segment("\n\n\t\n") == []
    assert segment("目录\n") == []
    text = "目录\r\n一、部门职责\r\n\r\n一、部门职责\r\n负责网格工作。\r\n"
    sections = segment(text)
    duties = _of(sections, SectionKind.DUTIES)
    assert len(duties) == 1
    assert duties[0].span.start == text.index("一、部门职责", 5)


@pytest.mark.parametrize(
    "cover",
    [
        " \n1\n \n松岭区网格服务中心\n2024年部门预算\n",  # the cover's page number before its title
        "松岭区网格服务中心\n年部门预算\n2024\n",  # the year on a line of its own
    ],
)
def test_cover_gives_the_department_whatever_its_layout(cover: str) -> None:
    text = cover + "目 录\n第一部分 部门概况\n一、主要职能\n负责网格服务。\n"
    ident = identify(text, segment(text))
    assert ident.department == "松岭区网格服务中心"
    assert ident.year == 2024
