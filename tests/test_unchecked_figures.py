"""verifier.coverage.unchecked: the figures no recomputation used, named by where they stand."""

from __future__ import annotations

from extractor import extract
from extractor.source import Source
from verifier import verify
from verifier.coverage import unchecked
from verifier.rules.examples import _STAFF


def _unchecked(text: str) -> list[tuple[str, str, str]]:
    report = extract(Source(sha256="0" * 64, file_name="基础数据.txt", format="txt", text=text))
    return [(u.place, u.name, u.number.raw) for u in unchecked(report, verify(report).findings)]


def test_a_checked_table_leaves_nothing():
    assert _unchecked(_STAFF.format(rate="87.50%")) == []


def test_figures_no_check_reaches_are_named():
    """Without its rate, the staff table's two counts take part in nothing."""
    text = _STAFF.format(rate="——")
    assert _unchecked(text) == [
        ("table", "基础数据表 [编制数]", "16"),
        ("table", "基础数据表 [2024年实际在职人数]", "14"),
    ]
