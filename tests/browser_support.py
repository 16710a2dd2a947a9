"""Browser tests at phone size: the whole app served in-process on loopback, a 360 px Chromium page, screenshots under
test-artifacts/, and axe-core (from the npm registry, fetched by scripts/system-deps.sh) for WCAG checks."""

import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from aiohttp import web
from playwright.async_api import Browser, Page, async_playwright

from bot.app import build_core, build_web_app
from bot.config import Settings
from bot.services import Services
from tests.support import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@contextlib.asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[tuple[Services, str]]:
    """The app as `hoagiai serve` runs it, on a free port of this event loop: (services, base URL)."""
    core = build_core(settings)
    runner = web.AppRunner(build_web_app(core))
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        yield core, f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


@contextlib.asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


async def phone(browser: Browser) -> Page:
    context = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN")
    return await context.new_page()


async def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


async def bot_replies(page: Page) -> int:
    return int(await page.locator("#log .msg.bot, #log .msg.staff").count())


async def ask(page: Page, text: str) -> None:
    """Type and send; wait until every reply of the turn is drawn (the send button comes back)."""
    await page.get_by_label("Câu hỏi của bạn").fill(text)
    await page.get_by_role("button", name="Gửi", exact=True).click()
    await page.wait_for_function("!document.getElementById('send').disabled")


async def press(page: Page, label: str) -> None:
    await page.locator("#log .btns button:not([disabled])", has_text=label).last.click()
    await page.wait_for_function("!document.getElementById('send').disabled")


async def last_buttons_visible(page: Page) -> list[str]:
    """The labels of the last reply's buttons that are not fully inside the chat area or are covered."""
    found: list[str] = await page.evaluate("""() => {
        const log = document.getElementById('log').getBoundingClientRect();
        const boxes = [...document.querySelectorAll('#log .msg')].filter(m => m.querySelector('.btns'));
        const last = boxes[boxes.length - 1];
        return [...last.querySelectorAll('.btns button')].filter(b => {
            const r = b.getBoundingClientRect();
            const inside = r.top >= log.top - 1 && r.bottom <= log.bottom + 1 && r.left >= 0 && r.right <= innerWidth;
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return !(inside && hit && (hit === b || b.contains(hit)));
        }).map(b => b.textContent);
    }""")
    return found


async def axe_violations(page: Page) -> list[dict[str, Any]]:
    """WCAG 2.1 A and AA violations axe-core finds on the page as it is now."""
    await page.evaluate(AXE.read_text(encoding="utf-8"))
    result = await page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in json.loads(json.dumps(result["violations"]))]
