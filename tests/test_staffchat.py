"""Staff chats, end to end: mediators escalate on Telegram or Zalo, the case card reaches the Telegram staff group
(and the Zalo staff group), staff act by button, reply-to or typed command, and the answer goes back through the
channel the case came from. The real PTB client and our Zalo client talk to fake Bot APIs on loopback; real SQLite.
"""

import contextlib
import datetime as dt
import itertools
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from sqlmodel import col, select

from bot.app import build_core, build_web_app
from bot.config import Settings
from bot.core import texts
from bot.domain.staffchat import chat_pseudonym, link_account
from bot.services import Services
from bot.storage import accounts_repo
from bot.storage.models import AuditLog, Case, CaseMessage, QuestionLog, User
from tests.fakes.telegram_api import FakeTelegram, buttons_of, wait_until
from tests.fakes.zalo_api import FakeZaloBotApi
from tests.fakes.zalo_api import text_update as zalo_text

STAFF_CHAT = -1009001
ZALO_GROUP = "zalo-staff-group"
ZALO_TOKEN = "1234567890:fake-zalo-bot-token"
CANBO = 5001  # linked to the console account "canbo1" (role staff)
STRANGER = 5002  # a member of the staff group with no linked account
DESCRIPTION = "Hai nhà tranh chấp ranh giới nương, gọi 0912345678 để biết thêm"
NUMBER_RE = re.compile(r"HG-\d{4}-\d{5}")
_chats = itertools.count(7001)


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class Desk:
    core: Services
    tg: FakeTelegram
    zalo: FakeZaloBotApi
    clock: Clock

    def case(self, number: str) -> Case:
        return self.core.db.call(lambda *, session: session.exec(select(Case).where(col(Case.number) == number)).one())

    def replies(self, number: str) -> list[CaseMessage]:
        case = self.case(number)
        return list(self.core.db.call(lambda *, session: session.exec(
            select(CaseMessage).where(col(CaseMessage.case_id) == case.id, col(CaseMessage.kind) == "reply")).all()))

    def audit(self, action: str) -> list[AuditLog]:
        return list(self.core.db.call(lambda *, session: session.exec(
            select(AuditLog).where(col(AuditLog.action) == action)).all()))

    def questions(self) -> list[str | None]:
        return list(self.core.db.call(lambda *, session: session.exec(select(QuestionLog.text)).all()))


@pytest.fixture(autouse=True)
def no_proxy() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NO_PROXY", "127.0.0.1,localhost")
        patch.setenv("no_proxy", "127.0.0.1,localhost")
        yield


@pytest.fixture
async def fakes() -> AsyncIterator[tuple[FakeTelegram, FakeZaloBotApi]]:
    tg = await FakeTelegram().start()
    zalo = await FakeZaloBotApi(ZALO_TOKEN).start()
    yield tg, zalo
    await zalo.close()
    await tg.close()


@contextlib.asynccontextmanager
async def running(fakes: tuple[FakeTelegram, FakeZaloBotApi], data: Path, knowledge: Path,
                  clock: Clock | None = None) -> AsyncIterator[Desk]:
    """The whole server with Telegram and Zalo, both staff chats configured, until the block ends."""
    tg, zalo = fakes
    settings = Settings(_env_file=None, HOAGIAI_KNOWLEDGE_DIR=str(knowledge), HOAGIAI_DATA_DIR=str(data),  # type: ignore[call-arg]
                        HOAGIAI_USER_SALT="test-salt", TELEGRAM_BOT_TOKEN=tg.token, TELEGRAM_API_BASE_URL=tg.base_url,
                        ZALO_BOT_TOKEN=ZALO_TOKEN, ZALO_API_BASE_URL=zalo.base_url,
                        STAFF_TELEGRAM_CHAT_ID=str(STAFF_CHAT), STAFF_ZALO_CHAT_ID=ZALO_GROUP)
    clock = clock or Clock()
    core = build_core(settings, clock=clock)
    runner = web.AppRunner(build_web_app(core))
    polls = len(tg.calls_to("getUpdates"))
    await runner.setup()
    try:
        await wait_until(lambda: len(tg.calls_to("getUpdates")) > polls, what="the Telegram bot to poll")
        await wait_until(lambda: "getUpdates" in zalo.methods(), what="the Zalo bot to poll")
        yield Desk(core, tg, zalo, clock)
    finally:
        await runner.cleanup()


@pytest.fixture
async def desk(fakes: tuple[FakeTelegram, FakeZaloBotApi], tmp_path: Path,
               sample_knowledge: Path) -> AsyncIterator[Desk]:
    async with running(fakes, tmp_path / "data", sample_knowledge) as running_desk:
        add_staff(running_desk.core, "canbo1", telegram_id=CANBO, zalo_id="z-canbo1")
        yield running_desk


def add_staff(core: Services, username: str, role: str = "staff", *, telegram_id: int | None = None,
              zalo_id: str | None = None) -> None:
    core.db.call(accounts_repo.create_user, username=username, password_hash="-", role=role,
                 must_change_password=False)
    if telegram_id is not None:
        core.db.call(link_account, username=username, channel="telegram", external_id=str(telegram_id), actor="test")
    if zalo_id is not None:
        core.db.call(link_account, username=username, channel="zalo", external_id=zalo_id, actor="test")


async def escalate_on_telegram(tg: FakeTelegram, mediator: int, description: str = DESCRIPTION) -> str:
    """The mediator's form, by buttons and typed answers; returns the case number."""
    tg.press(mediator, "chuyen")
    assert (await tg.next_message(mediator))["text"] == texts.ESC_TOPIC
    tg.press(mediator, "c:topic:")
    assert (await tg.next_message(mediator))["text"] == texts.ESC_COMMUNE
    tg.send_text(mediator, "Chiềng Pha")
    assert (await tg.next_message(mediator))["text"] == texts.ESC_DESCRIPTION
    tg.send_text(mediator, description)
    done = (await tg.next_message(mediator))["text"]
    found = NUMBER_RE.search(done)
    assert found and done.startswith("✅ Đã chuyển vụ việc"), done
    return found.group()


async def next_in_staff_chat(tg: FakeTelegram) -> dict[str, Any]:
    """The next message in the staff chat as Telegram returned it (with its message_id), plus its buttons."""
    sent = await tg.next_message(STAFF_CHAT)
    message = next(m for m in reversed(tg.delivered_to(STAFF_CHAT)) if m["text"] == sent["text"])
    return {**message, "buttons": buttons_of(sent)}


async def answered(tg: FakeTelegram, pressed: int) -> dict[str, Any]:
    return await tg.wait_for_call("answerCallbackQuery", callback_query_id=f"cq{pressed}")


# --- Telegram staff chat ------------------------------------------------------------------------------------------


async def test_a_telegram_case_is_taken_answered_by_reply_closed_and_rated(desk: Desk) -> None:
    tg, mediator = desk.tg, next(_chats)
    number = await escalate_on_telegram(tg, mediator)
    card = await next_in_staff_chat(tg)
    case = desk.case(number)
    assert card["text"].startswith(f"📥 Vụ việc {number}") and "Xã: Chiềng Pha" in card["text"]
    assert "0912345678" not in card["text"]  # masked in the staff preview
    assert card["buttons"] == [(texts.BTN_TAKE_CASE, f"s:take:{case.id}"), (texts.BTN_CLOSE_CASE, f"s:close:{case.id}")]
    assert case.staff_message_ref == f"telegram:{card['message_id']}"

    taken = await answered(tg, tg.press(STAFF_CHAT, f"s:take:{case.id}", user_id=CANBO))
    assert taken["text"] == texts.STAFF_TAKEN.format(user="canbo1", number=number)
    assert (await next_in_staff_chat(tg))["text"] == taken["text"]  # the desk tells the whole staff chat
    assert (desk.case(number).status, desk.case(number).assignee) == ("assigned", "canbo1")

    answer = tg.text_update(STAFF_CHAT, "Anh mời hai bên gặp riêng trước nhé.", user_id=CANBO, reply_to=card)
    tg.enqueue(answer)
    relayed = await tg.next_message(mediator)
    assert relayed["text"] == texts.CASE_REPLY.format(number=number, text="Anh mời hai bên gặp riêng trước nhé.")
    confirmation = await tg.next_message(STAFF_CHAT)
    assert confirmation["text"] == texts.STAFF_REPLY_SENT.format(number=number)
    assert confirmation["reply_parameters"]["message_id"] == answer["message"]["message_id"]  # quotes the answer
    [reply] = desk.replies(number)
    assert (reply.author, reply.delivery, desk.case(number).status) == ("canbo1", "sent", "answered")

    closed = await answered(tg, tg.press(STAFF_CHAT, f"s:close:{case.id}", user_id=CANBO))
    assert closed["text"] == texts.STAFF_CLOSED.format(user="canbo1", number=number)
    rating = await tg.next_message(mediator)
    assert rating["text"] == texts.CASE_CLOSED.format(number=number, outcome=texts.STAFF_CLOSE_OUTCOME)
    assert [action for _, action in buttons_of(rating)] == [f"c:rate:{case.id}:{n}" for n in range(1, 6)]
    tg.press(mediator, f"c:rate:{case.id}:4")
    assert (await tg.next_message(mediator))["text"] == texts.CASE_RATED
    assert (desk.case(number).status, desk.case(number).rating) == ("closed", 4)
    again = await answered(tg, tg.press(STAFF_CHAT, f"s:close:{case.id}", user_id=CANBO))
    assert again["text"] == texts.STAFF_CASE_GONE  # a second press changes nothing
    assert DESCRIPTION not in desk.questions()  # the form is not a question, and staff chat text is never searched


async def test_other_messages_in_the_staff_chat_are_ignored_and_nothing_is_logged(desk: Desk) -> None:
    tg = desk.tg
    number = await escalate_on_telegram(tg, next(_chats))
    card = await next_in_staff_chat(tg)
    tg.send_group_text(STAFF_CHAT, CANBO, "hoa giai vien co duoc tra thu lao khong")
    tg.send_group_text(STAFF_CHAT, CANBO, "/start")
    tg.send_group_text(STAFF_CHAT, STRANGER, "thu lao hgv", reply_to_bot=True)  # a reply to a message of no case
    tg.press(STAFF_CHAT, "qa", user_id=CANBO)
    # A staff chat's updates are handled in order: once this refusal is out, the messages before it were handled.
    tg.send_group_text(STAFF_CHAT, STRANGER, "Tôi trả lời giúp", reply_to=card)
    refusal = await tg.next_message(STAFF_CHAT)
    assert refusal["text"] == texts.STAFF_NOT_ALLOWED
    assert len(tg.messages_to(STAFF_CHAT)) == 2  # the card and the refusal: nothing else was said
    assert desk.questions() == [] and desk.replies(number) == []
    [attempt] = desk.audit("staff.refused.reply")
    stranger = desk.core.db.call(chat_pseudonym, channel="telegram", external_id=str(STRANGER))
    assert (attempt.actor, attempt.target) == (stranger, number)
    assert "Tôi trả lời giúp" not in f"{attempt.before}{attempt.after}"


async def test_a_non_staff_member_pressing_take_is_refused_audited_and_the_case_unchanged(desk: Desk) -> None:
    tg = desk.tg
    add_staff(desk.core, "bientap", role="editor", telegram_id=5003)  # linked, but not a staff role
    number = await escalate_on_telegram(tg, next(_chats))
    await next_in_staff_chat(tg)
    case_id = desk.case(number).id
    for member in (STRANGER, 5003):
        refused = await answered(tg, tg.press(STAFF_CHAT, f"s:take:{case_id}", user_id=member))
        assert (refused["text"], refused["show_alert"]) == (texts.STAFF_NOT_ALLOWED, True)
    attempts = desk.audit("staff.refused.take")
    pseudonyms = [desk.core.db.call(chat_pseudonym, channel="telegram", external_id=str(m)) for m in (STRANGER, 5003)]
    assert [(a.actor, a.target) for a in attempts] == [(pseudonyms[0], number), (pseudonyms[1], number)]
    assert not any(str(m) in a.actor for a in attempts for m in (STRANGER, 5003))  # no raw Telegram id
    case = desk.case(number)
    assert (case.status, case.assignee) == ("new", None)
    assert len(tg.messages_to(STAFF_CHAT)) == 1  # no "nhận xử lý" notice: only the card


async def test_a_failed_relay_is_shown_in_the_staff_chat_with_the_reason_and_recorded(desk: Desk) -> None:
    tg, mediator = desk.tg, next(_chats)
    number = await escalate_on_telegram(tg, mediator)
    card = await next_in_staff_chat(tg)
    tg.fail_chats[mediator] = "Forbidden: bot was blocked by the user"
    tg.send_group_text(STAFF_CHAT, CANBO, "Anh gọi cho tôi nhé.", reply_to=card)
    shown = await tg.next_message(STAFF_CHAT)
    assert shown["text"] == texts.STAFF_RELAY_FAILED.format(number=number,
                                                            reason="Forbidden: bot was blocked by the user")
    [reply] = desk.replies(number)
    assert (reply.delivery, reply.delivery_error) == ("failed", "Forbidden: bot was blocked by the user")
    zalo_notice = await desk.zalo.wait_sent(ZALO_GROUP, 2)  # the Zalo staff group is told too
    assert "Forbidden: bot was blocked by the user" in zalo_notice[-1]
    assert texts.STAFF_REPLY_SENT.format(number=number) not in [m["text"] for m in tg.messages_to(STAFF_CHAT)]


async def test_an_overdue_case_is_re_announced_and_a_reply_to_either_card_reaches_the_mediator(desk: Desk) -> None:
    tg, mediator = desk.tg, next(_chats)
    number = await escalate_on_telegram(tg, mediator)
    first_card = await next_in_staff_chat(tg)
    assert await desk.core.desk.check_overdue() == []  # type: ignore[union-attr]
    desk.clock.now += dt.timedelta(hours=49)
    assert [c.number for c in await desk.core.desk.check_overdue()] == [number]  # type: ignore[union-attr]
    again = await next_in_staff_chat(tg)
    assert again["text"].startswith(texts.STAFF_OVERDUE_PREFIX.format(hours=48) + f"📥 Vụ việc {number}")
    assert [label for label, _ in again["buttons"]] == [texts.BTN_TAKE_CASE, texts.BTN_CLOSE_CASE]
    assert await desk.core.desk.check_overdue() == []  # type: ignore[union-attr]  # announced once

    tg.send_group_text(STAFF_CHAT, CANBO, "Trả lời trên thẻ nhắc lại.", reply_to=again)
    assert "Trả lời trên thẻ nhắc lại." in (await tg.next_message(mediator))["text"]
    tg.send_group_text(STAFF_CHAT, CANBO, "Trả lời trên thẻ đầu tiên.", reply_to=first_card)
    assert "Trả lời trên thẻ đầu tiên." in (await tg.next_message(mediator))["text"]


async def test_a_restart_in_the_middle_of_the_form_continues_it(fakes: tuple[FakeTelegram, FakeZaloBotApi],
                                                                tmp_path: Path, sample_knowledge: Path) -> None:
    tg, mediator = fakes[0], next(_chats)
    async with running(fakes, tmp_path / "data", sample_knowledge):
        tg.press(mediator, "chuyen")
        await tg.next_message(mediator)
        tg.press(mediator, "c:topic:")
        await tg.next_message(mediator)
        tg.send_text(mediator, "Chiềng Pha")
        assert (await tg.next_message(mediator))["text"] == texts.ESC_DESCRIPTION

    async with running(fakes, tmp_path / "data", sample_knowledge) as restarted:
        tg.send_text(mediator, DESCRIPTION)
        done = (await tg.next_message(mediator))["text"]
        assert done.startswith("✅ Đã chuyển vụ việc HG-")
        card = await next_in_staff_chat(tg)
        assert "Xã: Chiềng Pha" in card["text"]
        number = NUMBER_RE.search(card["text"])
        # Stored masked, like every text a mediator types.
        assert number and restarted.case(number.group()).description == DESCRIPTION.replace("0912345678", "•••")


# --- a Zalo mediator, and the Zalo staff group -------------------------------------------------------------------


async def escalate_on_zalo(zalo: FakeZaloBotApi, mediator: str) -> str:
    """The same form on Zalo, where choices are numbered lines answered with a digit."""
    steps = ["/chuyen", "1", "Mường Bú", "Tranh chấp nước tưới mương chung giữa hai bản"]
    for count, text in enumerate(steps, 1):
        zalo.push(zalo_text(mediator, text))
        await zalo.wait_sent(mediator, count)
    done = zalo.texts_to(mediator)[-1]
    found = NUMBER_RE.search(done)
    assert found, done
    return found.group()


async def test_a_zalo_case_is_answered_from_the_telegram_staff_chat(desk: Desk) -> None:
    number = await escalate_on_zalo(desk.zalo, "z-mediator-1")
    card = await next_in_staff_chat(desk.tg)
    assert card["text"].startswith(f"📥 Vụ việc {number}") and "Kênh: zalo" in card["text"]
    desk.tg.send_group_text(STAFF_CHAT, CANBO, "Chị hướng dẫn hai bản họp chung nhé.", reply_to=card)
    [*_, relayed] = await desk.zalo.wait_sent("z-mediator-1", 5)
    assert relayed == texts.CASE_REPLY.format(number=number, text="Chị hướng dẫn hai bản họp chung nhé.")
    assert (await desk.tg.next_message(STAFF_CHAT))["text"] == texts.STAFF_REPLY_SENT.format(number=number)
    assert [r.delivery for r in desk.replies(number)] == ["sent"]


async def test_the_zalo_staff_group_gets_numbered_instructions_and_typed_commands_act(desk: Desk) -> None:
    zalo, mediator = desk.zalo, next(_chats)
    number = await escalate_on_telegram(desk.tg, mediator)
    [card] = await zalo.wait_sent(ZALO_GROUP)
    assert card.startswith(f"📥 Vụ việc {number}") and texts.STAFF_CASE_HOWTO not in card
    assert card.endswith(texts.STAFF_ZALO_HOWTO.format(number=number))

    zalo.push(zalo_text(ZALO_GROUP, "chào cả nhà", group=True, sender_id="z-canbo1"))  # ignored
    zalo.push(zalo_text(ZALO_GROUP, f"#{number} nhan", group=True, sender_id="z-stranger"))
    assert (await zalo.wait_sent(ZALO_GROUP, 2))[-1] == texts.STAFF_NOT_ALLOWED
    stranger = desk.core.db.call(chat_pseudonym, channel="zalo", external_id="z-stranger")
    assert [a.actor for a in desk.audit("staff.refused.take")] == [stranger]

    zalo.push(zalo_text(ZALO_GROUP, f"#{number.lower()} Nhận", group=True, sender_id="z-canbo1"))
    assert (await zalo.wait_sent(ZALO_GROUP, 3))[-1] == texts.STAFF_TAKEN.format(user="canbo1", number=number)
    zalo.push(zalo_text(ZALO_GROUP, f"#{number} Anh mời hai bên gặp riêng.", group=True, sender_id="z-canbo1"))
    assert "Anh mời hai bên gặp riêng." in (await desk.tg.next_message(mediator))["text"]
    assert (await zalo.wait_sent(ZALO_GROUP, 4))[-1] == texts.STAFF_REPLY_SENT.format(number=number)
    zalo.push(zalo_text(ZALO_GROUP, "#HG-2026-99999 dong", group=True, sender_id="z-canbo1"))
    assert (await zalo.wait_sent(ZALO_GROUP, 5))[-1] == texts.STAFF_UNKNOWN_NUMBER.format(number="HG-2026-99999")
    zalo.push(zalo_text(ZALO_GROUP, f"#{number} dong", group=True, sender_id="z-canbo1"))
    assert texts.CASE_CLOSED.split("{")[0] in (await desk.tg.next_message(mediator))["text"]
    assert (await zalo.wait_sent(ZALO_GROUP, 6))[-1] == texts.STAFF_CLOSED.format(user="canbo1", number=number)
    assert (desk.case(number).status, desk.case(number).assignee) == ("closed", "canbo1")
    assert desk.questions() == []


# --- linking chat accounts ----------------------------------------------------------------------------------------


def hoagiai_admin(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOAGIAI_DATA_DIR": str(data_dir), "HOAGIAI_USER_SALT": "test-salt"}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "bot.cli", "admin", *args], capture_output=True, text=True,
                          env=env, timeout=60)


async def test_admin_link_on_the_command_line_lets_the_linked_account_act(desk: Desk, tmp_path: Path) -> None:
    add_staff(desk.core, "canbo2")
    number = await escalate_on_telegram(desk.tg, next(_chats))
    await next_in_staff_chat(desk.tg)
    case_id = desk.case(number).id
    refused = await answered(desk.tg, desk.tg.press(STAFF_CHAT, f"s:take:{case_id}", user_id=5010))
    assert refused["text"] == texts.STAFF_NOT_ALLOWED

    linked = hoagiai_admin(tmp_path / "data", "link", "canbo2", "--telegram-id", "5010")
    assert linked.returncode == 0, linked.stderr
    assert linked.stdout.strip() == texts.ADMIN_CLI_LINKED.format(channel="Telegram", external_id="5010",
                                                                  username="canbo2")
    unknown = hoagiai_admin(tmp_path / "data", "link", "khong-co-ai", "--zalo-id", "z9")
    assert unknown.returncode == 1 and texts.ADMIN_USER_UNKNOWN in unknown.stderr

    taken = await answered(desk.tg, desk.tg.press(STAFF_CHAT, f"s:take:{case_id}", user_id=5010))
    assert taken["text"] == texts.STAFF_TAKEN.format(user="canbo2", number=number)
    assert desk.case(number).assignee == "canbo2"
    assert [(a.actor, a.target, a.after) for a in desk.audit("user.link_telegram")][-1] == (
        "cli", "canbo2", desk.core.db.call(chat_pseudonym, channel="telegram", external_id="5010"))


async def test_lienket_with_a_one_time_code_links_telegram_and_zalo_accounts(desk: Desk) -> None:
    tg, zalo = desk.tg, desk.zalo
    add_staff(desk.core, "canbo3")
    code = desk.core.db.call(accounts_repo.create_link_code, username="canbo3")
    tg.send_text(5020, f"/lienket {code}")
    assert (await tg.next_message(5020))["text"] == texts.LINK_DONE.format(channel="Telegram", username="canbo3")
    tg.send_text(5021, f"/lienket {code}")  # one time only
    assert (await tg.next_message(5021))["text"] == texts.LINK_FAILED
    tg.send_group_text(STAFF_CHAT, 5021, f"/lienket {code}")
    assert (await tg.next_message(STAFF_CHAT))["text"] == texts.LINK_PRIVATE_ONLY

    zalo_code = desk.core.db.call(accounts_repo.create_link_code, username="canbo3")
    zalo.push(zalo_text("z-canbo3", f"/lienket {zalo_code.lower()}"))
    assert (await zalo.wait_sent("z-canbo3")) == [texts.LINK_DONE.format(channel="Zalo", username="canbo3")]
    user = desk.core.db.call(lambda *, session: session.exec(select(User).where(col(User.username) == "canbo3")).one())
    assert (user.telegram_id, user.zalo_id, user.link_code) == ("5020", "z-canbo3", None)

    number = await escalate_on_telegram(tg, next(_chats))
    await next_in_staff_chat(tg)
    taken = await answered(tg, tg.press(STAFF_CHAT, f"s:take:{desk.case(number).id}", user_id=5020))
    assert taken["text"] == texts.STAFF_TAKEN.format(user="canbo3", number=number)
