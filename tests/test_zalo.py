"""The Zalo Bot Platform door against a fake Zalo Bot API on loopback, with a real SQLite database."""

import hashlib
import json
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot.app import build_core, build_web_app
from bot.channels.base import DeliveryFailed
from bot.core import texts
from bot.core.messages import Button, Reply
from bot.storage.models import Conversation, ProcessedUpdate, QuestionLog
from tests.fakes.zalo_api import FakeZaloBotApi, sticker_update, text_update, wait_for
from tests.support import BIG_JSON, DEEP_JSON, raw_post

TOKEN = "1234567890:fake-zalo-bot-token"
SECRET = "webhook-secret-123"
PUBLIC = "https://hoagiai.example.org"


@pytest.fixture
async def zalo() -> AsyncIterator[FakeZaloBotApi]:
    fake = await FakeZaloBotApi(TOKEN).start()
    yield fake
    await fake.close()


@pytest.fixture
def start_bot(zalo: FakeZaloBotApi, aiohttp_client, settings_for, sample_knowledge: Path):  # type: ignore[no-untyped-def]
    """The whole server app with the Zalo door configured (polling unless webhook settings are given).

    The fake is requested first so that it is torn down last, after the bot has stopped polling it.
    """

    async def start(**env: str) -> Any:
        settings = settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge, ZALO_BOT_TOKEN=TOKEN,
                                ZALO_API_BASE_URL=zalo.base_url, **env)
        core = build_core(settings)
        client = await aiohttp_client(build_web_app(core))
        client.core = core
        return client

    return start


@pytest.fixture
async def polling(start_bot, zalo: FakeZaloBotApi):  # type: ignore[no-untyped-def]
    client = await start_bot()
    await wait_for(lambda: "getUpdates" in zalo.methods(), what="the bot to poll")
    return client


def questions(core: Any) -> list[QuestionLog]:
    return list(core.db.call(lambda *, session: session.exec(select(QuestionLog)).all()))


# --- polling ----------------------------------------------------------------------------------------------------------


async def test_polling_starts_by_dropping_any_webhook(polling, zalo: FakeZaloBotApi) -> None:  # type: ignore[no-untyped-def]
    assert zalo.methods()[:3] == ["getMe", "deleteWebhook", "getUpdates"]


async def test_question_without_diacritics_gets_a_cited_answer_as_numbered_text(polling, zalo) -> None:  # type: ignore[no-untyped-def]
    zalo.push(text_update("u1", "hoa giai vien co duoc tra thu lao khong"))
    [answer] = await zalo.wait_sent("u1")
    assert "Căn cứ: Luật HGCS (Điều 9)" in answer
    assert f"1. {texts.BTN_HELPFUL}" in answer and f"2. {texts.BTN_NOT_HELPFUL}" in answer
    assert "Trả lời bằng số" in answer
    [row] = questions(polling.core)
    assert (row.channel, row.outcome, row.top_id) == ("zalo", "answer", "thu-lao-hoa-giai-vien")
    assert row.user_key != "u1"  # pseudonymous


async def test_a_digit_answer_picks_the_numbered_choice(polling, zalo) -> None:  # type: ignore[no-untyped-def]
    zalo.push(text_update("u2", "/start"))
    [menu] = await zalo.wait_sent("u2")
    assert f"1. {texts.BTN_QA}" in menu and "/xoa" in menu
    zalo.push(text_update("u2", "1"))
    topics = (await zalo.wait_sent("u2", 2))[1]
    assert topics.startswith(texts.TOPICS_TITLE)
    zalo.push(text_update("u2", "1"))
    page = (await zalo.wait_sent("u2", 3))[2]
    assert "1. " in page and questions(polling.core) == []  # digits chose, they were not searched


async def test_a_thumbs_down_by_digit_asks_for_the_reason(polling, zalo) -> None:  # type: ignore[no-untyped-def]
    zalo.push(text_update("u3", "tieu chuan hoa giai vien"))
    await zalo.wait_sent("u3")
    zalo.push(text_update("u3", "2"))
    reasons = (await zalo.wait_sent("u3", 2))[1]
    assert reasons.startswith(texts.ASK_REASON) and texts.REASONS["unclear"] in reasons


async def test_a_question_outside_the_knowledge_gets_an_honest_none_with_help_and_menu(polling, zalo) -> None:  # type: ignore[no-untyped-def]
    zalo.push(text_update("u9", "xyzzy qwerty plugh"))
    [reply] = await zalo.wait_sent("u9")
    assert reply.startswith(texts.NONE_FOUND)
    assert f"1. {texts.BTN_ESCALATE}" in reply and f"2. {texts.BTN_MENU}" in reply
    [row] = questions(polling.core)
    assert row.outcome == "none"


async def test_a_sticker_or_voice_message_gets_a_reply_explaining_typing_or_the_web_chat(polling, zalo) -> None:  # type: ignore[no-untyped-def]
    """The Bot Platform hands a voice message in as "unsupported", like a sticker: the reply says what works."""
    zalo.push(sticker_update("u4"))
    assert await zalo.wait_sent("u4") == [texts.UNSUPPORTED_TEXT_ONLY.format(web="")]


async def test_a_message_delivered_twice_is_answered_once(polling, zalo) -> None:  # type: ignore[no-untyped-def]
    update = text_update("u5", "tieu chuan hoa giai vien", message_id="dup-1")
    zalo.push(update)
    zalo.push(update)
    zalo.push(text_update("u5", "/start"))
    sent = await zalo.wait_sent("u5", 2)
    assert "Căn cứ" in sent[0] and texts.GREETING.splitlines()[0] in sent[1]
    assert len(sent) == 2 and len(questions(polling.core)) == 1


async def test_in_a_group_only_mentions_and_commands_are_answered(polling, zalo) -> None:  # type: ignore[no-untyped-def]
    zalo.push(text_update("g1", "tieu chuan hoa giai vien", group=True, sender_id="p1"))
    zalo.push(text_update("g1", "@HoaGiaiBot thu lao hoa giai vien", group=True, sender_id="p1"))
    zalo.push(text_update("g1", "@bot.hoagiai pham vi hoa giai", group=True, sender_id="p2"))
    zalo.push(text_update("g1", "/start", group=True, sender_id="p3"))
    sent = await zalo.wait_sent("g1", 3)
    assert "Điều 9" in sent[0] and "Điều 3" in sent[1] and texts.GREETING.splitlines()[0] in sent[2]
    assert len(sent) == 3
    assert [q.text for q in questions(polling.core)] == ["thu lao hoa giai vien", "pham vi hoa giai"]


async def test_proactive_send_splits_long_text_into_zalo_sized_messages(polling, zalo) -> None:  # type: ignore[no-untyped-def]
    long_text = "\n".join(f"Dòng {i}: " + "nội dung hòa giải " * 10 for i in range(30))
    reply = Reply(long_text, (Button("Đồng ý", "ok"),))
    await polling.core.channels["zalo"].send("u6", [reply])
    sent = zalo.texts_to("u6")
    assert len(sent) >= 3 and all(len(t) <= 2000 for t in sent)
    assert "".join(sent).replace("\n", "") == (long_text + "\n1. Đồng ý\n" + texts.NUMBERED_HINT.format(n=1)).replace(
        "\n", "")


async def test_proactive_send_failure_raises_delivery_failed_with_the_reason(polling, zalo) -> None:  # type: ignore[no-untyped-def]
    zalo.fail_sends = "User has blocked the bot"
    with pytest.raises(DeliveryFailed, match="blocked the bot"):
        await polling.core.channels["zalo"].send("u7", [Reply("Cán bộ trả lời")])


# --- webhook ----------------------------------------------------------------------------------------------------------


def route_for(token: str) -> str:
    return "/zalo/" + hashlib.sha256(f"hoagiai-zalo:{token}".encode()).hexdigest()[:32]


@pytest.fixture
async def webhook(start_bot, zalo: FakeZaloBotApi):  # type: ignore[no-untyped-def]
    client = await start_bot(ZALO_WEBHOOK_URL=PUBLIC + "/", ZALO_WEBHOOK_SECRET=SECRET)
    await wait_for(lambda: zalo.webhook is not None, what="setWebhook")
    return client


async def test_webhook_mode_registers_the_token_derived_route_with_the_secret(webhook, zalo) -> None:  # type: ignore[no-untyped-def]
    assert zalo.webhook == {"url": PUBLIC + route_for(TOKEN), "secret_token": SECRET}
    assert "getUpdates" not in zalo.methods()


@pytest.mark.parametrize("wrapped", [False, True], ids=["bare", "wrapped"])
async def test_webhook_with_the_right_secret_is_processed_once_even_if_delivered_twice(webhook, zalo, wrapped) -> None:  # type: ignore[no-untyped-def]
    update = text_update("w1", "hoa giai vien co duoc tra thu lao khong", message_id="m-42")
    body = {"ok": True, "result": update} if wrapped else update
    for _ in range(2):
        resp = await webhook.post(route_for(TOKEN), json=body, headers={"X-Bot-Api-Secret-Token": SECRET})
        assert resp.status == 200
    assert len(zalo.texts_to("w1")) == 1 and "Điều 9" in zalo.texts_to("w1")[0]
    assert len(questions(webhook.core)) == 1


@pytest.mark.parametrize(("headers", "status"), [({}, 401), ({"X-Bot-Api-Secret-Token": "wrong-secret"}, 403)],
                         ids=["missing", "wrong"])
async def test_webhook_without_the_right_secret_is_refused_and_nothing_is_logged(  # type: ignore[no-untyped-def]
        webhook, zalo, caplog, headers, status) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.clear()
    update = text_update("w2", "tieu chuan hoa giai vien", message_id="m-43")
    resp = await webhook.post(route_for(TOKEN), json=update, headers=headers)
    assert resp.status == status
    assert questions(webhook.core) == [] and zalo.texts_to("w2") == []
    assert webhook.core.db.call(lambda *, session: session.exec(select(ProcessedUpdate)).all()) == []
    assert [r for r in caplog.records if r.name.startswith("bot.")] == []


async def test_without_zalo_settings_there_is_no_zalo_route(aiohttp_client, settings_for, sample_knowledge) -> None:  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge))
    client = await aiohttp_client(build_web_app(core))
    assert "zalo" not in core.channels
    assert (await client.post(route_for(TOKEN), json={})).status in (404, 405)


# --- hardening (issue 15) ------------------------------------------------------------------------------------------


async def failures(client: Any, channel: str) -> float:
    text = await (await client.get("/metrics")).text()
    found = re.search(rf'^hoagiai_update_failures_total\{{channel="{channel}"\}} ([0-9.]+)$', text, re.M)
    assert found, text
    return float(found.group(1))


@pytest.mark.parametrize("secret", [b"webhook-secret-12\xe9", "webhook-secret-123é".encode(), b"\xff"],
                         ids=["latin-1", "utf-8", "binary"])
async def test_a_webhook_secret_that_is_not_ascii_is_refused_with_403(webhook, zalo, secret: bytes) -> None:  # type: ignore[no-untyped-def]
    body = json.dumps(text_update("w3", "tieu chuan hoa giai vien", message_id="m-44")).encode()
    status = await raw_post(webhook.host, webhook.port, route_for(TOKEN), b"X-Bot-Api-Secret-Token: " + secret + b"\r\n",
                            body)
    assert status == 403
    assert questions(webhook.core) == [] and zalo.texts_to("w3") == []


async def test_a_deep_or_oversized_webhook_body_is_refused_before_parsing_and_only_with_the_secret(webhook) -> None:  # type: ignore[no-untyped-def]
    right, wrong = {"X-Bot-Api-Secret-Token": SECRET}, {"X-Bot-Api-Secret-Token": "nope"}
    assert (await webhook.post(route_for(TOKEN), data=DEEP_JSON, headers=right)).status == 400
    assert (await webhook.post(route_for(TOKEN), data=DEEP_JSON, headers=wrong)).status == 403
    assert (await webhook.post(route_for(TOKEN), data=BIG_JSON, headers=right)).status == 413
    assert webhook.core.db.call(lambda *, session: session.exec(select(ProcessedUpdate)).all()) == []


async def test_a_webhook_update_whose_handling_fails_is_acknowledged_logged_and_counted(  # type: ignore[no-untyped-def]
        webhook, zalo, caplog) -> None:
    before = await failures(webhook, "zalo")
    update = text_update("w4", "tieu chuan hoa giai vien", message_id="m-45")
    engine = webhook.core.db.engine
    Conversation.__table__.drop(engine)  # handling fails, and would fail the same way on every redelivery
    try:
        resp = await webhook.post(route_for(TOKEN), json=update, headers={"X-Bot-Api-Secret-Token": SECRET})
    finally:
        Conversation.__table__.create(engine)
    assert resp.status == 200
    assert "zalo: update m-45 failed" in caplog.text
    assert await failures(webhook, "zalo") == before + 1
