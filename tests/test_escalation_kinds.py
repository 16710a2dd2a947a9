""""🆘 Hỏi cán bộ" asks for the kind of dispute (land, family, debts and livestock, customs, violence), not for a
knowledge topic such as "Hòa giải viên"; the staff's case inbox filters by the same kinds."""

from pathlib import Path

from bot.app import build_core, build_web_app
from bot.core import texts
from bot.core.knowledge import load_topics
from tests.admin_support import Agent, add_user

DISPUTES = ["dat-dai", "hon-nhan-gia-dinh", "dan-su-lang-xom", "phong-tuc-tap-quan", "bao-luc-an-toan"]


async def test_the_case_form_offers_kinds_of_dispute_and_the_case_inbox_filters_by_them(  # type: ignore[no-untyped-def]
    aiohttp_client, settings_for, sample_knowledge: Path
) -> None:
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge))
    add_user(core, "canbo", "staff")
    client = await aiohttp_client(build_web_app(core))

    async def say(**body: str) -> dict:  # type: ignore[type-arg]
        resp = await client.post("/api/chat", json={"session": "kinds", **body})
        return await resp.json()  # type: ignore[no-any-return]

    form = await say(action="chuyen")
    shown = form["replies"][0]["buttons"]
    more = await say(action=shown[-1]["action"])  # "⋯ Thêm": the rest of the kinds and "Loại khác"
    buttons = [b for b in shown if b["label"] != texts.BTN_OVERFLOW] + more["replies"][0]["buttons"]
    titles = {t.id: t.title for t in load_topics(sample_knowledge / "topics.yaml").values()}
    assert [b["action"] for b in buttons] == [f"c:topic:{t}" for t in DISPUTES] + ["c:topic:"]
    assert [b["label"] for b in buttons] == [titles[t] for t in DISPUTES] + [texts.BTN_OTHER_TOPIC]

    staff = Agent(client)
    await staff.login("canbo")
    page = await (await staff.get("/admin/cases")).text()
    options = page[page.index('name="topic"'):]
    options = options[:options.index("</select>")]
    assert all(f'value="{t}"' in options for t in DISPUTES) and 'value="hoa-giai-vien"' not in options
    await staff.close()
    await core.close()


async def test_the_guide_names_the_commands_that_reach_staff(aiohttp_client, settings_for, sample_knowledge: Path) -> None:  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge))
    client = await aiohttp_client(build_web_app(core))
    resp = await client.post("/api/chat", json={"session": "guide", "text": "/huongdan"})
    text = "\n".join(r["text"] for r in (await resp.json())["replies"])
    assert "/chuyen" in text and "/vuviec" in text and "/kiemtra" in text
    await core.close()
