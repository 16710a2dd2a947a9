"""The console's training pages over real HTTP: quiz items made in the entry form, the per-commune report with
"< 5" (page and CSV), contests created and ranked, and the communes list edited and applied at once."""

import csv
import io
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.app import build_core, build_web_app
from bot.core import texts
from bot.storage import contest_repo, knowledge_repo
from tests.admin_support import Agent, add_user
from tests.training_support import Clock, button, say, text_of, training_knowledge

COMMUNES = """# Nguồn: thử nghiệm.
- id: xa-dong
  name: Xã Đông
  villages: []
- id: xa-tay
  name: "=Xã Tây"
  villages: []
"""


@pytest.fixture
async def console(aiohttp_client, settings_for, make_knowledge) -> AsyncIterator[Any]:  # type: ignore[no-untyped-def]
    root = training_knowledge(make_knowledge, items=6)
    (root / "communes.yaml").write_text(COMMUNES, encoding="utf-8")
    clock = Clock()
    settings = settings_for(HOAGIAI_KNOWLEDGE_DIR=root, HOAGIAI_DAILY_CHECK_INTERVAL=3600,
                            HOAGIAI_RATE_PER_IP=0)  # many simulated users, all on loopback
    core = build_core(settings, clock=clock)
    add_user(core, "editor", "editor")
    add_user(core, "staff", "staff")
    client = await aiohttp_client(build_web_app(core))
    client.core, client.clock, agents = core, clock, []

    async def agent(username: str) -> Agent:
        a = Agent(client)
        agents.append(a)
        assert (await a.login(username)).status == 200
        return a

    client.agent = agent
    yield client
    for a in agents:
        await a.close()


async def practise(client: Any, session: str, commune: str, right: int) -> None:
    """Choose a commune with /coso, then answer one round: `right` of five right."""
    await say(client, session, text="/coso")
    await say(client, session, action=f"cs:c:{commune}")
    await say(client, session, action="cs:skip")
    data = await say(client, session, action="o:mix")
    for step in range(5):
        verdict = await say(client, session, action=button(data, "1" if step < right else "2"))
        if step < 4:
            data = await say(client, session, action=button(verdict, "Câu tiếp"))


async def test_the_report_shows_users_and_right_answers_per_commune_and_topic_and_hides_small_cells(console) -> None:  # type: ignore[no-untyped-def]
    for n in range(5):
        await practise(console, f"dong{n}", "xa-dong", right=4)
    for n in range(2):
        await practise(console, f"tay{n}", "xa-tay", right=5)
    editor = await console.agent("editor")
    html = await (await editor.get("/admin/training")).text()
    assert "5 người · 80% đúng" in html
    assert "&lt; 5" in html and "100% đúng" not in html  # two users in Xã Tây: neither number nor share shown
    resp = await editor.get("/admin/training.csv")
    assert resp.headers["Content-Disposition"].startswith("attachment")
    body = (await resp.read()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == texts.ADMIN_CSV_TRAINING_HEADER
    assert ["Xã Đông", "Hòa giải viên", "5", "25", "80"] in rows
    assert ["'=Xã Tây", "Hòa giải viên", "< 5", "", ""] in rows  # a formula-like cell is neutralised
    staff = await console.agent("staff")
    assert (await staff.get("/admin/training")).status == 403


async def test_an_editor_creates_a_contest_and_reads_its_ranking_and_csv(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    form = {"code": "hgv2026", "title": "Hòa giải viên giỏi 2026", "items": "q1\nq2\nkhong-co",
            "starts_at": "2026-12-03T09:00", "ends_at": "2026-12-04T17:00", "seconds": "30"}
    bad = await editor.post("/admin/contests", form)
    assert bad.status == 400 and "Dòng 3: `khong-co` không phải câu trắc nghiệm đã xuất bản" in await bad.text()
    made = await editor.post("/admin/contests", {**form, "items": "q1\nq2"})
    assert made.status == 200 and made.url.path.startswith("/admin/contests/")
    assert "HGV2026" in await made.text()
    assert (await editor.post("/admin/contests", {**form, "items": "q3"})).status == 409  # the code is taken
    contest = console.core.db.call(contest_repo.by_code, code="HGV2026")
    assert contest.starts_at.hour == 2  # 09:00 Vietnam time is 02:00 UTC

    console.clock.now = contest.starts_at
    for session, name in (("t1", "=HYPERLINK(1)"), ("t2", "Cầm Thị Lan")):
        await say(console, session, text="/thi HGV2026")
        await say(console, session, text=name)
        data = await say(console, session, action=f"thi:go:{contest.id}")
        for _ in range(2):
            console.clock.advance(seconds=3 if session == "t1" else 6)
            data = await say(console, session, action=button(data, "1"))
        assert "2/2 câu đúng" in text_of(data)
    page = await (await editor.get(f"/admin/contests/{contest.id}")).text()
    assert page.index("=HYPERLINK(1)") < page.index("Cầm Thị Lan")
    body = (await (await editor.get(f"/admin/contests/{contest.id}/ranking.csv")).read()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1] == ["1", "'=HYPERLINK(1)", "web", "2", "2", "6.0"] and rows[2][:4] == ["2", "Cầm Thị Lan", "web", "2"]


async def test_communes_edited_in_the_console_are_checked_kept_with_their_source_and_used_by_coso(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    page = await (await editor.get("/admin/communes")).text()
    assert "xa-dong | Xã Đông" in page
    bad = await editor.post("/admin/communes", {"communes": "xa-dong | Xã Đông\n | xa dong"})
    assert bad.status == 400 and "Dòng 2" in await bad.text()
    ok = await editor.post("/admin/communes", {"communes": "xa-dong | Xã Đông | Bản Mòn; Bản Lả\n | Xã Mường Mới"})
    assert texts.ADMIN_FLASH["communes"] in await ok.text()
    stored = console.core.db.call(knowledge_repo.get_file, name="communes.yaml")
    assert stored.startswith("# Nguồn: thử nghiệm.\n") and "id: xa-muong-moi" in stored
    await say(console, "v1", text="/coso")
    village = await say(console, "v1", text="muong moi")
    assert "Xã Mường Mới" in text_of(village)
    await say(console, "v2", text="/coso")
    await say(console, "v2", text="xa dong")
    assert "Bản Mòn, Xã Đông" in text_of(await say(console, "v2", text="mon"))


async def test_a_quiz_item_made_in_the_entry_form_previews_as_the_bot_shows_it_and_is_served(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    new = await (await editor.get("/admin/entries/new?kind=quiz")).text()
    assert new.count('name="choice_text"') == 4
    fields = [("kind", "quiz"), ("id", "hoi-thu"), ("question", "Tổ hòa giải có ít nhất mấy hòa giải viên?"),
              ("choice_text", "03 người"), ("choice_correct", "1"), ("choice_explanation", ""),
              ("choice_text", "02 người"), ("choice_correct", "0"), ("choice_explanation", "Luật đòi từ 03 người."),
              ("choice_text", "05 người"), ("choice_correct", "0"), ("choice_explanation", ""),
              ("choice_text", ""), ("choice_correct", "0"), ("choice_explanation", ""),
              ("topics", "to-hoa-giai"), ("cite_doc", "35/2013/QH13"), ("cite_article", "12"), ("cite_clause", "1"),
              ("cite_point", ""), ("sources", ""), ("related", ""), ("reviewed", "2026-12-01")]
    refused = await editor.post("/admin/entries/new", [*fields, ("action", "publish")])
    assert refused.status == 400 and "lựa chọn 3 là lựa chọn sai nên phải có `explanation`" in await refused.text()
    fields[11] = ("choice_explanation", "Luật không đòi 05 người.")
    preview = await (await editor.post("/admin/entries/preview", [*fields, ("action", "preview")])).text()
    assert "1. 03 người\n2. 02 người\n3. 05 người" in preview and "Căn cứ: Luật HGCS (Điều 12)" in preview
    made = await editor.post("/admin/entries/new", [*fields, ("action", "publish")])
    assert texts.ADMIN_FLASH["published"] in await made.text()
    library = await (await editor.get("/thu-vien/trac-nghiem/hoi-thu")).text()
    assert "Xem đáp án và giải thích" in library and "Luật đòi từ 03 người." in library
    topics = await say(console, "k1", action="o:t:to-hoa-giai")
    assert "Tổ hòa giải có ít nhất mấy hòa giải viên?" in text_of(topics)
