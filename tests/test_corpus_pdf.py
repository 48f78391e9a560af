"""The real reports of ../shared/corpus-pdf in their three text forms: every input gets its
table checks, no table identity is an error, and identities checked by hand hold in every form.

Each hand-checked entry names the document, the rule and the figures of the check as written
(the text of each span, the stated figure first). Each was recomputed by hand from the
source — the parts add up to the stated figure exactly, except 2025's 城乡社区支出, whose
parts add up to 154,369,327 元 against 154,369,326: one 元, within the rounding of the
five figures written to the 元 — and each reads the same in the tab-separated, Markdown and
one-cell-per-line forms.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from extractor import extract, load
from tests.conftest import SHARED
from verifier import verify
from verifier.report import Outcome, Severity

CORPUS_PDF = SHARED / "corpus-pdf"
FORMS = ("tsv", "md", "plain")
GRID_RULES = ("T107", "T108", "T109", "T110", "T111", "T112")
# One identity, two rule codes: a 收支总表 read as the national 公开01/04 (by its printed
# layout: tab-separated or pipe rows) is checked by those tables' own rules, one the grid
# reader takes (one cell per line) by the catalogue's. The sides of a 收支总表 add up (T112:
# I201 本年收入, I202 本年支出, I203 总计 with the balances); it balances (T110: I204).
SAME_IDENTITY = {"T112": ("T112", "I201", "I202", "I203"), "T110": ("T110", "I204")}

HAND_CHECKED = [
    # 2017年度江苏省高级人民法院部门一般公共预算支出预算表 row 22102 住房改革支出 [金额]
    ("js-court-2017-dept-budget", "T107", ("2,989.14", "1,029.15", "1,959.99")),
    # 2017年度江苏省高级人民法院部门一般公共预算支出预算表 row 20405 法院 [金额]
    (
        "js-court-2017-dept-budget",
        "T107",
        ("23,513.11", "11,786.92", "6,432.89", "1,600.00", "1,733.30", "1,050.00", "910.00"),
    ),
    # 2017年度江苏省高级人民法院部门一般公共预算基本支出预算表 row 302 商品和服务支出 [金额
    (
        "js-court-2017-dept-budget",
        "T107",
        (
            "3,528.37",
            "380.00",
            "43.60",
            "235.00",
            "105.00",
            "265.00",
            "560.00",
            "97.01",
            "60.37",
            "50.72",
            "48.00",
            "458.00",
            "110.00",
            "304.40",
            "618.27",
            "193.00",
        ),
    ),
    # 2017年度江苏省高级人民法院部门一般公共预算基本支出预算表 row 合计 [金额]
    ("js-court-2017-dept-budget", "T108", ("17,123.19", "7,687.65", "3,528.37", "5,907.17")),
    # 2017年度江苏省高级人民法院部门一般公共预算支出预算表 row 合计 [金额]
    ("js-court-2017-dept-budget", "T108", ("28,849.38", "23,513.11", "2,347.13", "2,989.14")),
    # 2017年度江苏省高级人民法院部门一般公共预算机关运行经费支出预算表 row 合计 [金额]
    ("js-court-2017-dept-budget", "T108", ("9,193.40", "9,050.00", "143.40")),
    # 2017年度江苏省高级人民法院部门支出预算总表 row [合计] (its empty cells
    ("js-court-2017-dept-budget", "T109", ("28,849.38", "17,123.19", "11,543.27", "182.92")),
    # 2017年江苏省高级人民法院部门政府采购预算表 row 交通运行费公务用车运行维护费 []
    ("js-court-2017-dept-budget", "T111", ("170.00", "135.00", "35.00")),
    # 2017年江苏省高级人民法院部门政府采购预算表 row 服务C []
    (
        "js-court-2017-dept-budget",
        "T111",
        (
            "2,717.00",
            "606.00",
            "1,000.00",
            "90.00",
            "104.00",
            "35.00",
            "90.00",
            "20.00",
            "30.00",
            "1.00",
            "1.75",
            "170.00",
            "6.00",
            "91.25",
            "2.00",
            "470.00",
        ),
    ),
    # 2017年江苏省高级人民法院部门政府采购预算表 row 信息网络建设维护费信息网络及软件购置更新 [
    ("js-court-2017-dept-budget", "T111", ("274.00", "24.00", "250.00")),
    # unknown row 303 对个人和家庭的补助 []
    ("js-procuratorate-2019-dept-budget", "T107", ("1,491.50", "426.00", "1,064.45", "1.05")),
    # unknown row 20805 行政事业单位离退休 []
    ("js-procuratorate-2019-dept-budget", "T107", ("1,890.27", "400.02", "1,064.46", "425.79")),
    # unknown row 301 工资福利支出 []
    (
        "js-procuratorate-2019-dept-budget",
        "T107",
        (
            "11,960.62",
            "2,171.78",
            "6,372.51",
            "180.14",
            "1,064.46",
            "425.79",
            "89.55",
            "1,442.74",
            "55.68",
            "157.97",
        ),
    ),
    # unknown row 合计 []
    (
        "js-procuratorate-2019-dept-budget",
        "T108",
        ("15,844.04", "11,960.62", "2,391.92", "1,491.50"),
    ),
    # 支出预算总表 row [合计] (its empty cells unwritten: the fi
    ("js-procuratorate-2019-dept-budget", "T109", ("24169.74", "15844.04", "4335.30", "3990.4")),
    # 政府采购支出预算表 row 网络、电子检务、实验室、机要通道、档案数字化系统运行维护费信息网络及软件
    ("js-procuratorate-2019-dept-budget", "T111", ("100.00", "25.00", "25.00", "50.00")),
    # 政府采购支出预算表 row 办公、办案设备更新购置费办公设备购置 []
    (
        "js-procuratorate-2019-dept-budget",
        "T111",
        ("131.40", "15.00", "15.00", "5.00", "8.00", "83.40", "5.00"),
    ),
    # 政府采购支出预算表 row 服务C []
    (
        "js-procuratorate-2019-dept-budget",
        "T111",
        (
            "2,441.44",
            "470.00",
            "390.00",
            "4.00",
            "14.00",
            "237.00",
            "158.44",
            "70.00",
            "356.00",
            "112.00",
            "630.00",
        ),
    ),
    # 2024年部门一般公共预算支出功能分类预算表 row 204 公共安全支出 [项目支出]
    ("shpt-wanli-2024-dept-budget", "T107", ("1,633,000", "300,000", "1,333,000")),
    # 2024年部门一般公共预算基本支出部门预算经济分类预算表 row 302 商品和服务支出 [公用经费
    (
        "shpt-wanli-2024-dept-budget",
        "T107",
        (
            "11,168,569",
            "4,755,518",
            "30,000",
            "277,500",
            "280,000",
            "390,000",
            "1,090,020",
            "80,000",
            "430,000",
            "581,200",
            "30,000",
            "83,000",
            "13,500",
            "226,500",
            "607,849",
            "695,520",
            "215,600",
            "691,680",
            "690,682",
        ),
    ),
    # 2024年部门一般公共预算支出功能分类预算表 row 212 城乡社区支出 [合计]
    (
        "shpt-wanli-2024-dept-budget",
        "T107",
        ("119,385,303", "94,450,003", "9,721,800", "5,993,300", "9,220,200"),
    ),
    # 2024年部门一般公共预算基本支出部门预算经济分类预算表 row 合计 [公用经费]
    ("shpt-wanli-2024-dept-budget", "T108", ("11,168,569", "0", "11,168,569", "0")),
    # 2024年部门一般公共预算支出功能分类预算表 row 合计 [合计]
    (
        "shpt-wanli-2024-dept-budget",
        "T108",
        (
            "156,211,123",
            "2,932,700",
            "1,633,000",
            "250,000",
            "100,000",
            "200,000",
            "19,604,064",
            "3,223,657",
            "119,385,303",
            "8,882,399",
        ),
    ),
    # 2024年部门一般公共预算支出功能分类预算表 row 合计 [项目支出]
    (
        "shpt-wanli-2024-dept-budget",
        "T108",
        (
            "56,505,103",
            "2,932,700",
            "1,633,000",
            "250,000",
            "100,000",
            "200,000",
            "6,235,900",
            "200,000",
            "42,776,303",
            "2,177,200",
        ),
    ),
    # 2024年部门一般公共预算基本支出部门预算经济分类预算表 row 30209 物业管理费 [合计]
    ("shpt-wanli-2024-dept-budget", "T109", ("1,090,020", "0", "1,090,020")),
    # 2024年部门一般公共预算支出功能分类预算表 row 2013302 一般行政管理事务 [合计]
    ("shpt-wanli-2024-dept-budget", "T109", ("1,106,000", "0", "1,106,000")),
    # 2024年部门收入预算总表 row 2013302 一般行政管理事务 [合计]
    ("shpt-wanli-2024-dept-budget", "T109", ("1,106,000", "1,106,000", "0", "0", "0")),
    # 2025年部门一般公共预算基本支出部门预算经济分类预算表 row 302 商品和服务支出 [公用经费
    (
        "shpt-wanli-2025-dept-budget",
        "T107",
        (
            "10,827,702",
            "4,333,478",
            "10,000",
            "106,000",
            "325,000",
            "357,000",
            "1,143,816",
            "80,000",
            "276,000",
            "581,200",
            "30,000",
            "83,000",
            "13,500",
            "249,500",
            "638,846",
            "738,720",
            "215,600",
            "742,560",
            "903,482",
        ),
    ),
    # 2025年部门一般公共预算支出功能分类预算表 row 208 社会保障和就业支出 [基本支出]
    (
        "shpt-wanli-2025-dept-budget",
        "T107",
        ("13,755,695", "7,589,473", "0", "0", "0", "6,166,222"),
    ),
    # 2025年部门一般公共预算支出功能分类预算表 row 212 城乡社区支出 [合计]
    (
        "shpt-wanli-2025-dept-budget",
        "T107",
        ("154,369,326", "94,995,790", "2,191,300", "4,833,300", "52,348,937"),
    ),
    # 2025年部门一般公共预算基本支出部门预算经济分类预算表 row 合计 [公用经费]
    ("shpt-wanli-2025-dept-budget", "T108", ("10,827,702", "0", "10,827,702", "0")),
    # 2025年部门一般公共预算支出功能分类预算表 row 合计 [基本支出]
    (
        "shpt-wanli-2025-dept-budget",
        "T108",
        (
            "101,341,746",
            "0",
            "0",
            "0",
            "0",
            "0",
            "13,755,695",
            "3,016,973",
            "77,381,546",
            "7,187,532",
        ),
    ),
    # 2025年部门一般公共预算基本支出部门预算经济分类预算表 row 合计 [合计]
    ("shpt-wanli-2025-dept-budget", "T108", ("101,341,746", "90,238,584", "10,827,702", "275,460")),
    # 2025年部门一般公共预算支出功能分类预算表 row 2013202 一般行政管理事务 [合计]
    ("shpt-wanli-2025-dept-budget", "T109", ("1,075,000", "0", "1,075,000")),
    # 2025年部门收入预算总表 row 2013202 一般行政管理事务 [合计]
    ("shpt-wanli-2025-dept-budget", "T109", ("1,075,000", "1,075,000", "0", "0", "0")),
    # 2025年部门一般公共预算支出功能分类预算表 row 2013302 一般行政管理事务 [合计]
    ("shpt-wanli-2025-dept-budget", "T109", ("1,106,000", "0", "1,106,000")),
    # 公开08表：一般公共预算基本支出预算表 row 303 对个人和家庭的补助 [金额]
    ("js-procuratorate-2018-dept-budget", "T107", ("1,052.83", "428.51", "623.28", "1.04")),
    # 公开07表：一般公共预算支出预算表 row 20805 行政事业单位离退休 [金额]
    ("js-procuratorate-2018-dept-budget", "T107", ("1,836.22", "371.92", "1,045.93", "418.37")),
    # 公开08表：一般公共预算基本支出预算表 row 301 工资福利支出 [金额]
    (
        "js-procuratorate-2018-dept-budget",
        "T107",
        (
            "10,204.52",
            "2,117.68",
            "5,081.98",
            "175.44",
            "1,045.93",
            "418.37",
            "78.09",
            "1,073.77",
            "49.68",
            "163.58",
        ),
    ),
    # 公开03表：支出预算总表 row [合计] (its empty cells unwritten:
    (
        "js-procuratorate-2018-dept-budget",
        "T109",
        ("21,955.35", "13,994.31", "5,573.00", "2,388.04"),
    ),
    # 公开12表：政府采购支出预算表 row 办公设备购置办公设备购置 []
    ("js-procuratorate-2018-dept-budget", "T111", ("10.00", "1.60", "1.00", "7.40")),
    # 公开12表：政府采购支出预算表 row 办公、办案设备更新购置费办公设备购置 []
    (
        "js-procuratorate-2018-dept-budget",
        "T111",
        ("146.00", "27.00", "16.00", "15.00", "8.00", "60.00", "20.00"),
    ),
    # 公开12表：政府采购支出预算表 row 物业管理费维修（护）费 []
    ("js-procuratorate-2018-dept-budget", "T111", ("150.00", "50.00", "70.00", "30.00")),
    # T112: each side of a 收支总表 adds up, its lines placed by their names (checked by hand
    # against the printed rows: each total and the lines it is the sum of)
    ("js-court-2017-dept-budget", "T112", ("28,849.38", "23,513.11", "2,347.13", "2,989.14")),
    ("js-court-2017-dept-budget", "T112", ("28,849.38", "17,123.19", "11,543.27", "182.92")),
    ("js-court-2018-dept-budget", "T112", ("33,172.15", "18,570.82", "11,343.27", "3,258.06")),
    ("js-court-2019-dept-budget", "T112", ("37,188.34", "27,488.23", "2,355.65", "7,344.46")),
    ("js-court-2019-dept-budget", "T112", ("37,188.34", "21,968.00", "10,208.94", "5,011.40")),
    ("js-procuratorate-2018-dept-budget", "T112", ("21,955.35", "21,940.96", "14.39")),
    (
        "js-procuratorate-2018-dept-budget",
        "T112",
        ("21,940.96", "13,979.92", "5,573.00", "2,388.04"),
    ),
    ("shpt-ghzyj-2024-final", "T112", ("9859.38", "9759.38", "100.00")),
    ("shpt-ghzyj-2024-final", "T112", ("9859.38", "9746.50", "112.88")),
    (
        "shpt-ghzyj-2024-final",
        "T112",
        ("9759.38", "754.75", "236.63", "3845.25", "4461.67", "461.08"),
    ),
    (
        "shpt-wanli-2024-dept-budget",
        "T112",
        (
            "156,211,123",
            "2,932,700",
            "1,633,000",
            "250,000",
            "100,000",
            "200,000",
            "19,604,064",
            "3,223,657",
            "119,385,303",
            "8,882,399",
        ),
    ),
]


def _path(stem: str, form: str) -> Path:
    path = CORPUS_PDF / f"{stem}.{form}.txt"
    if not path.exists():
        pytest.skip(f"corpus-pdf not present at {CORPUS_PDF} (it lives in ../shared)")
    return path


@cache
def _checks(stem: str, form: str) -> dict:
    report = extract(load(_path(stem, form)))
    out: dict = {}
    for f in verify(report).findings:
        key = (f.rule, tuple(report.text[s.start : s.end] for s in f.spans))
        out.setdefault(key, []).append(f)
    return out


def test_at_least_forty_across_rules_and_documents() -> None:
    assert len(HAND_CHECKED) >= 40
    assert {rule for _, rule, _ in HAND_CHECKED} == set(GRID_RULES) - {"T110"}
    assert len({stem for stem, _, _ in HAND_CHECKED}) >= 5


@pytest.mark.corpus
@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("stem,code,numbers", HAND_CHECKED)
def test_hand_checked_identity_holds_in_every_form(stem, code, numbers, form) -> None:
    checks = _checks(stem, form)
    found = [f for c in SAME_IDENTITY.get(code, (code,)) for f in checks.get((c, numbers), [])]
    assert found, f"{code} {numbers} was not checked in {stem}.{form}"
    assert all(f.outcome == Outcome.PASS for f in found)


def _stems() -> list[str]:
    return sorted({p.name.split(".")[0] for p in CORPUS_PDF.glob("*.pdf")}) or ["absent"]


@pytest.mark.corpus
@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("stem", _stems())
def test_every_input_gets_table_checks_and_no_grid_error(stem: str, form: str) -> None:
    findings = [f for fs in _checks(stem, form).values() for f in fs]
    checks = [f for f in findings if f.rule[0] in "TIX" and f.outcome in ("pass", "fail")]
    assert len(checks) >= 20, f"only {len(checks)} table checks ran on {stem}.{form}"
    errors = [
        f.message
        for f in findings
        if f.rule in GRID_RULES and f.outcome == Outcome.FAIL and f.severity == Severity.ERROR
    ]
    assert not errors


@pytest.mark.corpus
@pytest.mark.parametrize("stem", _stems())
def test_the_balance_is_checked_in_every_form(stem: str) -> None:
    """Both 收支总表 of a budget balance in every form. A 决算's 公开01/04 balance by I204
    where the 公开 layouts read them, by T110 where the grid does; in the Shanghai 决算's
    tab-separated form the 公开04 layout finds no value column for 总计 (I204 cannot check),
    so one balance is checked there, two in the other forms."""
    least = 1 if "final" in stem else 2
    for form in FORMS:
        found = [f for fs in _checks(stem, form).values() for f in fs if f.rule in ("T110", "I204")]
        assert sum(f.outcome == Outcome.PASS for f in found) >= least, form


@pytest.mark.corpus
@pytest.mark.parametrize("stem", _stems())
def test_identity_is_the_same_in_every_form(stem: str) -> None:
    from extractor.segment import identify, segment

    seen = set()
    for form in FORMS:
        text = load(_path(stem, form)).text
        ident = identify(text, segment(text))
        seen.add((ident.kind, ident.department, ident.region, ident.year))
    assert len(seen) == 1, seen
    ((kind, department, _, year),) = seen
    assert department and year and kind in ("部门预算", "部门决算")
