"""The Telegram door in polling mode: the real python-telegram-bot Application against a fake Bot API on loopback,
the whole aiohttp app, and a real SQLite database.

Most tests talk to one bot shared by the module, as many users do, each test in chats of its own; tests that need
other settings or a restart run a private bot against a private fake Bot API.
"""

import contextlib
import datetime as dt
import itertools
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from sqlmodel import col, select

from bot.app import build_core, build_web_app
from bot.channels.base import DeliveryFailed
from bot.config import Settings
from bot.core import texts
from bot.core.identity import user_key
from bot.core.messages import Button, Document, Reply
from bot.services import Services
from bot.storage.models import Feedback, QuestionLog
from tests.conftest import write_knowledge
from tests.fakes.telegram_api import BOT_USERNAME, FakeTelegram, buttons_of, wait_until

pytestmark = pytest.mark.asyncio(loop_scope="module")

SALT = "test-salt"
_ids = itertools.count(1001)


def new_chat() -> int:
    """A private chat (= user id) no other test uses."""
    return next(_ids)


def qa(entry_id: str, question: str, alts: list[str], answer: str, topic: str = "quy-dinh-chung",
       **extra: Any) -> tuple[str, dict[str, Any]]:
    return ("qa", {"id": entry_id, "question": question, "alt_questions": alts, "answer": answer, "topics": [topic],
                   "citations": [{"doc": "35/2013/QH13", "article": 9}], "sources": [],
                   "reviewed": dt.date(2026, 11, 27), "status": "published", **extra})


ENTRIES = [
    qa("thu-lao-hoa-giai-vien", "Hòa giải viên có được trả thù lao không?",
       ["hoa giai vien co duoc tra tien khong", "thù lao hgv", "đi hòa giải có được tiền không"],
       "Có. Hòa giải viên được hưởng thù lao theo vụ, việc.",
       details="Mức thù lao do Hội đồng nhân dân tỉnh quyết định trong khung của Bộ Tài chính."),
    qa("ma-chai", "Người bị nghi là ma chài thì làm thế nào?", ["bi noi la ma chai", "ma chài gây bệnh"],
       "Không có căn cứ khoa học; hòa giải để chấm dứt tin đồn."),
    qa("ma-chay", "Tổ chức ma chay kéo dài có được hòa giải không?", ["ma chay keo dai", "đám ma tốn kém"],
       "Có thể hòa giải việc tổ chức tang lễ giữa các thành viên gia đình."),
    # Ten entries in one topic: two pages of eight.
    *(qa(f"ky-nang-so-{i:02d}", f"Kỹ năng hòa giải số {i:02d} là gì?", [f"ky nang so {i:02d}", f"kỹ năng {i:02d}"],
         f"Nội dung kỹ năng số {i:02d}.", topic="ky-nang") for i in range(1, 11)),
]


@dataclass
class Bot:
    core: Services
    url: str  # the web app (web chat) on loopback

    def questions(self, user: int) -> list[QuestionLog]:
        key = user_key(SALT.encode(), "telegram", str(user))
        return list(self.core.db.call(lambda *, session: session.exec(
            select(QuestionLog).where(col(QuestionLog.user_key) == key).order_by(col(QuestionLog.id))).all()))

    def feedback(self, user: int) -> list[Feedback]:
        key = user_key(SALT.encode(), "telegram", str(user))
        return list(self.core.db.call(lambda *, session: session.exec(
            select(Feedback).where(col(Feedback.user_key) == key)).all()))

    @property
    def door(self) -> Any:
        return self.core.channels["telegram"]


@contextlib.asynccontextmanager
async def running(data: Path, knowledge: Path, **env: object) -> AsyncIterator[Bot]:
    """The whole app (web chat + Telegram) served on a free loopback port, as `hoagiai serve` runs it."""
    settings = Settings(_env_file=None, HOAGIAI_KNOWLEDGE_DIR=str(knowledge), HOAGIAI_DATA_DIR=str(data),  # type: ignore[call-arg]
                        HOAGIAI_USER_SALT=SALT, HOAGIAI_REFRESH_INTERVAL="0.2", **{k: str(v) for k, v in env.items()})
    core = build_core(settings)
    runner = web.AppRunner(build_web_app(core))
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        yield Bot(core, f"http://127.0.0.1:{runner.addresses[0][1]}")
    finally:
        await runner.cleanup()  # stops polling and the Application, then closes the database


@contextlib.asynccontextmanager
async def polling_bot(fake: FakeTelegram, data: Path, knowledge: Path, **env: object) -> AsyncIterator[Bot]:
    async with running(data, knowledge, TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_BASE_URL=fake.base_url,
                       **env) as bot:
        polls = len(fake.calls_to("getUpdates"))
        await wait_until(lambda: len(fake.calls_to("getUpdates")) > polls, what="the bot to poll")
        yield bot


async def ask_web_chat(bot: Bot, text: str) -> dict[str, Any]:
    async with aiohttp.ClientSession() as http, http.post(f"{bot.url}/api/chat",
                                                         json={"session": "s1", "text": text}) as resp:
        data: dict[str, Any] = await resp.json()
        return data


@pytest.fixture(scope="module", autouse=True)
def no_proxy() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NO_PROXY", "127.0.0.1,localhost")
        patch.setenv("no_proxy", "127.0.0.1,localhost")
        yield


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_knowledge(tmp_path_factory.mktemp("telegram") / "kb", ENTRIES)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def fake() -> AsyncIterator[FakeTelegram]:
    server = await FakeTelegram().start()
    yield server
    await server.close()


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def bot(fake: FakeTelegram, knowledge: Path, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Bot]:
    """The bot most tests share; `fake` is set up first so that it goes last (the bot says goodbye to it)."""
    async with polling_bot(fake, tmp_path_factory.mktemp("shared"), knowledge) as shared:
        yield shared


@pytest_asyncio.fixture(loop_scope="module")
async def own_fake() -> AsyncIterator[FakeTelegram]:
    """A Bot API of the test's own, for a bot with its own settings (the shared bot polls `fake`)."""
    server = await FakeTelegram().start()
    yield server
    await server.close()


async def test_start_greets_explains_privacy_and_shows_the_main_menu(bot: Bot, fake: FakeTelegram) -> None:
    alice = new_chat()
    fake.send_text(alice, "/start")
    reply = await fake.next_message(alice)
    assert reply["text"].startswith("Xin chào!") and "/xoa" in reply["text"]
    labels = [label for label, _ in buttons_of(reply)]
    assert labels[:2] == [texts.BTN_QA, texts.BTN_SCENARIOS] and len(labels) <= 5  # the rest behind "⋯ Thêm"
    assert labels[-1] == texts.BTN_OVERFLOW
    commands = fake.calls_to("setMyCommands")[0]["commands"]
    assert [c["command"] for c in commands] == [command for command, _ in texts.COMMAND_MENU]
    assert {"start", "huongdan", "xoa"} <= {c["command"] for c in commands}
    assert all(c["description"] for c in commands)
    assert fake.calls_to("deleteWebhook"), "polling mode makes sure no webhook is set"


async def test_question_without_diacritics_gets_a_cited_answer_with_feedback_buttons(bot: Bot,
                                                                                     fake: FakeTelegram) -> None:
    alice = new_chat()
    fake.send_text(alice, "hoa giai vien co duoc tra tien khong")
    reply = await fake.next_message(alice)
    assert reply["text"].startswith("❓ Hòa giải viên có được trả thù lao không?\n\nCó. Hòa giải viên được hưởng thù lao")
    assert "Căn cứ: Luật HGCS (Điều 9)" in reply["text"]
    assert buttons_of(reply)[:3] == [(texts.BTN_HELPFUL, "up:thu-lao-hoa-giai-vien"),  # flows may add more
                                     (texts.BTN_NOT_HELPFUL, "dn:thu-lao-hoa-giai-vien"),
                                     (texts.BTN_MORE, "m:thu-lao-hoa-giai-vien:1")]
    assert [(r.channel, r.outcome) for r in bot.questions(alice)] == [("telegram", "answer")]

    fake.press(alice, "m:thu-lao-hoa-giai-vien:1")
    more = await fake.next_message(alice)
    assert "Hội đồng nhân dân tỉnh" in more["text"]


async def test_thumbs_up_is_stored_and_the_press_is_answered(bot: Bot, fake: FakeTelegram) -> None:
    alice = new_chat()
    fake.send_text(alice, "thu lao hgv")
    await fake.next_message(alice)
    pressed = fake.press(alice, "up:thu-lao-hoa-giai-vien")
    thanks = await fake.next_message(alice)
    assert thanks["text"] == texts.THANKS_HELPFUL
    await fake.wait_for_call("answerCallbackQuery", callback_query_id=f"cq{pressed}")
    [feedback] = bot.feedback(alice)
    assert (feedback.channel, feedback.entry_id, feedback.helpful) == ("telegram", "thu-lao-hoa-giai-vien", True)
    assert feedback.question_id == bot.questions(alice)[0].id


async def test_every_button_press_is_answered_even_an_expired_one(bot: Bot, fake: FakeTelegram) -> None:
    alice = new_chat()
    pressed = fake.press(alice, "no-such-action")
    assert (await fake.next_message(alice))["text"] == texts.STALE_BUTTON
    await fake.wait_for_call("answerCallbackQuery", callback_query_id=f"cq{pressed}")


async def test_a_suggestion_can_be_picked_and_the_pick_is_recorded(bot: Bot, fake: FakeTelegram) -> None:
    alice = new_chat()
    fake.send_text(alice, "ma")
    suggestion = await fake.next_message(alice)
    assert suggestion["text"] == texts.SUGGEST_TITLE
    assert {action for _, action in buttons_of(suggestion)} == {"p:ma-chai", "p:ma-chay"}
    fake.press(alice, "p:ma-chai")
    picked = await fake.next_message(alice)
    assert picked["text"].startswith("❓ Người bị nghi là ma chài thì làm thế nào?\n\nKhông có căn cứ khoa học")
    [logged] = bot.questions(alice)
    assert (logged.outcome, logged.picked_id) == ("suggest", "ma-chai")


async def test_an_unanswered_question_is_logged_with_outcome_none(bot: Bot, fake: FakeTelegram) -> None:
    alice = new_chat()
    fake.send_text(alice, "xyzzy qwerty plugh")
    reply = await fake.next_message(alice)
    assert reply["text"] == texts.NONE_FOUND and "hòa giải ở cơ sở" in reply["text"]  # says what it can help with
    assert [label for label, _ in buttons_of(reply)] == [texts.BTN_ESCALATE, texts.BTN_MENU]
    [logged] = bot.questions(alice)
    assert (logged.outcome, logged.text, logged.channel) == ("none", "xyzzy qwerty plugh", "telegram")
    assert logged.user_key and str(alice) not in logged.user_key  # pseudonymous


async def test_paging_forward_and_back_through_a_topic(bot: Bot, fake: FakeTelegram) -> None:
    alice = new_chat()
    fake.press(alice, "qa")
    topics = await fake.next_message(alice)
    fake.press(alice, dict(buttons_of(topics))["Tiến hành một buổi hòa giải"])
    first = await fake.next_message(alice)
    assert "(trang 1/4)" in first["text"]
    assert len([a for _, a in buttons_of(first) if a.startswith("e:")]) == 3
    nav = dict(buttons_of(first))
    assert texts.BTN_PREV not in nav and len(nav) <= 5
    fake.press(alice, nav[texts.BTN_NEXT.format(page=2, pages=4)])
    second = await fake.next_message(alice)
    assert "(trang 2/4)" in second["text"]
    assert [a for _, a in buttons_of(second) if a.startswith("e:")] == ["e:ky-nang-so-04", "e:ky-nang-so-05",
                                                                         "e:ky-nang-so-06"]
    fake.press(alice, dict(buttons_of(second))[texts.BTN_PREV])
    assert "(trang 1/4)" in (await fake.next_message(alice))["text"]


async def test_a_sticker_gets_a_polite_reply_saying_what_the_bot_reads(bot: Bot, fake: FakeTelegram) -> None:
    alice = new_chat()
    fake.send_sticker(alice)
    assert (await fake.next_message(alice))["text"] == texts.UNSUPPORTED
    assert bot.questions(alice) == []


async def test_in_a_group_only_mentions_replies_and_commands_are_answered(bot: Bot, fake: FakeTelegram) -> None:
    group, alice, bob = -new_chat(), new_chat(), new_chat()
    fake.send_group_text(group, alice, "hoa giai vien co duoc tra tien khong")
    fake.send_sticker(group, user_id=alice)
    fake.send_group_text(group, bob, "/start@another_bot")
    fake.send_group_text(group, bob, f"@{BOT_USERNAME} thu lao hgv")
    mentioned = await fake.next_message(group)
    assert "Có. Hòa giải viên được hưởng thù lao" in mentioned["text"]
    # A chat's updates are answered in order: the three before the mention were handled, and silently.
    assert len(fake.messages_to(group)) == 1
    assert bot.questions(alice) == [] and [q.text for q in bot.questions(bob)] == ["thu lao hgv"]

    fake.send_group_text(group, alice, "ma chay keo dai", reply_to_bot=True)
    assert (await fake.next_message(group))["text"].startswith(
        "❓ Tổ chức ma chay kéo dài có được hòa giải không?\n\nCó thể hòa giải việc tổ chức tang lễ")
    fake.send_group_text(group, alice, f"/start@{BOT_USERNAME}")
    assert (await fake.next_message(group))["text"].startswith("Xin chào!")


async def test_xoa_erases_what_the_bot_keeps_after_confirmation(bot: Bot, fake: FakeTelegram) -> None:
    alice = new_chat()
    fake.send_text(alice, "thu lao hgv")
    await fake.next_message(alice)
    fake.press(alice, "up:thu-lao-hoa-giai-vien")
    await fake.next_message(alice)
    fake.send_text(alice, "/xoa")
    confirm = await fake.next_message(alice)
    assert confirm["text"] == texts.ERASE_CONFIRM
    fake.press(alice, dict(buttons_of(confirm))[texts.BTN_YES_ERASE])
    assert (await fake.next_message(alice))["text"] == texts.ERASED
    assert bot.feedback(alice) == [] and bot.questions(alice) == []  # questions stay, unlinked from the user


async def test_a_slow_or_failing_chat_does_not_hold_up_other_users(bot: Bot, fake: FakeTelegram) -> None:
    alice, bob, carol = new_chat(), new_chat(), new_chat()
    fake.slow_chats[alice] = 1.0
    fake.fail_chats[bob] = "Forbidden: bot was blocked by the user"
    started = time.monotonic()
    for chat in (alice, bob, carol):
        fake.send_text(chat, "thu lao hgv")
    await fake.next_message(carol)
    assert time.monotonic() - started < 0.8, "Carol waited for Alice's slow chat"
    assert fake.messages_to(alice) == []  # still being sent
    await fake.next_message(alice, timeout=5)
    fake.send_text(bob, "ma chai")  # Bob's failed send did not stop the bot
    await wait_until(lambda: len(fake.messages_to(bob)) == 2)
    assert len(bot.questions(bob)) == 2


async def test_proactive_send_delivers_long_texts_in_pages_and_documents_as_files(bot: Bot,
                                                                                  fake: FakeTelegram) -> None:
    alice = new_chat()
    long_text = "\n\n".join(f"Đoạn {i}: " + "hòa giải viên " * 40 for i in range(20))  # ~11,000 characters
    document = Document("bien-ban.docx", b"PK\x03\x04 fake docx", "application/octet-stream")
    await bot.door.send(str(alice), [Reply(long_text, (Button("👍", "up:x"), Button("x" * 65, "y" * 65))),
                                     Reply("Biên bản:", document=document)])
    pages = [await fake.next_message(alice) for _ in range(4)]
    assert all(len(p["text"]) <= 4096 for p in pages)
    assert "".join(p["text"] for p in pages[:3]).replace("\n", "") == long_text.replace("\n", "")
    assert [buttons_of(p) for p in pages[:3]] == [[], [], [("👍", "up:x")]]  # 65-byte callback data is dropped
    assert pages[3]["text"] == "Biên bản:"
    sent = await fake.wait_for_call("sendDocument", chat_id=alice)
    assert sent["document"]["filename"] == "bien-ban.docx"


async def test_proactive_send_to_a_user_who_blocked_the_bot_fails_with_telegrams_reason(bot: Bot,
                                                                                      fake: FakeTelegram) -> None:
    alice = new_chat()
    fake.fail_chats[alice] = "Forbidden: bot was blocked by the user"
    with pytest.raises(DeliveryFailed) as failed:
        await bot.door.send(str(alice), [Reply("Cán bộ đã trả lời")])
    assert failed.value.reason == "Forbidden: bot was blocked by the user"


async def test_the_message_after_the_flood_limit_gets_the_polite_flood_text(own_fake: FakeTelegram, tmp_path: Path,
                                                                           knowledge: Path) -> None:
    alice, bob = new_chat(), new_chat()
    async with polling_bot(own_fake, tmp_path, knowledge, HOAGIAI_FLOOD_LIMIT=3):
        for i in range(4):
            own_fake.send_text(alice, f"ma chay keo dai {i}")
        answers = [(await own_fake.next_message(alice))["text"] for _ in range(4)]
        assert answers[3] == texts.FLOOD and texts.FLOOD not in answers[:3]
        own_fake.send_text(bob, "ma chay keo dai")  # the limit is per user
        assert (await own_fake.next_message(bob))["text"] != texts.FLOOD


async def test_a_restart_mid_conversation_continues_from_the_database(own_fake: FakeTelegram, tmp_path: Path,
                                                                      knowledge: Path) -> None:
    alice = new_chat()
    async with polling_bot(own_fake, tmp_path, knowledge):
        own_fake.send_text(alice, "thu lao hgv")
        await own_fake.next_message(alice)
        own_fake.press(alice, "dn:thu-lao-hoa-giai-vien")
        ask_reason = await own_fake.next_message(alice)
        assert ask_reason["text"] == texts.ASK_REASON
        assert ("Khó hiểu", "r:unclear") in buttons_of(ask_reason)

    async with polling_bot(own_fake, tmp_path, knowledge) as restarted:
        own_fake.press(alice, "r:unclear")
        assert (await own_fake.next_message(alice))["text"] == texts.ASK_COMMENT
        own_fake.send_text(alice, "Thiếu mức cụ thể ở tỉnh tôi")
        assert (await own_fake.next_message(alice))["text"] == texts.THANKS_FEEDBACK
        [feedback] = restarted.feedback(alice)
        assert (feedback.helpful, feedback.reason) == (False, "unclear")
        assert feedback.comment == "Thiếu mức cụ thể ở tỉnh tôi"


async def test_without_a_token_there_is_no_telegram_and_the_web_chat_runs(tmp_path: Path, knowledge: Path) -> None:
    async with running(tmp_path, knowledge) as web_only:
        assert "telegram" not in web_only.core.channels
        assert (await ask_web_chat(web_only, "thu lao hgv"))["outcome"] == "answer"


async def test_an_unreachable_bot_api_at_start_does_not_stop_the_web_chat(own_fake: FakeTelegram, tmp_path: Path,
                                                                          knowledge: Path) -> None:
    port = own_fake.port
    await own_fake.close()  # nothing listens there at start-up
    alice = new_chat()
    async with running(tmp_path, knowledge, TELEGRAM_BOT_TOKEN=own_fake.token,
                       TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{port}/bot") as bot:
        assert not bot.door.ready
        assert (await ask_web_chat(bot, "thu lao hgv"))["outcome"] == "answer"
        with pytest.raises(DeliveryFailed) as failed:
            await bot.door.send(str(alice), [Reply("Xin chào")])
        assert failed.value.reason == texts.CHANNEL_NOT_CONNECTED.format(channel="Telegram")
        await own_fake.start(port)
        await wait_until(lambda: bot.door.ready, timeout=5, what="the bot to connect")
        own_fake.send_text(alice, "thu lao hgv")
        assert "Có. Hòa giải viên" in (await own_fake.next_message(alice))["text"]


async def test_a_rejected_token_is_logged_without_the_token_and_the_web_chat_runs(
        own_fake: FakeTelegram, tmp_path: Path, knowledge: Path, caplog: pytest.LogCaptureFixture) -> None:
    token = "999999:WRONG-token-from-a-typo"
    async with running(tmp_path, knowledge, TELEGRAM_BOT_TOKEN=token, TELEGRAM_API_BASE_URL=own_fake.base_url) as bot:
        assert not bot.door.ready
        assert "TELEGRAM_BOT_TOKEN was rejected" in caplog.text and token not in caplog.text
        assert (await ask_web_chat(bot, "thu lao hgv"))["outcome"] == "answer"
