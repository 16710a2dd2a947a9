"""The per-address limit as a phone user sees it: the chat page shows the Vietnamese 429 message (Chromium)."""

import pytest
from playwright.async_api import Browser

from bot.core import texts
from tests.browser_support import ask, phone, serving, shot

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]


async def test_the_chat_page_shows_the_too_many_requests_message(  # type: ignore[no-untyped-def]
    chromium_browser: Browser, settings_for, sample_knowledge
) -> None:
    settings = settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge, HOAGIAI_RATE_PER_IP=2)
    async with serving(settings) as (_core, url):
        page = await phone(chromium_browser)
        await page.goto(url)
        await page.locator("#log").get_by_text("Xin chào").wait_for()
        for _ in range(3):
            await ask(page, "hoa giai vien co duoc tra thu lao khong")
        await page.locator("#log .msg.err").get_by_text(texts.RATE_LIMITED).first.wait_for()
        await shot(page, "chat-rate-limited")
        assert await page.locator("#log").get_by_text("Căn cứ:").count() >= 1  # the earlier answers stay
