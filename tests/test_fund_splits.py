"""S805: a 自评表's 年度资金总额 split by source and by use (label：figure cells) adds up, read
alike whether a converter wrote the cells one a line, tab-separated or as a Markdown row."""

from __future__ import annotations

import pytest

from extractor import extract
from extractor.source import Source
from extractor.tables.splits import read_fund_splits
from verifier import verify

# A made-up 自评表 in the shape Hunan's form prints: the budget line, then the two splits side
# by side, one cell a label and its figure.
BUDGET = [
    [
        "年度预算申请（万元）",
        "",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ],
    ["", "年度资金总额", "410.00", "402.50", "362.25", "10", "90.00%", "9.00"],
]
SPLITS = [
    ["", "按收入性质分：{income}", "按支出性质分：402.50"],
    ["", "其中：  一般公共预算：{general}", "其中：基本支出：350.00"],
    ["", "政府性基金拨款：12.50", "项目支出：52.50"],
    ["", "纳入专户管理的非税收入拨款：", ""],
]
INDICATORS = [
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["", "产出指标（90分）", "数量指标", "巡查次数", "12次", "12次", "90", "88"],
    ["总分", "", "", "", "", "", "100", "97"],
]
HEAD = "芷兰县网格服务中心\n2024年度部门整体支出绩效自评报告\n\n附件\n\n部门整体支出绩效自评表\n"
FOOT = "\n填表人：某某  联系电话：13800000000\n"


def _rows(income: str = "402.50", general: str = "390.00") -> list[list[str]]:
    splits = [[c.format(income=income, general=general) for c in row] for row in SPLITS]
    return [*BUDGET, *splits, *INDICATORS]


def tab_form(**kw: str) -> str:
    return HEAD + "\n".join("\t".join(r) for r in _rows(**kw)) + "\n" + FOOT


def cell_per_line_form(**kw: str) -> str:
    """As a DOCX converter flattens a Word table: each cell on a tab-indented line, a blank
    line between rows."""
    lines = []
    for row in _rows(**kw):
        lines += ["\t" + c for c in row] + [""]
    return HEAD + "\n".join(lines) + FOOT


def markdown_form(**kw: str) -> str:
    rows = _rows(**kw)
    width = max(len(r) for r in rows)
    out = []
    for i, row in enumerate(rows):
        out.append("| " + " | ".join(row + [""] * (width - len(row))) + " |")
        if i == 0:
            out.append("|" + "---|" * width)
    return HEAD + "\n".join(out) + "\n" + FOOT


FORMS = {"tab": tab_form, "cell-per-line": cell_per_line_form, "markdown": markdown_form}


def s805(text: str) -> list:
    report = extract(Source(sha256="0" * 64, file_name="自评.txt", format="txt", text=text))
    return [f for f in verify(report).findings if f.rule == "S805"]


@pytest.mark.parametrize("form", FORMS)
def test_the_splits_agree_in_every_form(form):
    found = s805(FORMS[form]())
    assert [(f.subject, f.outcome) for f in found] == [
        ("年度资金总额 按收入性质分 = 一般公共预算 + 政府性基金拨款", "pass"),
        ("年度资金总额 按支出性质分 = 基本支出 + 项目支出", "pass"),
    ]


@pytest.mark.parametrize("form", FORMS)
def test_a_changed_source_fails_at_its_figure(form):
    text = FORMS[form](general="380.00")
    (failed,) = [f for f in s805(text) if f.outcome == "fail"]
    assert failed.severity == "error"
    at = text.index("380.00")
    assert any(s.start <= at < s.end for s in failed.spans)


@pytest.mark.parametrize("form", FORMS)
def test_heads_that_differ_are_not_compared(form):
    """One form's 按收入性质分 is the funds to hand, its 按支出性质分 what was spent (the rest
    carried over): the two heads are not one figure."""
    found = s805(FORMS[form](income="412.50", general="400.00"))
    assert [f.outcome for f in found] == ["pass", "pass"]


def test_a_line_with_a_gloss_before_its_figure():
    """其他资金：年初结转结余 14.75 is the line 其他资金, its figure 14.75."""
    text = tab_form(income="415.00").replace(
        "纳入专户管理的非税收入拨款：\t", "其他资金：年初结转结余 12.50\t"
    )
    found = {f.subject: f.outcome for f in s805(text)}
    assert found["年度资金总额 按收入性质分 = 一般公共预算 + 政府性基金拨款 + 其他资金"] == "pass"


def test_a_line_written_without_a_figure_is_unreadable():
    text = tab_form().replace("政府性基金拨款：12.50", "政府性基金拨款：见附表")
    found = {f.subject: f.outcome for f in s805(text)}
    assert found["年度资金总额 按收入性质分"] == "insufficient_data"


def test_a_split_left_blank_is_not_judged():
    text = (
        tab_form()
        .replace("一般公共预算：390.00", "一般公共预算：")
        .replace("政府性基金拨款：12.50", "政府性基金拨款：")
    )
    found = {f.subject: f.outcome for f in s805(text)}
    assert found["年度资金总额 按收入性质分"] == "not_applicable"


def test_a_figured_line_of_no_known_split_stops_both():
    text = tab_form().replace("政府性基金拨款：12.50", "上级补贴：12.50")
    (only,) = s805(text)
    assert only.outcome == "not_applicable" and "上级补贴" in only.message


def test_cells_past_the_indicators_are_not_read():
    """The 填表人/联系电话 line after the table is no line of a split."""
    report = extract(Source(sha256="0" * 64, file_name="自评.txt", format="txt", text=tab_form()))
    read = [t for t in report.tables if [c.name for c in t.columns] != ["金额"]]  # before it
    (table,) = read_fund_splits(report.text, read)
    assert "联系电话" not in [r.name for r in table.rows]
    assert [r.name for r in table.rows][:2] == ["按收入性质分", "按支出性质分"]
    assert not any(r.is_total for r in table.rows)  # S802 closes a 自评表 at a total line


def test_no_budget_line_no_splits():
    text = "按收入性质分：402.50\n其中：一般公共预算：390.00\n"
    assert s805(text) == []


# The national 自评表 (财预〔2020〕10号) prints the funds' sources as lines under the budget
# line instead: 年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金, column by column (T114).
NATIONAL = (
    "芷兰县网格服务中心\n2024年度部门整体支出绩效自评报告\n\n附件\n\n2024年度部门整体支出绩效自评表\n"
    "部门名称\t芷兰县网格服务中心\n"
    "资金情况（万元）\t年度资金总额\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "\t合计\t120.00\t{budget}\t130.00\t10\t96.30%\t9.6\n"
    "\t其中：当年财政拨款\t120.00\t125.00\t\t\t\t\n"
    "\t上年结转资金\t\t\t\t\t\t\n"
    "\t其他资金\t\t10.00\t\t\t\t\n"
    "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
    "\t产出指标（90分）\t数量指标\t巡查次数\t12次\t12次\t90\t88\n"
    "总分\t\t\t\t\t\t100\t97.6\n"
)


def t114(text: str) -> list:
    report = extract(Source(sha256="0" * 64, file_name="自评.txt", format="txt", text=text))
    return [f for f in verify(report).findings if f.rule == "T114"]


def test_the_national_sources_add_up_column_by_column():
    found = t114(NATIONAL.format(budget="135.00"))
    assert [(f.subject, f.outcome) for f in found] == [
        ("绩效自评表 row 合计 [年初预算数]", "pass"),
        ("绩效自评表 row 合计 [全年预算数]", "pass"),
    ]  # 全年执行数: its lines left blank, nothing to add up


def test_a_national_source_line_off_fails():
    found = {f.subject: f.outcome for f in t114(NATIONAL.format(budget="136.00"))}
    assert found == {
        "绩效自评表 row 合计 [年初预算数]": "pass",
        "绩效自评表 row 合计 [全年预算数]": "fail",
    }


def test_a_form_without_the_source_lines_says_nothing():
    """Hunan's form splits the funds in label：figure cells instead (S805): T114 is silent."""
    assert t114(tab_form()) == []


# Variants of the split cells as forms and preparers write them (review of S805): each reads
# as the plain form does, or is kept from being judged; none may give a false error.
def _variant(old: str, new: str, **kw: str) -> dict[str, str]:
    text = tab_form(**kw)
    assert old in text, old
    return {f.subject.split(" = ")[0]: f.outcome for f in s805(text.replace(old, new))}


PASSES = {"年度资金总额 按收入性质分": "pass", "年度资金总额 按支出性质分": "pass"}


def test_variants_that_read_as_written():
    cases = [
        ("纳入专户管理的非税收入拨款：", "结转下年：10.00"),  # beside the splits, of neither
        ("项目支出：52.50", "项目支出（含上年结转）：52.50"),  # a gloss on the label
        ("政府性基金拨款：12.50", "2.政府性基金拨款：12.50"),  # numbered
        ("其中：基本支出", "其中：\xa0基 本 支 出"),  # a no-break space, letters spread
        ("按收入性质分：402.50", "按收入性质分：402.50万元"),
        ("其中：  一般公共预算：390.00", "其中：一般公共预算：390.00（当年拨款）"),
        ("政府性基金拨款：12.50", "政府性基金拨款：12．50"),
        ("政府性基金拨款：12.50", "政府性基金拨款: 12.50"),  # a colon and a space, as 000 writes
    ]
    for old, new in cases:
        assert _variant(old, new) == PASSES, new


def test_a_line_left_blank_by_a_dash():
    text = tab_form(income="390.00").replace("政府性基金拨款：12.50", "政府性基金拨款：——")
    assert {f.outcome for f in s805(text)} == {"pass"}


def test_what_cannot_be_placed_keeps_both_splits_from_a_judgement():
    cases = [
        (
            "其中：  一般公共预算：390.00",
            "其中：  一般公共预算：\t390.00",
        ),  # figure in the next cell
        ("政府性基金拨款：12.50", "政府性基金拨款：12.50 其中：基本支出：1.00"),  # run together
        ("纳入专户管理的非税收入拨款：", "其中：当年财政拨款：300.00"),  # a source's own 其中
    ]
    for old, new in cases:
        found = s805(tab_form().replace(old, new))
        assert [f.outcome for f in found] == ["not_applicable"], new


def test_a_note_after_the_table_is_not_read():
    text = tab_form().replace(
        INDICATORS[0][0], "填表人：某某\n联系电话：13800000000\n" + INDICATORS[0][0], 1
    )
    assert {f.subject.split(" = ")[0]: f.outcome for f in s805(text)} == PASSES


def test_a_wrapped_label_one_cell_a_line():
    text = cell_per_line_form().replace("\t政府性基金拨款：12.50", "\t政府性基金\n拨款：12.50")
    assert {f.subject.split(" = ")[0]: f.outcome for f in s805(text)} == PASSES


def test_a_glossed_budget_header():
    text = tab_form().replace("\t全年预算数\t全年执行数\t", "\t全年预算数（A）\t全年执行数（B）\t")
    assert {f.subject.split(" = ")[0]: f.outcome for f in s805(text)} == PASSES


def test_more_variants_are_never_a_false_error():
    """Second review: each of these once failed a split that agrees."""
    cases = [
        # a page number between the lines, after a line left blank
        ("纳入专户管理的非税收入拨款：\t\n", "纳入专户管理的非税收入拨款：\t\n7\n"),
        # a source's gloss in a cell of its own (年初结转结余 is a source, not 结转下年)
        ("纳入专户管理的非税收入拨款：\t", "其他资金：\t年初结转结余 12.50"),
        # a second 其中 in one split: a part of a source
        ("政府性基金拨款：12.50", "其中：非税收入：12.50"),
        # two cells run together by spaces
        ("纳入专户管理的非税收入拨款：\t", "纳入专户管理的非税收入拨款：        结转下年 14.75\t"),
        # words before a figure that are no gloss of a source
        ("项目支出：52.50", "项目支出：详见附表3"),
    ]
    for old, new in cases:
        text = tab_form()
        assert old in text, old
        found = s805(text.replace(old, new))
        assert not [f for f in found if f.outcome == "fail"], new


def test_a_padded_markdown_form_reads_every_line():
    """Converters pad pipe tables with spaces: the splits run far past a few hundred
    characters, and every line is read whole."""
    padded = "\n".join(
        "|" + "|".join(f" {c:<60} " for c in line.strip("|").split("|")) + "|"
        if line.startswith("|")
        else line
        for line in markdown_form().split("\n")
    )
    assert {f.subject.split(" = ")[0]: f.outcome for f in s805(padded)} == PASSES


def test_t114_leaves_rates_scores_and_dashes_out():
    text = (
        NATIONAL.format(budget="135.00")
        .replace("\t执行率\t", "\t执行率（%）\t")
        .replace("96.30%", "96.30")
    )
    text = text.replace("\t上年结转资金\t\t\t\t\t\t\n", "\t上年结转资金\t—\t—\t—\t—\t—\t—\n")
    found = {f.subject: f.outcome for f in t114(text)}
    assert found == {
        "绩效自评表 row 合计 [年初预算数]": "pass",
        "绩效自评表 row 合计 [全年预算数]": "pass",
    }


def test_cells_that_run_on_are_not_judged():
    """Past 40 lines without an end, what was not read may be a split's line."""
    text = cell_per_line_form().replace("\t项目支出：52.50", "\t\n" * 45 + "\t项目支出：52.50")
    found = s805(text)
    assert [f.outcome for f in found] == ["not_applicable"] and "40 lines" in found[0].message


def test_a_line_between_the_split_rows_does_not_cut_them_short():
    """Third review: a footer between two rows of the splits ended the reading there, and
    the splits were summed without the rows after it."""
    text = tab_form().replace("\t政府性基金拨款：12.50", "- 2 -\n\t政府性基金拨款：12.50")
    assert [f.outcome for f in s805(text)] == ["not_applicable"]


def test_a_split_row_written_without_tabs():
    text = tab_form(income="415.00").replace(
        "\t纳入专户管理的非税收入拨款：\t\n", "\t纳入专户管理的非税收入拨款：\t\n其他资金：12.50\n"
    )
    assert {f.subject.split(" = ")[0]: f.outcome for f in s805(text)} == PASSES


def test_a_figure_in_its_own_unit():
    """10000000元 in a form of 万元 is 1000万元."""
    text = tab_form(income="1402.50", general="390.00").replace(
        "政府性基金拨款：12.50", "政府性基金拨款：10125000元"
    )
    assert {f.subject.split(" = ")[0]: f.outcome for f in s805(text)} == PASSES


def test_t114_a_column_filled_in_for_some_lines_only():
    """全年执行数 by source is often left blank: a 0 in one line and blanks in the others
    say nothing of the 合计."""
    text = NATIONAL.format(budget="135.00").replace(
        "\t上年结转资金\t\t\t\t\t\t\n", "\t上年结转资金\t0\t0\t0\t\t\t\n"
    )
    found = {f.subject: f.outcome for f in t114(text)}
    assert found["绩效自评表 row 合计 [全年执行数]"] == "insufficient_data"
    assert found["绩效自评表 row 合计 [全年预算数]"] == "pass"


def test_s803_a_rate_without_its_percent_sign():
    text = tab_form().replace("\t90.00%\t", "\t90.00\t", 1)
    report = extract(Source(sha256="0" * 64, file_name="自评.txt", format="txt", text=text))
    found = [f for f in verify(report).findings if f.rule == "S803"]
    assert [f.outcome for f in found] == ["insufficient_data"]


def test_a_figure_of_thirty_digits_does_not_stop_the_rule():
    """Cells run together by a converter can make a figure longer than Decimal's default
    28 digits: written out whole for its message, it raised InvalidOperation and S805 could
    not run (the report then cannot be accepted)."""
    text = tab_form().replace(
        "按收入性质分：402.50", "按收入性质分：123456789012345678901234567890.12"
    )
    found = s805(text)
    failed = [f for f in found if f.outcome == "fail"]
    assert len(failed) == 1 and "123456789012345678901234567890.12" in failed[0].message
