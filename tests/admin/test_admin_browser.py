"""The console in Debian's Chromium (Playwright) against the real server process (`hoagiai serve`), first start to
published answers: one server and one browser for the module, tests in order."""

import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from bot.core import texts
from tests.conftest import SAMPLE, write_knowledge
from tests.support import CHROMIUM, CHROMIUM_ARGS, free_port

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
NEW_PASSWORD = "mat-khau-quan-tri-moi"
PHONE = {"width": 360, "height": 740}
TABLET = {"width": 800, "height": 1100}
# Questions whose outcome (suggest) is stable: the search's spelling correction can vary with the hash seed.
BUFFALO = "trâu nhà bên phá hết nương ngô, bắt đền bao nhiêu là đúng"
BUFFALO_PLAIN = "trau nha ben pha het nuong ngo thi bat den bao nhieu"
FUNERAL = "đám ma làm mấy ngày liền"
BUFFALO_ANY = re.compile("tr(â|a)u nh(à|a) b(ê|e)n")  # the cluster shows its latest phrasing, accented or not


class Server:
    def __init__(self, proc: subprocess.Popen[str], port: int, password: str) -> None:
        self.proc, self.port, self.password = proc, port, password
        self.url = f"http://127.0.0.1:{port}"
        self.foreign: list[str] = []  # any request a page made to another host
        self.blocked: list[str] = []  # anything our Content-Security-Policy refused (inline script or style)

    def ask(self, text: str, session: str = "browser-test") -> dict:  # type: ignore[type-arg]
        req = urllib.request.Request(f"{self.url}/api/chat", method="POST",
                                     data=json.dumps({"session": session, "text": text}).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 - loopback only
            return json.load(resp)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A fresh `hoagiai serve` with an empty database: it writes the first admin's one-time password to stderr."""
    root = tmp_path_factory.mktemp("console")
    knowledge = write_knowledge(root / "knowledge", [("qa", e) for e in SAMPLE])
    port = free_port()
    env = {**os.environ, "HOAGIAI_DATA_DIR": str(root / "data"), "HOAGIAI_PORT": str(port), "HOAGIAI_USER_SALT": "s",
           "HOAGIAI_KNOWLEDGE_DIR": str(knowledge), "NO_PROXY": "127.0.0.1,localhost"}
    env.pop("DATABASE_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr], daemon=True)  # type: ignore[union-attr]
    reader.start()
    try:
        password = ""
        deadline = time.monotonic() + 60
        while not password and time.monotonic() < deadline:
            found = re.search(r"mật khẩu dùng một lần: (\S+)", lines.get(timeout=max(0.1, deadline - time.monotonic())))
            password = found.group(1) if found else ""
        _wait_ready(port)
        yield Server(proc, port, password)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        reader.join(timeout=5)
        proc.stderr.close()  # type: ignore[union-attr]


def _wait_ready(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as resp:  # noqa: S310
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError("server not ready")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def new_context(browser: Browser, server: Server, viewport: dict[str, int] = TABLET) -> BrowserContext:
    context = browser.new_context(viewport=viewport, base_url=server.url, locale="vi-VN")
    context.on("request", lambda r: None if r.url.startswith(server.url) else server.foreign.append(r.url))
    context.on("console", lambda m: server.blocked.append(m.text) if "Content Security Policy" in m.text else None)
    return context


def login(page: Page, username: str, password: str) -> None:
    page.goto("/admin/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.fixture(scope="module")
def admin(browser: Browser, server: Server) -> Iterator[Page]:
    """The first administrator, logged in with the printed one-time password and forced to choose a new one."""
    context = new_context(browser, server)
    page = context.new_page()
    login(page, "admin", server.password)
    expect(page).to_have_url(re.compile(r"/admin/password$"))
    page.get_by_label("Mật khẩu hiện tại").fill(server.password)
    page.get_by_label("Mật khẩu mới (ít nhất 10 ký tự)").fill(NEW_PASSWORD)
    page.get_by_label("Nhập lại mật khẩu mới").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(page).to_have_url(re.compile(r"/admin/dashboard$"))
    yield page
    context.close()


def ask_in_chat(browser: Browser, server: Server, question: str) -> str:
    """Ask in the web chat page on a phone and return the bot's last bubble."""
    context = new_context(browser, server, PHONE)
    page = context.new_page()
    page.goto("/")
    page.locator("#log").get_by_text("Xin chào").wait_for()  # not its copy in the screen-reader log
    page.get_by_label("Câu hỏi của bạn").fill(question)
    page.get_by_role("button", name="Gửi").click()
    bubble = page.locator(".msg.bot").nth(1)
    bubble.wait_for()
    text = bubble.inner_text()
    context.close()
    return text


def test_a_qa_created_and_published_in_the_console_is_answered_in_the_web_chat(admin: Page, browser: Browser,
                                                                                server: Server) -> None:
    page = admin
    page.goto("/admin/entries/new?kind=qa")
    page.locator("#f-question").fill("Hòa giải viên có được cấp thẻ không?")
    page.locator("#f-alt_questions").fill("hgv co duoc cap the khong\nthẻ hòa giải viên")
    answer = "Luật không quy định thẻ riêng; quyết định công nhận hòa giải viên là giấy tờ chứng minh."
    page.locator("#f-answer").fill(answer)
    page.get_by_label("Hòa giải viên", exact=True).check()
    page.locator("select[name=cite_doc]").first.select_option("35/2013/QH13")
    page.locator("input[name=cite_article]").first.fill("8")
    preview = page.locator("#preview .bubble")
    expect(preview).to_contain_text(answer)  # the live phone preview, rendered as the bot renders it
    expect(preview.locator(".cite")).to_have_text("Căn cứ: Luật HGCS (Điều 8)")
    page.get_by_role("button", name="Lưu và xuất bản").click()
    expect(page.locator(".flash")).to_have_text(texts.ADMIN_FLASH["published"])
    bubble = ask_in_chat(browser, server, "hgv có được cấp thẻ không")
    assert answer in bubble and "Căn cứ: Luật HGCS (Điều 8)" in bubble


def test_unanswered_clusters_become_a_new_qa_and_an_alternate_question(admin: Page, browser: Browser,
                                                                        server: Server) -> None:
    for i, question in enumerate([BUFFALO, BUFFALO_PLAIN, FUNERAL]):
        reply = server.ask(question, f"villager-{i}")
        assert reply["outcome"] != "answer", (question, reply["results"][:2])
    page = admin
    phone = page.context.new_page()
    phone.set_viewport_size(PHONE)
    phone.goto("/admin/inbox")
    expect(phone.locator("article.cluster")).to_have_count(2)
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "admin-inbox.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the inbox must fit a phone"
    phone.close()

    page.goto("/admin/inbox")
    buffalo = page.locator("article.cluster").filter(has_text=BUFFALO_ANY)
    expect(buffalo).to_contain_text("2 lần")
    buffalo.get_by_role("button", name="Tạo hỏi đáp mới").click()
    expect(page.locator("#f-question")).to_have_value(BUFFALO)  # pre-filled from the cluster
    page.locator("#f-answer").fill("Chủ gia súc phá hoại hoa màu phải bồi thường; tổ hòa giải giúp hai bên thỏa thuận.")
    page.get_by_label("Vay nợ, tài sản, gia súc, hàng xóm").check()
    page.locator("select[name=cite_doc]").first.select_option("35/2013/QH13")
    page.locator("input[name=cite_article]").first.fill("3")
    page.get_by_role("button", name="Lưu và xuất bản").click()
    expect(page.locator(".flash")).to_have_text(texts.ADMIN_FLASH["published"])
    assert "tổ hòa giải giúp hai bên thỏa thuận" in ask_in_chat(browser, server, BUFFALO)

    page.goto("/admin/inbox")
    expect(page.locator("article.cluster").filter(has_text=BUFFALO_ANY)).to_have_count(0)  # handled: gone
    funeral = page.locator("article.cluster", has=page.get_by_role("heading", name=FUNERAL))
    funeral.get_by_role("button", name=re.compile("^Thêm vào: Tổ chức ma chay")).click()
    expect(page.locator(".flash")).to_have_text(texts.ADMIN_FLASH["alt_added"])
    assert "tang lễ" in ask_in_chat(browser, server, FUNERAL)


def test_the_dashboard_shows_the_day_with_charts(admin: Page) -> None:
    admin.goto("/admin/dashboard")
    expect(admin.locator("svg.chart").first).to_be_visible()
    expect(admin.locator(".stat").first).to_contain_text("Câu hỏi")
    admin.screenshot(path=str(ARTIFACTS / "admin-dashboard.png"), full_page=True)


def test_an_editor_cannot_open_user_management(admin: Page, browser: Browser, server: Server) -> None:
    admin.goto("/admin/users")
    admin.get_by_label("Tên đăng nhập", exact=True).fill("bientap")
    admin.get_by_label("Vai trò", exact=True).select_option("editor")
    admin.get_by_role("button", name="Tạo (mật khẩu dùng một lần)").click()
    one_time = admin.locator("#secret").inner_text().strip()
    context = new_context(browser, server, PHONE)
    page = context.new_page()
    login(page, "bientap", one_time)
    page.get_by_label("Mật khẩu hiện tại").fill(one_time)
    page.get_by_label("Mật khẩu mới (ít nhất 10 ký tự)").fill("bien-tap-vien-moi")
    page.get_by_label("Nhập lại mật khẩu mới").fill("bien-tap-vien-moi")
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(page).to_have_url(re.compile(r"/admin/dashboard$"))
    expect(page.get_by_role("link", name="Tài khoản")).to_have_count(0)
    response = page.goto("/admin/users")
    assert response is not None and response.status == 403
    expect(page.get_by_role("alert")).to_have_text(texts.ADMIN_FORBIDDEN)
    context.close()


def test_a_post_without_the_csrf_token_is_refused(admin: Page) -> None:
    admin.goto("/admin/entries/new?kind=qa")
    admin.locator("#f-question").fill("Câu hỏi gửi không kèm mã bảo vệ?")
    admin.evaluate("document.querySelectorAll('input[name=_csrf]').forEach(e => e.remove())")
    with admin.expect_response(lambda r: r.url.endswith("/admin/entries/new") and r.request.method == "POST") as sent:
        admin.get_by_role("button", name="Lưu nháp").click()
    assert sent.value.status == 403
    expect(admin.get_by_role("alert")).to_have_text(texts.ADMIN_CSRF_REFUSED)


def test_five_wrong_passwords_throttle_the_login(browser: Browser, server: Server) -> None:
    context = new_context(browser, server, PHONE)
    page = context.new_page()
    for _ in range(5):
        login(page, "bientap", "sai-mat-khau")
        expect(page.get_by_role("alert")).to_have_text(texts.ADMIN_LOGIN_FAILED)
    login(page, "bientap", "bien-tap-vien-moi")  # the right password, too late
    expect(page.get_by_role("alert")).to_have_text(texts.ADMIN_LOGIN_THROTTLED)
    context.close()
    assert server.foreign == []  # nothing was fetched from outside (no CDN)
    assert server.blocked == []  # and the pages need nothing the CSP forbids
