"""The service in a real headless Chromium: search, open a hit, see the flagged number
highlighted, record a decision, find it in the review history; and the reviewer's walk of
issue 18: the reports index, filtered, a report, its first flagged finding with its source
context, a decision by keyboard, on to the next, the decision in the history and in the XLSX
export. Screenshots go to $HEDUI_SHOTS (e.g. /tmp/shots) when it is set."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest

from tests.test_search import _span, build_db, sample_report

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
TOKEN = "browser-token"
SCREENSHOT_COPY = os.environ.get("HEDUI_SCREENSHOT")  # e.g. /tmp/hedui_report_page.png
SHOTS = os.environ.get("HEDUI_SHOTS")  # a folder for the walk-through's screenshots

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"),
]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(tmp_path, items):
    build_db(tmp_path / "b.db", items)
    return _serve_db(tmp_path / "b.db")


def _serve_db(db_path):
    """The service over ``db_path`` on a free port, in a thread: (server, thread, its URL)."""
    import uvicorn

    from hedui.service import create_app

    app = create_app(db_path, token=TOKEN)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    return srv, thread, f"http://127.0.0.1:{port}"


@pytest.fixture
def server(tmp_path):
    srv, thread, url = _serve(tmp_path, [sample_report()])
    yield url
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def many(tmp_path):
    """Three departments' reports, each with the sample's failed total and a second failure."""
    items = []
    for i, (dept, year) in enumerate([("青石县网格服务中心", 2023), ("白沙区财政局", 2022),
                                      ("白沙区教育局", 2023)]):  # fmt: skip
        report, ver = two_failures(sample_report(sha=f"{i + 1:x}" * 64, name=f"{i}.txt"))
        items.append((report.model_copy(update={"department": dept, "year": year}), ver))
    srv, thread, url = _serve(tmp_path, items)
    yield url, tmp_path / "b.db"
    srv.should_exit = True
    thread.join(timeout=10)


def two_failures(item):
    """The sample report with a second failed check (a percent, to read as a percent)."""
    report, ver = item
    first = ver.findings[0]
    share = first.model_copy(update={
        "rule": "C601", "name": "share", "message": "执行率 104.41% ≠ 100.00%", "unit": "%",
        "subject": "预算执行率", "stated": Decimal("1.0441"), "expected": Decimal("1"),
        "difference": Decimal("0.0441"), "spans": [_span(report.text, "104.41")],
    })  # fmt: skip
    return report, ver.model_copy(update={"findings": [*ver.findings, share]})


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def test_index_filter_report_finding_decide_by_keyboard_next_history_and_xlsx(many, tmp_path):
    from openpyxl import load_workbook
    from playwright.sync_api import expect, sync_playwright

    from hedui import store
    from hedui.export import export_xlsx

    url, db_path = many
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url + "/")
            expect(page.locator("table.reports tr.report")).to_have_count(3)
            _shot(page, "1-index.png")
            page.fill("form.filters input[name=department]", "白沙区")
            page.select_option("form.filters select[name=verdict]", "flag")
            page.click("form.filters button.filter-button")
            rows = page.locator("table.reports tr.report")
            expect(rows).to_have_count(2)
            expect(page.locator("p.count")).to_contain_text("2 份报告")
            _shot(page, "2-filtered.png")
            rows.filter(has_text="白沙区财政局").locator("a.report-link").click()

            page.wait_for_url("**/reports/**")
            expect(page.locator("h1")).to_contain_text("白沙区财政局 2022")
            _shot(page, "3-report.png")
            page.click("a.first-pending")

            page.wait_for_url("**/findings/**")
            first_url = page.url
            expect(page.locator("pre.context mark.flag").first).to_be_visible()
            expect(page.locator("pre.context")).to_contain_text("本年收入合计")
            expect(page.locator(".place")).to_contain_text("line")
            expect(page.locator("p.keys")).to_contain_text("dismiss")
            page.fill("form.decide input[name=token]", TOKEN)
            page.fill("form.decide input[name=by]", "张审核")
            page.fill("form.decide input[name=note]", "合计含其他收入10.00，未列示")
            _shot(page, "4-finding.png")
            page.locator("body").click(position={"x": 5, "y": 5})  # out of the inputs
            page.keyboard.press("d")

            page.wait_for_url(lambda u: u != first_url and "done=" in u)
            expect(page.locator("p.recorded")).to_be_visible()
            expect(page.locator("table.figures")).to_contain_text("104.41%")  # the next one
            expect(page.locator("form.decide input[name=by]")).to_have_value("张审核")  # cookie
            _shot(page, "5-next.png")
            page.click("p.recorded a")
            history = page.locator("table.history tr.decision")
            expect(history).to_have_count(1)
            expect(history.first).to_contain_text("张审核")
            expect(history.first).to_contain_text("dismiss")
            _shot(page, "6-history.png")
        finally:
            browser.close()
    db = store.open_db(db_path)
    out = export_xlsx(db, tmp_path / "review.xlsx")
    sheet = load_workbook(out)["findings"]
    header = [c.value for c in sheet[1]]
    decided = [
        dict(zip(header, (c.value for c in row), strict=False))
        for row in sheet.iter_rows(min_row=2)
        if row[header.index("decision")].value
    ]
    assert len(decided) == 1 and decided[0]["decided_by"] == "张审核"
    assert decided[0]["department"] == "白沙区财政局" and decided[0]["stated"] == 100


def test_search_open_hit_see_flag_decide_and_find_history(server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(server + "/")
            page.fill("input[name=q]", "收入合计")  # only in the table: no narrative hit
            page.click("form.search button")
            expect(page.locator("p.count")).to_contain_text("0 个结果")
            page.fill("input[name=q]", "网格")
            page.fill("input[name=kind]", "存在问题")
            page.click("form.search button")
            hits = page.locator("li.hit")
            expect(hits).to_have_count(1)
            expect(hits.first.locator("mark")).to_have_text("网格")
            hits.first.locator("a.hit-link").click()

            page.wait_for_url("**/reports/**")
            flagged = page.locator("mark.flag")
            expect(flagged).to_have_count(3)
            expect(flagged.first).to_have_text("100.00")
            assert "T101" in (flagged.first.get_attribute("title") or "")
            expect(page.locator("pre.source .calc").first).to_contain_text("应为 90.00")
            bg = flagged.first.evaluate("e => getComputedStyle(e).backgroundColor")
            assert bg not in ("rgba(0, 0, 0, 0)", "transparent")  # visibly highlighted
            shot = tmp_path / "report_page.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            if SCREENSHOT_COPY:
                shutil.copy(shot, SCREENSHOT_COPY)

            page.click("text=复核 Review")
            page.locator("table.queue tr.error a.finding-link").first.click()
            page.wait_for_url("**/findings/**")
            form = page.locator("form.decide")
            form.locator("input[name=by]").fill("张审核")
            form.locator("input[name=note]").fill("合计含其他收入10.00，未列示")
            form.locator("input[name=token]").fill(TOKEN)
            form.locator("button[value=dismiss]").click()

            page.wait_for_url("**/findings/**")
            history = page.locator("table.history tr.decision")
            expect(history).to_have_count(1)
            expect(history.first).to_contain_text("张审核")
            expect(history.first).to_contain_text("dismiss")
            expect(history.first).to_contain_text("未列示")
            page.goto(server + "/review?status=decided")
            expect(page.locator("table.queue tr.error").first).to_contain_text("dismiss by 张审核")
        finally:
            browser.close()


@pytest.fixture
def two_years(tmp_path):
    """A made-up department's budgets of 2023 and 2024 (tests.years_examples), ingested for
    real, 2023's 基本支出 printed one digit off what 2024 says of it."""
    from hedui import store
    from hedui.ingest import ingest
    from tests.years_examples import budget, later

    a = tmp_path / "a-2023.txt"
    a.write_text(budget(2023, basic="410.00", basic_pct="2.50", total="530.00",
                        total_change="30.00", total_pct="6.00"), encoding="utf-8")  # fmt: skip
    b = tmp_path / "b-2024.txt"
    b.write_text(later(), encoding="utf-8")
    db = store.open_db(tmp_path / "y.db")
    ingest(db, [a, b], isolate=False)
    srv, thread, url = _serve_db(tmp_path / "y.db")
    yield url
    srv.should_exit = True
    thread.join(timeout=10)


def test_timeline_table_chart_marks_and_source_links(two_years, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.goto(two_years + "/")
            page.click("text=时间线 Timeline")
            page.fill("input[name=department]", "松岭区网格服务中心")
            page.click("form.filters button")
            table = page.locator("table.timeline")
            expect(table.locator("thead th")).to_have_count(3)  # the label and two years
            basic = table.locator("tr", has_text="基本支出")
            expect(basic.locator("td").nth(0)).to_contain_text("410.00")
            expect(basic.locator("td").nth(1)).to_contain_text("430.00")
            expect(basic.locator("td.disagrees")).to_have_count(1)
            expect(basic.locator("td.disagrees")).to_contain_text("410.00")
            chart = page.locator("figure.chart svg")
            expect(chart).to_be_visible()
            assert chart.locator("polyline").count() >= 2
            expect(page.locator("ul.disagreements li")).to_have_count(2)
            shot = tmp_path / "timeline.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            _shot(page, "timeline.png")
            if os.environ.get("HEDUI_TIMELINE_SHOT"):
                shutil.copy(shot, os.environ["HEDUI_TIMELINE_SHOT"])
            # a cell opens its figure in the source
            basic.locator("td.disagrees a").click()
            page.wait_for_url("**/figure?**")
            expect(page.locator("pre.context mark.flag")).to_have_text("410.00")
            # the disagreement's page shows both reports' figures
            page.go_back()
            page.locator("ul.disagreements li a").first.click()
            page.wait_for_url("**/findings/**")
            expect(page.locator("h1")).to_contain_text("Y901")
            expect(page.locator("pre.context.earlier mark.flag")).to_have_count(1)
        finally:
            browser.close()
