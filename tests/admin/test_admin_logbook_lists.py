"""The logbook's lists edited in the console over real HTTP: checked like `hoagiai check`, kept with their source
comment, applied at once to /ghiso; a retired kind is no longer offered; staff cannot reach the page."""

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.app import build_core, build_web_app
from bot.core import texts
from bot.storage import knowledge_repo
from tests.admin_support import Agent, add_user
from tests.logbook_support import logbook_knowledge
from tests.training_support import Clock, say


@pytest.fixture
async def console(aiohttp_client, settings_for, make_knowledge) -> AsyncIterator[Any]:  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=logbook_knowledge(make_knowledge),
                                   HOAGIAI_DAILY_CHECK_INTERVAL=3600), clock=Clock())
    add_user(core, "editor", "editor")
    add_user(core, "staff", "staff")
    client = await aiohttp_client(build_web_app(core))
    client.core, agents = core, []

    async def agent(username: str) -> Agent:
        a = Agent(client)
        agents.append(a)
        assert (await a.login(username)).status == 200
        return a

    client.agent = agent
    yield client
    for a in agents:
        await a.close()


async def test_the_lists_edited_in_the_console_are_checked_and_used_by_ghiso(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    page = await (await editor.get("/admin/logbook-lists")).text()
    assert "dat-dai | Đất đai" in page and "thanh | Hòa giải thành" in page
    boxes = {"kinds": "dat-dai | Đất đai\nkhac | Khác | ẩn\n | Tranh chấp nương rẫy",
             "starts": "cac-ben-yeu-cau | Một bên hoặc các bên yêu cầu",
             "results": "thanh | Thành\nkhong-thanh | Không thành\ndang-hoa-giai | Đang hòa giải"}
    bad = await editor.post("/admin/logbook-lists", boxes)
    assert bad.status == 400 and "ngoai-pham-vi" in await bad.text()
    wrong_line = await editor.post("/admin/logbook-lists", {**boxes, "kinds": "dat-dai | Đất đai\nchỉ một cột"})
    assert wrong_line.status == 400 and "Loại vụ, việc, dòng 2" in await wrong_line.text()
    boxes["results"] += "\nngoai-pham-vi | Không thuộc phạm vi"
    ok = await editor.post("/admin/logbook-lists", boxes)
    assert texts.ADMIN_FLASH["logbook-lists"] in await ok.text()
    stored = console.core.db.call(knowledge_repo.get_file, name="logbook.yaml")
    assert stored.startswith("# Sổ ghi chép vụ, việc hòa giải (/ghiso)") and "id: tranh-chap-nuong-ray" in stored

    await say(console, "e1", text="/coso")
    await say(console, "e1", text="chieng coi")
    await say(console, "e1", text="bỏ qua")
    date = await say(console, "e1", text="/ghiso")
    kind = await say(console, "e1", action=date["replies"][-1]["buttons"][0]["action"])
    labels = [b["label"] for b in kind["replies"][-1]["buttons"]]
    assert labels == ["Đất đai", "Tranh chấp nương rẫy", "✖ Hủy"]  # the retired "Khác" is not offered

    staff = await console.agent("staff")
    assert (await staff.get("/admin/logbook-lists")).status == 403
