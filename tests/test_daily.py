"""The daily question: opt-in with /moingay, sent once at the chosen hour by two replicas sharing one database,
stopped by /dunglai; buttons on Telegram, numbered choices on the Zalo OA and only within its messaging window."""

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot.app import build_core, build_web_app
from bot.core.identity import user_key
from bot.core.quiz import spread_minute
from bot.domain.daily import Pacer
from bot.storage.models import DailySend, QuizAttempt
from tests.fakes.telegram_api import FakeTelegram, buttons_of
from tests.fakes.zalo_oa_api import FakeZaloOa
from tests.test_zalo_oa import APP_ID, APP_SECRET, OA_SECRET, event, post
from tests.training_support import Clock, say, text_of, training_knowledge

QUIET = {"HOAGIAI_DAILY_CHECK_INTERVAL": 3600}  # the background pass stays out of the way: tests call tick()


def at(day: int, hour: int, minute: int) -> dt.datetime:
    """A moment in December 2026, Vietnam time."""
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=dt.timezone(dt.timedelta(hours=7)))


async def messages(client: Any, session: str) -> list[dict[str, Any]]:
    resp = await client.get("/api/messages", params={"session": session, "after": "0"})
    return list((await resp.json())["messages"])


async def test_two_replicas_send_it_once_at_the_chosen_hour_and_dunglai_stops_it(
        aiohttp_client, settings_for, make_knowledge, database_url: str) -> None:  # type: ignore[no-untyped-def]
    clock = Clock(at(3, 6, 0))
    settings = settings_for(database_url, HOAGIAI_KNOWLEDGE_DIR=training_knowledge(make_knowledge), **QUIET)
    replicas = [build_core(settings, clock=clock), build_core(settings, clock=clock)]
    first, second = [await aiohttp_client(build_web_app(core)) for core in replicas]

    ask = await say(first, "d1", text="/moingay")
    assert "mấy giờ" in text_of(ask) and [b["action"] for b in ask["replies"][0]["buttons"]][1] == "o:h:7"
    assert "7 giờ đến 7 giờ 59" in text_of(await say(first, "d1", action="o:h:7"))
    minute = spread_minute(user_key(b"test-salt", "web", "d1"))

    async def both_replicas() -> int:
        return sum(await asyncio.gather(*(core.daily.tick() for core in replicas)))

    clock.now = at(3, 6, 59)
    assert await both_replicas() == 0
    if minute:
        clock.now = at(3, 7, minute - 1)
        assert await both_replicas() == 0  # spread over the hour: this user's minute has not come
    clock.now = at(3, 7, minute)
    assert await both_replicas() == 1
    clock.now = at(3, 7, 59)
    assert await both_replicas() == 0
    sent = await messages(second, "d1")
    assert len(sent) == 1 and sent[0]["text"].startswith("⏰ Câu hỏi hôm nay · Hòa giải viên")
    assert "/dunglai" in sent[0]["text"] and [b["label"] for b in sent[0]["buttons"]] == ["1", "2", "3"]

    verdict = await say(second, "d1", action=sent[0]["buttons"][0]["action"])
    assert text_of(verdict).startswith("✅ Đúng rồi!") and "Căn cứ:" in text_of(verdict)
    repeat = await say(first, "d1", action=sent[0]["buttons"][1]["action"])
    assert "chỉ lần trả lời đầu được tính" in text_of(repeat)
    attempts = replicas[0].db.call(lambda *, session: session.exec(select(QuizAttempt)).all())
    assert [(a.mode, a.correct) for a in attempts] == [("daily", True)]

    clock.now = at(4, 7, 59)
    assert await both_replicas() == 1
    assert "đã dừng" in text_of(await say(first, "d1", text="/dunglai")).lower()
    clock.now = at(5, 7, 59)
    assert await both_replicas() == 0
    assert len(await messages(first, "d1")) == 2
    rows = replicas[0].db.call(lambda *, session: session.exec(select(DailySend)).all())
    assert sorted((r.day.day, r.status) for r in rows) == [(3, "sent"), (4, "sent")]


async def test_the_hour_can_be_typed_and_a_wrong_hour_asks_again(aiohttp_client, settings_for, make_knowledge) -> None:  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=training_knowledge(make_knowledge), **QUIET))
    client = await aiohttp_client(build_web_app(core))
    await say(client, "d2", text="/moingay")
    assert "từ 0 đến 23" in text_of(await say(client, "d2", text="25"))
    assert "20 giờ đến 20 giờ 59" in text_of(await say(client, "d2", text="20h"))
    status = await say(client, "d2", text="/moingay")
    assert "khoảng 20 giờ" in text_of(status)
    assert "Đã dừng" in text_of(await say(client, "d2", action="o:stop"))
    assert "chưa đăng ký" in text_of(await say(client, "d2", text="/dunglai"))


async def test_on_telegram_the_question_comes_with_buttons_and_is_answered_by_a_press(
        settings_for, make_knowledge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from aiohttp import web
    fake = await FakeTelegram().start()
    clock = Clock(at(3, 19, 0))
    settings = settings_for(HOAGIAI_KNOWLEDGE_DIR=training_knowledge(make_knowledge), TELEGRAM_BOT_TOKEN=fake.token,
                            TELEGRAM_API_BASE_URL=fake.base_url, **QUIET)
    core = build_core(settings, clock=clock)
    runner = web.AppRunner(build_web_app(core))
    await runner.setup()
    try:
        chat = 5501
        fake.send_text(chat, "/moingay")
        await fake.next_message(chat)
        fake.press(chat, "o:h:20")
        assert "20 giờ" in (await fake.next_message(chat))["text"]
        clock.now = at(3, 20, 59)
        assert await core.daily.tick() == 1
        question = await fake.next_message(chat)
        assert question["text"].startswith("⏰ Câu hỏi hôm nay") and "1. Đáp án đúng" in question["text"]
        labels = buttons_of(question)
        assert [label for label, _ in labels] == ["1", "2", "3"]
        fake.press(chat, labels[1][1])
        verdict = await fake.next_message(chat)
        assert verdict["text"].startswith("❌ Chưa đúng.") and "Căn cứ:" in verdict["text"]
    finally:
        await runner.cleanup()
        await fake.close()


async def test_on_the_zalo_oa_it_goes_out_numbered_and_only_within_48_hours_of_the_last_message(
        aiohttp_client, settings_for, make_knowledge) -> None:  # type: ignore[no-untyped-def]
    oa = await FakeZaloOa(APP_ID, APP_SECRET, "access-1", "refresh-1").start()
    real_now = dt.datetime.now(dt.UTC)
    clock = Clock(real_now)
    settings = settings_for(HOAGIAI_KNOWLEDGE_DIR=training_knowledge(make_knowledge), ZALO_OA_APP_ID=APP_ID,
                            ZALO_OA_SECRET_KEY=OA_SECRET, ZALO_OA_APP_SECRET=APP_SECRET,
                            ZALO_OA_ACCESS_TOKEN="access-1", ZALO_OA_REFRESH_TOKEN="refresh-1",
                            ZALO_OA_API_BASE_URL=oa.base_url, ZALO_OA_OAUTH_BASE_URL=oa.base_url, **QUIET)
    core = build_core(settings, clock=clock)
    client = await aiohttp_client(build_web_app(core))
    try:
        hour = (real_now + dt.timedelta(hours=2)).astimezone(dt.timezone(dt.timedelta(hours=7))).hour
        await post(client, event("oa1", "/moingay"))
        asked = (await oa.wait_sent("oa1"))[-1]
        assert "Gõ một số từ 0 đến 23" in asked and "1." not in asked  # no numbered hours: a digit is the hour
        await post(client, event("oa1", str(hour)))
        done = (await oa.wait_sent("oa1", 2))[-1]
        assert "48 giờ" in done
        clock.now = real_now.replace(minute=59) + dt.timedelta(hours=2)  # within 48 h of the user's message
        assert await core.daily.tick() == 1
        question = (await oa.wait_sent("oa1", 3))[-1]
        assert "1. Đáp án đúng" in question and "Trả lời bằng số (1–3)" in question
        await post(client, event("oa1", "1"))
        assert (await oa.wait_sent("oa1", 4))[-1].startswith("✅ Đúng rồi!")
        clock.now += dt.timedelta(days=2)  # the last message is now more than 48 h old
        assert await core.daily.tick() == 0
        rows = core.db.call(lambda *, session: session.exec(select(DailySend).order_by(DailySend.day)).all())
        assert [r.status for r in rows] == ["sent", "skipped"] and "48 h" in (rows[1].error or "")
        assert len(oa.texts_to("oa1")) == 4
    finally:
        await oa.close()


async def test_sends_are_paced_to_the_channels_rate() -> None:
    slept: list[float] = []
    now = [100.0]

    async def sleep(seconds: float) -> None:
        slept.append(round(seconds, 3))
        now[0] += seconds

    pacer = Pacer(monotonic=lambda: now[0], sleep=sleep)
    for _ in range(3):
        await pacer.wait("telegram", 2.0)
    await pacer.wait("web", 50.0)
    assert slept == [0.5, 0.5]


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
