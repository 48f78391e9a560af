"""Across years (issue 20): the pair rules on made-up two-year budgets, department names
matched after normalising, pairs checked on ingest whichever year comes first, the verdict of
the later report, idempotent re-ingest, and the timeline."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from extractor import extract
from extractor.source import Source
from hedui import departments, store, timeline, years
from hedui.ingest import ingest
from tests.years_examples import budget, earlier, later
from verifier.report import Outcome, Report
from verifier.years import check_pair, tally


def _report(text: str, n: int) -> Report:
    return extract(Source(sha256=f"{n:x}" * 64, file_name=f"{n}.txt", format="txt", text=text))


def test_agreement_every_line_compared_and_agrees() -> None:
    found = check_pair(_report(earlier(), 1), _report(later(), 2))
    assert tally(found) == {"compared": 3, "agree": 3, "disagree": 0}
    assert {f.finding.rule for f in found} == {"Y901"}


def test_one_digit_disagreement_found_with_spans_in_both() -> None:
    # 2023 printed 基本支出 410.00 (its own change 10.00 and 2.50% agree with it), while 2024
    # says 430.00 is 30.00 more than last year: 400.00
    text_2023 = budget(2023, basic="410.00", basic_pct="2.50", total="530.00",
                       total_change="30.00", total_pct="6.00")  # fmt: skip
    a, b = _report(text_2023, 1), _report(later(), 2)
    found = [y for y in check_pair(a, b) if y.finding.outcome == Outcome.FAIL]
    assert len(found) == 2  # 基本支出 and the total
    basic = next(y for y in found if "基本支出" in y.finding.subject)
    f = basic.finding
    assert f.stated == 410 and f.expected == 400
    assert [b.text[s.start : s.end] for s in f.spans] == ["430.00", "30.00"]
    assert [a.text[s.start : s.end] for s in basic.earlier] == ["410.00"]
    # the same text of 2024 alone has nothing to say about it
    assert not [x for x in check_pair(_report(earlier(), 1), b) if x.finding.outcome == "fail"]


def test_not_consecutive_or_not_the_same_line_is_not_judged() -> None:
    a, b = _report(earlier(), 1), _report(later(), 2)
    assert check_pair(b, a) == []  # the later year first
    two_years_on = _report(budget(2025, basic="430.00", basic_change="30.00",
                                  basic_pct="7.50"), 3)  # fmt: skip
    assert check_pair(a, two_years_on) == []
    # a line named otherwise (人员支出, not 基本支出) is not compared
    renamed_line = later().replace("基本支出预算数", "人员支出预算数")
    found = check_pair(a, _report(renamed_line, 4))
    assert all("人员支出" not in y.finding.subject for y in found)
    assert tally(found)["compared"] == 2


@pytest.mark.parametrize(
    "a,b",
    [
        ("江苏省高级人民法院", "省法院"),
        ("江苏省人民检察院", "江苏省 人民检察院（本级）"),
        ("上海市普陀区人民政府万里街道办事处", "普陀区万里街道办事处"),
        ("松岭区网格服务中心", "松岭区 网格服务中心 本级"),
    ],
)
def test_a_department_written_otherwise_is_matched(a: str, b: str) -> None:
    ok, why = departments.same(a, b)
    assert ok, why
    assert "≈" in why


@pytest.mark.parametrize(
    "a,b",
    [
        ("松岭区网格服务中心", "松岭区网格管理中心"),
        ("江苏省高级人民法院", "浙江省高级人民法院"),
        ("松岭区网格服务中心", "青禾县网格服务中心"),
        ("江苏省人民检察院", "江苏省高级人民法院"),
    ],
)
def test_similar_names_of_two_departments_are_not_matched(a: str, b: str) -> None:
    assert not departments.same(a, b)[0]


def _write(tmp: Path, name: str, text: str) -> Path:
    p = tmp / name
    p.write_text(text, encoding="utf-8")
    return p


def test_on_ingest_in_either_order_the_later_report_carries_the_findings(tmp_path) -> None:
    text_2023 = budget(2023, basic="410.00", basic_pct="2.50", total="530.00",
                       total_change="30.00", total_pct="6.00")  # fmt: skip
    # the later year first, then the earlier (as a batch may deliver them), the 2024 report
    # renamed (its city in front)
    f24 = _write(
        tmp_path, "b-2024.txt", later().replace("松岭区网格服务中心", "云州市松岭区网格服务中心", 1)
    )
    f23 = _write(tmp_path, "a-2023.txt", text_2023)
    db = store.open_db(tmp_path / "h.db")
    ingest(db, [f24], isolate=False)
    before = next(db.query("SELECT verdict FROM reports WHERE file_name = 'b-2024.txt'"))
    ingest(db, [f23], isolate=False)
    rows = {r["file_name"]: r for r in db.query("SELECT * FROM reports")}
    pair = list(db.query("SELECT * FROM year_pairs WHERE status = 'checked'"))
    assert len(pair) == 1 and pair[0]["later_sha256"] == rows["b-2024.txt"]["sha256"]
    assert (pair[0]["compared"], pair[0]["disagree"]) == (3, 2)
    failed = list(
        db.query(
            "SELECT f.*, y.earlier_spans FROM findings f JOIN year_findings y ON y.finding_id = f.id "
            "WHERE f.outcome = 'fail'"
        )
    )
    assert len(failed) == 2 and {f["report_sha256"] for f in failed} == {pair[0]["later_sha256"]}
    assert before["verdict"] != "flag" and rows["b-2024.txt"]["verdict"] == "flag"
    assert rows["b-2024.txt"]["n_errors"] == 2
    # re-ingest: nothing changes
    count = db.execute("SELECT count(*) FROM findings").fetchone()[0]
    ingest(db, [f23, f24], isolate=False)
    assert db.execute("SELECT count(*) FROM findings").fetchone()[0] == count
    # checking the pair again writes the same rows
    years.after_save(db, rows["a-2023.txt"]["sha256"])
    assert db.execute("SELECT count(*) FROM findings").fetchone()[0] == count
    assert db.execute("SELECT count(*) FROM year_findings").fetchone()[0] == 3


def test_an_ambiguous_name_is_not_used_and_is_shown(tmp_path) -> None:
    # two districts' 网格服务中心 of 2023, and a 2024 report that names neither district
    db = store.open_db(tmp_path / "h.db")
    files = [
        _write(tmp_path, "a.txt", earlier()),
        _write(tmp_path, "b.txt", earlier().replace("松岭区", "青禾区")),
        _write(tmp_path, "c.txt", later().replace("松岭区网格服务中心", "网格服务中心")),
    ]
    ingest(db, files, isolate=False)
    assert not list(db.query("SELECT * FROM year_pairs WHERE status = 'checked'"))
    shown = list(db.query("SELECT reason FROM year_pairs WHERE status = 'ambiguous'"))
    assert shown and "松岭区网格服务中心" in shown[0]["reason"]
    assert "青禾区网格服务中心" in shown[0]["reason"]
    assert timeline.build(db, "网格服务中心").ambiguous


def test_timeline_lines_by_year_with_their_sources(tmp_path) -> None:
    db = store.open_db(tmp_path / "h.db")
    text_2023 = budget(2023, basic="410.00", basic_pct="2.50", total="530.00",
                       total_change="30.00", total_pct="6.00")  # fmt: skip
    ingest(db, [_write(tmp_path, "a.txt", text_2023), _write(tmp_path, "b.txt", later())],
           isolate=False)  # fmt: skip
    tl = timeline.build(db, "松岭区网格服务中心")
    assert [c.year for c in tl.columns] == [2023, 2024]
    basic = tl.lines["基本支出"]
    assert (basic[2023].raw, basic[2024].raw) == ("410.00", "430.00")
    assert basic[2023].disagrees and not basic[2024].disagrees
    text = next(db.query("SELECT text FROM reports WHERE file_name = 'a.txt'"))["text"]
    assert text[basic[2023].start : basic[2023].end] == "410.00"
    svg = timeline.svg(tl)
    assert svg.startswith("<svg") and "<script" not in svg and svg.count("<polyline") >= 2


CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus-pdf"


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus-pdf is not here")
def test_corpus_runs_compared_and_every_disagreement_known(tmp_path) -> None:
    """The three runs: figures compared, and the disagreements each checked by hand against
    both PDFs (docs: the issue 20 note). Wanli's budgets state their changes by the amount
    alone (比2023年预算增加25万元) or as none (持平); each agrees with the year before."""
    from hedui.pipeline import process

    def run(stem: str) -> list:
        years = (2023, 2024, 2025) if stem == "shpt-wanli" else (2017, 2018, 2019)
        reps = [process(CORPUS / f"{stem}-{y}-dept-budget.tsv.txt", llm="off").report
                for y in years]  # fmt: skip
        return [y for a, b in itertools.pairwise(reps) for y in check_pair(a, b)]

    court, proc = run("js-court"), run("js-procuratorate")
    failed = [y.finding for y in court + proc if y.finding.outcome == Outcome.FAIL]
    assert tally(court)["compared"] >= 30 and tally(proc)["compared"] >= 8
    wanli = tally(run("shpt-wanli"))
    assert wanli["compared"] >= 17 and wanli["disagree"] == 0
    assert sorted((str(f.stated), str(f.expected)) for f in failed) == [
        ("17981.68", "17981.98"),
        ("17981.68", "17981.98"),
        ("6432.89", "6442.89"),
    ]


def _table(unit: str, columns: list[str], rows: list[tuple[str, str, list[str]]]):
    from verifier.numbers import make_number
    from verifier.report import Cell, Column, Row, Table, TableKind

    return Table(
        kind=TableKind.BUDGET, title="一般公共预算支出预算表", unit=unit,
        columns=[Column(name=c) for c in columns],
        rows=[
            Row(name=name, code=code, cells=[
                Cell(column=i, number=make_number(v, unit=unit, start=0)) for i, v in enumerate(vals)
            ])
            for code, name, vals in rows
        ],
    )  # fmt: skip


@pytest.mark.parametrize("printed,outcome", [("1200000.00", "pass"), ("1210000.00", "fail")])
def test_prior_year_column_against_last_years_table_across_units(printed, outcome) -> None:
    """Y902: a 上年预算数 column in 万元 against last year's 预算数 in 元 (Shanghai prints its
    budget tables in 元)."""
    from verifier.report import ReportKind

    a = Report(sha256="1" * 64, file_name="a", text="", kind=ReportKind.BUDGET, year=2023,
               tables=[_table("元", ["预算数"], [("2010301", "行政运行", [printed])])])  # fmt: skip
    b = Report(sha256="2" * 64, file_name="b", text="", kind=ReportKind.BUDGET, year=2024,
               tables=[_table("万元", ["上年预算数", "本年预算数"],
                              [("2010301", "行政运行", ["120.00", "130.00"])])])  # fmt: skip
    found = [y.finding for y in check_pair(a, b) if y.finding.rule == "Y902"]
    assert [f.outcome.value for f in found] == [outcome]
    # a row of another code is not compared
    b.tables[0].rows[0].code = "2010302"
    assert not [y for y in check_pair(a, b) if y.finding.rule == "Y902"]


def test_a_later_report_keeps_the_findings_of_one_earlier_report_only(tmp_path) -> None:
    """The 2024 budget as Markdown, then 2023's as text, then 2023's as Markdown: the later
    report pairs with the 2023 of its own form at last, and the first pair's findings go
    (a review found both pairs' findings kept, so the stored rows depended on the order)."""
    text_2023 = budget(2023, basic="410.00", basic_pct="2.50", total="530.00",
                       total_change="30.00", total_pct="6.00")  # fmt: skip
    f24 = _write(tmp_path, "b-2024.md", later())
    f23_txt = _write(tmp_path, "a-2023.txt", text_2023)
    f23_md = _write(tmp_path, "a-2023.md", text_2023 + "\n")

    def stored(order: list[Path], name: str) -> tuple:
        db = store.open_db(tmp_path / name)
        for f in order:
            ingest(db, [f], isolate=False)
        pairs = list(db.query("SELECT earlier_sha256 FROM year_pairs WHERE status = 'checked'"))
        on_later = db.execute("SELECT count(*) FROM year_findings").fetchone()[0]
        verdict = next(db.query("SELECT verdict FROM reports WHERE file_name = 'b-2024.md'"))
        return len(pairs), on_later, verdict["verdict"]

    one = stored([f24, f23_txt, f23_md], "one.db")
    other = stored([f23_md, f24, f23_txt], "other.db")
    assert one == other and one[0] == 1


def test_a_report_paired_again_in_its_batch_is_stored_as_when_read_back(tmp_path) -> None:
    """One batch of the 2024 budget as Markdown, 2023's as text, then 2023's as Markdown: the
    2024 report is paired with the text, then again with the Markdown, its own findings held
    in memory both times (years.attach). The rows and the verdict are those of the same
    files ingested a batch each, where its findings are read back from the store."""
    text_2023 = budget(2023, basic="410.00", basic_pct="2.50", total="530.00",
                       total_change="30.00", total_pct="6.00")  # fmt: skip
    files = [
        _write(tmp_path, "b-2024.md", later()),
        _write(tmp_path, "a-2023.txt", text_2023),
        _write(tmp_path, "a-2023.md", text_2023 + "\n"),
    ]

    def stored(batches: list[list[Path]], name: str) -> tuple:
        db = store.open_db(tmp_path / name)
        for batch in batches:
            ingest(db, batch, isolate=False)
        findings = list(db.query("SELECT * FROM findings ORDER BY id"))
        reports = list(
            db.query("SELECT file_name, verdict, reasons, n_errors, n_warnings, status "
                     "FROM reports ORDER BY file_name")
        )  # fmt: skip
        pairs = list(db.query("SELECT earlier_sha256, later_sha256, compared, disagree "
                              "FROM year_pairs ORDER BY 1, 2"))  # fmt: skip
        spans = list(db.query("SELECT * FROM year_findings ORDER BY finding_id"))
        return findings, reports, pairs, spans

    together = stored([files], "together.db")
    apart = stored([[f] for f in files], "apart.db")
    assert together == apart
    assert together[2][0]["disagree"] == 2  # the pair kept is the Markdown's, and it disagrees


def test_a_store_from_before_the_check_across_years_is_paired_on_the_next_ingest(
    tmp_path,
) -> None:
    """A store made before hedui checked across years has no filed names: a new year
    ingested into it found no neighbours, and the old reports were never paired."""
    text_2023 = budget(2023, basic="410.00", basic_pct="2.50", total="530.00",
                       total_change="30.00", total_pct="6.00")  # fmt: skip
    f23 = _write(tmp_path, "a-2023.txt", text_2023)
    f24 = _write(tmp_path, "b-2024.txt", later())
    db = store.open_db(tmp_path / "h.db")
    ingest(db, [f23, f24], isolate=False)
    paired = [dict(r) for r in db.query("SELECT * FROM year_pairs WHERE status = 'checked'")]
    later_sha = paired[0]["later_sha256"]
    count = "SELECT count(*) FROM findings WHERE report_sha256 = ?"
    findings = db.execute(count, [later_sha]).fetchone()[0]
    # as an old store: no years tables, and the pair's findings not there
    db.conn.execute(
        "DELETE FROM report_findings WHERE id IN (SELECT finding_id FROM year_findings)"
    )
    for table in ("department_names", "year_pairs", "year_findings"):
        db.conn.execute(f"DROP TABLE {table}")
    other = _write(tmp_path, "c-other.txt", later().replace("松岭区网格服务中心", "青禾县档案馆"))
    summary = ingest(db, [other], isolate=False)
    assert summary.count("stored") == 1
    again = [dict(r) for r in db.query("SELECT * FROM year_pairs WHERE status = 'checked'")]
    assert [(p["later_sha256"], p["compared"], p["disagree"]) for p in again] == [
        (later_sha, paired[0]["compared"], paired[0]["disagree"])
    ]
    assert db.execute(count, [later_sha]).fetchone()[0] == findings
