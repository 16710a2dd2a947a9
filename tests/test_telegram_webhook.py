"""Telegram webhook mode: updates POSTed to our own aiohttp route, answered through the fake Bot API, exactly once."""

import asyncio
import datetime as dt
import itertools
import json
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
from tests import support
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


async def failures(client: Served) -> float:
    async with client.http.get(client.url + "/metrics") as resp:
        text = await resp.text()
    found = re.search(r'^hoagiai_update_failures_total\{channel="telegram"\} ([0-9.]+)$', text, re.M)
    assert found, text
    return float(found.group(1))


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


async def test_an_update_whose_handling_fails_is_acknowledged_logged_and_counted_not_retried_forever(
        client: Served, fake: FakeTelegram, caplog: pytest.LogCaptureFixture) -> None:
    alice = new_chat()
    update = fake.text_update(alice, "thu lao hgv")
    before = await failures(client)
    engine = client.core.db.engine
    Conversation.__table__.drop(engine)  # handling fails, and would fail the same way on every redelivery
    try:
        assert await post(client, fake, update) == 200
    finally:
        Conversation.__table__.create(engine)
    assert f"telegram: update {update['update_id']} failed" in caplog.text
    assert await failures(client) == before + 1
    [claim] = claims(client, update)
    assert claim.done_at is not None
    assert await post(client, fake, update) == 200  # a redelivery is acknowledged, not handled again
    assert fake.messages_to(alice) == []


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


# -- hardening (issue 15) ----------------------------------------------------------------------------------------------


async def raw_post(client: Served, path: str, headers: bytes, body: bytes) -> int:
    host, port = client.url.removeprefix("http://").split(":")
    return await support.raw_post(host, int(port), path, headers, body)


@pytest.mark.parametrize("secret", [b"s3cret-Token_\xe9", "s3cret-Token_é".encode(), b"\xff\xfe"],
                         ids=["latin-1", "utf-8", "binary"])
async def test_a_secret_header_that_is_not_ascii_is_refused_with_403(client: Served, fake: FakeTelegram,
                                                                     secret: bytes) -> None:
    alice = new_chat()
    update = fake.text_update(alice, "thu lao hgv")
    body = json.dumps(update).encode()
    status = await raw_post(client, route_path(fake.token), SECRET_HEADER.encode() + b": " + secret + b"\r\n", body)
    assert status == 403
    assert claims(client, update) == [] and fake.messages_to(alice) == []


async def test_a_deeply_nested_or_oversized_body_is_refused_before_parsing_and_only_with_the_secret(
        client: Served, fake: FakeTelegram) -> None:
    path = client.url + route_path(fake.token)
    deep = support.DEEP_JSON
    async with client.http.post(path, data=deep, headers={SECRET_HEADER: SECRET}) as resp:
        assert resp.status == 400
    async with client.http.post(path, data=deep, headers={SECRET_HEADER: "wrong"}) as resp:
        assert resp.status == 403
    big = support.BIG_JSON
    async with client.http.post(path, data=big, headers={SECRET_HEADER: SECRET}) as resp:
        assert resp.status == 413
    assert claims(client, {"update_id": 5}) == [] and claims(client, {"update_id": 6}) == []


@pytest.mark.parametrize("data", ["c:rate:abc:5", "c:rate:1:9", "zz:top", "m:x:y:z", "e:Ma Chai", "s:take:1"])
async def test_a_crafted_button_press_gets_the_polite_refusal_and_the_menu_with_200(client: Served,
                                                                                  fake: FakeTelegram,
                                                                                  data: str) -> None:
    alice = new_chat()
    assert await post(client, fake, fake.callback_update(alice, data)) == 200
    [reply] = fake.messages_to(alice)
    assert reply["text"] == "Nút này đã cũ, bạn chọn lại từ menu nhé."
    assert reply.get("reply_markup"), reply  # the main menu's buttons


async def test_a_reply_sent_before_a_crash_is_not_sent_again_when_the_claim_is_taken_over(
        client: Served, fake: FakeTelegram) -> None:
    alice = new_chat()
    update = fake.text_update(alice, "thu lao hgv")
    crashed = ProcessedUpdate(channel="telegram", update_id=str(update["update_id"]),
                              created_at=utcnow() - dt.timedelta(minutes=5), sent=1)  # died after sending
    client.core.db.call(lambda *, session: session.add(crashed))
    assert await post(client, fake, update) == 200
    assert fake.messages_to(alice) == []
    [claim] = claims(client, update)
    assert claim.done_at is not None


async def test_each_message_sent_is_recorded_on_the_claim(client: Served, fake: FakeTelegram) -> None:
    alice = new_chat()
    update = fake.text_update(alice, "hoa giai vien co duoc tra tien khong")
    assert await post(client, fake, update) == 200
    [claim] = claims(client, update)
    assert claim.sent == len(fake.messages_to(alice)) >= 1


async def test_a_take_over_reports_sent_when_a_reply_went_out(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate(engine)
    db = Database(engine)
    try:
        later = utcnow() + dt.timedelta(seconds=61)
        for update_id, sends in (("10", 0), ("11", 1), ("12", 2)):
            assert db.call(conv.claim_update, channel="telegram", update_id=update_id)
            for _ in range(sends):
                db.call(conv.record_sent, channel="telegram", update_id=update_id)
        states = [db.call(conv.retake_update, channel="telegram", update_id=u, stale_after_s=60, now=later)
                  for u in ("10", "11", "12")]
        assert states == ["retaken", "sent", "sent"]
    finally:
        db.dispose()


async def test_only_an_unreachable_database_counts_as_a_connection_failure(tmp_path: Any) -> None:
    from sqlalchemy import create_engine, text

    from bot.storage.database import connection_lost

    def error_of(url: str, sql: str) -> BaseException:
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                conn.execute(text(sql))
        except Exception as exc:  # noqa: BLE001 - the error itself is what is tested
            return exc
        finally:
            engine.dispose()
        raise AssertionError("no error")

    assert connection_lost(error_of("postgresql+psycopg://hoagiai@127.0.0.1:1/none?connect_timeout=2", "select 1"))
    assert connection_lost(error_of(f"sqlite:///{tmp_path}/missing/dir/x.db", "select 1"))
    assert not connection_lost(error_of(f"sqlite:///{tmp_path}/a.db", "select * from no_such_table"))
    assert not connection_lost(ValueError("boom"))
