"""Small Reports built by hand for rule tests: tables written as tab-separated text in the
corpus's style, with every Number's span pointing at its characters."""

from __future__ import annotations

from verifier.numbers import make_number
from verifier.report import Cell, Column, Report, ReportKind, Row, Span, Table, TableKind


class Doc:
    """Accumulates text; tables are appended as tab-separated lines."""

    def __init__(self) -> None:
        self.text = ""
        self.tables: list[Table] = []

    def line(self, s: str) -> None:
        self.text += s + "\n"

    def table(
        self,
        kind: TableKind,
        unit: str | None,
        columns: list[tuple[str, str | None]],
        rows: list[tuple],
        title: str = "",
    ) -> Table:
        """rows: (name, code, side, is_total, [raw or None per column])."""
        start = len(self.text)
        self.line(title or kind.value)
        out_rows = []
        for name, code, side, is_total, raws in rows:
            prefix = f"{code or ''}\t{name}"
            pos = len(self.text) + len(prefix)
            cells = []
            for i, raw in enumerate(raws):
                pos += 1  # the tab
                if raw is not None:
                    n = make_number(raw, unit=unit, start=pos)
                    cells.append(Cell(column=i, number=n, text=raw))
                    pos += len(raw)
            line_start = len(self.text)
            self.line(prefix + "".join("\t" + (r or "") for r in raws))
            out_rows.append(
                Row(
                    name=name,
                    code=code,
                    side=side,
                    is_total=is_total,
                    cells=cells,
                    span=Span(start=line_start, end=len(self.text) - 1),
                )
            )
        t = Table(
            kind=kind,
            unit=unit,
            columns=[Column(name=n, side=s) for n, s in columns],
            rows=out_rows,
            span=Span(start=start, end=len(self.text)),
        )
        self.tables.append(t)
        return t

    def report(self, kind: ReportKind = ReportKind.FINAL_ACCOUNTS) -> Report:
        return Report(
            sha256="0" * 64,
            file_name="hand.txt",
            text=self.text,
            kind=kind,
            kinds=[kind],
            tables=self.tables,
        )


def g03(rows: list[tuple[str, str | None, list[str | None]]], unit: str = "万元") -> Doc:
    """A 公开03 支出决算表 with columns 本年支出合计 / 基本支出 / 项目支出."""
    d = Doc()
    d.table(
        TableKind.G03,
        unit,
        [("本年支出合计", None), ("基本支出", None), ("项目支出", None)],
        [(name, code, None, code is None, raws) for name, code, raws in rows],
    )
    return d
