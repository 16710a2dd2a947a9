"""The cases inbox and a case page in Debian's Chromium (Playwright) at phone size, against the real server process."""

import datetime as dt
import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from bot.app import build_core
from bot.config import Settings
from bot.core import texts
from bot.storage import cases_repo
from bot.storage.models import utcnow
from tests.admin.test_admin_browser import _wait_ready
from tests.admin_support import PASSWORD, add_user
from tests.conftest import SAMPLE, write_knowledge
from tests.support import CHROMIUM, CHROMIUM_ARGS, free_port

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 360, "height": 740}
REASON = "Zalo OA message/cs error -230: User has not interacted with the OA in the past 7 days"


def seed(env: dict[str, str]) -> tuple[str, str]:
    """Before the server starts: a staff account and two open cases: an urgent one with a failed relay and a note,
    and an overdue one from the web chat. Returns their numbers."""
    core = build_core(Settings(_env_file=None, **env))  # type: ignore[call-arg]
    try:
        add_user(core, "canbo", "staff")
        common = {"attached_question": None, "attached_answer": None}
        urgent = core.db.call(cases_repo.create_case, channel="zalo_oa", user_key="k1", raw_user_id="oa-1",
                              topic="bao-luc-an-toan", commune="Chiềng Pha", urgent=True,
                              description="Người chồng say rượu dọa đánh vợ, hai bên họ hàng đang căng thẳng",
                              **common)
        core.db.call(cases_repo.record_reply, case_id=urgent.id, author="canbo", text="Báo ngay công an xã.",
                     delivery="failed", error=REASON)
        core.db.call(cases_repo.add_note, case_id=urgent.id, author="canbo", text="Đã gọi trưởng bản.")
        web = core.db.call(cases_repo.create_case, channel="web", user_key="k2", raw_user_id="phone-1",
                           topic="dat-dai", commune="Mường Bú", urgent=False,
                           description="Hai nhà tranh chấp ranh giới nương, bên kia rào lấn sang",
                           now=utcnow() - dt.timedelta(hours=50), **common)
        return urgent.number, web.number
    finally:
        core.db.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    root = tmp_path_factory.mktemp("cases")
    port = free_port()
    env = {"HOAGIAI_DATA_DIR": str(root / "data"), "HOAGIAI_PORT": str(port), "HOAGIAI_USER_SALT": "s",
           "HOAGIAI_KNOWLEDGE_DIR": str(write_knowledge(root / "knowledge", [("qa", e) for e in SAMPLE]))}
    urgent, web = seed(env)
    full_env = {**os.environ, **env, "NO_PROXY": "127.0.0.1,localhost"}
    full_env.pop("DATABASE_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], env=full_env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        _wait_ready(port)
        yield f"http://127.0.0.1:{port}", urgent, web
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def page(server: tuple[str, str, str]) -> Iterator[Page]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=PHONE, base_url=server[0], locale="vi-VN")
        yield context.new_page()
        context.close()
        browser.close()


def fits_the_phone(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"])


def test_staff_open_the_inbox_and_a_case_page_on_a_phone_and_reply(page: Page, server: tuple[str, str, str]) -> None:
    url, urgent, web = server
    page.goto("/admin/login")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    rows = page.locator("table.cases tbody tr")
    expect(rows).to_have_count(2)  # staff land on the inbox
    expect(rows.first).to_contain_text(urgent)  # urgent first
    expect(rows.first).to_contain_text("⚠️ Chưa gửi được")
    expect(rows.nth(1)).to_contain_text("⏰ Quá hạn")
    assert fits_the_phone(page), "the inbox must fit a phone"

    page.get_by_role("link", name=urgent).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(urgent)
    expect(page.locator("#relay-failed")).to_contain_text("-230")
    expect(page.locator(".msg.note")).to_contain_text("không gửi cho hòa giải viên")
    assert fits_the_phone(page), "the case page must fit a phone"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin-cases.png"), full_page=True)

    page.goto("/admin/cases")
    page.get_by_role("link", name=web).click()
    page.get_by_label("Trả lời hòa giải viên (gửi qua trò chuyện trên web)").fill("Anh mời hai bên gặp riêng trước.")
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.locator(".flash")).to_have_text(texts.ADMIN_FLASH["case_replied"])
    expect(page.locator(".msg.reply")).to_contain_text("✓ Đã gửi tới hòa giải viên")
    with urllib.request.urlopen(f"{url}/api/messages?session=phone-1&after=0", timeout=10) as resp:  # noqa: S310
        messages = json.load(resp)["messages"]
    assert "Anh mời hai bên gặp riêng trước." in messages[-1]["text"]
