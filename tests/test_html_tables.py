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


def test_indents_omitted_closing_tags_and_comments_keep_the_columns() -> None:
    """A review found each of these shifting cells: tab indents read as cells, a colspan's
    empty cells lost without </td>, rows run together without </td> and </tr>, a comment's
    tags read as a cell."""
    indented = "<table>\n\t<tr>\n\t\t<td>a</td>\n\t\t<td>1</td>\n\t</tr>\n</table>"
    assert _rows(blank_html_tables(indented)) == [["a", "1"]]
    open_tags = "<table><tr><td colspan=2>合计<td>827.66<tr><td>201<td>一般<td>702.31</table>"
    assert _rows(blank_html_tables(open_tags)) == [
        ["合计", "", "827.66"],
        ["201", "一般", "702.31"],
    ]
    commented = '<table><tr><td title="a>b">x</td><!-- <td>old</td> --><td>2.00</td></tr></table>'
    assert _rows(blank_html_tables(commented)) == [["x", "2.00"]]


def test_wide_spans_empty_rows_and_a_caption() -> None:
    """colspan=7 keeps the next cell in column 8; an empty <tr></tr> is one of a rowspan's
    rows; a caption is the table's title on a line of its own; data-colspan is no span."""
    wide = "<table><tr><td colspan=7>A</td><td>B</td></tr></table>"
    assert _rows(blank_html_tables(wide)) == [["A", "", "", "", "", "", "", "B"]]
    spanned = (
        "<table><tr><td rowspan=2>项目</td><td rowspan=2>金额</td></tr><tr></tr>"
        "<tr><td>合计</td><td>827.66</td></tr></table>"
    )
    assert _rows(blank_html_tables(spanned)) == [["项目", "金额"], ["合计", "827.66"]]
    titled = '表1<table><caption>收入决算表</caption><tr><td data-colspan="3">x</td><td>1</td></tr></table>'
    assert _rows(blank_html_tables(titled)) == [["表1"], ["收入决算表"], ["x", "1"]]


def test_an_unclosed_table_is_left_as_written_in_linear_time() -> None:
    text = ("<table>" + "x" * 80 + "\n") * 2000
    assert blank_html_tables(text) == text
