"""One-cell-per-line tables (DOCX conversions) read back into rows."""

from __future__ import annotations

from decimal import Decimal

from extractor.tables.loose import parse_loose_tables
from tests.conftest import corpus_file
from verifier.report import TableKind

SAMPLE = "\n".join(
    [
        "附件1",
        "2023年度部门整体支出绩效评价基础数据表",
        "\t经费控制情况（万元）",
        "\t2022年决算数",
        "\t2023年预算数",
        "\t2023年决算数",
        "",
        "\t三公经费",
        "\t1.20",
        "\t1.50",
        "\t1.10",
        "",
        "\t公用经费",
        "\t40.12",
        "\t45.00",
        "\t43.87",
        "",
        "\t部门基本支出预算调整",
        "\t——",
        "\t0",
        "\t0",
        "",
        "说明：本表由单位财务人员填写，数据来源于年度部门决算。本段文字较长，足以结束上面的表格。",
        "",
    ]
)


def test_reads_rows_under_a_header_of_known_width():
    [table] = parse_loose_tables(SAMPLE)
    assert table.kind == TableKind.BASIC_DATA
    assert table.unit == "万元"
    assert [c.name for c in table.columns] == ["2022年决算数", "2023年预算数", "2023年决算数"]
    names = [r.name for r in table.rows]
    assert names == ["三公经费", "公用经费", "部门基本支出预算调整"]
    public = table.rows[1]
    values = [c.number.value for c in public.cells]
    assert values == [Decimal("40.12"), Decimal("45.00"), Decimal("43.87")]
    for c in public.cells:
        assert SAMPLE[c.number.span.start : c.number.span.end] == c.number.raw
    # a dash is not a zero
    assert table.rows[2].cells[0].number is None
    assert table.rows[2].cells[0].text == "——"


def test_a_block_with_no_numeric_header_is_not_a_table():
    text = "说明表\n\t姓名\n\t职务\n\t单位\n\t某甲\n\t主任\n\t中心\n"
    assert parse_loose_tables(text) == []


def test_corpus_002_basic_data_and_self_evaluation():
    text = corpus_file("002").read_text(encoding="utf-8")
    tables = parse_loose_tables(text)
    basic = [t for t in tables if t.kind == TableKind.BASIC_DATA and t.unit == "万元"]
    assert len(basic) == 1
    public = next(r for r in basic[0].rows if r.name == "公用经费")
    col = next(i for i, c in enumerate(basic[0].columns) if c.name == "2024年决算数")
    assert public.cell(col).number.raw == "83.84"
    perf = [t for t in tables if t.kind == TableKind.PERFORMANCE]
    budget = next(t for t in perf if any(c.name == "执行率" for c in t.columns))
    assert budget.rows[0].name == "年度资金总额"
    assert [c.number.raw for c in budget.rows[0].cells] == [
        "248.94",
        "239.32",
        "186.94",
        "10",
        "78.11%",
        "7.81",
    ]
    indicators = next(
        t for t in perf if any(c.name == "得分" for c in t.columns) and t is not budget
    )
    total = indicators.rows[-1]
    assert total.is_total and [c.number.raw for c in total.cells] == ["100", "97"]
    assert {r.side for r in indicators.rows[:-1]} >= {"产出指标(64分)", "满意度指标（10分）"}
    for t in tables:
        for r in t.rows:
            for c in r.cells:
                if c.number and c.number.span:
                    assert text[c.number.span.start : c.number.span.end] == c.number.raw


def test_corpus_003_scoring_table_groups():
    text = corpus_file("003").read_text(encoding="utf-8")
    scoring = [t for t in parse_loose_tables(text) if t.kind == TableKind.SCORING]
    assert scoring, "the 评分表 should be read"
    groups = {r.side for t in scoring for r in t.rows}
    assert "投入（15分）" in groups and "过程（40分）" in groups


def test_corpus_003_continued_scoring_table_is_joined():
    text = corpus_file("003").read_text(encoding="utf-8")
    scoring = [t for t in parse_loose_tables(text) if t.kind == TableKind.SCORING]
    assert len(scoring) == 1
    assert any("续" in n for n in scoring[0].notes)
