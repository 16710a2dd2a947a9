"""Telegram webhook mode: updates POSTed to our own aiohttp route, answered through the fake Bot API, exactly once."""

import asyncio
import datetime as dt
import itertools
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from sqlmodel import col, select

from bot.app import build_core, build_web_app
from bot.channels.telegram_translate import strip_mention
from bot.channels.telegram_webhook import SECRET_HEADER, route_path, secret_for
from bot.config import Settings
from bot.core.identity import user_key
from bot.services import Services
from bot.storage import conversations_repo as conv
from bot.storage.database import Database
from bot.storage.db import make_engine, migrate
from bot.storage.models import Conversation, ProcessedUpdate, QuestionLog, utcnow
from tests.conftest import SAMPLE, write_knowledge
from tests.fakes.telegram_api import BOT_USERNAME, FakeTelegram

pytestmark = pytest.mark.asyncio(loop_scope="module")

PUBLIC = "https://hoagiai.example.org/"
SECRET = "s3cret-Token_1"
SALT = "test-salt"
_ids = itertools.count(2001)


def new_chat() -> int:
    return next(_ids)


@pytest.fixture(scope="module", autouse=True)
def no_proxy() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NO_PROXY", "127.0.0.1,localhost")
        patch.setenv("no_proxy", "127.0.0.1,localhost")
        yield


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def fake() -> AsyncIterator[FakeTelegram]:
    server = await FakeTelegram().start()
    yield server
    await server.close()


@dataclass
class Served:
    core: Services
    http: aiohttp.ClientSession
    url: str


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def client(fake: FakeTelegram, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Served]:
    """One server in webhook mode for the module; each test uses chats and update ids of its own."""
    root = tmp_path_factory.mktemp("webhook")
    knowledge = write_knowledge(root / "kb", [("qa", e) for e in SAMPLE])
    settings = Settings(_env_file=None, HOAGIAI_KNOWLEDGE_DIR=str(knowledge),  # type: ignore[call-arg]
                        HOAGIAI_DATA_DIR=str(root / "data"), HOAGIAI_USER_SALT=SALT, TELEGRAM_BOT_TOKEN=fake.token,
                        TELEGRAM_API_BASE_URL=fake.base_url, TELEGRAM_WEBHOOK_URL=PUBLIC,
                        TELEGRAM_WEBHOOK_SECRET=SECRET)
    core = build_core(settings)
    runner = web.AppRunner(build_web_app(core))
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        async with aiohttp.ClientSession() as http:
            yield Served(core, http, f"http://127.0.0.1:{runner.addresses[0][1]}")
    finally:
        await runner.cleanup()


async def post(client: Served, fake: FakeTelegram, update: dict[str, Any], secret: str | None = SECRET) -> int:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with client.http.post(client.url + route_path(fake.token), json=update, headers=headers) as resp:
        return resp.status


def questions(client: Served, user: int) -> list[QuestionLog]:
    key = user_key(SALT.encode(), "telegram", str(user))
    return list(client.core.db.call(lambda *, session: session.exec(
        select(QuestionLog).where(col(QuestionLog.user_key) == key)).all()))


def claims(client: Served, update: dict[str, Any]) -> list[ProcessedUpdate]:
    return list(client.core.db.call(lambda *, session: session.exec(
        select(ProcessedUpdate).where(col(ProcessedUpdate.update_id) == str(update["update_id"]))).all()))


async def test_webhook_mode_registers_a_token_derived_route_with_the_secret_and_never_polls(
        client: Served, fake: FakeTelegram) -> None:
    [registered] = fake.calls_to("setWebhook")
    assert registered["url"] == f"https://hoagiai.example.org{route_path(fake.token)}"
    assert re.fullmatch(r"/telegram/[0-9a-f]{32}", route_path(fake.token))
    assert route_path("999:other") != route_path(fake.token) and fake.token not in registered["url"]
    assert registered["secret_token"] == SECRET
    assert registered["allowed_updates"] == ["message", "callback_query"]
    assert fake.calls_to("getUpdates") == [] and fake.calls_to("deleteWebhook") == []


async def test_an_update_delivered_twice_is_answered_once(client: Served, fake: FakeTelegram) -> None:
    alice = new_chat()
    update = fake.text_update(alice, "hoa giai vien co duoc tra tien khong")
    assert await post(client, fake, update) == 200
    reply = fake.messages_to(alice)[0]  # answered before the 200: nothing to wait for
    assert "Căn cứ: Luật HGCS (Điều 9)" in reply["text"]
    assert await post(client, fake, update) == 200
    assert len(fake.messages_to(alice)) == 1
    assert [r.outcome for r in questions(client, alice)] == ["answer"]
    [claim] = claims(client, update)
    assert (claim.channel, claim.done_at is not None) == ("telegram", True)


async def test_concurrent_deliveries_of_one_update_are_answered_once(client: Served, fake: FakeTelegram) -> None:
    alice = new_chat()
    update = fake.text_update(alice, "thu lao hgv")
    statuses = await asyncio.gather(*(post(client, fake, update) for _ in range(5)))
    assert set(statuses) <= {200, 503} and 200 in statuses  # 503: "being answered right now, come back later"
    assert len(fake.messages_to(alice)) == 1
    assert len(questions(client, alice)) == 1


async def test_a_button_press_through_the_webhook_is_acknowledged_and_answered(client: Served,
                                                                               fake: FakeTelegram) -> None:
    alice = new_chat()
    update = fake.callback_update(alice, "qa")
    assert await post(client, fake, update) == 200
    assert [p for p in fake.calls_to("answerCallbackQuery") if p["callback_query_id"] == f"cq{update['update_id']}"]
    assert fake.messages_to(alice)[0]["text"] == "Chọn chủ đề:"


@pytest.mark.parametrize(("secret", "status"), [(None, 401), ("wrong-secret", 403), ("", 403), (SECRET + "x", 403)],
                         ids=["missing", "wrong", "empty", "longer"])
async def test_a_wrong_or_missing_secret_is_refused_and_nothing_is_processed_or_logged(
        client: Served, fake: FakeTelegram, secret: str | None, status: int) -> None:
    alice = new_chat()
    update = fake.text_update(alice, "thu lao hgv")
    assert await post(client, fake, update, secret) == status
    assert fake.messages_to(alice) == []
    assert questions(client, alice) == [] and claims(client, update) == []


@pytest.mark.parametrize("body", [b"not json", b"[1]", b'{"update_id": "7"}', b'{"message": {}}'],
                         ids=["invalid-json", "not-object", "id-not-int", "no-id"])
async def test_a_malformed_update_with_the_right_secret_gets_400(client: Served, fake: FakeTelegram,
                                                                 body: bytes) -> None:
    async with client.http.post(client.url + route_path(fake.token), data=body,
                                headers={SECRET_HEADER: SECRET}) as resp:
        assert resp.status == 400
    assert claims(client, {"update_id": "7"}) == []


async def test_an_update_whose_process_died_mid_way_is_answered_on_redelivery(client: Served,
                                                                              fake: FakeTelegram) -> None:
    alice = new_chat()
    update = fake.text_update(alice, "thu lao hgv")
    stale = ProcessedUpdate(channel="telegram", update_id=str(update["update_id"]),
                            created_at=utcnow() - dt.timedelta(minutes=5))
    client.core.db.call(lambda *, session: session.add(stale))
    assert await post(client, fake, update) == 200
    assert len(fake.messages_to(alice)) == 1


async def test_an_update_claimed_moments_ago_is_sent_back_for_later(client: Served, fake: FakeTelegram) -> None:
    alice = new_chat()
    update = fake.text_update(alice, "thu lao hgv")
    client.core.db.call(conv.claim_update, channel="telegram", update_id=str(update["update_id"]))
    assert await post(client, fake, update) == 503
    assert fake.messages_to(alice) == []


async def test_an_update_that_failed_is_released_and_answered_when_telegram_redelivers(
        client: Served, fake: FakeTelegram) -> None:
    alice = new_chat()
    update = fake.text_update(alice, "thu lao hgv")
    engine = client.core.db.engine
    Conversation.__table__.drop(engine)  # the database fails under the dialogue
    try:
        assert await post(client, fake, update) == 500
    finally:
        Conversation.__table__.create(engine)
    assert claims(client, update) == [] and fake.messages_to(alice) == []
    assert await post(client, fake, update) == 200
    assert len(fake.messages_to(alice)) == 1


async def test_a_reply_telegram_refuses_is_logged_and_the_update_is_not_retried(
        client: Served, fake: FakeTelegram, caplog: pytest.LogCaptureFixture) -> None:
    alice = new_chat()
    fake.fail_chats[alice] = "Forbidden: bot was blocked by the user"
    update = fake.text_update(alice, "thu lao hgv")
    assert await post(client, fake, update) == 200  # a redelivery would only fail again
    assert "Forbidden: bot was blocked by the user" in caplog.text
    [claim] = claims(client, update)
    assert claim.done_at is not None


async def test_the_webhook_secret_is_validated_or_derived_from_the_token() -> None:
    assert secret_for("1:a", "ok_Secret-1") == "ok_Secret-1"
    assert secret_for("1:a", None) == secret_for("1:a", "") != secret_for("2:b", None)
    assert re.fullmatch(r"[0-9a-f]{64}", secret_for("1:a", None))
    with pytest.raises(ValueError, match="TELEGRAM_WEBHOOK_SECRET"):
        secret_for("1:a", "has space")


async def test_update_claims_finish_release_and_take_over_stale_ones(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate(engine)
    db = Database(engine)
    try:
        def state(update_id: str, **kw: Any) -> str:
            return db.call(conv.retake_update, channel="telegram", update_id=update_id, stale_after_s=60, **kw)

        assert db.call(conv.claim_update, channel="telegram", update_id="1")
        assert not db.call(conv.claim_update, channel="telegram", update_id="1")
        assert state("1") == "busy"
        later = utcnow() + dt.timedelta(seconds=61)
        assert state("1", now=later) == "retaken"
        assert state("1", now=later) == "busy"  # a second contender loses the take-over
        db.call(conv.finish_update, channel="telegram", update_id="1")
        assert state("1", now=later + dt.timedelta(hours=1)) == "done"
        db.call(conv.release_update, channel="telegram", update_id="1")  # a finished update stays finished
        assert state("1") == "done"

        assert db.call(conv.claim_update, channel="telegram", update_id="2")
        db.call(conv.release_update, channel="telegram", update_id="2")
        assert db.call(conv.claim_update, channel="telegram", update_id="2")  # released: the redelivery is processed
        assert db.call(conv.claim_update, channel="zalo", update_id="2")  # ids are per channel
    finally:
        db.dispose()


@pytest.mark.parametrize(
    ("text", "expected"),
    [(f"@{BOT_USERNAME} thu lao hgv", "thu lao hgv"), (f"thu lao @{BOT_USERNAME.upper()} hgv", "thu lao hgv"),
     (f"/start@{BOT_USERNAME}", "/start"), ("email a@b.vn", "email a@b.vn"),
     (f"@{BOT_USERNAME}x hi", f"@{BOT_USERNAME}x hi")],
    ids=["leading", "inside-any-case", "command", "other-at", "longer-name"],
)
async def test_the_bot_mention_is_stripped_from_the_question(text: str, expected: str) -> None:
    assert strip_mention(text, BOT_USERNAME) == expected
