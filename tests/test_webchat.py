"""The web chat API over real HTTP on loopback, with a real SQLite database."""

import asyncio
from pathlib import Path

import pytest
from sqlmodel import select

from bot.app import build_core, build_web_app
from bot.core import texts
from bot.storage.models import Feedback, QuestionLog


@pytest.fixture
async def client(aiohttp_client, settings_for, sample_knowledge: Path):  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge))
    client = await aiohttp_client(build_web_app(core))
    client.core = core
    return client


async def chat(client, **body):  # type: ignore[no-untyped-def]
    resp = await client.post("/api/chat", json={"session": "s1", **body})
    assert resp.status == 200, await resp.text()
    return await resp.json()


async def test_question_without_diacritics_gets_a_cited_answer(client) -> None:  # type: ignore[no-untyped-def]
    data = await chat(client, text="hoa giai vien co duoc tra thu lao khong")
    assert data["outcome"] == "answer"
    assert data["results"][0]["id"] == "thu-lao-hoa-giai-vien"
    reply = data["replies"][0]
    assert "Căn cứ: Luật HGCS (Điều 9)" in reply["text"]
    assert [b["action"] for b in reply["buttons"]][:2] == ["up:thu-lao-hoa-giai-vien", "dn:thu-lao-hoa-giai-vien"]
    rows = client.core.db.call(lambda *, session: session.exec(select(QuestionLog)).all())
    assert [(r.channel, r.outcome, r.top_id) for r in rows] == [("web", "answer", "thu-lao-hoa-giai-vien")]
    assert rows[0].user_key and rows[0].user_key != "s1"  # pseudonymous


async def test_nothing_found_is_kind_and_logged_as_unanswered(client) -> None:  # type: ignore[no-untyped-def]
    data = await chat(client, text="xyzzy qwerty")
    assert data["outcome"] == "none" and data["results"] == []
    assert data["replies"][0]["text"] == texts.NONE_FOUND
    assert [b["label"] for b in data["replies"][0]["buttons"]] == [texts.BTN_ESCALATE, texts.BTN_MENU]
    from bot.storage import questions_repo
    groups = client.core.db.call(questions_repo.unanswered)
    assert [g.example for g in groups] == ["xyzzy qwerty"]


async def test_suggestions_can_be_picked_and_the_pick_is_recorded(client) -> None:  # type: ignore[no-untyped-def]
    data = await chat(client, text="ma")
    if data["outcome"] != "suggest":
        pytest.skip("query not ambiguous with this knowledge")
    buttons = data["replies"][0]["buttons"]
    picked = await chat(client, action=buttons[0]["action"])
    assert picked["outcome"] is None and "Căn cứ" in picked["replies"][0]["text"]
    rows = client.core.db.call(lambda *, session: session.exec(select(QuestionLog)).all())
    assert rows[0].picked_id == buttons[0]["action"].split(":", 1)[1]


async def test_thumbs_up_and_down_with_reason_are_stored(client) -> None:  # type: ignore[no-untyped-def]
    await chat(client, text="tieu chuan hoa giai vien")
    resp = await client.post("/api/feedback", json={"session": "s1", "entry_id": "hoa-giai-vien-tieu-chuan",
                                                     "helpful": False, "reason": "unclear"})
    assert resp.status == 200
    up = await chat(client, action="up:thu-lao-hoa-giai-vien")
    assert "Cảm ơn" in up["replies"][0]["text"]
    rows = client.core.db.call(lambda *, session: session.exec(select(Feedback).order_by(Feedback.id)).all())
    assert [(r.entry_id, r.helpful, r.reason) for r in rows] == [
        ("hoa-giai-vien-tieu-chuan", False, "unclear"), ("thu-lao-hoa-giai-vien", True, None)]
    assert rows[0].question_id is not None


async def test_menu_browsing_pages_through_a_topic(client) -> None:  # type: ignore[no-untyped-def]
    start = await chat(client, text="/start")
    assert start["outcome"] is None and "/xoa" in start["replies"][0]["text"]
    topics = await chat(client, action="qa")
    topic_action = topics["replies"][0]["buttons"][0]["action"]
    page = await chat(client, action=topic_action)
    entry_action = page["replies"][0]["buttons"][0]["action"]
    assert entry_action.startswith("e:")
    shown = await chat(client, action=entry_action)
    assert "Căn cứ" in shown["replies"][0]["text"]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        (b"not json", 400, None),
        (b"[1, 2]", 400, None),
        (b'{"session": "s1"}', 400, "text"),
        (b'{"session": "s1", "text": "a", "action": "b"}', 400, "text"),
        (b'{"session": "bad id!", "text": "hi"}', 400, "session"),
        (b'{"session": "' + b"x" * 65 + b'", "text": "hi"}', 400, "session"),
        (b'{"session": 5, "text": "hi"}', 400, "session"),
        (b'{"session": "s1", "text": 5}', 400, "text"),
        (b'{"session": "s1", "text": "' + b"a" * 2001 + b'"}', 413, "text"),
        (b'{"session": "s1", "text": "' + b"a" * 70000 + b'"}', 413, None),
    ],
    ids=["invalid-json", "not-object", "no-text", "both", "bad-session", "long-session", "session-type",
         "text-type", "long-text", "huge-body"],
)
async def test_bad_input_gets_a_clear_error_never_a_500(client, body: bytes, status: int, field) -> None:  # type: ignore[no-untyped-def]
    resp = await client.post("/api/chat", data=body, headers={"Content-Type": "application/json"})
    assert resp.status == status
    data = await resp.json()
    assert data["field"] == field and data["error"]


@pytest.mark.parametrize(
    "body",
    [{"session": "s1", "entry_id": "nope", "helpful": True}, {"session": "s1", "entry_id": "ma-chai", "helpful": "yes"},
     {"session": "s1", "entry_id": "ma-chai", "helpful": False, "reason": "because"}],
    ids=["unknown-entry", "helpful-type", "unknown-reason"],
)
async def test_feedback_validates_its_fields(client, body) -> None:  # type: ignore[no-untyped-def]
    resp = await client.post("/api/feedback", json=body)
    assert resp.status == 400
    assert (await resp.json())["field"] in ("entry_id", "helpful", "reason")


async def test_messages_endpoint_returns_later_messages_after_an_id(client) -> None:  # type: ignore[no-untyped-def]
    await client.core.channels["web"].send("s1", [__import__("bot.core.messages", fromlist=["Reply"]).Reply("Cán bộ trả lời")])
    resp = await client.get("/api/messages", params={"session": "s1", "after": "0"})
    items = (await resp.json())["messages"]
    assert [m["text"] for m in items] == ["Cán bộ trả lời"]
    resp = await client.get("/api/messages", params={"session": "s1", "after": str(items[0]["id"])})
    assert (await resp.json())["messages"] == []
    bad = await client.get("/api/messages", params={"session": "s1", "after": "-1"})
    assert bad.status == 400 and (await bad.json())["field"] == "after"


async def test_health_and_readiness(client) -> None:  # type: ignore[no-untyped-def]
    assert (await client.get("/healthz")).status == 200
    ready = await client.get("/readyz")
    assert ready.status == 200 and (await ready.json())["status"] == "ready"


async def test_chat_page_is_served_without_external_hosts(client) -> None:  # type: ignore[no-untyped-def]
    html = await (await client.get("/")).text()
    assert "Trợ lý Hòa giải" in html and "http" not in html.replace('lang="vi"', "")


async def test_conversation_state_survives_a_restart(aiohttp_client, settings_for, sample_knowledge) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge)
    core = build_core(settings)
    first = await aiohttp_client(build_web_app(core))
    await first.post("/api/chat", json={"session": "s9", "text": "tieu chuan hoa giai vien"})
    resp = await first.post("/api/chat", json={"session": "s9", "action": "dn:hoa-giai-vien-tieu-chuan"})
    assert "chỗ nào" in (await resp.json())["replies"][0]["text"]
    await first.close()
    second = await aiohttp_client(build_web_app(build_core(settings)))
    resp = await second.post("/api/chat", json={"session": "s9", "action": "r:unclear"})
    assert "viết thêm" in (await resp.json())["replies"][0]["text"]
    await asyncio.sleep(0)
