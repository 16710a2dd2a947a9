"""Following an agreement: a reminder three days before the deadline and on it, sent once by two replicas sharing
one database (an injectable clock), its answer recorded; on Telegram with buttons, on the Zalo OA numbered; and
retention drops summaries while the counts stay."""

import asyncio
import datetime as dt
from typing import Any

import pytest

from bot.app import build_core, build_web_app
from tests.fakes.telegram_api import FakeTelegram, buttons_of
from tests.fakes.zalo_oa_api import FakeZaloOa
from tests.logbook_support import logbook_knowledge, records, reminders
from tests.test_zalo_oa import APP_ID, APP_SECRET, OA_SECRET, event, post
from tests.training_support import Clock, button, say, text_of

QUIET = {"HOAGIAI_DAILY_CHECK_INTERVAL": 3600}  # the background passes stay out of the way: tests call tick()
VN = dt.timezone(dt.timedelta(hours=7))


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in December 2026, Vietnam time."""
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=VN)


async def messages(client: Any, session: str) -> list[dict[str, Any]]:
    resp = await client.get("/api/messages", params={"session": session, "after": "0"})
    return list((await resp.json())["messages"])


async def record_success(client: Any, session: str) -> dict[str, Any]:
    """A successful land case of today (03/12) to be performed within 7 days (10/12), the team already known."""
    await say(client, session, text="/coso")
    await say(client, session, text="chieng coi")
    await say(client, session, text="bỏ qua")
    date = await say(client, session, text="/ghiso")
    kind = await say(client, session, action=button(date, "Hôm nay"))
    start = await say(client, session, action=button(kind, "Đất đai"))
    result = await say(client, session, action=button(start, "yêu cầu"))
    deadline = await say(client, session, action=button(result, "Hòa giải thành, có văn bản"))
    await say(client, session, action=button(deadline, "Sau 7 ngày"))
    return await say(client, session, text="Tranh chấp ranh giới đất vườn")


async def test_two_replicas_send_each_reminder_once_and_the_answer_is_recorded(
        aiohttp_client, settings_for, make_knowledge, database_url: str) -> None:  # type: ignore[no-untyped-def]
    clock = Clock(at(3, 8))
    settings = settings_for(database_url, HOAGIAI_KNOWLEDGE_DIR=logbook_knowledge(make_knowledge),
                            HOAGIAI_REMINDER_HOUR=8, **QUIET)
    replicas = [build_core(settings, clock=clock), build_core(settings, clock=clock)]
    first, second = [await aiohttp_client(build_web_app(core)) for core in replicas]

    saved = await record_success(first, "r1")
    on = await say(second, "r1", action=button(saved, "Nhắc tôi"))
    assert "07/12/2026" in text_of(on) and "10/12/2026" in text_of(on) and "8 giờ" in text_of(on)

    async def both_replicas() -> int:
        return sum(await asyncio.gather(*(core.reminders.tick() for core in replicas)))

    clock.now = at(6, 9)
    assert await both_replicas() == 0  # four days before: not yet
    clock.now = at(7, 7, 59)
    assert await both_replicas() == 0  # before the hour
    clock.now = at(7, 8)
    assert await both_replicas() == 1
    clock.now = at(7, 18)
    assert await both_replicas() == 0
    sent = await messages(first, "r1")
    assert len(sent) == 1 and "Các bên đã thực hiện thỏa thuận chưa?" in sent[0]["text"]
    assert "10/12/2026" in sent[0]["text"]
    assert [b["label"] for b in sent[0]["buttons"]] == ["✅ Đã thực hiện", "⏳ Đang thực hiện", "❌ Không thực hiện"]
    ongoing = await say(second, "r1", action=sent[0]["buttons"][1]["action"])
    assert "Đã ghi: đang thực hiện" in text_of(ongoing)
    assert records(replicas[0])[0].performance == "ongoing"

    clock.now = at(10, 8, 30)
    assert await both_replicas() == 1  # on the deadline, still being performed: asked again
    assert await both_replicas() == 0
    due = (await messages(second, "r1"))[-1]
    assert "Các bên đã thực hiện thỏa thuận chưa?" in due["text"]
    refused = await say(first, "r1", action=due["buttons"][2]["action"])
    reply = text_of(refused)
    assert "tổ trưởng tổ hòa giải" in reply and "Điều 26" in reply and "Điều 25" in reply
    assert "06 tháng" in reply and "Điều 416–419" in reply
    assert [b["label"] for b in refused["replies"][-1]["buttons"]] == ["🆘 Hỏi cán bộ"]
    [row] = records(replicas[0])
    assert row.performance == "not" and row.performance_at is not None
    assert sorted((r.stage, r.status) for r in reminders(replicas[0])) == [("before", "sent"), ("due", "sent")]
    clock.now = at(11, 9)
    assert await both_replicas() == 0  # answered "không thực hiện": no more reminders


async def test_no_reminder_unless_asked_and_none_after_the_parties_performed(
        aiohttp_client, settings_for, make_knowledge) -> None:  # type: ignore[no-untyped-def]
    clock = Clock(at(3, 8))
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=logbook_knowledge(make_knowledge), **QUIET), clock=clock)
    client = await aiohttp_client(build_web_app(core))
    saved = await record_success(client, "r2")
    clock.now = at(7, 9)
    assert await core.reminders.tick() == 0  # the mediator did not ask for a reminder
    await say(client, "r2", action=button(saved, "Nhắc tôi"))
    assert await core.reminders.tick() == 1
    question = (await messages(client, "r2"))[-1]
    done = await say(client, "r2", action=question["buttons"][0]["action"])
    assert "đã thực hiện thỏa thuận" in text_of(done)
    clock.now = at(10, 9)
    assert await core.reminders.tick() == 0
    assert "không còn trong sổ của bạn" in text_of(await say(client, "other", action=question["buttons"][2]["action"]))
    assert records(core)[0].performance == "done"  # another user's press changed nothing


async def test_on_telegram_the_reminder_has_buttons_and_is_answered_by_a_press(
        settings_for, make_knowledge) -> None:  # type: ignore[no-untyped-def]
    from aiohttp import web
    fake = await FakeTelegram().start()
    clock = Clock(at(3, 8))
    settings = settings_for(HOAGIAI_KNOWLEDGE_DIR=logbook_knowledge(make_knowledge), TELEGRAM_BOT_TOKEN=fake.token,
                            TELEGRAM_API_BASE_URL=fake.base_url, **QUIET)
    core = build_core(settings, clock=clock)
    runner = web.AppRunner(build_web_app(core))
    await runner.setup()
    try:
        chat = 6601

        async def tap(label: str, message: dict[str, Any]) -> dict[str, Any]:
            action = next(a for lab, a in buttons_of(message) if label in lab)
            fake.press(chat, action)
            return await fake.next_message(chat)

        fake.send_text(chat, "/ghiso")
        await fake.next_message(chat)
        fake.send_text(chat, "chieng pha")
        village = await fake.next_message(chat)
        date = await tap("Bỏ qua", village)  # the place saved, then the form's first step in the same turn
        if "Bước 2" not in date["text"]:
            date = await fake.next_message(chat)
        kind = await tap("Hôm nay", date)
        start = await tap("Dân sự", kind)
        result = await tap("chứng kiến", start)
        await tap("Hòa giải thành, không lập văn bản", result)
        fake.send_text(chat, "05/12/2026")
        summary = await fake.next_message(chat)
        assert "KHÔNG ghi tên" in summary["text"]
        fake.send_text(chat, "Ông Vàng A Dế vay 5 triệu của bác Thào, hẹn trả")
        saved = await fake.next_message(chat)
        assert "vụ số 1" in saved["text"] and "Vàng A Dế" not in saved["text"]
        await tap("Nhắc tôi", saved)
        clock.now = at(5, 8, 5)
        assert await core.reminders.tick() == 1
        question = await fake.next_message(chat)
        assert "Các bên đã thực hiện thỏa thuận chưa?" in question["text"]
        answered = await tap("Đã thực hiện", question)
        assert "đã thực hiện thỏa thuận" in answered["text"]
        [row] = records(core)
        assert row.performance == "done" and row.summary == "Ông ••• vay 5 triệu của bác •••, hẹn trả"
        assert [r.stage for r in reminders(core)] == ["due"]  # recorded 2 days before: no "3 days before" one
    finally:
        await runner.cleanup()
        await fake.close()


async def test_on_the_zalo_oa_the_reminder_goes_out_numbered_and_a_digit_answers_it(
        aiohttp_client, settings_for, make_knowledge) -> None:  # type: ignore[no-untyped-def]
    oa = await FakeZaloOa(APP_ID, APP_SECRET, "access-1", "refresh-1").start()
    real_now = dt.datetime.now(dt.UTC)
    clock = Clock(real_now)
    settings = settings_for(HOAGIAI_KNOWLEDGE_DIR=logbook_knowledge(make_knowledge), ZALO_OA_APP_ID=APP_ID,
                            ZALO_OA_SECRET_KEY=OA_SECRET, ZALO_OA_APP_SECRET=APP_SECRET,
                            ZALO_OA_ACCESS_TOKEN="access-1", ZALO_OA_REFRESH_TOKEN="refresh-1",
                            ZALO_OA_API_BASE_URL=oa.base_url, ZALO_OA_OAUTH_BASE_URL=oa.base_url,
                            HOAGIAI_REMINDER_HOUR=0, **QUIET)
    core = build_core(settings, clock=clock)
    client = await aiohttp_client(build_web_app(core))
    try:
        sent = 0

        async def send(text: str) -> str:
            nonlocal sent
            await post(client, event("oa1", text))
            sent += 1
            replies = await oa.wait_sent("oa1", sent)
            sent = len(replies)
            return replies[-1]

        await send("/coso")
        await send("chieng coi")
        await send("bỏ qua")
        date = await send("/ghiso")
        assert "1. Hôm nay" in date
        await send("1")  # today
        start = await send("1")  # Đất đai
        assert "Điều 16" in start
        await send("1")  # requested by the parties
        await send("2")  # hòa giải thành, no văn bản
        today = clock.now.astimezone(VN).date()
        await send(f"{today:%d/%m/%Y}")  # performed by today
        saved = await send("Tranh chấp nước tưới ruộng")
        assert "vụ số 1" in saved
        number = next(line.split(".")[0] for line in saved.splitlines() if "Nhắc tôi" in line)
        on = await send(number)
        assert "48 giờ" in on
        assert await core.reminders.tick() == 1
        question = (await oa.wait_sent("oa1", sent + 1))[-1]
        sent += 1
        assert "Các bên đã thực hiện thỏa thuận chưa?" in question and "3. ❌ Không thực hiện" in question
        refused = await send("3")
        assert "Điều 26" in refused
        assert records(core)[0].performance == "not"
    finally:
        await oa.close()


async def test_retention_drops_summaries_and_difficulties_and_keeps_the_counts(
        aiohttp_client, settings_for, make_knowledge) -> None:  # type: ignore[no-untyped-def]
    clock = Clock(at(3, 8))
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=logbook_knowledge(make_knowledge),
                                   HOAGIAI_CASE_RETENTION_DAYS=30, **QUIET), clock=clock)
    client = await aiohttp_client(build_web_app(core))
    saved = await record_success(client, "k1")
    ask = await say(client, "k1", action=button(saved, "khó khăn"))
    await say(client, "k1", text="Hai bên không chịu gặp nhau, gọi 0987654321 mãi không nghe")
    assert records(core)[0].difficulty == "Hai bên không chịu gặp nhau, gọi ••• mãi không nghe"
    assert "Bỏ qua" in str(ask)
    clock.now = at(31, 8)
    assert await core.purge_logbook_texts() == 0  # 28 days: kept
    clock.now = at(3, 8) + dt.timedelta(days=31)
    assert await core.purge_logbook_texts() == 1
    [row] = records(core)
    assert (row.summary, row.difficulty, row.summary_dropped) == (None, None, True)
    assert (row.kind_id, row.result_id, row.case_date) == ("dat-dai", "thanh", dt.date(2026, 12, 3))
    card = await say(client, "k1", action=f"lb:v:{row.id}")
    assert "đã xóa theo thời hạn lưu giữ" in text_of(card) and "khó khăn" not in str(card["replies"][-1]["buttons"])
    again = await say(client, "k1", action=f"lb:e:{row.id}:summary")
    assert "đã xóa theo thời hạn lưu giữ" in text_of(again) and "Bước" not in text_of(again)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
