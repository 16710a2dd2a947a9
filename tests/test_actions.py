"""The action table: every button format already sent to users still parses, every button the bot sends can be
pressed, and a malformed or unknown action gets one polite refusal with the main menu (over the real web chat API)."""

from collections import deque
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_core, build_web_app
from bot.core import actions, texts
from bot.core.knowledge import BUNDLED_KNOWLEDGE

# Formats as they appear in chat histories today, with the arguments they carry and who owns them.
FORMATS = [
    ("menu", (), "dialogue"), ("guide", (), "dialogue"), ("qa", (), "dialogue"), ("sc", (), "dialogue"),
    ("lf", (), "dialogue"), ("sk", (), "dialogue"), ("t:hoa-giai-vien:2", ("hoa-giai-vien", 2), "dialogue"),
    ("st:dat-dai:1", ("dat-dai", 1), "dialogue"), ("lfp:2", (2,), "dialogue"), ("skp:1", (1,), "dialogue"),
    ("e:ma-chai", ("ma-chai",), "dialogue"), ("p:ma-chay", ("ma-chay",), "dialogue"),
    ("m:thu-lao-hoa-giai-vien:3", ("thu-lao-hoa-giai-vien", 3), "dialogue"), ("up:ma-chai", ("ma-chai",), "dialogue"),
    ("dn:ma-chai", ("ma-chai",), "dialogue"), ("r:wrong_question", ("wrong_question",), "dialogue"),
    ("skip", (), "dialogue"), ("xoa:y", ("y",), "dialogue"), ("xoa:n", ("n",), "dialogue"),
    ("chuyen", (), "escalation"), ("c:topic:dat-dai", ("dat-dai",), "escalation"), ("c:topic:", ("",), "escalation"),
    ("c:commune", (), "escalation"), ("c:attach:y", ("y",), "escalation"), ("c:add:17", (17,), "escalation"),
    ("c:rate:17:5", (17, 5), "escalation"), ("k:start", ("start",), "scope"), ("k:co-the", ("co-the",), "scope"),
    ("v:menu", (), "paperwork"), ("v:d:van-ban-hoa-giai-thanh", ("van-ban-hoa-giai-thanh",), "paperwork"),
    ("v:cancel", (), "paperwork"), ("v:skip:3", (3,), "paperwork"), ("v:c:2:0", (2, 0), "paperwork"),
    ("s:take:42", (42,), "staff"), ("s:close:42", (42,), "staff"),
    ("c:urgent", (), "escalation"), ("v:back:3", (3,), "paperwork"), ("v:keep:2", (2,), "paperwork"),
    ("v:edit:5", (5,), "paperwork"), ("v:make", (), "paperwork"),
]


@pytest.mark.parametrize(("raw", "args", "owner"), FORMATS, ids=[f[0] for f in FORMATS])
def test_every_action_format_already_sent_still_parses_with_typed_arguments(raw: str, args: tuple[Any, ...],
                                                                            owner: str) -> None:
    action = actions.parse(raw)
    assert action is not None
    assert (action.args, action.owner) == (args, owner)
    assert actions.act(action.code, *action.args) == raw


MALFORMED = ["c:rate:abc:5", "m:x:y:z", "m:ma-chai", "m:ma-chai:0", "t:hoa-giai-vien:trang-2", "c:rate:1:9",
             "xoa:maybe", "v:c:1", "k:", "e:Ma Chai", "no-such-action", "", ":", "::::", "menu:1", "s:take:1:2",
             "c", "v", "🆘", "e:" + "a" * 60 + ":", "c:rate:-1:5", "c:rate:１:5"]


@pytest.fixture
async def client(aiohttp_client, settings_for, sample_knowledge: Path):  # type: ignore[no-untyped-def]
    return await aiohttp_client(build_web_app(build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge))))


async def press(client: Any, action: str, session: str = "a1") -> dict[str, Any]:
    resp = await client.post("/api/chat", json={"session": session, "action": action})
    assert resp.status == 200, await resp.text()
    return dict(await resp.json())


@pytest.mark.parametrize("raw", MALFORMED, ids=[repr(m) for m in MALFORMED])
async def test_a_malformed_or_unknown_action_is_refused_politely_with_the_main_menu(client: Any, raw: str) -> None:
    assert actions.parse(raw) is None
    menu = (await (await client.post("/api/chat", json={"session": "a1", "text": "/start"})).json())["replies"][0]
    [reply] = (await press(client, raw))["replies"]
    assert reply["text"] == texts.STALE_BUTTON == "Nút này đã cũ, bạn chọn lại từ menu nhé."
    assert reply["buttons"] == menu["buttons"]


async def test_a_staff_card_button_pressed_in_a_mediators_chat_is_refused(client: Any) -> None:
    [reply] = (await press(client, "s:take:1"))["replies"]
    assert reply["text"] == texts.STALE_BUTTON


async def test_every_button_the_bot_sends_can_be_pressed(aiohttp_client, settings_for) -> None:  # type: ignore[no-untyped-def]
    """Walk the menus of the bundled knowledge breadth-first, pressing each distinct button once."""
    settings = settings_for(HOAGIAI_KNOWLEDGE_DIR=BUNDLED_KNOWLEDGE, HOAGIAI_RATE_PER_IP=0)  # hundreds of presses
    client = await aiohttp_client(build_web_app(build_core(settings)))
    start = await (await client.post("/api/chat", json={"session": "walk", "text": "/start"})).json()
    todo = deque(b["action"] for b in start["replies"][0]["buttons"])
    seen: set[str] = set(todo)
    pressed = 0
    while todo and pressed < 250:
        action = todo.popleft()
        assert actions.parse(action) is not None, action
        data = await press(client, action, "walk")
        pressed += 1
        for reply in data["replies"]:
            assert reply["text"] != texts.STALE_BUTTON, action
            for b in reply["buttons"]:
                if b["action"] not in seen and not b["action"].startswith("xoa:"):
                    seen.add(b["action"])
                    todo.append(b["action"])
    assert pressed > 60  # topics, entries, "Xem thêm" pages, the scope tree and the paperwork forms
    assert {"k", "v:d", "t", "e", "m"} <= {a.code for a in map(actions.parse, seen) if a is not None}
