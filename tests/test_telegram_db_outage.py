"""Telegram webhook during a database outage (PostgreSQL refusing connections): 503, so that Telegram redelivers,
and the redelivery is answered once the database is back."""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import create_engine, text

from bot.app import build_core, build_web_app
from bot.channels.telegram_webhook import SECRET_HEADER, route_path
from bot.config import Settings
from tests.conftest import PG_ADMIN_URL, SAMPLE, fresh_postgres_database, postgres_available, write_knowledge
from tests.fakes.telegram_api import FakeTelegram

SECRET = "s3cret-Token_2"
pytestmark = pytest.mark.skipif(not postgres_available(), reason="PostgreSQL at 127.0.0.1:5432 is not reachable")


@pytest.fixture
def pg_url() -> Iterator[str]:
    url, drop = fresh_postgres_database()
    yield url
    drop()


def allow_connections(url: str, allowed: bool) -> None:
    name = url.rsplit("/", 1)[1]
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}'))
        if not allowed:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name})
    admin.dispose()


@pytest.fixture
async def served(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[tuple[str, FakeTelegram]]:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    fake = await FakeTelegram().start()
    knowledge = write_knowledge(tmp_path / "kb", [("qa", e) for e in SAMPLE])
    settings = Settings(_env_file=None, HOAGIAI_KNOWLEDGE_DIR=str(knowledge), DATABASE_URL=pg_url,  # type: ignore[call-arg]
                        HOAGIAI_DATA_DIR=str(tmp_path / "data"), HOAGIAI_USER_SALT="salt",
                        TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_BASE_URL=fake.base_url,
                        TELEGRAM_WEBHOOK_URL="https://hoagiai.example.org/", TELEGRAM_WEBHOOK_SECRET=SECRET)
    runner = web.AppRunner(build_web_app(build_core(settings)))
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        yield f"http://127.0.0.1:{runner.addresses[0][1]}{route_path(fake.token)}", fake
    finally:
        allow_connections(pg_url, True)
        await runner.cleanup()
        await fake.close()


async def test_an_unreachable_database_answers_503_and_the_redelivery_is_answered_once(
        served: tuple[str, FakeTelegram], pg_url: str) -> None:
    url, fake = served
    update = fake.text_update(3001, "thu lao hgv")
    async with aiohttp.ClientSession() as http:
        allow_connections(pg_url, False)
        async with http.post(url, json=update, headers={SECRET_HEADER: SECRET}) as resp:
            assert resp.status == 503
        assert fake.messages_to(3001) == []
        allow_connections(pg_url, True)
        for _ in range(2):  # Telegram redelivers; a second redelivery is acknowledged without a second answer
            async with http.post(url, json=update, headers={SECRET_HEADER: SECRET}) as resp:
                assert resp.status == 200
    assert len(fake.messages_to(3001)) == 1
