"""Accessible on a cheap phone (Chromium at 360 px): axe-core finds no WCAG 2.1 A/AA violation on the chat and the
library; and what axe cannot check: tap targets 48 px tall with 16 px text, focus on the new reply and older
replies' buttons disabled, a visible label for the input, bot replies (only) announced through role="log", emoji
hidden from screen readers, control edges and focus rings at 3:1 contrast. Screenshots in test-artifacts/."""

from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page

from tests.browser_support import ask, axe_violations, phone, serving, shot
from tests.tools_support import add_tool_files

pytestmark = [pytest.mark.browser, pytest.mark.axe, pytest.mark.asyncio(loop_scope="module")]


@pytest.fixture
def settings(settings_for, sample_knowledge: Path):  # type: ignore[no-untyped-def]
    return settings_for(HOAGIAI_KNOWLEDGE_DIR=add_tool_files(sample_knowledge), HOAGIAI_FLOOD_LIMIT=200)


def contrast(a: list[float], b: list[float]) -> float:
    def luminance(rgb: list[float]) -> float:
        c = [v / 255 for v in rgb[:3]]
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


async def started(page: Page, url: str) -> None:
    await page.goto(url)
    await page.locator("#log").get_by_text("Xin chào").wait_for()


async def test_axe_finds_no_wcag_violation_on_the_chat_and_the_library(chromium_browser: Browser, settings) -> None:  # type: ignore[no-untyped-def]
    async with serving(settings) as (_core, url):
        page = await phone(chromium_browser)
        await started(page, url)
        found: dict[str, Any] = {"chat": await axe_violations(page)}
        await ask(page, "chồng cầm dao dọa giết vợ, hòa giải viên có được trả thù lao không")
        await ask(page, "/vanban")
        found["chat with replies"] = await axe_violations(page)
        for path in ("/thu-vien/", "/thu-vien/hoi-dap/thu-lao-hoa-giai-vien", "/thu-vien/tim?q=thu+lao",
                     "/thu-vien/chu-de/quy-dinh-chung"):
            await page.goto(url + path)
            found[path] = await axe_violations(page)
        assert {where: v for where, v in found.items() if v} == {}


async def test_tap_targets_are_48_px_tall_with_16_px_text(chromium_browser: Browser, settings) -> None:  # type: ignore[no-untyped-def]
    async with serving(settings) as (_core, url):
        page = await phone(chromium_browser)
        await started(page, url)
        await ask(page, "hoa giai vien co duoc tra thu lao khong")
        await ask(page, "nó đòi tự tử")
        await shot(page, "a11y-tap-targets")
        small = await page.evaluate("""() => [...document.querySelectorAll('button, a, input')]
            .filter(e => e.getClientRects().length)
            .map(e => ({what: e.textContent.trim() || e.id, h: e.getBoundingClientRect().height,
                        px: parseFloat(getComputedStyle(e).fontSize)}))
            .filter(e => e.h < 48 || e.px < 16)""")
        assert small == []


async def test_focus_moves_to_the_new_reply_and_older_buttons_are_disabled(chromium_browser: Browser, settings) -> None:  # type: ignore[no-untyped-def]
    async with serving(settings) as (_core, url):
        page = await phone(chromium_browser)
        await started(page, url)
        await ask(page, "hoa giai vien co duoc tra thu lao khong")
        state = await page.evaluate("""() => {
            const bots = [...document.querySelectorAll('#log .msg.bot')];
            const last = bots[bots.length - 1];
            return {focused: document.activeElement === last,
                    older: bots.slice(0, -1).flatMap(b => [...b.querySelectorAll('button')]).map(b => b.disabled),
                    newest: [...last.querySelectorAll('button')].map(b => b.disabled)};
        }""")
        assert state["focused"]
        assert state["older"] and all(state["older"]) and state["newest"] and not any(state["newest"])


async def test_the_input_has_a_visible_label_and_only_bot_replies_are_announced(chromium_browser: Browser, settings) -> None:  # type: ignore[no-untyped-def]
    async with serving(settings) as (_core, url):
        page = await phone(chromium_browser)
        await started(page, url)
        label = page.locator("label[for=q]")
        box = await label.bounding_box()
        assert box and box["height"] >= 16 and box["width"] < 360 and await label.inner_text() == "Câu hỏi của bạn"
        assert await label.evaluate("e => e.scrollWidth <= e.clientWidth")  # not cut at 360 px
        await ask(page, "hoa giai vien co duoc tra thu lao khong")
        logs = page.get_by_role("log")
        assert await logs.count() == 1
        announced = await logs.inner_text()
        assert "Hòa giải viên được hưởng thù lao" in announced and "hoa giai vien co duoc" not in announced


async def test_emoji_are_hidden_from_screen_readers(chromium_browser: Browser, settings) -> None:  # type: ignore[no-untyped-def]
    async with serving(settings) as (_core, url):
        page = await phone(chromium_browser)
        await started(page, url)
        await ask(page, "hoa giai vien co duoc tra thu lao khong")
        exposed = await page.evaluate("""() => {
            const emoji = /\\p{Extended_Pictographic}/u, found = [];
            const walk = document.createTreeWalker(document.getElementById('log'), NodeFilter.SHOW_TEXT);
            while (walk.nextNode()) {
                const node = walk.currentNode;
                if (emoji.test(node.data) && !node.parentElement.closest('[aria-hidden="true"]')) found.push(node.data);
            }
            return found;
        }""")
        assert exposed == []
        assert await page.get_by_role("button", name="Hữu ích", exact=True).last.is_enabled()  # named without 👍


async def test_control_edges_and_focus_rings_reach_3_to_1(chromium_browser: Browser, settings) -> None:  # type: ignore[no-untyped-def]
    async with serving(settings) as (_core, url):
        page = await phone(chromium_browser)
        await started(page, url)
        read = """(sel) => { const e = document.querySelector(sel); e.focus(); const s = getComputedStyle(e);
            const bg = getComputedStyle(e.closest('.msg, .ask, .bar, body')).backgroundColor;
            const rgb = c => c.match(/[0-9.]+/g).map(Number);
            return {border: rgb(s.borderTopColor), ring: rgb(s.outlineColor), ringWidth: parseFloat(s.outlineWidth),
                    around: rgb(bg)}; }"""
        for selector in ("#q", "#send", "#log .btns button", "#menu"):
            found = await page.evaluate(read, selector)
            assert found["ringWidth"] >= 2, selector
            assert contrast(found["ring"], found["around"]) >= 3, selector
            if selector != "#send":  # the send button is a filled shape: its fill is its edge
                assert contrast(found["border"], found["around"]) >= 3, selector
