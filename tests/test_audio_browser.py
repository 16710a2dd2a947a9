"""Recorded answers in Debian's Chromium (Playwright) at 360 px against `hoagiai serve`: an editor uploads a file and
records one with the browser's microphone (Chromium's fake device) on the entry page, publishes, and a mediator
hears the answer in the web chat's player, then holds 🎙 to send a voice message to staff. Screenshots go to
test-artifacts/."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from bot.core import texts
from tests.admin_support import PASSWORD
from tests.audio_support import make_audio, needs_ffmpeg, voice_knowledge
from tests.support import CHROMIUM, CHROMIUM_ARGS, free_port, start_server

pytestmark = [pytest.mark.browser, needs_ffmpeg]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
PHONE = {"width": 360, "height": 740}
MEDIA_ARGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
              "--autoplay-policy=no-user-gesture-required"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("audio-browser")
    knowledge = voice_knowledge(root / "knowledge")
    env = {**os.environ, "HOAGIAI_DATA_DIR": str(root / "data"), "HOAGIAI_KNOWLEDGE_DIR": str(knowledge),
           "HOAGIAI_USER_SALT": "s"}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "bot.cli", "admin", "create-user", "bientap", "--role", "editor"],
                   input=PASSWORD + "\n", env=env, text=True, check=True, capture_output=True)
    port = free_port()
    proc = start_server(root / "data", port, HOAGIAI_KNOWLEDGE_DIR=str(knowledge))
    try:
        import asyncio

        from tests.support import wait_ready
        asyncio.run(wait_ready(port))
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_editor_uploads_and_records_clips_and_a_mediator_hears_the_answer_at_360_px(server: str, tmp_path: Path) -> None:
    upload = tmp_path / "tra-loi.mp3"
    upload.write_bytes(make_audio("mp3", 3.0))
    foreign: list[str] = []
    blocked: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *MEDIA_ARGS])
        context = browser.new_context(viewport=PHONE, is_mobile=True, base_url=server, locale="vi-VN")
        context.on("request", lambda r: None if r.url.startswith(server) or r.url.startswith("blob:")
                   else foreign.append(r.url))
        context.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
        page = context.new_page()
        page.goto("/admin/login")
        page.get_by_label("Tên đăng nhập").fill("bientap")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.goto("/admin/entries/thu-lao-hoa-giai-vien")

        # A file: chosen, sent, converted, listed as waiting for publication.
        page.get_by_label("Ngôn ngữ").select_option("vi")
        page.get_by_label("Người đọc").fill("Lò Văn Pánh")
        page.get_by_label("Tệp âm thanh").set_input_files(str(upload))
        page.get_by_role("button", name="Tải lên").click()
        expect(page.get_by_text(texts.ADMIN_FLASH["audio_uploaded"])).to_be_visible()
        row = page.locator("table.clips tr[data-lang='vi']")
        expect(row).to_contain_text("Lò Văn Pánh")
        expect(row).to_contain_text(texts.AUDIO_STATUS["pending"])

        # A recording made in the browser: the fake microphone plays a tone for a moment.
        page.get_by_label("Ngôn ngữ").select_option("hmn")
        page.get_by_label("Người đọc").fill("Giàng A Dình")
        page.get_by_role("button", name="🎙 Ghi âm bằng trình duyệt").click()
        expect(page.locator("#audio-status")).to_have_text("Đang ghi âm…")
        page.wait_for_timeout(1500)  # the length of the recording itself, not a wait for the server
        page.get_by_role("button", name="⏹ Dừng ghi").click()
        expect(page.locator("#audio-preview")).to_be_visible()
        page.get_by_role("button", name="Tải lên").click()
        expect(page.locator("table.clips tr[data-lang='hmn']")).to_contain_text("Giàng A Dình")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator("#audio").screenshot(path=str(ARTIFACTS / "audio-console-360.png"))

        page.get_by_role("button", name="Xuất bản bản này").click()
        expect(page.get_by_text(texts.ADMIN_FLASH["published"])).to_be_visible()
        expect(page.locator("table.clips tr[data-lang='vi']")).to_contain_text(texts.AUDIO_STATUS["published"])

        chat = context.new_page()
        chat.goto("/")
        chat.locator("#log").get_by_text("Xin chào").wait_for()
        chat.get_by_label("Câu hỏi của bạn").fill("hoa giai vien co duoc tra thu lao khong")
        chat.get_by_role("button", name="Gửi").click()
        chat.get_by_role("button", name="Nghe", exact=True).last.click()  # the emoji is hidden from screen readers
        player = chat.locator(".msg.bot audio").last
        expect(player).to_have_attribute("preload", "none")
        assert _plays(chat) > 2.5  # Chromium decoded the Ogg/Opus clip: its duration is known
        assert chat.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        chat.screenshot(path=str(ARTIFACTS / "audio-webchat-360.png"), full_page=True)

        # Hold 🎙 to speak (the fake microphone), release to send: offered to staff only when confirmed.
        record = chat.get_by_role("button", name="Giữ để ghi âm tin nhắn thoại")
        record.hover()
        chat.mouse.down()
        expect(chat.locator("#rec-status")).to_contain_text("Đang ghi âm")
        chat.wait_for_timeout(1500)  # the length of the recording itself
        chat.mouse.up()
        expect(chat.locator(".msg.bot").last).to_contain_text("chưa nghe hiểu được tiếng nói")
        chat.get_by_role("button", name=texts.BTN_VOICE_SEND.split(" ", 1)[1]).last.click()  # emoji hidden
        expect(chat.locator(".msg.bot").last).to_contain_text("Đã gửi bản ghi cho cán bộ tư pháp")
        browser.close()
    assert foreign == [] and blocked == []


def _plays(page: Page) -> float:
    """Load the last player's clip and return the duration the browser decoded."""
    return float(page.evaluate("""() => new Promise((resolve, reject) => {
        const audio = [...document.querySelectorAll('.msg.bot audio')].pop();
        audio.addEventListener('loadedmetadata', () => resolve(audio.duration), {once: true});
        audio.addEventListener('error', () => reject(new Error('cannot play ' + audio.src)), {once: true});
        audio.preload = 'metadata';
        audio.load();
    })"""))
