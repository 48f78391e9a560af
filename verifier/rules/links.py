"""Family X for catalogued tables: a quantity two tables both print agrees.

The catalogue (verifier.templates.LINKS) names the quantities a report prints twice — the
收支总表's 收入总计 is the 收入总表's 合计, its 财政拨款 line the 财政拨款收支总表's total —
and this rule checks each pair where both tables were read once.
"""

from __future__ import annotations

from collections.abc import Iterator

from verifier.check import compare_sum
from verifier.report import Finding, Number, Report, Table
from verifier.rules.catalogue import Rule, rule
from verifier.rules.grids import ENUMERATED, figures_of, grand_totals, label_of, unreadable
from verifier.templates import LINKS


def _quantity(table: Table, name: str) -> Number | None:
    """A quantity of a table as the catalogue's links name it (see verifier.templates.Link)."""
    if name in ("收入总计", "支出总计"):
        found = grand_totals(table)
        line = None if found is None else found[0 if name == "收入总计" else 1]
    elif name == "合计":
        totals = [r for r in table.rows if not r.code and r.name in ("合计", "总计", "")]
        if not totals:  # a list's total line: 收入总计
            totals = [r for r in table.rows if not r.code and r.name.endswith("总计")]
        line = totals[0] if len(totals) == 1 else None
    else:
        named = [r for r in table.rows if ENUMERATED.sub("", r.name).startswith(name)]
        line = named[0] if len(named) == 1 else None
    if line is None or unreadable([line]) or not figures_of(line):
        return None
    return figures_of(line)[0]


@rule(
    "X310",
    "catalogue-link",
    "X",
    "a quantity two catalogued tables both print agrees",
    "The catalogue (verifier.templates.LINKS) names the quantities a report prints twice: the "
    "收支总表's 收入总计 is the 收入总表's 合计, its 财政拨款 line the 财政拨款收支总表's total, "
    "and so on. Checked where each table appears once and both figures were read.",
)
def catalogue_links(r: Rule, report: Report) -> Iterator[Finding]:
    by_template: dict[str, list[Table]] = {}
    for table in report.tables:
        if table.template and table.additive:
            by_template.setdefault(table.template, []).append(table)
    for link in LINKS:
        ta, tb = by_template.get(link.a[0], []), by_template.get(link.b[0], [])
        if len(ta) != 1 or len(tb) != 1:
            continue
        a, b = _quantity(ta[0], link.a[1]), _quantity(tb[0], link.b[1])
        if a is None or b is None:
            continue
        subject = f"{label_of(ta[0])} {link.a[1]} against {label_of(tb[0])} {link.b[1]}"
        yield compare_sum(r, subject, a, [b], unit=ta[0].unit)
