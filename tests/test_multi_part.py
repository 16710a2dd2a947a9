"""A message that asks two things gets both answered: together when they fit one message of the channel, otherwise
the first in full and a "❓ Câu 2" choice for the next (a button on the web, a numbered choice on Zalo)."""

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_core, build_web_app
from bot.core import texts
from bot.core.schema import Kind
from tests.conftest import SAMPLE, qa
from tests.fakes.zalo_api import FakeZaloBotApi, text_update, wait_for

TOKEN = "1234567890:fake-zalo-bot-token"
WRITE = " ".join(["Văn bản hòa giải thành ghi tên các bên, nội dung vụ việc, thỏa thuận đạt được, chữ ký."] * 10)
FOLLOW = " ".join(["Hòa giải viên theo dõi, đôn đốc các bên làm đúng điều đã cam kết và báo tổ trưởng."] * 10)
# Entries with answers of almost 900 characters: three of them do not fit a Zalo message (2,000 characters).
BIG = [
    qa("lap-van-ban-hoa-giai", "Lập văn bản hòa giải thành như thế nào?",
       ["lap van ban hoa giai thanh", "viết biên bản hòa giải thành", "văn bản hòa giải thành ghi gì",
        "làm giấy hòa giải thành"], WRITE[:880], article=24),
    qa("theo-doi-thuc-hien", "Ai theo dõi việc thực hiện thỏa thuận hòa giải thành?",
       ["ai theo doi thuc hien thoa thuan", "theo dõi thực hiện thỏa thuận", "đôn đốc thực hiện thỏa thuận",
        "ai nhắc các bên làm theo thỏa thuận"], FOLLOW[:870], article=26),
]
TWO_SHORT = ("Nhà tôi ở bản Mòng, hàng xóm hay cãi nhau. Hòa giải viên có được trả thù lao không? "
             "Và tổ chức ma chay kéo dài có được hòa giải không?")
TWO_LONG = ("Tổ tôi vừa hòa giải thành vụ lấn đất. Lập văn bản hòa giải thành như thế nào? "
            "Còn ai theo dõi việc thực hiện thỏa thuận hòa giải thành?")
THREE_LONG = TWO_LONG + " Và ai có thể được bầu làm hòa giải viên?"


@pytest.fixture
def knowledge(make_knowledge: Callable[[list[tuple[Kind, dict[str, Any]]]], Path]) -> Path:
    return make_knowledge([("qa", e) for e in [*SAMPLE, *BIG]])


@pytest.fixture
async def web(aiohttp_client, settings_for, knowledge: Path) -> Any:  # type: ignore[no-untyped-def]
    return await aiohttp_client(build_web_app(build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=knowledge))))


async def chat(client: Any, **body: Any) -> dict[str, Any]:
    resp = await client.post("/api/chat", json={"session": "multi", **body})
    assert resp.status == 200, await resp.text()
    return dict(await resp.json())


async def test_two_questions_that_fit_are_answered_together_each_under_its_question(web: Any) -> None:
    data = await chat(web, text=TWO_SHORT)
    [reply] = data["replies"]
    assert "❓ Hòa giải viên có được trả thù lao không?" in reply["text"]
    assert "❓ Tổ chức ma chay kéo dài có được hòa giải không?" in reply["text"]
    assert reply["text"].count("Căn cứ:") == 2 and len(reply["buttons"]) <= 5
    assert data["outcome"] == "answer" and data["results"][0]["id"] == "thu-lao-hoa-giai-vien"


async def test_on_the_web_two_long_answers_still_fit_and_come_together(web: Any) -> None:
    [reply] = (await chat(web, text=TWO_LONG))["replies"]
    assert reply["text"].index("❓ Lập văn bản") < reply["text"].index("❓ Ai theo dõi")


@pytest.fixture
async def zalo(knowledge: Path, aiohttp_client, settings_for) -> AsyncIterator[FakeZaloBotApi]:  # type: ignore[no-untyped-def]
    fake = await FakeZaloBotApi(TOKEN).start()
    settings = settings_for(HOAGIAI_KNOWLEDGE_DIR=knowledge, ZALO_BOT_TOKEN=TOKEN, ZALO_API_BASE_URL=fake.base_url)
    await aiohttp_client(build_web_app(build_core(settings)))
    await wait_for(lambda: "getUpdates" in fake.methods(), what="the bot to poll")
    yield fake
    await fake.close()


async def test_on_zalo_the_first_answer_comes_in_full_and_the_second_question_is_a_numbered_choice(zalo) -> None:  # type: ignore[no-untyped-def]
    zalo.push(text_update("m1", THREE_LONG))
    [first] = await zalo.wait_sent("m1")
    assert first.startswith("❓ Lập văn bản hòa giải thành như thế nào?") and "❓ Ai theo dõi" not in first
    choice = next(line for line in first.splitlines() if texts.BTN_PART.format(n=2, q="") in line)
    # at most five choices: the third question waits behind "⋯ Thêm" when the answer's own choices take the room
    third_shown = any(texts.BTN_PART.format(n=3, q="") in line for line in first.splitlines())
    assert third_shown or any(texts.BTN_OVERFLOW in line for line in first.splitlines())
    zalo.push(text_update("m1", choice.split(".")[0]))  # the user answers with the digit
    second = (await zalo.wait_sent("m1", 2))[1]
    assert second.startswith("❓ Ai theo dõi việc thực hiện thỏa thuận hòa giải thành?")
