"""A 部门决算 printed as Shanghai prints it, in tab-separated and in Markdown form: the 收支总表
without a 行次 column, 类 rows printed as the sum of their rounded 项, cells a converter cut.

The report below is made up in the style of a district's 部门决算 (its department and figures
are invented). Its 类 rows are the sums of their rounded 项 (40.35 + 196.29 = 236.64) while the
收支总表 prints each 类's own total rounded (236.63): two roundings of one amount, which the
verifier must pass as 尾数误差, and never a difference of two units.
"""

from __future__ import annotations

from extractor import extract
from extractor.source import Source
from extractor.tables.cells import tab_lines
from extractor.tables.layouts import _basic_detail
from verifier import verify
from verifier.report import Outcome, Severity, TableKind

TSV = """\
示例区规划服务中心2024年度部门决算

收入支出决算总表
单位：万元
收入\t\t支出\t
项目\t决算数\t项目\t决算数
一、一般公共预算财政拨款收入\t336.88\t一、一般公共服务支出\t{general}
二、其他收入\t0.00\t二、城乡社区支出\t100.25
本年收入合计\t336.88\t本年支出合计\t336.88
年初结转和结余\t0.00\t年末结转和结余\t0.00
总计\t336.88\t总计\t336.88

支出决算表
单位：万元
项目\t\t本年支出合计\t基本支出\t项目支出
功能分类科目编码\t科目名称\t\t\t
合计\t\t336.88\t336.88\t0.00
201\t一般公共服务支出\t236.64\t236.64\t0.00
20103\t政府办公厅（室）及相关机构事务\t236.64\t236.64\t0.00
2010301\t行政运行\t40.35\t40.35\t0.00
2010350\t事业运行\t196.29\t196.29\t0.00
212\t城乡社区支出\t100.24\t100.24\t0.00
21201\t城乡社区管理事务\t100.24\t100.24\t0.00
2120101\t行政运行\t60.12\t60.12\t0.00
2120104\t城管执法\t40.12\t40.12\t0.00

以上为本部门2024年度决算表。
"""


def _source(text: str, name: str) -> Source:
    return Source(sha256="0" * 64, file_name=name, format="txt", text=text)


def _markdown(tsv: str) -> str:
    """The same report as a PDF-to-Markdown converter writes it: each run of tab-separated
    lines a pipe table, its first line the header, a rule under it."""
    out, in_table = [], False
    for line in tsv.split("\n"):
        if "\t" in line:
            out.append("|" + line.replace("\t", "|") + "|")
            if not in_table:
                out.append("|" + "|".join("---" for _ in line.split("\t")) + "|")
            in_table = True
        else:
            out.append(line)
            in_table = False
    return "\n".join(out)


def _figures(report) -> list:
    return [
        (
            t.kind,
            [c.name for c in t.columns],
            [(r.name, r.side, r.line, _values(r)) for r in t.rows],
        )
        for t in report.tables
    ]


def _values(row) -> list:
    return [(c.column, c.number.value) for c in row.cells if c.number is not None]


def _checks(report) -> list:
    return [(f.rule, f.subject, f.outcome) for f in verify(report).findings if f.rule[0] in "ITX"]


def test_a_summary_table_without_line_numbers_has_its_figures_in_cells() -> None:
    report = extract(_source(TSV.format(general="236.63"), "final.tsv.txt"))
    table = report.table(TableKind.G01)
    assert table is not None
    assert [(c.name, c.side) for c in table.columns] == [("决算数", "收入"), ("决算数", "支出")]
    row = next(r for r in table.rows if r.name == "一、一般公共服务支出")
    assert row.line is None and _values(row) == [(1, row.cells[0].number.value)]
    assert str(row.cells[0].number.value) == "236.63"
    # one table on those lines: no second reading of them as a grid
    assert len([t for t in report.tables if t.span and t.span.start == table.span.start]) == 1


def test_a_class_row_summed_from_its_rounded_rows_agrees_within_rounding() -> None:
    report = extract(_source(TSV.format(general="236.63"), "final.tsv.txt"))
    findings = verify(report).findings
    errors = [f.message for f in findings if f.outcome == "fail" and f.severity == "error"]
    assert errors == []
    x304 = {f.subject: f for f in findings if f.rule == "X304"}
    assert x304["公开03 类 201 = 公开01 一般公共服务支出 (the sum of its rows)"].outcome == "pass"
    assert x304["公开03 类 212 = 公开01 城乡社区支出 (the sum of its rows)"].outcome == "pass"
    assert any(f.rule == "I202" and f.outcome == Outcome.PASS for f in findings)


def test_two_units_off_the_class_row_is_an_error() -> None:
    report = extract(_source(TSV.format(general="236.62"), "final.tsv.txt"))
    failed = [
        f
        for f in verify(report).findings
        if f.outcome == Outcome.FAIL and f.severity == Severity.ERROR
    ]
    assert any(f.rule == "X304" and "201" in f.subject for f in failed)


def test_the_markdown_form_reads_and_checks_as_the_tab_separated() -> None:
    for general in ("236.63", "236.62"):
        tsv = TSV.format(general=general)
        tabbed = extract(_source(tsv, "final.tsv.txt"))
        piped = extract(_source(_markdown(tsv), "final.md.txt"))
        assert _figures(piped) == _figures(tabbed)
        assert _checks(piped) == _checks(tabbed)


def test_pipe_cells_keep_their_offsets_and_a_cut_figure_is_one_unreadable_cell() -> None:
    text = "x\n|208|社会保障和就<br>业支出|**754.75**|754.|75| 0.00 |\n|---|---|\ny"
    (line,) = tab_lines(text, 0, len(text))
    assert [c.text for c in line.cells] == [
        "208",
        "社会保障和就业支出",
        "754.75",
        "754.|75",
        "0.00",
    ]
    for cell in line.cells:
        if cell.text[0].isdigit() and "|" not in cell.text:
            assert text[cell.start : cell.start + len(cell.text)] == cell.text


def test_a_total_label_cut_over_the_code_column_is_read_whole() -> None:
    text = (
        "|经济分类科目编码|科目名称|决算数|经济分类科目编码|科目名称|决算数|\n"
        "|---|---|---|---|---|---|\n"
        "|301|工资福利支出|120.50|302|商品和服务支出|30.25|\n"
        "|人|员经费合计|120.50||公用经费合计|30.25|\n"
    )
    table = _basic_detail(text, tab_lines(text, 0, len(text)), TableKind.G06, "", "万元", None)
    totals = {r.name: (r.side, _values(r)) for r in table.rows if r.is_total}
    assert set(totals) == {"人员经费合计", "公用经费合计"}
    assert totals["人员经费合计"][0] == "人员经费"
    (at,) = [r.span.start for r in table.rows if r.name == "人员经费合计"]
    assert text[at] == "人"


PLAIN_ROWS = [
    ("208", "社会保障和就业支出", "30.00"),
    ("20805", "行政事业单位养老支出", "30.00"),
    ("2080505", "机关事业单位基本养老保险缴费支出", "20.00"),
    ("2080506", "机关事业单位职业年金缴费支出", "10.00"),
    ("210", "卫生健康支出", "12.50"),
    ("21011", "行政事业单位医疗", "12.50"),
    ("2101101", "行政单位医疗", "8.25"),
    ("2101102", "事业单位医疗", "4.25"),
    ("212", "城乡社区支出", "57.50"),
    ("21201", "城乡社区管理事务", "57.50"),
    ("2120101", "行政运行", "50.00"),
    ("2120104", "城管执法", "7.50"),
]


def test_class_codes_alone_on_their_lines_are_rows_not_page_numbers() -> None:
    """One cell a line, blank cells as lines of a space: each 类 code (208, 210, 212: two
    apart, pages apart in lines) stands beside blank lines like a page number, and opens
    the row its name goes on with."""
    cells = ["支出决算表", "单位：万元", "项目", "本年支出合计", "基本支出", "项目支出"]
    cells += ["科目编码", "科目名称", "合计", "100.00", "100.00", "0.00", " ", " ", " "]
    for code, name, amount in PLAIN_ROWS:
        cells += [code, name, amount, amount, "0.00", " ", " ", " "]
    text = "示例区规划服务中心2024年度部门决算\n\n" + " \n".join(cells) + " \n\n以上为决算表。\n"
    report = extract(_source(text, "final.plain.txt"))
    (table,) = report.tables
    assert [r.code for r in table.rows if r.code] == [code for code, _, _ in PLAIN_ROWS]
    errors = [f for f in verify(report).findings if f.outcome == "fail" and f.severity == "error"]
    assert errors == []


def _piped_titles(tsv: str) -> str:
    """The Markdown a converter writes when a table's title is the first row of its pipe
    table (|财政拨款收入支出决算总表||||, the unit line above it): each title line, with the
    tab-separated lines after it, one pipe table."""
    out: list[str] = []
    lines = tsv.split("\n")
    n = 0
    while n < len(lines):
        line = lines[n]
        if line.endswith("表") and n + 1 < len(lines) and lines[n + 1].startswith("单位"):
            width = len(lines[n + 2].split("\t"))
            out += [lines[n + 1], "|" + line + "|" * width, "|---" * width + "|"]
            n += 2
            continue
        out.append("|" + line.replace("\t", "|") + "|" if "\t" in line else line)
        n += 1
    return "\n".join(out)


def test_a_title_in_a_pipe_tables_first_row_opens_its_table() -> None:
    """|一般公共预算财政拨款基本支出决算表||||: the title a converter put in the table's first
    row opens a table as its tab-separated line does; the table before does not run on into
    it (a review found 公开06's codes read into 公开04's fund columns)."""
    tsv = TSV.format(general="236.63")
    tabbed = extract(_source(tsv, "final.tsv.txt"))
    md = _piped_titles(tsv)
    assert "\n|支出决算表|||||\n|---|" in md
    # and with no line between the two tables: the title row right after the last row
    abutting = md.replace("|\n\n单位：万元\n|支出决算表", "|\n|支出决算表")
    assert abutting != md
    for text in (md, abutting):
        piped = extract(_source(text, "final.md.txt"))
        assert [t.kind for t in piped.tables] == [t.kind for t in tabbed.tables]
        assert _figures(piped) == _figures(tabbed)
        assert _checks(piped) == _checks(tabbed)


def test_a_rule_is_dashes_in_every_cell_and_nothing_else() -> None:
    """|---|:---:| is the rule under a header; |--|12.50| is a row whose first cell a
    converter wrote as a dash (a review found it dropped as a rule)."""
    text = "|项目|金额|\n|---|:---:|\n|--|12.50|\n"
    lines = tab_lines(text, 0, len(text))
    assert [[c.text for c in line.cells] for line in lines] == [["项目", "金额"], ["--", "12.50"]]


def test_a_rule_may_have_an_empty_cell_or_single_dashes() -> None:
    """|---|---|| and |-|-| are rules too (a converter's and GFM's), not rows."""
    for rule in ("|---|---||", "|-|-|", "| :-- | --: |"):
        text = f"|项目|金额|\n{rule}\n|合计|12.50|\n"
        lines = tab_lines(text, 0, len(text))
        assert [[c.text for c in line.cells] for line in lines] == [
            ["项目", "金额"],
            ["合计", "12.50"],
        ], rule
