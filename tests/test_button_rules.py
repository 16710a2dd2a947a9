"""Buttons as each channel can show them: whole titles on the web (its buttons wrap), titles cut at 60 characters
where a button is one line (Telegram) or a numbered line (Zalo); and never more than five buttons under a reply,
whichever feature added them (walked over the web chat API with the bundled knowledge)."""

from collections import deque
from pathlib import Path
from typing import Any

from bot.app import build_core, build_web_app
from bot.channels import telegram_translate, zalo_bot
from bot.core.knowledge import BUNDLED_KNOWLEDGE
from bot.core.messages import Incoming
from tests.conftest import SAMPLE, qa
from tests.tools_support import chat

LONG = ("Khi hai gia đình trong bản tranh chấp ranh giới nương ngô đã nhiều năm thì tổ hòa giải "
        "nên bắt đầu từ đâu?")


async def test_the_web_shows_whole_titles_and_telegram_and_zalo_cut_them(aiohttp_client, settings_for,  # type: ignore[no-untyped-def]
                                                                          make_knowledge) -> None:
    root: Path = make_knowledge([("qa", e) for e in SAMPLE] + [("qa", qa("ranh-gioi-nuong", LONG, ["ranh gioi nuong"],
                                                                         "Nghe hai bên, xem mốc giới cũ."))])
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=root))
    client = await aiohttp_client(build_web_app(core))
    web = (await chat(client, "t1", action="t:quy-dinh-chung:1"))["replies"][0]
    assert LONG in [b["label"] for b in web["buttons"]]
    for caps in (telegram_translate.CAPS, zalo_bot.CAPS):
        turn = await core.dialogue.handle(Incoming("x", "u1", "action", action="t:quy-dinh-chung:1", caps=caps))
        labels = [b.label for b in turn.replies[0].buttons]
        assert LONG not in labels and LONG[:50] in "".join(labels)
        assert all(len(label) <= 60 for label in labels)


async def test_no_reply_has_more_than_five_buttons(aiohttp_client, settings_for) -> None:  # type: ignore[no-untyped-def]
    """Menus, lists, answers, forms, the scope check and the emergency block, pressed breadth-first."""
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=BUNDLED_KNOWLEDGE, HOAGIAI_FLOOD_LIMIT=10_000,
                                   HOAGIAI_RATE_PER_IP=0))
    client = await aiohttp_client(build_web_app(core))
    seen: set[str] = set()
    todo: deque[str] = deque()
    counted = 0

    def take(data: dict[str, Any]) -> None:
        nonlocal counted
        for reply in data["replies"]:
            counted += 1
            assert len(reply["buttons"]) <= 5, (reply["text"][:80], [b["label"] for b in reply["buttons"]])
            for b in reply["buttons"]:
                if b["action"] not in seen and not b["action"].startswith("xoa:"):
                    seen.add(b["action"])
                    todo.append(b["action"])

    for text in ("/start", "chồng cầm dao dọa giết vợ, hòa giải viên có được trả thù lao không",
                 "hoa giai vien la ai? thu lao the nao? ai cong nhan?", "/vanban", "/kiemtra", "/chuyen"):
        take(await chat(client, "walk", text=text))
    while todo and counted < 250:
        take(await chat(client, "walk", action=todo.popleft()))
    assert counted > 100
