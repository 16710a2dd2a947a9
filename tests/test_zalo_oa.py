"""The Zalo Official Account door: signed webhooks over real HTTP, a fake OA API on loopback, real SQLite."""

import asyncio
import datetime as dt
import hashlib
import json
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot.app import build_core, build_web_app
from bot.channels.base import DeliveryFailed
from bot.core import texts
from bot.core.messages import Reply
from bot.storage import tokens_repo
from bot.storage.models import Conversation, ProcessedUpdate, QuestionLog
from tests.fakes.zalo_api import wait_for
from tests.fakes.zalo_oa_api import FakeZaloOa
from tests.support import BIG_JSON, DEEP_JSON, raw_post

APP_ID = "2553928453557884079"
OA_SECRET = "oa-secret-key"
APP_SECRET = "app-secret-key"


@pytest.fixture
async def oa() -> AsyncIterator[FakeZaloOa]:
    fake = await FakeZaloOa(APP_ID, APP_SECRET, "access-1", "refresh-1").start()
    yield fake
    await fake.close()


@pytest.fixture
def settings(settings_for, sample_knowledge: Path, oa: FakeZaloOa):  # type: ignore[no-untyped-def]
    return settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge, ZALO_OA_APP_ID=APP_ID, ZALO_OA_SECRET_KEY=OA_SECRET,
                        ZALO_OA_APP_SECRET=APP_SECRET, ZALO_OA_ACCESS_TOKEN="access-1",
                        ZALO_OA_REFRESH_TOKEN="refresh-1", ZALO_OA_API_BASE_URL=oa.base_url,
                        ZALO_OA_OAUTH_BASE_URL=oa.base_url)


@pytest.fixture
async def client(oa: FakeZaloOa, aiohttp_client, settings):  # type: ignore[no-untyped-def]
    core = build_core(settings)
    client = await aiohttp_client(build_web_app(core))
    client.core = core
    # The configured pair is seeded as due, so the first thing the door does is learn a fresh pair.
    await wait_for(lambda: stored(core) is not None and stored(core).access_token == "access-2", what="first refresh")
    return client


def stored(core: Any) -> Any:
    return core.db.call(tokens_repo.get_token, name="zalo_oa")


def event(user_id: str, text: str, msg_id: str | None = None, name: str = "user_send_text") -> dict[str, Any]:
    return {"app_id": APP_ID, "user_id_by_app": "979122185046046317", "event_name": name,
            "sender": {"id": user_id}, "recipient": {"id": "3662729599332560487"},
            "message": {"text": text, "msg_id": msg_id or uuid.uuid4().hex},
            "timestamp": str(int(time.time() * 1000))}


def signed(body: dict[str, Any], secret: str = OA_SECRET) -> tuple[bytes, dict[str, str]]:
    """Sign as Zalo documents it: sha256(app_id + raw body + timestamp + OA secret key), sent as "mac=<hex>"."""
    raw = json.dumps(body, ensure_ascii=False).encode()
    mac = hashlib.sha256(APP_ID.encode() + raw + body["timestamp"].encode() + secret.encode()).hexdigest()
    return raw, {"X-ZEvent-Signature": f"mac={mac}", "Content-Type": "application/json"}


async def post(client: Any, body: dict[str, Any], secret: str = OA_SECRET) -> Any:
    raw, headers = signed(body, secret)
    return await client.post("/zalo/oa", data=raw, headers=headers)


def questions(core: Any) -> list[QuestionLog]:
    return list(core.db.call(lambda *, session: session.exec(select(QuestionLog)).all()))


async def test_signed_text_is_acknowledged_at_once_and_answered_through_the_oa_api(client, oa) -> None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    resp = await post(client, event("f1", "hoa giai vien co duoc tra thu lao khong"))
    acknowledged = time.perf_counter() - started
    assert resp.status == 200 and acknowledged < 2.0
    [answer] = await oa.wait_sent("f1")
    assert "Căn cứ: Luật HGCS (Điều 9)" in answer and "1. 👍 Hữu ích" in answer
    assert oa.sent[0]["access_token"] == "access-2"
    [row] = questions(client.core)
    assert (row.channel, row.outcome) == ("zalo_oa", "answer")


async def test_a_question_outside_the_knowledge_gets_an_honest_none_on_the_oa(client, oa) -> None:  # type: ignore[no-untyped-def]
    await post(client, event("f9", "xyzzy qwerty plugh"))
    [reply] = await oa.wait_sent("f9")
    assert reply.startswith(texts.NONE_FOUND)
    assert f"1. {texts.BTN_ESCALATE}" in reply and f"2. {texts.BTN_MENU}" in reply
    assert [r.outcome for r in questions(client.core)] == ["none"]


async def test_a_digit_picks_the_numbered_choice_on_the_oa(client, oa) -> None:  # type: ignore[no-untyped-def]
    await post(client, event("f2", "/start"))
    await oa.wait_sent("f2")
    await post(client, event("f2", "1"))
    topics = (await oa.wait_sent("f2", 2))[1]
    assert topics.startswith("Chọn chủ đề:")


async def test_an_event_delivered_twice_is_answered_once(client, oa) -> None:  # type: ignore[no-untyped-def]
    body = event("f3", "tieu chuan hoa giai vien", msg_id="cb31dff1c39642cc1b83")
    assert (await post(client, body)).status == 200
    assert (await post(client, body)).status == 200
    await post(client, event("f3", "/start"))
    sent = await oa.wait_sent("f3", 2)
    assert len(sent) == 2 and len(questions(client.core)) == 1


async def test_an_image_gets_the_polite_unsupported_reply(client, oa) -> None:  # type: ignore[no-untyped-def]
    await post(client, event("f4", "", name="user_send_image"))
    [reply] = await oa.wait_sent("f4")
    assert "chỉ đọc được tin nhắn chữ" in reply


@pytest.mark.parametrize("forgery", ["wrong-secret", "tampered-body", "missing"])
async def test_a_forged_event_is_refused_and_nothing_is_logged(client, oa, caplog, forgery) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    caplog.clear()
    body = event("f5", "tieu chuan hoa giai vien")
    raw, headers = signed(body, "guessed-secret" if forgery == "wrong-secret" else OA_SECRET)
    if forgery == "tampered-body":
        raw = raw.replace(b"tieu chuan", b"TIEU CHUAN")
    if forgery == "missing":
        headers.pop("X-ZEvent-Signature")
    resp = await client.post("/zalo/oa", data=raw, headers=headers)
    assert resp.status == (401 if forgery == "missing" else 403)
    await post(client, event("f6", "/start"))  # a genuine event afterwards: by then a forged one would be visible
    await oa.wait_sent("f6")
    assert oa.texts_to("f5") == [] and questions(client.core) == []
    rows = client.core.db.call(lambda *, session: session.exec(select(ProcessedUpdate)).all())
    assert len(rows) == 1
    assert [r for r in caplog.records if r.name.startswith("bot.") and "f5" in r.getMessage()] == []
    assert [r for r in caplog.records if r.name.startswith("bot.channels") and r.levelno >= logging.INFO
            and "refreshed" not in r.getMessage()] == []


async def test_a_due_token_is_refreshed_stored_and_used_for_the_next_send(client, oa) -> None:  # type: ignore[no-untyped-def]
    assert oa.refresh_calls == ["refresh-1"]
    before = stored(client.core)
    assert before.refresh_token == "refresh-2" and before.expires_at > dt.datetime.now(dt.UTC) + dt.timedelta(hours=24)
    client.core.db.call(tokens_repo.set_expiry, name="zalo_oa", expires_at=dt.datetime.now(dt.UTC))
    await post(client, event("f7", "/start"))
    await oa.wait_sent("f7")
    assert oa.refresh_calls == ["refresh-1", "refresh-2"]
    after = stored(client.core)
    assert (after.access_token, after.refresh_token) == ("access-3", "refresh-3")
    assert oa.sent[-1]["access_token"] == "access-3"


async def test_a_second_replica_uses_the_pair_the_first_one_refreshed(client, settings, oa) -> None:  # type: ignore[no-untyped-def]
    replica = build_core(settings)  # same database: seeding keeps the refreshed pair, no second refresh
    try:
        from bot.channels import zalo_oa

        channel = zalo_oa.build(replica)
        assert channel is not None
        await channel.start()
        await channel.send("f8", [Reply("Chào bạn")])
        await channel.stop()
    finally:
        await replica.close()
    assert oa.refresh_calls == ["refresh-1"] and oa.sent[-1]["access_token"] == "access-2"


async def test_a_new_configured_pair_is_adopted_when_the_stored_one_is_dead(oa, aiohttp_client, settings) -> None:  # type: ignore[no-untyped-def]
    core = build_core(settings)
    core.db.call(tokens_repo.seed_token, name="zalo_oa", access_token="old-access", refresh_token="old-refresh",
                 expires_at=dt.datetime.now(dt.UTC))
    client = await aiohttp_client(build_web_app(core))
    await wait_for(lambda: stored(core).access_token == "access-2", what="refresh with the configured pair")
    assert oa.refresh_calls == ["old-refresh", "refresh-1"]
    await post(client, event("f9", "/start"))
    await oa.wait_sent("f9")


async def test_a_refused_reply_is_logged_as_failed_and_proactive_sends_raise(client, oa, caplog) -> None:  # type: ignore[no-untyped-def]
    oa.refuse = (-230, "User has not interacted with the OA in the past 7 days")
    caplog.set_level(logging.WARNING, logger="bot.channels.zalo_oa")
    await post(client, event("f10", "tieu chuan hoa giai vien"))
    await wait_for(lambda: any("-230" in r.getMessage() for r in caplog.records), what="the failure to be logged")
    [record] = [r for r in caplog.records if "-230" in r.getMessage()]
    assert record.levelno == logging.WARNING and "f10" not in record.getMessage()  # pseudonymous
    with pytest.raises(DeliveryFailed, match="-230") as failure:
        await client.core.channels["zalo_oa"].send("f10", [Reply("Cán bộ trả lời")])
    assert "7 days" in failure.value.reason and oa.sent == []


async def test_long_replies_are_split_to_the_oa_limit(client, oa) -> None:  # type: ignore[no-untyped-def]
    long_text = "\n".join(f"Đoạn {i}: " + "hướng dẫn hòa giải " * 12 for i in range(25))
    await client.core.channels["zalo_oa"].send("f11", [Reply(long_text)])
    sent = oa.texts_to("f11")
    assert len(sent) >= 3 and all(len(t) <= 2000 for t in sent)


# --- hardening (issue 15) ------------------------------------------------------------------------------------------


async def failures(client: Any) -> float:
    text = await (await client.get("/metrics")).text()
    found = re.search(r'^hoagiai_update_failures_total\{channel="zalo_oa"\} ([0-9.]+)$', text, re.M)
    assert found, text
    return float(found.group(1))


@pytest.mark.parametrize("mac", [b"mac=\xe9\xe9", "mac=é".encode(), b"\xff\xfe"], ids=["latin-1", "utf-8", "binary"])
async def test_a_signature_that_is_not_ascii_is_refused_with_403(client, oa, mac: bytes) -> None:  # type: ignore[no-untyped-def]
    raw, _ = signed(event("f7", "tieu chuan hoa giai vien"))
    assert await raw_post(client.host, client.port, "/zalo/oa", b"X-ZEvent-Signature: " + mac + b"\r\n", raw) == 403
    assert questions(client.core) == [] and oa.texts_to("f7") == []


async def test_a_deep_or_oversized_event_is_refused_before_its_signature_is_computed(client) -> None:  # type: ignore[no-untyped-def]
    headers = {"X-ZEvent-Signature": "mac=" + "0" * 64}
    assert (await client.post("/zalo/oa", data=DEEP_JSON, headers=headers)).status == 400
    assert (await client.post("/zalo/oa", data=BIG_JSON, headers=headers)).status == 413


async def test_an_event_whose_answer_fails_is_logged_with_its_id_and_counted(client, caplog) -> None:  # type: ignore[no-untyped-def]
    before = await failures(client)
    engine = client.core.db.engine
    Conversation.__table__.drop(engine)  # answering fails (after the 200: the OA is answered in the background)
    try:
        resp = await post(client, event("f8", "tieu chuan hoa giai vien", msg_id="oa-msg-77"))
        assert resp.status == 200
        for _ in range(500):
            if await failures(client) == before + 1:
                break
            await asyncio.sleep(0.01)
    finally:
        Conversation.__table__.create(engine)
    assert await failures(client) == before + 1
    assert "zalo_oa: update oa-msg-77 failed" in caplog.text
