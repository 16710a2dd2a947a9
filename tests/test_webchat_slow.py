"""The chat page on a slow or broken connection (Chromium at 360 px, the network throttled through the DevTools
protocol): "Đang trả lời…" after 300 ms, nothing sent twice while a request is in flight, and a failed send keeps
what was typed and offers "Gửi lại". Screenshots in test-artifacts/."""

from pathlib import Path

import pytest
from playwright.async_api import Browser
from sqlmodel import select

from bot.storage.models import QuestionLog
from tests.browser_support import bot_replies, phone, serving, shot

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]
QUESTION = "hoa giai vien co duoc tra thu lao khong"


async def test_a_slow_answer_shows_the_typing_state_and_sending_waits(chromium_browser: Browser, settings_for,  # type: ignore[no-untyped-def]
        sample_knowledge: Path) -> None:
    async with serving(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge)) as (core, url):
        page = await phone(chromium_browser)
        await page.goto(url)
        await page.locator("#log").get_by_text("Xin chào").wait_for()
        cdp = await page.context.new_cdp_session(page)
        await cdp.send("Network.enable")
        await cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 800,
                                                            "downloadThroughput": 50_000, "uploadThroughput": 20_000})
        before = await bot_replies(page)
        field = page.get_by_label("Câu hỏi của bạn")
        await field.fill(QUESTION)
        await field.press("Enter")
        typing = page.locator("#log .typing")
        await typing.wait_for(timeout=1200)
        assert await typing.inner_text() == "Đang trả lời…"
        assert await page.locator("#send").is_disabled()
        await field.fill("gửi thêm lần nữa khi chưa có trả lời")
        await field.press("Enter")  # refused while the first is in flight
        await shot(page, "chat-slow-typing")
        await typing.wait_for(state="detached", timeout=15_000)
        assert await bot_replies(page) == before + 1
        assert await page.locator("#send").is_enabled()
        assert await field.input_value() == "gửi thêm lần nữa khi chưa có trả lời"  # kept, not sent
        logged = core.db.call(lambda *, session: [q.text for q in session.exec(select(QuestionLog)).all()])
        assert logged == [QUESTION]


async def test_the_typing_state_waits_300_ms(chromium_browser: Browser, settings_for,  # type: ignore[no-untyped-def]
        sample_knowledge: Path) -> None:
    """A quick answer never flickers "Đang trả lời…": it appears only once a request has taken 300 ms."""
    async with serving(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge)) as (_core, url):
        page = await phone(chromium_browser)
        await page.goto(url)
        await page.locator("#log").get_by_text("Xin chào").wait_for()
        cdp = await page.context.new_cdp_session(page)
        await cdp.send("Network.enable")
        await cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 1000,
                                                            "downloadThroughput": -1, "uploadThroughput": -1})
        delay = await page.evaluate("""() => new Promise(done => {
            const log = document.getElementById('log');
            let sent = 0;
            new MutationObserver(() => {
                if (sent && log.querySelector('.typing')) { done(performance.now() - sent); }
            }).observe(log, {childList: true});
            document.getElementById('q').value = 'thu lao hgv';
            sent = performance.now();
            document.getElementById('send').click();
        })""")
        assert 290 <= delay < 1000


async def test_a_failed_send_keeps_the_text_and_gui_lai_sends_it(chromium_browser: Browser, settings_for,  # type: ignore[no-untyped-def]
        sample_knowledge: Path) -> None:
    async with serving(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge)) as (_core, url):
        page = await phone(chromium_browser)
        await page.goto(url)
        await page.locator("#log").get_by_text("Xin chào").wait_for()
        before = await bot_replies(page)
        await page.context.set_offline(True)
        field = page.get_by_label("Câu hỏi của bạn")
        await field.fill(QUESTION)
        await page.locator("#send").click()
        retry = page.get_by_role("button", name="Gửi lại")
        await retry.wait_for()
        assert await field.input_value() == QUESTION
        assert "Chưa gửi được" in await page.locator("#log .msg.err").inner_text()
        await shot(page, "chat-send-failed")
        await page.context.set_offline(False)
        await retry.click()
        await page.locator("#log .cite").last.wait_for()
        assert await bot_replies(page) == before + 1
        assert await page.locator("#log .msg.err").count() == 0
        assert await field.input_value() == ""
        assert await page.locator("#log .msg.me", has_text=QUESTION).count() == 1  # shown once, sent once
