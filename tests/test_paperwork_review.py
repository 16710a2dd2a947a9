"""Paperwork (/vanban) corrections over the web chat API: "◀ Sửa mục trước" at every step, the review step with
"Sửa mục N", names typed without diacritics questioned once, and the emergency block in the middle of a form."""

from pathlib import Path
from typing import Any

import pytest

from bot.app import build_core, build_web_app
from bot.core import texts
from bot.core.messages import Incoming
from tests.test_paperwork import CAPS, download, template_fields
from tests.tools_support import add_tool_files, chat, docx_text, press

TEMPLATE = "bien-ban-hoa-giai-khong-thanh"


@pytest.fixture
async def client(aiohttp_client, settings_for, sample_knowledge: Path):  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=add_tool_files(sample_knowledge), HOAGIAI_FLOOD_LIMIT=200))
    client = await aiohttp_client(build_web_app(core))
    client.core = core
    return client


async def open_form(client: Any, session: str) -> dict[str, Any]:
    return (await chat(client, session, action=f"v:d:{TEMPLATE}"))["replies"][0]


async def first(client: Any, session: str, **body: str) -> dict[str, Any]:
    return (await chat(client, session, **body))["replies"][0]


async def test_every_step_after_the_first_offers_going_back_and_shows_what_was_typed(client) -> None:  # type: ignore[no-untyped-def]
    fields = template_fields(TEMPLATE)
    reply = await open_form(client, "b1")
    assert texts.BTN_FORM_BACK not in [b["label"] for b in reply["buttons"]]  # nothing before the first question
    for step in range(1, len(fields)):
        reply = await first(client, "b1", text=f"Trả lời số {step}")
        assert f"({step + 1}/{len(fields)})" in reply["text"]
        labels = [b["label"] for b in reply["buttons"]]
        assert texts.BTN_FORM_BACK in labels or texts.BTN_OVERFLOW in labels
    back = await first(client, "b1", action=f"v:back:{len(fields) - 1}")
    assert back["text"].startswith(f"({len(fields) - 1}/{len(fields)})")
    assert texts.PAPERWORK_GIVEN.format(value=f"Trả lời số {len(fields) - 1}") in back["text"]
    again = await first(client, "b1", text="Đã sửa")
    assert again["text"].startswith(f"({len(fields)}/{len(fields)})")  # on to the question after it
    typed_back = await first(client, "b1", text="quay lai")
    assert typed_back["text"].startswith(f"({len(fields) - 1}/{len(fields)})") and "Đã sửa" in typed_back["text"]


async def test_the_review_lists_every_answer_and_an_edit_returns_to_it(client) -> None:  # type: ignore[no-untyped-def]
    fields = template_fields(TEMPLATE)
    await open_form(client, "r1")
    reply: dict[str, Any] = {}
    for field in fields:
        value = "bỏ qua" if field["id"] == "dien-bien" else f"Giá trị {field['id']}"
        reply = await first(client, "r1", text=value)
    assert reply["text"].startswith(texts.PAPERWORK_REVIEW)
    lines = reply["text"].split("\n")
    assert "1. Tổ hòa giải: Giá trị to-hoa-giai" in lines
    assert "5. Bên thứ nhất: Giá trị ben-thu-nhat" in lines
    assert "6. Bên thứ hai: Giá trị ben-thu-hai" in lines
    assert f"8. Diễn biến và ý kiến của các bên: {texts.FORM_BLANK}" in lines  # named after its section
    assert [b["label"] for b in reply["buttons"]][:2] == [texts.BTN_FORM_MAKE, texts.BTN_FORM_EDIT.format(n=1)]
    assert len(reply["buttons"]) <= 5
    edit = await first(client, "r1", action="v:edit:5")
    assert edit["text"].startswith(f"(5/{len(fields)})") and "Giá trị ben-thu-nhat" in edit["text"]
    back_to_review = await first(client, "r1", text="Lò Văn Pấng, bản Nà Sản")
    assert "5. Bên thứ nhất: Lò Văn Pấng, bản Nà Sản" in back_to_review["text"].split("\n")
    typed_edit = await first(client, "r1", text="sửa 8")
    assert typed_edit["text"].startswith(f"(8/{len(fields)})")
    reviewed = await first(client, "r1", text="Hai bên giữ ý kiến")
    done = await first(client, "r1", action=press(reviewed, texts.BTN_FORM_MAKE))
    content = docx_text((await download(client, done["link"]["url"]))[1])
    assert "Lò Văn Pấng, bản Nà Sản" in content and "Hai bên giữ ý kiến" in content
    assert "Giá trị ben-thu-nhat" not in content
    stale = await first(client, "r1", action="v:make")
    assert stale["text"] == texts.EXPIRED_BUTTON  # made once; the form is closed


async def test_a_name_typed_without_diacritics_is_questioned_once(client) -> None:  # type: ignore[no-untyped-def]
    await open_form(client, "d1")
    asked = await first(client, "d1", text="To hoa giai ban Na San")
    assert asked["text"] == texts.PAPERWORK_ASK_MARKS.format(value="To hoa giai ban Na San")
    assert asked["buttons"][0]["label"].startswith("✔ Giữ nguyên")
    retyped = await first(client, "d1", text="Tổ hòa giải bản Nà Sản")
    assert retyped["text"].startswith("(2/")  # taken as typed again
    timed = await first(client, "d1", text="8h sang ngay 3/12/2026")  # not a name or place: nothing asked
    assert timed["text"].startswith("(3/")
    unmarked = await first(client, "d1", text="Nha van hoa ban")  # a place: asked once per form only
    assert unmarked["text"].startswith("(4/")
    await first(client, "d1", action="v:back:3")
    await first(client, "d1", text="Nhà văn hóa bản Nà Sản")
    reply = await first(client, "d1", text="bỏ qua")
    for _ in template_fields(TEMPLATE)[4:]:
        reply = await first(client, "d1", text="bỏ qua")
    assert "1. Tổ hòa giải: Tổ hòa giải bản Nà Sản" in reply["text"].split("\n")
    assert "3. Địa điểm: Nhà văn hóa bản Nà Sản" in reply["text"].split("\n")


async def test_keeping_a_name_without_diacritics_takes_it_as_typed(client) -> None:  # type: ignore[no-untyped-def]
    await open_form(client, "k1")
    asked = await first(client, "k1", text="Giang A Su")
    kept = await first(client, "k1", action=asked["buttons"][0]["action"])
    assert kept["text"].startswith("(2/")
    back = await first(client, "k1", text="quay lại")
    assert texts.PAPERWORK_GIVEN.format(value="Giang A Su") in back["text"]


async def test_a_danger_message_inside_a_form_shows_the_block_then_the_same_question(client) -> None:  # type: ignore[no-untyped-def]
    await open_form(client, "e1")
    await first(client, "e1", text="Tổ hòa giải bản Mé")
    data = await chat(client, "e1", text="chong no dang cam dao doa giet vo, vo chay sang nha toi")
    block, step = data["replies"]
    assert block["text"].startswith("🚨") and "113" in block["text"]
    assert step["text"].startswith("(2/") and texts.PAPERWORK_GIVEN.split("{")[0] not in step["text"]
    reply = await first(client, "e1", text="9 giờ sáng nay")  # the form goes on where it was
    assert reply["text"].startswith("(3/")


async def test_zalo_goes_back_and_edits_by_typing(settings_for, sample_knowledge: Path) -> None:
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=add_tool_files(sample_knowledge)))

    async def say(text: str) -> str:
        turn = await core.dialogue.handle(Incoming("zalo", "z1", "text", text, caps=CAPS["zalo"]))
        return turn.replies[-1].text

    try:
        await core.dialogue.handle(Incoming("zalo", "z1", "action", action=f"v:d:{TEMPLATE}", caps=CAPS["zalo"]))
        assert "quay lại" in await say("Tổ hòa giải bản Mé")
        assert (await say("quay lai")).startswith("(1/")
        for _ in template_fields(TEMPLATE):
            text = await say("bỏ qua")
        assert text.startswith(texts.PAPERWORK_REVIEW)
        assert (await say("sua 2")).startswith("(2/")
    finally:
        await core.close()
