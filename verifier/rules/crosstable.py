"""Family X: the same quantity stated in two tables agrees (01↔02↔03, 02↔04, 04↔05,
05↔06, 06↔07), across units when the tables are in different ones."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from verifier.check import (
    compare_sum,
    insufficient,
    not_applicable,
    or_rounded_rows,
    spans_of,
    worded,
)
from verifier.classification import CLASS_NAMES
from verifier.report import Finding, Number, Outcome, Report, Row, Severity, Table, TableKind
from verifier.rules.catalogue import Rule, rule
from verifier.tableview import (
    clean,
    column,
    find_row,
    finest_under,
    has_cell,
    top_rows,
    total_row,
    value,
)


def _unit_ok(a: Table, b: Table) -> bool:
    return a.unit is not None and b.unit is not None


def _cell(table: Table, row: Row | None, col: int | None) -> Number | None:
    return value(row, col) if row is not None and col is not None else None


def _side_col(table: Table, side: str, name: str | None = None) -> int | None:
    if name is not None:
        return column(table, name, side=side)
    for i, c in enumerate(table.columns):
        if c.side == side:
            return i
    return None


def _agree(
    r: Rule, subject: str, a: tuple[Table, Number | None], b: tuple[Table, list[Number | None]]
) -> Finding:
    """a's figure equals the sum of b's figures, compared in a's unit."""
    ta, na = a
    tb, nb = b
    if not _unit_ok(ta, tb):
        return insufficient(r, subject, "a table's unit is unknown", [na, *nb])
    return compare_sum(r, subject, na, nb, unit=ta.unit)


def _across(
    r: Rule,
    report: Report,
    k1: TableKind,
    k2: TableKind,
    check: Callable[[Table, Table], Iterator[Finding]],
) -> Iterator[Finding]:
    """``check`` of the first tables of kinds ``k1`` and ``k2``; not applicable when either is
    absent (a cross-table rule has nothing to set against)."""
    t1, t2 = report.table(k1), report.table(k2)
    if t1 is None or t2 is None:
        yield not_applicable(r, f"{k1.value} ↔ {k2.value}", "a table is absent")
        return
    yield from check(t1, t2)


@rule(
    "X301",
    "totals-01-02-03",
    "X",
    "公开02/03 合计 equals 公开01 本年收入合计 / 本年支出合计",
    "收入决算表 and 支出决算表 break down the totals of 收入支出决算总表.",
)
def totals_01(r: Rule, report: Report) -> Iterator[Finding]:
    income = partial(_side_total, r, side="收入", name="本年收入合计")
    yield from _across(r, report, TableKind.G01, TableKind.G02, income)
    spending = partial(_side_total, r, side="支出", name="本年支出合计")
    yield from _across(r, report, TableKind.G01, TableKind.G03, spending)


def _side_total(r: Rule, t1: Table, t2: Table, side: str, name: str) -> Iterator[Finding]:
    """公开01's ``name`` line (本年收入合计 / 本年支出合计) against the 合计 of ``t2``."""
    n1 = _cell(t1, find_row(t1, name, side=side), _side_col(t1, side))
    n2 = _cell(t2, total_row(t2), column(t2, name, "合计"))
    yield _agree(r, f"公开01 {name} = {t2.kind.value} 合计", (t1, n1), (t2, [n2]))


@rule(
    "X302",
    "income-sources",
    "X",
    "公开02 合计 by source equals the income lines of 公开01",
    "公开01's income lines (财政拨款, 上级补助, 事业, 经营, 附属单位上缴, 其他) are 公开02's columns.",
)
def income_sources(r: Rule, report: Report) -> Iterator[Finding]:
    yield from _across(r, report, TableKind.G01, TableKind.G02, lambda t1, t2: _sources(r, t1, t2))


def _sources(r: Rule, t1: Table, t2: Table) -> Iterator[Finding]:
    """X302 on 公开01 and 公开02: 财政拨款 as one column, each other source as its own."""
    total = total_row(t2)
    c1 = _side_col(t1, "收入")
    grants = [
        find_row(t1, n, side="收入")
        for n in (
            "一般公共预算财政拨款收入",
            "政府性基金预算财政拨款收入",
            "国有资本经营预算财政拨款收入",
        )
    ]
    col = column(t2, "财政拨款收入")
    if col is not None and total is not None and all(g is not None for g in grants):
        parts = [_cell(t1, g, c1) for g in grants if g is not None and has_cell(g, c1 or 0)]
        yield _agree(
            r,
            "公开02 合计 财政拨款收入 = 公开01 财政拨款收入 lines",
            (t2, _cell(t2, total, col)),
            (t1, parts),
        )
    for name in ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"):
        row1, col2 = find_row(t1, name, side="收入"), column(t2, name)
        if row1 is None or col2 is None or total is None:
            continue
        if not has_cell(row1, c1 or 0) and not has_cell(total, col2):
            continue
        yield _agree(
            r,
            f"公开02 合计 {name} = 公开01 {name}",
            (t2, _cell(t2, total, col2)),
            (t1, [_cell(t1, row1, c1)]),
        )


@rule(
    "X303",
    "grants-02-04",
    "X",
    "公开02 财政拨款收入 equals 公开04 本年收入合计",
    "财政拨款收入支出决算总表 details the 财政拨款 income that 收入决算表 totals.",
)
def grants_02_04(r: Rule, report: Report) -> Iterator[Finding]:
    yield from _across(r, report, TableKind.G02, TableKind.G04, lambda t2, t4: _grants(r, t2, t4))


def _grants(r: Rule, t2: Table, t4: Table) -> Iterator[Finding]:
    n2 = _cell(t2, total_row(t2), column(t2, "财政拨款收入"))
    n4 = _cell(t4, find_row(t4, "本年收入合计", side="收入"), _side_col(t4, "收入"))
    yield _agree(r, "公开02 合计 财政拨款收入 = 公开04 本年收入合计", (t2, n2), (t4, [n4]))


def _class_sums(table: Table, col: int | None) -> dict[str, list[Number | None]]:
    """The figures of each 类 in a 功能分类 table: its 3-digit row, or its top rows."""
    out: dict[str, list[Number | None]] = {}
    if col is None:
        return out
    for row in top_rows(table):
        if has_cell(row, col):
            out.setdefault((row.code or "")[:3], []).append(value(row, col))
    return out


def _class_lines(
    r: Rule,
    report: Report,
    detail: TableKind,
    summary: TableKind,
    detail_col: str,
    summary_col: str | None,
) -> Iterator[Finding]:
    yield from _across(
        r, report, summary, detail, lambda ts, td: _classes(r, ts, td, detail_col, summary_col)
    )


def _classes(
    r: Rule, ts: Table, td: Table, detail_col: str, summary_col: str | None
) -> Iterator[Finding]:
    """Each 类 of the detail table ``td`` against its line in the summary table ``ts``."""
    detail, summary = td.kind, ts.kind
    cs = _side_col(ts, "支出", summary_col)
    col = column(td, detail_col)
    sums = _class_sums(td, col)
    for code, nums in sorted(sums.items()):
        name = CLASS_NAMES.get(code)
        row = find_row(ts, name, side="支出") if name else None
        subject = f"{detail.value} 类 {code} = {summary.value} {name or code}"
        if row is None:
            yield insufficient(r, subject, "no line of that 类 in the summary table", nums)
            continue
        figure = _cell(ts, row, cs)
        judged = _agree(r, subject, (ts, figure), (td, nums))
        if figure is not None and col is not None and any(t.code == code for t in top_rows(td)):
            rows = finest_under(td, code, col)  # the 类 row, printed: perhaps its rows' sum
            judged = or_rounded_rows(r, judged, subject, figure, rows, unit=ts.unit)
        yield judged


@rule(
    "X304",
    "classes-03-01",
    "X",
    "公开03 类 rows equal the expenditure lines of 公开01",
    "收入支出决算总表 lists spending by 类; 支出决算表 gives the same 类 in detail.",
)
def classes_03_01(r: Rule, report: Report) -> Iterator[Finding]:
    yield from _class_lines(r, report, TableKind.G03, TableKind.G01, "本年支出合计", None)


@rule(
    "X305",
    "classes-05-04",
    "X",
    "公开05 类 rows equal the 一般公共预算 column of 公开04",
    "一般公共预算财政拨款支出决算表 details 公开04's 一般公共预算财政拨款 spending by 类.",
)
def classes_05_04(r: Rule, report: Report) -> Iterator[Finding]:
    yield from _class_lines(r, report, TableKind.G05, TableKind.G04, "小计", "一般公共预算财政拨款")


@rule(
    "X306",
    "total-05-04",
    "X",
    "公开05 合计 equals 公开04 本年支出合计 (一般公共预算 column)",
    "The two tables state the same 一般公共预算财政拨款 spending.",
)
def total_05_04(r: Rule, report: Report) -> Iterator[Finding]:
    yield from _across(r, report, TableKind.G04, TableKind.G05, lambda t4, t5: _total_05(r, t4, t5))


def _total_05(r: Rule, t4: Table, t5: Table) -> Iterator[Finding]:
    n4 = _cell(
        t4,
        find_row(t4, "本年支出合计", side="支出"),
        column(t4, "一般公共预算财政拨款", side="支出"),
    )
    n5 = _cell(t5, total_row(t5), column(t5, "小计", "合计"))
    yield _agree(r, "公开05 合计 = 公开04 本年支出合计 一般公共预算", (t5, n5), (t4, [n4]))


def _g06_total(table: Table, label: str) -> Number | None:
    for row in table.rows:
        if clean(row.name).startswith(label):
            nums = [c.number for c in row.cells if c.number is not None]
            return nums[0] if nums else None
    return None


@rule(
    "X307",
    "basic-05-06",
    "X",
    "公开06 人员经费合计 + 公用经费合计 equals 公开05 基本支出",
    "基本支出明细表 splits the 基本支出 of 一般公共预算财政拨款支出决算表 into its two kinds.",
)
def basic_05_06(r: Rule, report: Report) -> Iterator[Finding]:
    yield from _across(r, report, TableKind.G05, TableKind.G06, lambda t5, t6: _basic(r, t5, t6))


def _basic(r: Rule, t5: Table, t6: Table) -> Iterator[Finding]:
    n5 = _cell(t5, total_row(t5), column(t5, "基本支出"))
    parts = [_g06_total(t6, "人员经费"), _g06_total(t6, "公用经费")]
    yield _agree(
        r, "公开05 合计 基本支出 = 公开06 人员经费合计 + 公用经费合计", (t5, n5), (t6, parts)
    )


@rule(
    "X308",
    "reception-06-07",
    "X",
    "公开07 公务接待费 (决算数) equals 公开06 30217 公务接待费",
    "Both tables state the year's official reception spending; they differ only if some was "
    "paid from 项目支出, which a reviewer should see.",
)
def reception(r: Rule, report: Report) -> Iterator[Finding]:
    yield from _across(
        r, report, TableKind.G06, TableKind.G07, lambda t6, t7: _reception(r, t6, t7)
    )


def _reception(r: Rule, t6: Table, t7: Table) -> Iterator[Finding]:
    row6 = next((x for x in t6.rows if x.code == "30217"), None)
    n6 = next((c.number for c in row6.cells if c.number is not None), None) if row6 else None
    col7 = column(t7, "公务接待费", side="决算数")
    rows7 = [x for x in t7.rows if col7 is not None and has_cell(x, col7)]
    if row6 is None or col7 is None or not rows7:
        yield not_applicable(r, "公开06 ↔ 公开07 公务接待费", "figure not printed")
        return
    if not _unit_ok(t6, t7):
        yield insufficient(
            r, "公开07 公务接待费", "a table's unit is unknown", [n6, value(rows7[0], col7)]
        )
        return
    yield compare_sum(
        r,
        "公开07 决算数 公务接待费 = 公开06 30217 公务接待费",
        value(rows7[0], col7),
        [n6],
        unit=t7.unit,
        severity=Severity.WARNING,
    )


@rule(
    "X309",
    "funds-08-09-04",
    "X",
    "公开08/09 合计 equals the 政府性基金 / 国有资本经营 column of 公开04",
    "公开04 splits 财政拨款 spending by fund; 公开08 and 公开09 detail two of those funds.",
)
def funds_08_09(r: Rule, report: Report) -> Iterator[Finding]:
    government = partial(_fund, r, fund="政府性基金预算财政拨款", col_name="小计")
    yield from _across(r, report, TableKind.G04, TableKind.G08, government)
    state_capital = partial(_fund, r, fund="国有资本经营预算财政拨款", col_name="合计")
    yield from _across(r, report, TableKind.G04, TableKind.G09, state_capital)


def _fund(r: Rule, t4: Table, tk: Table, fund: str, col_name: str) -> Iterator[Finding]:
    """公开08 or 09 (``tk``) against the column of its ``fund`` in 公开04."""
    kind = tk.kind
    nk = _cell(tk, total_row(tk), column(tk, col_name))
    n4 = _cell(t4, find_row(t4, "本年支出合计", side="支出"), column(t4, fund, side="支出"))
    if nk is None:
        # An empty table says "none": then 公开04 must show none either.
        if n4 is None or n4.value == 0:
            yield not_applicable(r, f"{kind.value} 合计", "nothing spent from this fund")
        else:
            yield worded(
                r, Outcome.FAIL, Severity.ERROR, f"{kind.value} 合计",
                f"{kind.value} is empty but 公开04 states {n4.raw}",
                stated=None, expected=n4.value, unit=t4.unit, spans=spans_of([n4]),
            )  # fmt: skip
        return
    yield _agree(r, f"{kind.value} 合计 = 公开04 本年支出合计 {fund}", (tk, nk), (t4, [n4]))
