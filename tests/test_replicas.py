"""Two real replica processes against one real PostgreSQL database."""

import asyncio
import datetime as dt
import time

import aiohttp
import pytest
from sqlalchemy import text

from bot.channels.telegram_webhook import SECRET_HEADER, route_path
from bot.storage import knowledge_repo
from bot.storage.database import Database
from bot.storage.db import make_engine
from tests.conftest import _PG, fresh_postgres_database
from tests.fakes.telegram_api import FakeTelegram
from tests.support import free_port, start_server, wait_ready

SECRET = "replica-secret"

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url():  # type: ignore[no-untyped-def]
    if not _PG:
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is not reachable")
    url, drop = fresh_postgres_database()
    yield url
    drop()


@pytest.fixture
async def fake_telegram():  # type: ignore[no-untyped-def]
    fake = await FakeTelegram().start()
    yield fake
    await fake.close()


@pytest.fixture
async def replicas(pg_url: str, tmp_path, fake_telegram: FakeTelegram):  # type: ignore[no-untyped-def]
    ports = [free_port(), free_port()]
    telegram = {"TELEGRAM_BOT_TOKEN": fake_telegram.token, "TELEGRAM_API_BASE_URL": fake_telegram.base_url,
                "TELEGRAM_WEBHOOK_URL": "https://replicas.invalid", "TELEGRAM_WEBHOOK_SECRET": SECRET}
    procs = [start_server(tmp_path / f"r{i}", port, DATABASE_URL=pg_url, HOAGIAI_REFRESH_INTERVAL="30", **telegram)
             for i, port in enumerate(ports)]  # started together: both race to migrate
    try:
        await asyncio.gather(*(wait_ready(p) for p in ports))
        yield ports
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=15)


async def ask(port: int, text_: str) -> dict:
    async with aiohttp.ClientSession() as http, http.post(
        f"http://127.0.0.1:{port}/api/chat", json={"session": "r1", "text": text_}
    ) as resp:
        return await resp.json()


async def test_concurrent_startup_migrates_once(replicas: list[int], pg_url: str) -> None:
    db = Database(make_engine(pg_url))
    versions = db.call(lambda *, session: session.execute(text("SELECT version_num FROM alembic_version")).all())
    entries = db.call(lambda *, session: session.execute(text("SELECT count(*) FROM knowledge_entry")).scalar())
    db.dispose()
    assert len(versions) == 1
    assert entries > 150  # imported once, not twice (ids are primary keys: a double import would have failed)


async def test_publish_on_one_replica_reaches_the_other(replicas: list[int], pg_url: str) -> None:
    question = "Ông Quàng Văn Tiến hỏi chuyện cây sa nhân mọc qua suối"
    before = await ask(replicas[1], question)
    assert not any(r["id"] == "sa-nhan-qua-suoi" for r in before["results"])
    db = Database(make_engine(pg_url))
    data = {"id": "sa-nhan-qua-suoi", "question": question, "alt_questions": ["sa nhan qua suoi"],
            "answer": "Đây là mục thử nghiệm.", "topics": ["dat-dai"],
            "citations": [{"doc": "35/2013/QH13", "article": 3}], "sources": [],
            "reviewed": dt.date(2026, 11, 27), "status": "published"}

    def publish(*, session):  # type: ignore[no-untyped-def]
        knowledge_repo.put_entry(session=session, kind="qa", data=data, author="test", action="publish")
        knowledge_repo.bump_version(session=session)

    db.call(publish)  # what the console does on replica 0; replica 1 learns of it by NOTIFY
    db.dispose()
    deadline = time.monotonic() + 15
    found = False
    while time.monotonic() < deadline and not found:
        result = await ask(replicas[1], question)
        found = bool(result["results"]) and result["results"][0]["id"] == "sa-nhan-qua-suoi"
        await asyncio.sleep(0.05)
    assert found


async def test_an_update_delivered_to_both_replicas_is_answered_once(
    replicas: list[int], fake_telegram: FakeTelegram
) -> None:
    update = fake_telegram.text_update(4242, "hoa giai vien co duoc tra thu lao khong")
    path = route_path(fake_telegram.token)

    async def deliver(port: int) -> int:
        async with aiohttp.ClientSession() as http, http.post(
            f"http://127.0.0.1:{port}{path}", json=update, headers={SECRET_HEADER: SECRET}
        ) as resp:
            return resp.status

    statuses = await asyncio.gather(deliver(replicas[0]), deliver(replicas[1]))
    assert 200 in statuses
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not fake_telegram.sent_to(4242):
        await asyncio.sleep(0.05)
    for status in statuses:  # a replica that saw the other's unfinished claim asked Telegram to come back
        if status != 200:
            assert status == 503
    await asyncio.sleep(0.5)  # the other replica would have answered by now
    assert len(fake_telegram.sent_to(4242)) == 1
    assert "Căn cứ" in fake_telegram.sent_to(4242)[0].params["text"]
