"""The console on a cheap phone (360 px) and a desktop (1366 px) in Debian's Chromium, against the real server:
every tab reachable from the menu, long unbroken text wrapped instead of widening the page, tap targets of at least
44 px with 16 px text, focus rings and control edges at 3:1, a text alternative for the dashboard charts, and no
WCAG 2.1 AA violation found by axe-core. Screenshots go to test-artifacts/."""

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bot.app import build_core
from bot.config import Settings
from bot.storage import cases_repo, questions_repo
from tests.admin.test_admin_browser import _wait_ready
from tests.admin_support import PASSWORD, add_user
from tests.axe_support import axe_violations
from tests.conftest import SAMPLE, write_knowledge
from tests.support import CHROMIUM, CHROMIUM_ARGS, free_port

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 768}
LONG_QUESTION = "hoagiai" * 300  # 2,100 characters without a space
LONG_URL = "https://sotuphap.sonla.gov.vn/" + "/".join(f"thu-muc-{i}" for i in range(60)) + "?q=hoa-giai"
COMMENT = "Xem " + LONG_URL + " thì thấy khác"
TABS = ["Tổng quan", "Chưa trả lời được", "Nội dung", "Thử câu hỏi", "Từ điển", "Căn cứ pháp lý", "Lâu chưa rà soát",
        "Nhập/xuất", "Vụ việc", "Tài khoản", "Nhật ký"]


def seed(env: dict[str, str]) -> int:
    """Before the server starts: an administrator, a 2,000-character question and a URL nobody could answer, a 👎 with
    a long comment, and a case. Returns the case id."""
    core = build_core(Settings(_env_file=None, **env))  # type: ignore[call-arg]
    try:
        add_user(core, "quantri", "admin")
        for text in (LONG_QUESTION, LONG_URL):
            core.db.call(questions_repo.log_question, channel="web", user_key="u", text=text, normalized=text,
                         outcome="none", top_id=None, top_score=None, latency_ms=1.0)
        qid = core.db.call(questions_repo.log_question, channel="zalo", user_key="u", text="hgv co luong khong",
                           normalized="hgv co luong khong", outcome="answer", top_id="thu-lao-hoa-giai-vien",
                           top_score=0.9, latency_ms=1.0)
        fid = core.db.call(questions_repo.record_feedback, channel="zalo", user_key="u",
                           entry_id="thu-lao-hoa-giai-vien", helpful=False, question_id=qid)
        core.db.call(questions_repo.update_feedback, feedback_id=fid, reason="outdated", comment=COMMENT)
        case = core.db.call(cases_repo.create_case, channel="web", user_key="k", raw_user_id="p", topic="dat-dai",
                            commune="Chiềng Pha", urgent=False, description="Tranh chấp ranh giới nương " + LONG_URL,
                            attached_question=None, attached_answer=None)
        return int(case.id)
    finally:
        core.db.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    root = tmp_path_factory.mktemp("console-a11y")
    port = free_port()
    env = {"HOAGIAI_DATA_DIR": str(root / "data"), "HOAGIAI_PORT": str(port), "HOAGIAI_USER_SALT": "s",
           "HOAGIAI_KNOWLEDGE_DIR": str(write_knowledge(root / "knowledge", [("qa", e) for e in SAMPLE]))}
    case_id = seed(env)
    full_env = {**os.environ, **env, "NO_PROXY": "127.0.0.1,localhost"}
    full_env.pop("DATABASE_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], env=full_env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        _wait_ready(port)
        yield f"http://127.0.0.1:{port}", case_id
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def logged_in(browser: Browser, base_url: str, viewport: dict[str, int]) -> Page:
    page = browser.new_context(viewport=viewport, base_url=base_url, locale="vi-VN").new_page()
    page.goto("/admin/login")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/admin/dashboard$"))
    return page


@pytest.fixture(scope="module")
def phone(browser: Browser, server: tuple[str, int]) -> Iterator[Page]:
    page = logged_in(browser, server[0], PHONE)
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def desktop(browser: Browser, server: tuple[str, int]) -> Iterator[Page]:
    page = logged_in(browser, server[0], DESKTOP)
    yield page
    page.context.close()


def pages(case_id: int) -> list[str]:
    return ["/admin/dashboard", "/admin/inbox", "/admin/entries", "/admin/entries/new?kind=qa",
            "/admin/entries/thu-lao-hoa-giai-vien", "/admin/entries/thu-lao-hoa-giai-vien/history",
            "/admin/test?q=hgv+co+luong+khong", "/admin/lexicon", "/admin/citations?doc=35%2F2013%2FQH13",
            "/admin/stale", "/admin/transfer", "/admin/users", "/admin/audit", "/admin/cases",
            f"/admin/cases/{case_id}", "/admin/account", "/admin/password", "/admin/logbook"]


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"console-{name}-{page.viewport_size['width']}.png"), full_page=True)  # type: ignore[index]


# --- item 10: the menu on a phone ------------------------------------------------------------------------------------


def test_on_a_phone_every_tab_is_reachable_from_the_menu_button(phone: Page) -> None:
    phone.goto("/admin/inbox")
    menu = phone.get_by_role("button", name=re.compile("Menu"))
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(phone.get_by_role("link", name="Nhật ký")).to_be_hidden()  # folded away until asked for
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    nav = phone.get_by_role("navigation", name="Chức năng")
    for label in TABS:
        link = nav.get_by_role("link", name=label, exact=True)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] and box["height"] >= 44, label
    expect(nav.get_by_role("link", name="Chưa trả lời được")).to_have_attribute("aria-current", "page")
    shot(phone, "menu-open")
    nav.get_by_role("link", name="Nhật ký", exact=True).click()
    expect(phone).to_have_url(re.compile(r"/admin/audit$"))
    expect(phone.get_by_role("button", name=re.compile("Menu"))).to_contain_text("Nhật ký")  # where I am


def test_on_a_desktop_every_tab_shows_without_a_menu_button(desktop: Page) -> None:
    desktop.goto("/admin/dashboard")
    expect(desktop.get_by_role("button", name=re.compile("Menu"))).to_be_hidden()
    nav = desktop.get_by_role("navigation", name="Chức năng")
    for label in TABS:
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_in_viewport()


# --- item 8: long unbroken text wraps --------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["phone", "desktop"])
def test_long_unbroken_questions_and_urls_wrap_instead_of_widening_the_page(which: str, request: pytest.FixtureRequest,
                                                                             server: tuple[str, int]) -> None:
    page: Page = request.getfixturevalue(which)
    width = page.viewport_size["width"]  # type: ignore[index]
    for path, name in (("/admin/dashboard", "dashboard"), ("/admin/inbox", "inbox"),
                       ("/admin/entries/thu-lao-hoa-giai-vien", "entry"), (f"/admin/cases/{server[1]}", "case")):
        page.goto(path)
        if name == "inbox":
            expect(page.get_by_text(LONG_QUESTION[:50])).to_be_visible()
            expect(page.get_by_text(COMMENT)).to_be_visible()
        if name == "entry":
            page.get_by_text("góp ý mới nhất viết kèm 👎").click()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{path} is wider than {width} px"
        shot(page, f"wrap-{name}")


# --- item 16: accessible on a cheap phone ----------------------------------------------------------------------------

MEASURE = """() => {
  const out = [];
  const shown = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const controls = 'button, select, input:not([type=hidden]):not([type=checkbox]), summary, nav a, header a, ' +
                   'a.button, .actions > a, label:has(> input[type=checkbox])';
  const alone = a => a.parentElement.innerText.trim() === a.innerText.trim();  // a link on a line of its own
  const links = [...document.querySelectorAll('main a')].filter(alone);
  for (const el of [...document.querySelectorAll(controls), ...links]) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    const font = parseFloat(getComputedStyle(el).fontSize);
    if (r.height < 43.5 || font < 15.5) out.push(`${el.tagName.toLowerCase()} "${(el.innerText || el.value ||
      el.getAttribute('aria-label') || '').trim().slice(0, 30)}": ${r.height.toFixed(1)} px tall, ${font} px text`);
  }
  for (const box of document.querySelectorAll('input[type=checkbox]')) {
    if (!shown(box)) continue;
    const r = box.getBoundingClientRect();
    if (r.height < 20 || r.width < 20) out.push(`checkbox ${box.name}: ${r.width}x${r.height} px`);
  }
  return out;
}"""

CONTRAST = """() => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const ratio = (a, b) => { const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const backdrop = el => { for (let e = el; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
    const v = rgb(c); if (v.length && (v.length < 4 || v[3] > 0.5)) return c; } return 'rgb(255, 255, 255)'; };
  return {ratio, backdrop};
}"""

EDGES = """() => {
  const {ratio, backdrop} = (CONTRAST_HELPERS)();
  const out = [];
  for (const el of document.querySelectorAll('input:not([type=hidden]):not([type=checkbox]), select, textarea')) {
    const r = el.getBoundingClientRect(); if (!r.width) continue;
    const s = getComputedStyle(el);
    const edge = ratio(s.borderTopColor, backdrop(el.parentElement));
    if (parseFloat(s.borderTopWidth) < 1 || edge < 3) out.push(`${el.name || el.id}: edge ${edge.toFixed(2)}:1`);
  }
  return out;
}""".replace("CONTRAST_HELPERS", CONTRAST)

FOCUS = """() => {
  const {ratio, backdrop} = (CONTRAST_HELPERS)();
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const width = s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth);
  return {what: `${el.tagName.toLowerCase()} ${(el.innerText || el.name || el.id || '').trim().slice(0, 30)}`,
          width, ratio: ratio(s.outlineColor, backdrop(el.parentElement))};
}""".replace("CONTRAST_HELPERS", CONTRAST)


@pytest.mark.parametrize("which", ["phone", "desktop"])
def test_every_console_page_has_big_tap_targets_visible_edges_and_no_axe_violation(
    which: str, request: pytest.FixtureRequest, server: tuple[str, int]
) -> None:
    page: Page = request.getfixturevalue(which)
    problems: dict[str, Any] = {}
    for path in pages(server[1]):
        page.goto(path)
        if which == "phone" and page.get_by_role("button", name=re.compile("Menu")).is_visible():
            page.get_by_role("button", name=re.compile("Menu")).click()  # measure the tabs too
        page.evaluate("document.querySelectorAll('main details').forEach(d => { d.open = true; })")  # folded parts too
        small = page.evaluate(MEASURE)
        edges = page.evaluate(EDGES)
        violations = axe_violations(page)
        if small or edges or violations:
            problems[path] = {"small": small[:8], "edges": edges[:5], "axe": violations}
    shot(page, "dashboard-a11y")
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_keyboard_focus_is_shown_by_a_ring_of_3_to_1(desktop: Page, server: tuple[str, int]) -> None:
    weak = []
    for path in ("/admin/entries/new?kind=qa", "/admin/inbox", f"/admin/cases/{server[1]}"):
        desktop.goto(path)
        seen = 0
        for _ in range(40):
            desktop.keyboard.press("Tab")
            ring = desktop.evaluate(FOCUS)
            if ring is None:
                continue
            seen += 1
            if ring["width"] < 2 or ring["ratio"] < 3:
                weak.append((path, ring))
        assert seen > 10, path
    desktop.goto("/admin/entries/new?kind=qa")
    desktop.keyboard.press("Tab")
    desktop.keyboard.press("Tab")
    shot(desktop, "focus-ring")
    assert not weak, weak[:10]


def test_the_dashboard_charts_have_a_text_alternative(phone: Page) -> None:
    phone.goto("/admin/dashboard?days=7")
    phone.get_by_text("Bảng số liệu từng ngày").click()
    daily = phone.get_by_role("table", name=re.compile("Câu hỏi mỗi ngày"))
    expect(daily.get_by_role("row")).to_have_count(8)  # a header and seven days
    expect(daily.get_by_role("columnheader")).to_have_text(["Ngày", "Trả lời", "Gợi ý", "Không tìm thấy", "Tổng"])
    expect(daily.get_by_role("row").last.get_by_role("cell")).to_have_text(["1", "0", "2", "3"])  # today
    chart = phone.locator("svg.chart").first
    expect(chart).to_have_attribute("role", "img")
    assert "7 ngày" in (chart.get_attribute("aria-label") or "")
    described = chart.get_attribute("aria-describedby") or ""
    assert described and phone.locator(f"#{described}").count() == 1
    shot(phone, "dashboard-table")


def test_the_checks_catch_an_unlabelled_field_and_a_small_button(phone: Page) -> None:
    """The measurements above can fail: a field without a label and a 20 px button are found."""
    phone.goto("/admin/stale")
    phone.evaluate("""() => {
        const main = document.querySelector('main');
        main.insertAdjacentHTML('beforeend', '<input type="text" name="thu"><button id="tiny">x</button>');
        Object.assign(document.getElementById('tiny').style, {minHeight: '0', height: '20px'});  // the CSP forbids style=""
    }""")
    assert "label" in {v["id"] for v in axe_violations(phone)}
    assert any(line.startswith('button "x": 20.0 px tall') for line in phone.evaluate(MEASURE))
