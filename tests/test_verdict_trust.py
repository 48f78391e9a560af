"""accept means checked and agrees: what was not checked is said, and never accepted.

Issue 16's cases: a README, a random text file, an empty spreadsheet, a verifier whose every
rule raises, and a report whose tables were read but not all checked.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from extractor import extract
from extractor.source import Source
from hedui.cli import app
from hedui.pipeline import NotAReport, process
from tests.conftest import EXAMPLES
from verifier import verify
from verifier.report import Coverage
from verifier.rules import RULES

runner = CliRunner()
GOOD = EXAMPLES / "青禾县网格服务中心_2023年度部门决算.txt"


def test_an_empty_spreadsheet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    Workbook().save(path)
    with pytest.raises(Exception) as caught:  # refused as no report, or as unreadable
        process(path, llm="off")
    assert "empty.xlsx" in str(caught.value)
    result = runner.invoke(app, ["verify", str(path)])
    assert result.exit_code == 4 and "empty.xlsx" in result.output


def test_a_text_file_of_one_host_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "host.txt"
    path.write_text("db-01.example.internal\n", encoding="utf-8")
    with pytest.raises(NotAReport, match="not a public-finance report"):
        process(path, llm="off")


def test_a_verifier_whose_every_rule_raises_never_accepts(monkeypatch) -> None:
    """Each rule's failure is a finding naming the rule and the exception; the report is
    flagged, never accepted."""
    report = extract(
        Source(
            sha256="0" * 64,
            file_name=GOOD.name,
            format="txt",
            text=GOOD.read_text(encoding="utf-8"),
        )
    )
    assert verify(report).verdict == "accept"  # the same report, rules working

    def broken(rep):
        raise RuntimeError("boom")

    for code, r in list(RULES.items()):
        monkeypatch.setitem(RULES, code, dataclasses.replace(r, fn=broken))
    v = verify(report)
    assert v.verdict != "accept"
    crashed = [f for f in v.findings if "could not run: RuntimeError: boom" in f.message]
    assert {f.rule for f in crashed} == set(RULES)
    assert all(f.outcome == "fail" and f.severity == "warning" for f in crashed)


def test_an_accept_reaches_every_table_and_most_figures() -> None:
    report = extract(
        Source(sha256="0" * 64, file_name=GOOD.name, format="txt", text=GOOD.read_text("utf-8"))
    )
    v = verify(report)
    assert v.verdict == "accept"
    assert v.coverage.complete and v.coverage.share >= 0.9
    # the same report, demanding every figure: 3 of 216 are reached by no rule, so a flag
    # whose warning counts them
    strict = verify(report, min_coverage=1.0)
    assert strict.verdict == "flag"
    (e504,) = [f for f in strict.findings if f.rule == "E504"]
    assert "figures not recomputed" in e504.message


def test_a_coverage_of_no_figures_does_not_read_as_all_checked() -> None:
    """A blank template has nothing to recompute; '0/0 figures (100%)' said the opposite."""
    none = Coverage(figures=0, checked=0, tables_set_out=7, tables_read=7).line()
    assert "no figures read" in none and "100%" not in none
    some = Coverage(figures=240, checked=187, tables_set_out=9, tables_read=9).line()
    assert "187/240 figures (78%)" in some
