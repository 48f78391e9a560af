"""The service in a real headless Chromium: search, open a hit, see the flagged number
highlighted, record a decision, find it in the review history."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.test_search import build_db, sample_report

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
TOKEN = "browser-token"
SCREENSHOT_COPY = os.environ.get("HEDUI_SCREENSHOT")  # e.g. /tmp/hedui_report_page.png

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"),
]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    import uvicorn

    from hedui.service import create_app

    build_db(tmp_path / "b.db", [sample_report()])
    app = create_app(tmp_path / "b.db", token=TOKEN)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


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
            row = page.locator("table.queue tr.error").first
            row.locator("input[name=by]").fill("张审核")
            row.locator("input[name=note]").fill("合计含其他收入10.00，未列示")
            row.locator("input[name=token]").fill(TOKEN)
            row.locator("button[value=dismiss]").click()

            page.wait_for_url("**/findings/**")
            history = page.locator("table.history tr.decision")
            expect(history).to_have_count(1)
            expect(history.first).to_contain_text("张审核")
            expect(history.first).to_contain_text("dismiss")
            expect(history.first).to_contain_text("未列示")
            page.goto(server + "/review")
            expect(page.locator("table.queue tr.error").first).to_contain_text("dismiss by 张审核")
        finally:
            browser.close()
