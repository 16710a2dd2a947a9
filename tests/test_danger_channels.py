"""The emergency block is the first reply on every door: Telegram, Zalo Bot Platform and the Zalo OA, each through
its fake API on loopback (the web chat is in test_danger.py)."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_core, build_web_app
from bot.core import texts
from tests.fakes.telegram_api import FakeTelegram, buttons_of
from tests.fakes.zalo_api import FakeZaloBotApi, text_update, wait_for
from tests.fakes.zalo_oa_api import FakeZaloOa
from tests.test_telegram import polling_bot
from tests.test_zalo_oa import APP_ID, APP_SECRET, OA_SECRET, event, post, stored

THREAT = "chong say ruou cam dao doa giet vo, vo chay sang nha toi"


async def test_telegram_sends_the_block_first_with_the_urgent_button(tmp_path: Path, sample_knowledge: Path) -> None:
    fake = await FakeTelegram().start()
    try:
        async with polling_bot(fake, tmp_path / "data", sample_knowledge):
            fake.send_text(501, THREAT)
            block = await fake.next_message(501)
            assert block["text"].startswith("🚨") and "📞 113" in block["text"] and "📞 115" in block["text"]
            assert [label for label, _ in buttons_of(block)] == [texts.BTN_ESCALATE_URGENT]
            after = await fake.next_message(501)  # then the normal answer
            assert not after["text"].startswith("🚨")
    finally:
        await fake.close()


@pytest.fixture
async def zalo() -> AsyncIterator[FakeZaloBotApi]:
    fake = await FakeZaloBotApi("1234567890:fake-zalo-bot-token").start()
    yield fake
    await fake.close()


async def test_zalo_bot_sends_the_block_first(zalo, aiohttp_client, settings_for, sample_knowledge) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge, ZALO_BOT_TOKEN=zalo.token,
                            ZALO_API_BASE_URL=zalo.base_url)
    await aiohttp_client(build_web_app(build_core(settings)))
    await wait_for(lambda: "getUpdates" in zalo.methods(), what="the bot to poll")
    zalo.push(text_update("z9", "co nguoi uong thuoc sau vi cai nhau voi chong"))
    sent = await zalo.wait_sent("z9", 2)
    assert sent[0].startswith("🚨") and "113" in sent[0] and texts.EMERGENCY_ESCALATE_HINT in sent[0]
    assert "1. " not in sent[0]  # no numbered choice to clash with the answer's that follows
    assert not sent[1].startswith("🚨")
    zalo.push(text_update("z9", "/chuyen"))
    form = (await zalo.wait_sent("z9", 3))[2]
    assert form.startswith(texts.ESC_URGENT_FLAGGED)


@pytest.fixture
async def oa() -> AsyncIterator[FakeZaloOa]:
    fake = await FakeZaloOa(APP_ID, APP_SECRET, "access-1", "refresh-1").start()
    yield fake
    await fake.close()


async def test_zalo_oa_sends_the_block_first(oa, aiohttp_client, settings_for, sample_knowledge) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge, ZALO_OA_APP_ID=APP_ID, ZALO_OA_SECRET_KEY=OA_SECRET,
                            ZALO_OA_APP_SECRET=APP_SECRET, ZALO_OA_ACCESS_TOKEN="access-1",
                            ZALO_OA_REFRESH_TOKEN="refresh-1", ZALO_OA_API_BASE_URL=oa.base_url,
                            ZALO_OA_OAUTH_BASE_URL=oa.base_url)
    core = build_core(settings)
    client: Any = await aiohttp_client(build_web_app(core))
    await wait_for(lambda: stored(core) is not None and stored(core).access_token == "access-2", what="refresh")
    await post(client, event("o9", "chồng cầm dao dọa giết vợ"))
    sent = await oa.wait_sent("o9", 2)
    assert sent[0].startswith("🚨") and "📞 111" in sent[0]
    assert not sent[1].startswith("🚨")
