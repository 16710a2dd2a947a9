"""HOAGIAI_RATE_PER_IP: chat messages and library searches per client address per minute (429 in Vietnamese beyond
it), whatever session id the client makes up; webhooks are never limited."""

import hashlib
from pathlib import Path

from bot.app import build_core, build_web_app
from bot.core import texts
from tests.fakes.zalo_api import FakeZaloBotApi, text_update, wait_for


async def start(aiohttp_client, settings_for, knowledge: Path, **env: object):  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=knowledge, **env))
    client = await aiohttp_client(build_web_app(core))
    client.core = core
    return client


async def test_the_sixty_first_message_in_a_minute_from_one_address_gets_429_whatever_its_session(  # type: ignore[no-untyped-def]
    aiohttp_client, settings_for, sample_knowledge: Path
) -> None:
    client = await start(aiohttp_client, settings_for, sample_knowledge)  # the default limit
    assert client.core.settings.rate_per_ip == 60
    for n in range(60):
        resp = await client.post("/api/chat", json={"session": f"made-up-{n}", "text": "thu lao"})
        assert resp.status == 200, n
    refused = await client.post("/api/chat", json={"session": "yet-another", "text": "thu lao"})
    assert refused.status == 429 and refused.headers["Retry-After"] == "60"
    assert await refused.json() == {"error": texts.RATE_LIMITED, "field": None}
    assert (await client.get("/api/history?session=yet-another")).status == 200  # only messages are counted


async def test_library_searches_share_the_limit_and_other_pages_do_not(  # type: ignore[no-untyped-def]
    aiohttp_client, settings_for, sample_knowledge: Path
) -> None:
    client = await start(aiohttp_client, settings_for, sample_knowledge, HOAGIAI_RATE_PER_IP=3)
    assert (await client.post("/api/chat", json={"session": "s1", "text": "thu lao"})).status == 200
    for _ in range(2):
        assert (await client.get("/thu-vien/tim", params={"q": "thù lao"})).status == 200
    refused = await client.get("/thu-vien/tim", params={"q": "thù lao"})
    page = await refused.text()
    assert refused.status == 429 and texts.RATE_LIMITED in page and 'role="alert"' in page
    assert (await client.get("/thu-vien/")).status == 200
    assert (await client.post("/api/chat", json={"session": "s2", "text": "thu lao"})).status == 429


async def test_behind_a_listed_proxy_each_client_address_has_its_own_limit(  # type: ignore[no-untyped-def]
    aiohttp_client, settings_for, sample_knowledge: Path
) -> None:
    client = await start(aiohttp_client, settings_for, sample_knowledge, HOAGIAI_RATE_PER_IP=2,
                         HOAGIAI_TRUSTED_PROXIES="127.0.0.1")

    async def ask(address: str) -> int:
        resp = await client.post("/api/chat", json={"session": "s", "text": "thu lao"},
                                 headers={"X-Forwarded-For": address})
        return resp.status

    assert [await ask("192.0.2.1") for _ in range(3)] == [200, 200, 429]
    assert await ask("192.0.2.2") == 200


async def test_zero_turns_the_limit_off(aiohttp_client, settings_for, sample_knowledge: Path) -> None:  # type: ignore[no-untyped-def]
    client = await start(aiohttp_client, settings_for, sample_knowledge, HOAGIAI_RATE_PER_IP=0)
    for n in range(70):
        assert (await client.post("/api/chat", json={"session": "s", "text": "thu lao"})).status == 200, n


async def test_webhooks_are_never_limited(aiohttp_client, settings_for, sample_knowledge: Path) -> None:  # type: ignore[no-untyped-def]
    token, secret = "1234567890:fake-zalo-bot-token", "webhook-secret-123"
    zalo = await FakeZaloBotApi(token).start()
    try:
        client = await start(aiohttp_client, settings_for, sample_knowledge, HOAGIAI_RATE_PER_IP=1,
                             ZALO_BOT_TOKEN=token, ZALO_API_BASE_URL=zalo.base_url,
                             ZALO_WEBHOOK_URL="https://hoagiai.example.org/", ZALO_WEBHOOK_SECRET=secret)
        await wait_for(lambda: zalo.webhook is not None, what="setWebhook")
        route = "/zalo/" + hashlib.sha256(f"hoagiai-zalo:{token}".encode()).hexdigest()[:32]
        for n in range(4):
            update = text_update("w1", "hoa giai vien co duoc tra thu lao khong", message_id=f"m-{n}")
            resp = await client.post(route, json=update, headers={"X-Bot-Api-Secret-Token": secret})
            assert resp.status == 200, n
        assert len(await zalo.wait_sent("w1", 4)) == 4
        await client.close()
    finally:
        await zalo.close()
