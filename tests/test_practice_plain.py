"""Practice on a channel without buttons (the Zalo OA door against its fake API): choices come numbered and a typed
digit answers them; /coso's matches are numbered too."""

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.app import build_core, build_web_app
from tests.fakes.zalo_oa_api import FakeZaloOa
from tests.test_zalo_oa import APP_ID, APP_SECRET, OA_SECRET, event, post
from tests.training_support import training_knowledge


@pytest.fixture
async def door(aiohttp_client, settings_for, make_knowledge) -> AsyncIterator[Any]:  # type: ignore[no-untyped-def]
    oa = await FakeZaloOa(APP_ID, APP_SECRET, "access-1", "refresh-1").start()
    root = training_knowledge(make_knowledge)
    (root / "communes.yaml").write_text("- id: xa-a\n  name: Xã Chiềng A\n  villages: []\n"
                                        "- id: xa-b\n  name: Xã Chiềng B\n  villages: []\n", encoding="utf-8")
    settings = settings_for(HOAGIAI_KNOWLEDGE_DIR=root, ZALO_OA_APP_ID=APP_ID, ZALO_OA_SECRET_KEY=OA_SECRET,
                            ZALO_OA_APP_SECRET=APP_SECRET, ZALO_OA_ACCESS_TOKEN="access-1",
                            ZALO_OA_REFRESH_TOKEN="refresh-1", ZALO_OA_API_BASE_URL=oa.base_url,
                            ZALO_OA_OAUTH_BASE_URL=oa.base_url, HOAGIAI_DAILY_CHECK_INTERVAL=3600)
    client = await aiohttp_client(build_web_app(build_core(settings)))
    count = 0

    async def send(text: str) -> str:
        nonlocal count
        await post(client, event("p1", text))
        count += 1
        sent = await oa.wait_sent("p1", count)
        count = len(sent)
        return sent[-1]

    yield send
    await oa.close()


async def test_a_round_is_answered_with_typed_digits(door) -> None:  # type: ignore[no-untyped-def]
    menu = await door("/onluyen")
    assert "1. 🔀 Ôn trộn các chủ đề" in menu and "Trả lời bằng số" in menu
    question = await door("1")
    assert question.startswith("🎯 Câu 1/5") and "1. Đáp án đúng của câu" in question and "3. Đáp án sai 3" in question
    verdict = await door("2")
    assert verdict.startswith("❌ Chưa đúng.") and "Căn cứ: Luật HGCS (Điều 10)" in verdict
    assert "1. ➡️ Câu tiếp (2/5)" in verdict and "2. 📚 Đọc bài liên quan" in verdict
    assert (await door("1")).startswith("🎯 Câu 2/5")


async def test_coso_matches_are_numbered(door) -> None:  # type: ignore[no-untyped-def]
    await door("/coso")
    pick = await door("chieng")
    assert "1. Xã Chiềng A" in pick and "2. Xã Chiềng B" in pick
    village = await door("2")
    assert "Xã Chiềng B: bạn ở bản" in village and "bỏ qua" in village
    assert "Xã Chiềng B" in await door("bỏ qua")
