"""extractor.formats.html_tables: an HTML table's markup made whitespace of the same length,
a row a line, a cell after a tab; a cell's text where it stood."""

from __future__ import annotations

from extractor.formats.html_tables import blank_html_tables


def _rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.split("\t")] for line in text.split("\n") if line.strip()]


def test_rows_cells_and_offsets() -> None:
    html = (
        "前言\n<table>\n<tr><th>项目</th><th>金额</th></tr>\n"
        '<tr><td align="left">基本支出</td><td><b>400.00</b></td></tr>\n</table>\n后记'
    )
    out = blank_html_tables(html)
    assert len(out) == len(html)
    assert _rows(out) == [["前言"], ["项目", "金额"], ["基本支出", "400.00"], ["后记"]]
    at = html.index("400.00")
    assert out[at : at + 6] == "400.00"  # a figure's span is its place in the file


def test_spans_of_columns_and_rows_leave_the_empty_cells_a_converter_writes() -> None:
    html = (
        "<table>"
        '<tr><td colspan="2">收入</td><td>支出</td></tr>'
        '<tr><td rowspan="2">合计</td><td>1.00</td><td>2.00</td></tr>'
        "<tr><td>3.00</td><td>4.00</td></tr>"
        "</table>"
    )
    assert _rows(blank_html_tables(html)) == [
        ["收入", "", "支出"],
        ["合计", "1.00", "2.00"],
        ["", "3.00", "4.00"],
    ]


def test_line_breaks_inside_a_table_and_nbsp_are_spaces() -> None:
    html = "<table>\n<tr>\n<td>行政\n运行</td>\n<td>&nbsp;12.50</td>\n</tr>\n</table>"
    assert _rows(blank_html_tables(html)) == [["行政 运行", "12.50"]]


def test_text_without_tables_and_nested_tables_stay_as_written() -> None:
    plain = "没有表格的说明。<b>加粗</b>"
    assert blank_html_tables(plain) is plain
    nested = "<table><tr><td><table><tr><td>1</td></tr></table></td></tr></table>"
    assert blank_html_tables(nested) == nested
