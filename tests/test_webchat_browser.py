"""The chat page in a real browser at phone size (Debian's Chromium through Playwright)."""

import asyncio
import time
from pathlib import Path

import pytest
from playwright.async_api import async_playwright
from sqlmodel import select

from bot.storage.database import Database
from bot.storage.db import make_engine
from bot.storage.models import Feedback
from tests.support import CHROMIUM, CHROMIUM_ARGS, free_port, start_server, wait_ready

pytestmark = pytest.mark.browser


async def test_phone_user_asks_without_diacritics_and_thumbs_up_is_stored(tmp_path: Path) -> None:
    port = free_port()
    server = start_server(tmp_path, port)
    try:
        await wait_ready(port)
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = await browser.new_page(viewport={"width": 360, "height": 740}, is_mobile=True)
            foreign: list[str] = []
            page.on("request", lambda r: None if r.url.startswith(f"http://127.0.0.1:{port}") else foreign.append(r.url))
            await page.goto(f"http://127.0.0.1:{port}/")
            await page.get_by_text("Xin chào").wait_for()
            await page.get_by_label("Câu hỏi của bạn").fill("hoa giai vien co duoc tra thu lao khong")
            await page.get_by_role("button", name="Gửi").click()
            cite = page.locator(".cite").last
            await cite.wait_for()
            assert "Căn cứ:" in await cite.inner_text()
            await page.get_by_role("button", name="👍 Hữu ích").last.click()
            await page.get_by_text("Cảm ơn bạn đã góp ý").wait_for()
            width = await page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, "the page must fit a 360 px phone screen"
            await browser.close()
        assert foreign == []
        db = Database(make_engine(f"sqlite:///{tmp_path / 'hoagiai.db'}"))
        deadline = time.monotonic() + 10
        rows: list[Feedback] = []
        while time.monotonic() < deadline and not rows:
            rows = db.call(lambda *, session: list(session.exec(select(Feedback)).all()))
            await asyncio.sleep(0.05)
        db.dispose()
        assert [(r.helpful, r.channel) for r in rows] == [(True, "web")]
    finally:
        server.terminate()
        server.wait(timeout=10)
