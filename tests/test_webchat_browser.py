"""The chat page in a real browser at phone size (Debian's Chromium through Playwright): the buttons of the last reply
in view after every kind of reply, a long answer shown from its start, the emergency block first, the transcript
back after a reload with a staff answer in it, nothing loaded from another host. Screenshots in test-artifacts/."""

from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser
from sqlmodel import select

from bot.core import texts
from bot.storage.models import Case, Feedback
from tests.browser_support import ask, bot_replies, last_buttons_visible, phone, press, serving, shot
from tests.conftest import SAMPLE, qa
from tests.tools_support import add_tool_files

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="module")]

LONG_ANSWER = " ".join(["Tổ hòa giải mời hai bên đến nhà văn hóa, nghe từng bên trình bày, đối chiếu mốc giới cũ."] * 9)


@pytest.fixture
def settings(settings_for, make_knowledge):  # type: ignore[no-untyped-def]
    long = qa("mot-cau-tra-loi-dai", "Hòa giải tranh chấp mốc giới nương như thế nào cho đúng?",
              ["hoa giai moc gioi nuong", "mốc giới nương"], LONG_ANSWER[:890])
    root: Path = make_knowledge([("qa", e) for e in SAMPLE] + [("qa", long)])
    return settings_for(HOAGIAI_KNOWLEDGE_DIR=add_tool_files(root), HOAGIAI_FLOOD_LIMIT=200)


async def test_a_phone_user_asks_without_diacritics_and_thumbs_up_is_stored(chromium_browser: Browser, settings) -> None:  # type: ignore[no-untyped-def]
    async with serving(settings) as (core, url):
        page = await phone(chromium_browser)
        foreign: list[str] = []
        page.on("request", lambda r: None if r.url.startswith(url) else foreign.append(r.url))
        await page.goto(url)
        await page.locator("#log").get_by_text("Xin chào").wait_for()
        await ask(page, "hoa giai vien co duoc tra thu lao khong")
        assert "Căn cứ:" in await page.locator(".cite").last.inner_text()
        await press(page, "Hữu ích")
        await page.locator("#log").get_by_text("Cảm ơn bạn đã góp ý").wait_for()
        assert await page.evaluate("document.documentElement.scrollWidth") <= 360
        rows = core.db.call(lambda *, session: list(session.exec(select(Feedback)).all()))
        assert [(r.helpful, r.channel) for r in rows] == [(True, "web")]
        assert foreign == []


async def test_the_last_replys_buttons_are_in_view_after_every_kind_of_reply(chromium_browser: Browser, settings) -> None:  # type: ignore[no-untyped-def]
    """After an answer, a suggestion list, a topic list and a form step: drawn first, then scrolled into view."""
    async with serving(settings) as (_core, url):
        page = await phone(chromium_browser)
        await page.goto(url)
        await page.locator("#log").get_by_text("Xin chào").wait_for()
        async def header_menu() -> None:
            await page.locator("#menu").click()
            await page.wait_for_function("!document.getElementById('send').disabled")

        async def first_topic() -> None:
            await page.locator("#log .btns button:not([disabled])").first.click()
            await page.wait_for_function("!document.getElementById('send').disabled")

        steps: list[tuple[str, Any]] = [
            ("answer", lambda: ask(page, "hoa giai vien co duoc tra thu lao khong")),
            ("suggestions", lambda: ask(page, "ma")),
            ("menu", header_menu),
            ("topics", lambda: press(page, "Hỏi đáp")),
            ("topic-list", first_topic),
            ("form-menu", lambda: ask(page, "/vanban")),
            ("form-step", lambda: press(page, "Văn bản hòa giải thành")),
        ]
        for name, step in steps:
            await step()
            await shot(page, f"chat-buttons-{name}")
            assert await last_buttons_visible(page) == [], name


async def test_a_long_answer_is_shown_from_its_start(chromium_browser: Browser, settings) -> None:  # type: ignore[no-untyped-def]
    async with serving(settings) as (_core, url):
        page = await phone(chromium_browser)
        await page.goto(url)
        await page.locator("#log").get_by_text("Xin chào").wait_for()
        await ask(page, "hoa giai moc gioi nuong")
        await shot(page, "chat-long-answer")
        top = await page.evaluate("""() => {
            const log = document.getElementById('log').getBoundingClientRect();
            const msgs = document.querySelectorAll('#log .msg.bot');
            const r = msgs[msgs.length - 1].getBoundingClientRect();
            return {top: r.top - log.top, taller: r.height > log.height};
        }""")
        assert top["taller"] and 0 <= top["top"] <= 20  # its first line at the top, not scrolled past


async def test_the_emergency_block_is_the_first_reply_with_numbers_to_tap(chromium_browser: Browser, settings) -> None:  # type: ignore[no-untyped-def]
    async with serving(settings) as (_core, url):
        page = await phone(chromium_browser)
        await page.goto(url)
        await page.locator("#log").get_by_text("Xin chào").wait_for()
        before = await bot_replies(page)
        await ask(page, "chong say ruou cam dao doa giet vo, vo chay sang nha toi")
        first = page.locator("#log .msg.bot").nth(before)
        assert (await first.text_content() or "").startswith("Trợ lý: 🚨")  # the prefix is for screen readers only
        assert await first.locator("a[href='tel:113']").count() == 1
        assert await first.locator("a[href='tel:115']").count() == 1
        assert await first.get_by_role("button", name="Hỏi cán bộ (khẩn)").is_enabled()
        assert await bot_replies(page) > before + 1  # then the normal answer
        await first.scroll_into_view_if_needed()
        await shot(page, "chat-emergency-block")


async def test_after_a_reload_the_conversation_and_a_staff_answer_are_back(chromium_browser: Browser, settings) -> None:  # type: ignore[no-untyped-def]
    async with serving(settings) as (core, url):
        page = await phone(chromium_browser)
        await page.goto(url)
        await page.locator("#log").get_by_text("Xin chào").wait_for()
        session = await page.evaluate("localStorage.getItem('hoagiai.session')")
        assert len(session) == 32 and int(session, 16) >= 0  # 128 bits from crypto.getRandomValues
        await ask(page, "/chuyen")
        await page.locator("#log .btns button:not([disabled])").first.click()
        await ask(page, "Chiềng Pha")
        await ask(page, "Hai bản tranh chấp nước tưới ở con mương chung đã lâu")
        case = core.db.call(lambda *, session: session.exec(select(Case)).one())
        await core.desk.reply(case.id, "canbo1", "Mời hai bản họp chung ở nhà văn hóa.")
        await core.desk.close(case.id, "canbo1", "đã hướng dẫn")
        await page.reload()
        await page.locator("#log").get_by_text("Mời hai bản họp chung ở nhà văn hóa.").wait_for()
        await page.locator("#log").get_by_text("Chấm từ 1 đến 5").wait_for()
        assert await page.locator("#log .msg.me", has_text="Chiềng Pha").count() == 1
        assert await page.locator("#log .msg.staff").count() == 1
        stars = page.locator("#log .msg.bot").last.locator("button")
        assert await stars.count() == 5 and await stars.first.is_enabled()
        assert await page.locator("#log .msg.bot").first.locator("button").first.is_disabled()  # older replies
        await page.wait_for_timeout(50)
        await shot(page, "chat-history-after-reload")
        await stars.nth(4).click()
        await page.locator("#log").get_by_text(texts.CASE_RATED).wait_for()
        assert await page.locator("#log .msg.staff").count() == 1  # polling did not draw it twice
