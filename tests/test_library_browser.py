"""The library and the chat widget in Debian's Chromium (Playwright), with the whole app on loopback.

One browser, one app server and two "provincial website" servers for the module: one origin is listed in
HOAGIAI_WIDGET_ORIGINS, the other is not. Every page request is logged and must stay on these local origins.
"""

import asyncio
import io
import os
import shutil
import time
from collections.abc import AsyncIterator, Callable
from urllib.parse import urlsplit

import pypdf
import pytest
import pytest_asyncio
from aiohttp import web

from bot.app import build_core, build_web_app
from bot.config import Settings
from bot.core.knowledge import BUNDLED_KNOWLEDGE
from tests.conftest import SAMPLE, write_knowledge
from tests.support import CHROMIUM, CHROMIUM_ARGS

TIMEOUT_MS = 10_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.asyncio(loop_scope="module"),
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed (.ci/run installs it)"),
]

os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")


async def start(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}"


def host_site(template: str, assistant: dict[str, str]) -> web.Application:
    """A provincial website with one page that loads the widget from the assistant's address (known later)."""
    app = web.Application()

    async def page(_request: web.Request) -> web.Response:
        return web.Response(text=template.format(app=assistant["url"]), content_type="text/html")

    app.router.add_get("/", page)
    return app


ALLOWED_PAGE = ('<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Sở Tư pháp</title></head>'
                '<body><h1>Cổng thông tin Sở Tư pháp</h1><script src="{app}/widget.js" defer></script></body></html>')
OTHER_PAGE = ('<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Trang lạ</title></head>'
              '<body><iframe id="f" title="chat" src="{app}/"></iframe><script src="{app}/widget.js" defer></script>'
              '</body></html>')


class Servers:
    app: str
    allowed: str
    other: str


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def servers(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Servers]:
    assistant: dict[str, str] = {}
    allowed_runner, allowed = await start(host_site(ALLOWED_PAGE, assistant))
    other_runner, other = await start(host_site(OTHER_PAGE, assistant))
    root = tmp_path_factory.mktemp("browser")
    knowledge = write_knowledge(root / "kb", [("qa", e) for e in SAMPLE])
    for folder in ("leaflets", "skits"):  # real leaflets, so printing is tested on real lengths
        shutil.copytree(BUNDLED_KNOWLEDGE / folder, knowledge / folder)
    settings = Settings(_env_file=None, HOAGIAI_KNOWLEDGE_DIR=str(knowledge),  # type: ignore[call-arg]
                        HOAGIAI_DATA_DIR=str(root / "data"), HOAGIAI_USER_SALT="b", HOAGIAI_WIDGET_ORIGINS=allowed)
    app_runner, app = await start(build_web_app(build_core(settings)))
    assistant["url"] = app
    found = Servers()
    found.app, found.allowed, found.other = app, allowed, other
    yield found
    for runner in (app_runner, allowed_runner, other_runner):
        await runner.cleanup()


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def browser():  # type: ignore[no-untyped-def]
    from playwright.async_api import async_playwright

    playwright = await async_playwright().start()
    chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    await chromium.close()
    await playwright.stop()


@pytest_asyncio.fixture(loop_scope="module")
async def page(browser, servers: Servers):  # type: ignore[no-untyped-def]
    """A fresh page whose every request is logged; after the test, no request may have left the local origins."""
    context = await browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    tab = await context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    await context.close()
    assert_local(tab.requests, servers)


def assert_local(urls: list[str], servers: Servers) -> None:
    ours = {urlsplit(u).netloc for u in (servers.app, servers.allowed, servers.other)}
    web_urls = [u for u in urls if u.startswith(("http:", "https:"))]
    assert web_urls, "the request log recorded nothing"
    assert {urlsplit(u).netloc for u in web_urls} <= ours, [u for u in web_urls if urlsplit(u).netloc not in ours]


async def test_browse_from_home_to_a_topic_to_an_entry(page, servers: Servers) -> None:  # type: ignore[no-untyped-def]
    await page.goto(f"{servers.app}/thu-vien/")
    assert await page.locator("html").get_attribute("lang") == "vi"
    await page.get_by_role("link", name="Hòa giải ở cơ sở là gì, phạm vi, nguyên tắc").click()
    await page.wait_for_url("**/thu-vien/chu-de/quy-dinh-chung")
    await page.get_by_role("link", name="Hòa giải viên có được trả thù lao không?").click()
    await page.wait_for_url("**/thu-vien/hoi-dap/thu-lao-hoa-giai-vien")
    assert await page.locator("h1").inner_text() == "Hòa giải viên có được trả thù lao không?"
    assert "Căn cứ: Luật HGCS (Điều 9)" in await page.locator(".cite").inner_text()
    assert "27/11/2026" in await page.locator(".reviewed").inner_text()


async def test_skip_link_is_the_first_stop_and_moves_to_the_content(page, servers: Servers) -> None:  # type: ignore[no-untyped-def]
    await page.goto(f"{servers.app}/thu-vien/")
    await page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert await skip.evaluate("el => el === document.activeElement")
    assert (await skip.bounding_box())["y"] >= 0  # visible once focused
    await page.keyboard.press("Enter")
    assert await page.evaluate("document.activeElement.id") == "noi-dung"


async def test_search_typed_without_diacritics_finds_the_entry(page, servers: Servers) -> None:  # type: ignore[no-untyped-def]
    await page.goto(f"{servers.app}/thu-vien/")
    await page.get_by_label("Tìm trong thư viện").fill("hoa giai vien co duoc tra tien khong")
    await page.get_by_role("button", name="Tìm", exact=True).click()
    await page.wait_for_url("**/thu-vien/tim?q=*")
    first = page.locator(".results > li").first
    assert await first.get_attribute("class") == "best"
    await first.get_by_role("link").click()
    await page.wait_for_url("**/thu-vien/hoi-dap/thu-lao-hoa-giai-vien")


async def test_print_view_hides_navigation_and_each_leaflet_fits_one_a4_or_a5_page(page, servers: Servers) -> None:  # type: ignore[no-untyped-def]
    await page.goto(f"{servers.app}/thu-vien/")
    leaflets = [await a.get_attribute("href") for a in await page.locator("#to-gap ~ ul a").all()]
    assert leaflets
    for href in leaflets:
        for query, size in (("", (595, 842)), ("?kho=a5", (420, 595))):
            await page.emulate_media(media="screen")
            await page.goto(f"{servers.app}{href}{query}")
            assert await page.locator("header.site nav").is_visible()
            assert await page.get_by_role("button", name="In tờ gấp").is_visible()  # shown by library.js
            await page.emulate_media(media="print")
            for hidden in ("header.site", "nav.crumbs", "nav.actions", "footer.site", "a.skip"):
                assert await page.locator(hidden).evaluate("el => getComputedStyle(el).display") == "none", hidden
            assert await page.locator("article h1").is_visible()
            reader = pypdf.PdfReader(io.BytesIO(await page.pdf(prefer_css_page_size=True)))
            box = reader.pages[0].mediabox
            assert (len(reader.pages), round(float(box.width)), round(float(box.height))) == (1, *size), href + query


async def test_body_text_and_links_have_sufficient_contrast(page, servers: Servers) -> None:  # type: ignore[no-untyped-def]
    await page.goto(f"{servers.app}/thu-vien/hoi-dap/thu-lao-hoa-giai-vien")
    ratios = await page.evaluate(CONTRAST_JS, "h1, p, a, li, label, .cite, .reviewed, button")
    low = [r for r in ratios if r["ratio"] < 4.5]
    assert ratios and not low, low


async def test_widget_on_an_allowed_site_opens_the_chat_and_answers(page, servers: Servers) -> None:  # type: ignore[no-untyped-def]
    await page.goto(servers.allowed)
    button = page.get_by_role("button", name="💬 Hỏi Trợ lý Hòa giải")
    assert await button.get_attribute("aria-expanded") == "false"
    await button.click()
    assert await button.get_attribute("aria-expanded") == "true"
    chat = page.frame_locator("#hoagiai-widget-panel iframe")
    await chat.locator(".msg.bot").first.wait_for()  # the greeting
    await chat.get_by_label("Câu hỏi của bạn").fill("hoa giai vien co duoc tra thu lao khong")
    await chat.get_by_label("Câu hỏi của bạn").press("Enter")
    answer = chat.locator(".msg.bot .cite", has_text="Căn cứ: Luật HGCS (Điều 9)")
    await answer.wait_for()
    await page.get_by_role("button", name="✕ Đóng cửa sổ trò chuyện").click()
    assert not await page.locator("#hoagiai-widget-panel").is_visible()
    assert any(u.startswith(f"{servers.app}/api/chat") for u in page.requests)
    assert_local(page.requests, servers)


async def test_a_site_not_listed_cannot_frame_the_chat_and_gets_no_button(page, servers: Servers) -> None:  # type: ignore[no-untyped-def]
    refused: list[str] = []
    page.on("console", lambda msg: refused.append(msg.text))
    await page.goto(servers.other)
    await page.wait_for_function("() => document.readyState === 'complete'")
    frame = next(f for f in page.frames if f != page.main_frame)
    assert await frame.locator("#q").count() == 0
    assert await page.locator(".hoagiai-widget-button").count() == 0
    assert frame.url.startswith("chrome-error:")
    await logged(refused, lambda text: "violates" in text and "frame-ancestors" in text)
    await logged(refused, lambda text: "chưa được phép nhúng" in text)


async def logged(messages: list[str], match: Callable[[str], bool]) -> None:
    """Console events reach Python asynchronously: poll briefly instead of sleeping."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not any(match(m) for m in messages):
        assert time.monotonic() < deadline, messages
        await asyncio.sleep(0.02)


CONTRAST_JS = """(selector) => {
  function rgb(s) { const m = s.match(/[\\d.]+/g).map(Number); return {c: m.slice(0, 3), a: m.length > 3 ? m[3] : 1}; }
  function lum(c) {
    const l = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  }
  function background(el) {
    for (; el; el = el.parentElement) { const b = rgb(getComputedStyle(el).backgroundColor); if (b.a > 0) return b.c; }
    return [255, 255, 255];
  }
  return [...document.querySelectorAll(selector)].filter(el => el.offsetParent !== null && el.textContent.trim())
    .map(el => {
      const a = lum(rgb(getComputedStyle(el).color).c), b = lum(background(el));
      return {text: el.textContent.trim().slice(0, 40), ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)};
    });
}"""
