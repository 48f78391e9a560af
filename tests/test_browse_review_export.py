"""Working through thousands of reports (issue 18): the report browser, review at volume,
readable figures, exports for Excel, and the web's error pages and offline /docs. Each test
names the bug it pins down; the reports are made up here (tests/test_search.py builds them)."""

from __future__ import annotations

import csv
import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from hedui import review, store
from hedui.cli import app
from hedui.export import ALL, Scope, export_csv, export_jsonl, export_xlsx
from hedui.render import figure_columns, place
from hedui.service import create_app
from tests.test_search import _span, build_db, sample_report
from verifier.report import ReportKind

TOKEN = "t0ken"
runner = CliRunner()


def _two_failures(item):
    """The sample report with a second failure, a percent (stored as a fraction)."""
    report, ver = item
    share = ver.findings[0].model_copy(update={
        "rule": "C601", "name": "share", "message": "执行率 104.41% ≠ 100.00%", "unit": "%",
        "subject": "预算执行率", "stated": Decimal("1.0441"),
        "expected": Decimal("0.9873417721518987341772151899"),
        "difference": Decimal("0.0567582278481012658227848101"),
        "spans": [_span(report.text, "104.41")],
    })  # fmt: skip
    return report, ver.model_copy(update={"findings": [*ver.findings, share]})


DEPTS = [("醴陵市网格化管理服务中心", "醴陵市", 2023, "部门决算"),
         ("茶陵县网格化管理服务中心", "茶陵县", 2021, "部门决算"),
         ("茶陵县财政局", "茶陵县", 2022, "部门预算")]  # fmt: skip


@pytest.fixture
def db_path(tmp_path):
    """Three reports named by hash (as real files are), of three departments."""
    items = []
    for i, (dept, region, year, kind) in enumerate(DEPTS):
        report, ver = _two_failures(
            sample_report(sha=f"{i + 1:x}" * 64, name=f"{i + 1:x}" * 16 + ".txt")
        )
        report = report.model_copy(update={"department": dept, "region": region, "year": year,
                                           "kind": ReportKind(kind)})  # fmt: skip
        items.append((report, ver))
    build_db(tmp_path / "r.db", items)
    return tmp_path / "r.db"


@pytest.fixture
def db(db_path):
    return store.open_db(db_path)


@pytest.fixture
def client(db_path):
    return TestClient(create_app(db_path, token=TOKEN))


# --- 1. the report browser -------------------------------------------------------------------


def test_show_finds_a_department_and_lists_candidates_when_several_match(db_path):
    """`show 醴陵` found nothing (file names only); several matches gave the error of none."""
    one = runner.invoke(app, ["show", "醴陵", "--db", str(db_path)])
    assert one.exit_code == 0, one.output
    assert "醴陵市网格化管理服务中心" in one.output
    several = runner.invoke(app, ["show", "茶陵", "--db", str(db_path)])
    assert several.exit_code == 1
    assert "2 reports match" in several.output and "茶陵县财政局" in several.output
    none = runner.invoke(app, ["show", "株洲", "--db", str(db_path)])
    assert none.exit_code == 1 and "no stored report matches" in none.output


def test_list_filters_sorts_and_prints_json(db_path):
    """No command listed the reports."""
    out = runner.invoke(app, ["list", "--db", str(db_path), "--region", "茶陵", "--json",
                              "--sort", "year"])  # fmt: skip
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert [r["department"] for r in rows] == ["茶陵县财政局", "茶陵县网格化管理服务中心"]
    assert rows[0]["pending"] == 2 and 0 <= rows[0]["coverage_share"] <= 1
    table = runner.invoke(app, ["list", "--db", str(db_path), "--kind", "部门预算"])
    assert "1 report(s)" in table.output and "3333" in table.output
    bad = runner.invoke(app, ["list", "--db", str(db_path), "--coverage", "most"])
    assert bad.exit_code == 2 and "coverage takes" in bad.output


def test_list_knows_a_department_by_its_short_form_and_its_province_by_its_places(db):
    """list --region 上海 found none of 上海市普陀区… (its region is stored as 普陀区), and
    --department 省法院 none of the courts that show and timeline find by it."""
    db.execute(
        "UPDATE reports SET department = '江苏省高级人民法院', region = '江苏省' WHERE year = 2023"
    )
    db.execute("UPDATE reports SET department = '上海市普陀区万里街道办事处', region = '普陀区' "
               "WHERE year = 2021")  # fmt: skip
    assert [r["year"] for r in store.list_reports(db, department="省法院")[1]] == [2023]
    assert [r["year"] for r in store.list_reports(db, region="上海")[1]] == [2021]
    assert [r["year"] for r in store.list_reports(db, region="普陀")[1]] == [2021]
    assert store.list_reports(db, region="北京")[0] == 0
    assert store.list_reports(db, department="最高人民法院")[0] == 0


def test_search_and_review_read_a_department_and_a_region_as_list_does(db):
    """search --region 上海 found only reports whose stored region held 上海 (not 普陀区's),
    search and review --department 省法院 none of the courts `list` finds by it."""
    from hedui.search import search_page

    db.execute(
        "UPDATE reports SET department = '江苏省高级人民法院', region = '江苏省' WHERE year = 2023"
    )
    db.execute("UPDATE reports SET department = '上海市普陀区万里街道办事处', region = '普陀区' "
               "WHERE year = 2021")  # fmt: skip
    for value, column, year in (("省法院", "department", 2023), ("上海", "region", 2021)):
        listed = store.list_reports(db, **{column: value})[1]
        assert [r["year"] for r in listed] == [year]
        found = search_page(db, "网格", **{column: value})
        assert found.total > 0 and {h.year for h in found.hits} == {year}
    assert search_page(db, "网格", department="省法院", region="上海").total == 0
    assert {r["year"] for r in review.queue(db, department="省法院")} == {2023}
    assert search_page(db, "网格", region="北京").total == 0


def test_coverage_filter_tolerates_a_store_without_the_column_and_uses_it_when_there(db):
    db.execute("ALTER TABLE reports DROP COLUMN coverage_share")  # a store from before coverage
    assert store.list_reports(db, coverage="unknown")[0] == 3
    assert store.list_reports(db, coverage="full")[0] == 0
    db.execute("ALTER TABLE reports ADD COLUMN coverage_share REAL")
    db.execute("UPDATE reports SET coverage_share = 0.9 WHERE year = 2023")
    db.execute("UPDATE reports SET coverage_share = 1 WHERE year = 2021")
    assert store.list_reports(db, coverage="full")[1][0]["year"] == 2021
    assert {r["year"] for r in store.list_reports(db, coverage="85%")[1]} == {2021, 2023}
    assert [r["year"] for r in store.list_reports(db, coverage="partial")[1]] == [2023]
    assert [r["year"] for r in store.list_reports(db, coverage="unknown")[1]] == [2022]


def test_api_reports_honours_its_filters(client):
    """`/api/reports` ignored its filters."""
    r = client.get("/api/reports", params={"department": "茶陵", "year": 2021})
    assert [x["department"] for x in r.json()] == ["茶陵县网格化管理服务中心"]
    assert r.headers["x-total-count"] == "1"
    assert len(client.get("/api/reports", params={"kind": "部门决算"}).json()) == 2
    assert client.get("/api/reports", params={"verdict": "accept"}).json() == []
    assert client.get("/api/reports", params={"sort": "nonsense"}).status_code == 422


def test_the_index_is_a_table_of_reports_with_filters_and_counts(client):
    """The web index was an empty search form."""
    page = client.get("/", params={"region": "茶陵县"}).text
    assert page.count('class="report ') == 2 and "茶陵县财政局" in page
    assert "2 份报告" in page and "/review?report=" in page  # pending findings linked


# --- 2. search in the web page: the true count -------------------------------------------------


def test_the_search_page_gives_the_true_count(client):
    page = client.get("/", params={"q": "网格"}).text
    assert "12 个结果" in page  # four sections in each of three reports


def test_search_at_the_address_people_try_leads_to_the_search_page(client):
    """/search?q=… was a 404 (search is the index page's q)."""
    moved = client.get("/search", params={"q": "网格"}, follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"].startswith("/?q=")
    assert "12 个结果" in client.get("/search", params={"q": "网格"}).text


# --- 3. review at volume ----------------------------------------------------------------------


def test_queue_filters_pages_and_shows_pending_by_default(db):
    """The queue had no filters or paging, and decided items stayed in it."""
    total, items = review.queue_page(db, per_page=4)
    assert total == 6 and len(items) == 4
    review.decide(db, items[0]["id"], "dismiss", "ok", "王")
    assert review.queue_page(db)[0] == 5
    assert review.queue_page(db, status="decided")[0] == 1
    assert review.queue_page(db, status="all")[0] == 6
    assert review.queue_page(db, rule="c601", department="茶陵")[0] == 2
    assert review.queue_page(db, severity="error", report="醴陵")[0] <= 2
    with pytest.raises(review.ReviewError):
        review.queue_page(db, status="later")


def test_bulk_decision_for_one_rule_in_one_report(db):
    sha = "1" * 64
    done = review.decide_all(db, sha, "C601", "dismiss", "尾数", "王")
    assert len(done) == 1 and review.queue_page(db, report=sha)[0] == 1
    assert review.decide_all(db, sha, "C601", "dismiss", "again", "王") == []  # none pending
    with pytest.raises(review.ReviewError):
        review.decide_all(db, sha, "T101", "correct", "", "王")


def test_a_bulk_decision_names_one_report_and_a_known_rule(db, client):
    """The web's bulk form decided a rule's findings in every report its key matched (网格化:
    two departments here); a mistyped rule recorded "0 decided" as a success."""
    with pytest.raises(review.ReviewError, match="2 stored reports match"):
        review.decide_all(db, "网格化", "C601", "dismiss", "", "王")
    with pytest.raises(review.ReviewError, match="no rule 'ZZZ'"):
        review.decide_all(db, "1" * 64, "ZZZ", "dismiss", "", "王")
    refused = client.post("/review/bulk", data={
        "report": "网格化", "rule": "C601", "decision": "dismiss", "by": "王", "token": TOKEN},
        follow_redirects=False)  # fmt: skip
    assert refused.status_code == 422 and "2 stored reports match" in refused.text
    assert review.queue_page(db, status="decided")[0] == 0  # nothing was decided
    done = client.post("/review/bulk", data={
        "report": "1" * 64, "rule": "C601", "decision": "dismiss", "by": "王", "token": TOKEN},
        follow_redirects=False)  # fmt: skip
    assert done.status_code == 303 and review.queue_page(db, status="decided")[0] == 1


def test_cli_review_is_pending_and_decide_all(db_path):
    out = runner.invoke(app, ["review", "--db", str(db_path), "--rule", "T101", "--limit", "2"])
    assert "3 finding(s); 2 shown" in out.output and "stated 100.00 万元" in out.output
    out = runner.invoke(app, ["review", "decide-all", "醴陵", "T101", "dismiss", "--by", "王",
                              "--db", str(db_path)])  # fmt: skip
    assert out.exit_code == 0 and "on 1 pending T101" in out.output


def test_finding_page_has_context_form_keys_and_next(client):
    """The finding page had no decision form and no source context."""
    first = client.get("/api/review", params={"report": "1" * 64}).json()[0]["id"]
    page = client.get(f"/findings/{first}", params={"report": "1" * 64})
    html = page.text
    assert 'form method="post" action="/findings/' in html and 'value="dismiss"' in html
    assert '<pre class="context">' in html and '<mark class="flag">100.00</mark>' in html
    assert "line 11" in html and 'id="next"' in html and "<kbd>j</kbd>" in html
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_a_decision_remembers_the_name_goes_on_and_keeps_what_was_typed(client):
    """Each decision needed the name and the token typed into its row."""
    first, second = [i["id"] for i in client.get("/api/review", params={"report": "1" * 64}).json()]
    refused = client.post(f"/findings/{first}/decide", data={
        "decision": "correct", "by": "张审核", "note": "应为 90", "corrected_value": "九十",
        "token": TOKEN})  # fmt: skip
    assert refused.status_code == 422 and 'value="九十"' in refused.text
    assert 'value="应为 90"' in refused.text and "corrected value" in refused.text
    r = client.post(f"/findings/{first}/decide?report={'1' * 64}", data={
        "decision": "correct", "by": "张审核", "note": "应为 90", "corrected_value": "90.00",
        "token": TOKEN}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and f"/findings/{second}" in r.headers["location"]
    # the name and the token are remembered: the next decision types neither
    nxt = client.post(f"/findings/{second}/decide", data={"decision": "accept"},
                      follow_redirects=False)  # fmt: skip
    assert nxt.status_code == 303
    history = client.get(f"/findings/{first}").text
    assert "90.00" in history and "张审核" in history  # the corrected value, shown


def test_no_token_no_cookie_refused_on_the_page_not_a_bare_json(client):
    fid = client.get("/api/review").json()[0]["id"]
    r = client.post(f"/findings/{fid}/decide", data={"decision": "accept", "by": "x",
                                                     "note": "mine"})  # fmt: skip
    assert r.status_code == 401 and "<html" in r.text and 'value="mine"' in r.text


# --- 4. readable figures ----------------------------------------------------------------------


def test_percentages_read_as_percent_and_places_as_lines():
    """Percentages printed as fractions with 28 digits; places as character offsets."""
    f = {"unit": "%", "stated": "1.0441", "expected": "0.9873417721518987341772151899",
         "difference": "0.0567582278481012658227848101"}  # fmt: skip
    assert figure_columns(f) == {"stated": "104.41%", "expected": "98.734%", "range": "",
                                 "difference": "+5.676 个百分点"}  # fmt: skip
    amounts = figure_columns({"unit": "万元", "stated": "1303.27", "expected": "1283.269682"})
    assert amounts["stated"] == "1,303.27 万元" and amounts["expected"] == "1,283.270 万元"
    assert place("a\nb\nc", 4) == "line 3"
    assert place("a\nb\nc", 4, [(0, 2), (2, 5)]) == "page 2, line 2"


# --- 5. exports for Excel ---------------------------------------------------------------------


def test_every_format_exports_the_same_scope(db, tmp_path):
    """findings.csv held every check while the XLSX held the failures."""
    (only,) = export_csv(db, tmp_path / "f.csv")
    csv_ids = {r["id"] for r in csv.DictReader(only.open(encoding="utf-8-sig"))}
    sheet = load_workbook(export_xlsx(db, tmp_path / "f.xlsx"))["findings"]
    xlsx_ids = {row[0].value for row in sheet.iter_rows(min_row=2)}
    export_jsonl(db, tmp_path / "f.jsonl")
    jsonl_ids = {f["id"] for line in (tmp_path / "f.jsonl").open()
                 for f in json.loads(line)["findings"]}  # fmt: skip
    assert csv_ids == xlsx_ids == jsonl_ids and len(csv_ids) == 6
    every = export_csv(db, tmp_path / "all.csv", scope=ALL)[0]
    assert len(list(csv.DictReader(every.open(encoding="utf-8-sig")))) == 9
    budget = export_csv(db, tmp_path / "b.csv", scope=Scope.of(kind="部门预算"))[0]
    assert len(list(csv.DictReader(budget.open(encoding="utf-8-sig")))) == 2
    assert export_csv(db, tmp_path / "s.csv", scope=Scope.of(since="2999-01-01"))[0].exists()
    with pytest.raises(ValueError, match="--since"):
        Scope.of(since="yesterday")


def test_csv_to_a_file_path_writes_that_file(db_path, tmp_path):
    """`export csv out.csv` made a folder."""
    out = runner.invoke(app, ["export", "csv", str(tmp_path / "out.csv"), "--db", str(db_path)])
    assert out.exit_code == 0, out.output
    assert (tmp_path / "out.csv").is_file()


def test_xlsx_holds_numbers_formats_filter_context_and_decisions(db, tmp_path):
    """The XLSX stored every number as text; a correction's value was exported nowhere."""
    fid = review.queue(db, rule="T101", report="1" * 64)[0]["id"]
    review.decide(db, fid, "correct", "应为 90", "王", corrected_value="90.00")
    ws = load_workbook(export_xlsx(db, tmp_path / "r.xlsx"))["findings"]
    header = [c.value for c in ws[1]]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    rows = {
        r[0].value: {h: c for h, c in zip(header, r, strict=False)} for r in ws.iter_rows(min_row=2)
    }
    mine = rows[fid]
    assert mine["stated"].value == 100 and mine["stated"].number_format == "#,##0.00"
    assert mine["corrected_value"].value == 90 and mine["decision"].value == "correct"
    assert "本年收入合计" in mine["context"].value and mine["place"].value == "line 11"
    share = next(r for r in rows.values() if r["rule"].value == "C601")
    assert (
        share["stated"].value == pytest.approx(1.0441) and share["stated"].number_format == "0.00%"
    )
    assert share["message"].data_type == "s"


# --- 6. web polish ----------------------------------------------------------------------------


def test_web_errors_are_pages_that_keep_what_was_typed(client):
    """Web errors were bare JSON pages."""
    r = client.get("/", params={"coverage": "most", "department": "醴陵"})
    assert r.status_code == 422 and "<html" in r.text
    assert 'value="醴陵"' in r.text and "coverage takes" in r.text
    missing = client.get("/reports/nothing-here")
    assert missing.status_code == 404 and "<html" in missing.text
    assert client.get("/api/reports/nothing-here").json()["detail"]  # the API stays JSON
    assert client.get("/review", params={"page": "x"}).status_code == 200


def test_docs_work_offline(client):
    """/docs loaded its scripts from a CDN and was blank offline."""
    page = client.get("/docs").text
    assert "cdn" not in page.lower() and "/docs-assets/swagger-ui-bundle.js" in page
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/docs-assets/swagger-ui.css").status_code == 200


def test_version_and_help_on_every_option():
    """No --version; many options had no help text."""
    import click
    import typer.main

    out = runner.invoke(app, ["--version"])
    assert out.exit_code == 0 and out.output.startswith("hedui ")
    group = typer.main.get_command(app)
    missing = []

    def walk(cmd: click.Command, path: str) -> None:
        for p in cmd.params:
            if isinstance(p, click.Option) and not p.help:
                missing.append(f"{path} {p.name}")
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(group, "hedui")
    assert missing == []


def test_a_pdf_finding_shows_its_page_with_the_figures_boxed(tmp_path):
    """For a PDF the finding page shows the published page, the finding's numbers boxed."""
    import io

    from PIL import Image

    from hedui.ingest import ingest
    from tests import fixtures as fx

    pdf = fx.write_pdf(fx.SAMPLE_REPORT, tmp_path / "示例.pdf")
    db = store.open_db(tmp_path / "p.db")
    ingest(db, [pdf], workers=1, isolate=False)
    (sha,) = db.execute("SELECT sha256 FROM reports").fetchone()
    shown = [f for f in store.findings_for(db, sha) if f["spans"] != "[]"]  # passes packed too
    row = [min(shown, key=lambda f: (f["outcome"] != "fail", f["idx"]))["id"]]
    client = TestClient(create_app(tmp_path / "p.db", token=TOKEN))
    page = client.get(f"/findings/{row[0]}").text
    assert 'class="page-image"' in page and re.search(r"page \d+, line \d+", page)
    r = client.get(f"/findings/{row[0]}/page.png")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    if os.environ.get("HEDUI_SHOTS"):
        (Path(os.environ["HEDUI_SHOTS"]) / "7-pdf-page.png").write_bytes(r.content)
    image = Image.open(io.BytesIO(r.content)).convert("RGB")
    red = sum(1 for p in image.tobytes("raw", "RGB")[0::3] if p == 220)  # red channel
    assert red > 100  # a box drawn around the figures
    pdf.unlink()  # the file gone: no image, the context still shown
    assert client.get(f"/findings/{row[0]}/page.png").status_code == 404
    assert 'class="page-image"' not in client.get(f"/findings/{row[0]}").text


def test_the_report_page_reads_its_figures_too(client):
    """The report page printed a percent as its fraction (stated 1.0441, 差 0.0441)."""
    page = client.get(f"/reports/{'1' * 64}").text
    assert "stated 104.41%" in page and "1.0441" not in page
    assert "差 +5.676 个百分点" in page and "应为 90.000 万元" in page


# --- what a new user ran into ------------------------------------------------------------------


def test_search_takes_several_words_as_arguments(db_path):
    """`hedui search 人员经费 公用经费`, as the README writes it, was an error (extra argument)."""
    quoted = runner.invoke(app, ["search", "--db", str(db_path), "人员经费 公用经费"])
    apart = runner.invoke(app, ["search", "--db", str(db_path), "人员经费", "公用经费"])
    assert apart.exit_code == 0, apart.output
    assert apart.output == quoted.output


def test_a_page_past_the_last_says_so(db_path):
    out = runner.invoke(app, ["search", "--db", str(db_path), "网格", "--page", "99"])
    assert out.exit_code == 0 and "past the last" in out.output, out.output
    queue = runner.invoke(app, ["review", "--db", str(db_path), "--page", "99"])
    assert "past the last" in queue.output, queue.output


@pytest.mark.parametrize(
    "args",
    [
        ["search", "网格", "--page", "99999999999999999999"],
        ["list", "--limit", "99999999999999999999"],
        ["list", "--verdict", "bogus"],
        ["list", "--status", "maybe"],
    ],
)
def test_out_of_range_or_unknown_values_are_usage_errors_not_tracebacks(db_path, args):
    out = runner.invoke(app, [*args, "--db", str(db_path)])
    assert out.exit_code == 2, out.output
    assert out.exception is None or isinstance(out.exception, SystemExit)


def test_show_counts_failed_checks_by_severity(db_path):
    out = runner.invoke(app, ["show", "醴陵", "--db", str(db_path)])
    assert re.search(r"\d+ failed checks \(\d+ errors?", out.output), out.output


def test_show_matches_a_department_as_another_report_writes_it_and_narrows_by_year(db_path):
    """`show 省法院` found nothing while `timeline 省法院` worked; a department's years could
    only be told apart by copying a SHA."""
    full = runner.invoke(app, ["show", "湖南省醴陵市网格化管理服务中心", "--db", str(db_path)])
    assert full.exit_code == 0 and "醴陵市网格化管理服务中心" in full.output, full.output
    several = runner.invoke(app, ["show", "茶陵县", "--db", str(db_path)])
    assert several.exit_code == 1 and "--year" in several.output
    one = runner.invoke(app, ["show", "茶陵县", "--year", "2022", "--db", str(db_path)])
    assert one.exit_code == 0 and "茶陵县财政局" in one.output, one.output


def test_serve_on_a_taken_port_says_so_and_writes_nothing(tmp_path):
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        out = runner.invoke(app, ["serve", "--port", str(port), "--db", str(tmp_path / "x.db")])
    assert out.exit_code == 4 and "another --port" in out.output, out.output
    assert not (tmp_path / "x.db").exists()


def test_export_names_a_missing_folder_and_a_workbook_named_csv(db_path, tmp_path):
    """`export csv /nonexistent/dir/x.csv` made the folders at the root; `export xlsx out.csv`
    wrote a workbook under a .csv name."""
    missing = runner.invoke(
        app, ["export", "csv", str(tmp_path / "no" / "x.csv"), "--db", str(db_path)]
    )
    assert missing.exit_code == 2 and "does not exist" in missing.output
    assert not (tmp_path / "no").exists()
    named = runner.invoke(app, ["export", "xlsx", str(tmp_path / "out.csv"), "--db", str(db_path)])
    assert named.exit_code == 2 and ".xlsx" in named.output
    ok = runner.invoke(app, ["export", "csv", str(tmp_path / "x.csv"), "--db", str(db_path)])
    assert ok.exit_code == 0 and (tmp_path / "x.csv").exists()


def test_a_timeline_of_no_stored_department_is_a_404_that_says_so(client):
    page = client.get("/timeline", params={"department": "不存在的部门"})
    assert page.status_code == 404


def test_the_index_says_a_verdict_or_status_that_is_none(client):
    """One check in the store serves the CLI and the web index."""
    assert client.get("/", params={"verdict": "bogus"}).status_code == 422
    assert client.get("/", params={"status": "maybe"}).status_code == 422
    assert client.get("/", params={"status": "reviewed"}).status_code == 200


def test_a_malformed_decision_exits_2_as_bad_usage_and_an_unknown_finding_1(db_path):
    """`review decide` exited 1 for a bad decision word or a correction without --value."""
    fid = review.queue(store.open_db(db_path))[0]["id"]
    bad = runner.invoke(app, ["review", "decide", fid, "maybe", "--db", str(db_path)])
    assert bad.exit_code == 2 and "decision must be one of" in bad.output
    bare = runner.invoke(app, ["review", "decide", fid, "correct", "--db", str(db_path)])
    assert bare.exit_code == 2 and "corrected value" in bare.output
    typo = runner.invoke(app, ["review", "decide-all", "1" * 64, "ZZZ", "dismiss",
                               "--db", str(db_path)])  # fmt: skip
    assert typo.exit_code == 2 and "no rule 'ZZZ'" in typo.output
    gone = runner.invoke(app, ["review", "decide", "nope", "dismiss", "--db", str(db_path)])
    assert gone.exit_code == 1 and "no finding" in gone.output
