"""The web chat's transcript on the server (GET /api/history) over real HTTP: what a reload restores, masked, the last
50 turns, staff answers and the rating request included, form answers left out, erased by /xoa, dropped by
retention; and /vuviec listing answered and closed cases with their threads."""

import datetime as dt
import secrets
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import select

from bot.app import build_core, build_web_app
from bot.core import texts
from bot.storage import history_repo
from bot.storage.models import Case, ChatTurn
from tests.test_paperwork import ANSWERS
from tests.tools_support import add_tool_files, chat, press


def new_session() -> str:
    """What the page makes: 128 random bits."""
    return secrets.token_hex(16)


@pytest.fixture
async def client(aiohttp_client, settings_for, sample_knowledge: Path, database_url: str):  # type: ignore[no-untyped-def]
    core = build_core(settings_for(database_url, HOAGIAI_KNOWLEDGE_DIR=add_tool_files(sample_knowledge),
                                   HOAGIAI_FLOOD_LIMIT=500))
    client = await aiohttp_client(build_web_app(core))
    client.core = core
    return client


async def history(client: Any, session: str) -> dict[str, Any]:
    resp = await client.get("/api/history", params={"session": session})
    assert resp.status == 200
    return dict(await resp.json())


async def test_a_reload_gets_the_conversation_back_oldest_first(client) -> None:  # type: ignore[no-untyped-def]
    session = new_session()
    answer = await chat(client, session, text="hoa giai vien co duoc tra thu lao khong, goi 0912345678")
    await chat(client, session, action=press(answer["replies"][0], texts.BTN_HELPFUL))
    turns = (await history(client, session))["turns"]
    assert [t["from"] for t in turns] == ["me", "bot", "me", "bot"]
    assert turns[0]["text"] == "hoa giai vien co duoc tra thu lao khong, goi •••"  # masked like the question log
    assert turns[1]["text"] == answer["replies"][0]["text"] and turns[1]["buttons"] == answer["replies"][0]["buttons"]
    assert turns[2]["text"] == texts.BTN_HELPFUL  # the label of the button pressed
    assert turns[3]["text"] == texts.THANKS_HELPFUL
    stamps = [dt.datetime.fromisoformat(t["at"]) for t in turns]
    assert stamps == sorted(stamps) and all(s.tzinfo is not None for s in stamps)
    assert (await history(client, new_session()))["turns"] == []  # another conversation sees nothing


async def test_only_the_last_50_turns_are_kept(client) -> None:  # type: ignore[no-untyped-def]
    session = new_session()
    for i in range(30):
        await chat(client, session, text=f"câu hỏi số {i}")
    turns = (await history(client, session))["turns"]
    assert len(turns) == 50 and turns[-2]["text"] == "câu hỏi số 29" and turns[0]["text"] != "câu hỏi số 0"
    stored = client.core.db.call(lambda *, session: len(session.exec(select(ChatTurn)).all()))
    assert stored == 50


async def test_staff_answers_and_the_rating_request_come_back_after_a_reload(client) -> None:  # type: ignore[no-untyped-def]
    session = new_session()
    await chat(client, session, text="/chuyen")
    await chat(client, session, action="c:topic:")
    await chat(client, session, text="Chiềng Pha")
    await chat(client, session, text="Hai bản tranh chấp nước tưới ở con mương chung")
    case = client.core.db.call(lambda *, session: session.exec(select(Case)).one())
    await client.core.desk.reply(case.id, "canbo1", "Anh mời hai bên gặp riêng trước nhé.")
    await client.core.desk.close(case.id, "canbo1", "đã hướng dẫn")
    restored = await history(client, session)
    staff, closing = restored["turns"][-2:]
    assert staff["from"] == "staff" and "Anh mời hai bên gặp riêng" in staff["text"]
    assert closing["from"] == "bot" and "Chấm từ 1 đến 5" in closing["text"] and len(closing["buttons"]) == 5
    polled = await (await client.get("/api/messages", params={"session": session, "after": "0"})).json()
    assert restored["after"] == polled["messages"][-1]["id"]  # polling after a reload starts past them


async def test_what_is_typed_into_a_form_stays_out_of_the_transcript(client) -> None:  # type: ignore[no-untyped-def]
    session = new_session()
    reply = (await chat(client, session, action="v:d:so-theo-doi-hoa-giai"))["replies"][0]
    for _ in range(20):
        if reply["text"].startswith(texts.PAPERWORK_REVIEW):
            break
        reply = (await chat(client, session, text="Lò Văn Zyxwq, bản Qwzyx"))["replies"][0]
    done = (await chat(client, session, action=press(reply, texts.BTN_FORM_MAKE)))["replies"][0]
    assert "Zyxwq" in done["text"]  # the chat shows it once
    turns = (await history(client, session))["turns"]
    assert texts.HISTORY_PRIVATE_INPUT in [t["text"] for t in turns]
    assert turns[-1]["link"] == done["link"] and turns[-1]["text"] == texts.HISTORY_PRIVATE_REPLY
    stored = client.core.db.call(lambda *, session: [t.text for t in session.exec(select(ChatTurn)).all()])
    assert not [t for t in stored if "Zyxwq" in t or "Qwzyx" in t]
    assert ANSWERS  # the same answers the document tests use are never transcribed either


async def test_erasing_on_a_shared_computer_clears_the_transcript(client) -> None:  # type: ignore[no-untyped-def]
    session = new_session()
    await chat(client, session, text="thu lao hgv")
    confirm = await chat(client, session, text="/xoa")
    erased = await chat(client, session, action=press(confirm["replies"][0], texts.BTN_YES_ERASE))
    assert erased["erased"] is True and erased["replies"][0]["text"] == texts.ERASED
    assert (await history(client, session))["turns"] == []


async def test_a_weak_session_id_gets_no_transcript(client) -> None:  # type: ignore[no-untyped-def]
    await chat(client, "wlk3x9z2", text="thu lao hgv")
    assert (await history(client, "wlk3x9z2"))["turns"] == []
    assert client.core.db.call(lambda *, session: session.exec(select(ChatTurn)).all()) == []


async def test_retention_drops_lines_older_than_the_log_retention(client) -> None:  # type: ignore[no-untyped-def]
    old, new = new_session(), new_session()
    await chat(client, old, text="thu lao hgv")
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=731)
    client.core.db.call(lambda *, session: session.execute(update(ChatTurn).values(created_at=long_ago)))
    await chat(client, new, text="thu lao hgv")
    assert client.core.db.call(history_repo.drop_old, days=730) == 2
    assert (await history(client, old))["turns"] == [] and len((await history(client, new))["turns"]) == 2


async def test_vuviec_lists_answered_and_closed_cases_with_their_threads(client) -> None:  # type: ignore[no-untyped-def]
    session = new_session()
    for description in ("Tranh chấp nước tưới mương chung giữa hai bản", "Hai hộ tranh chấp lối đi, gọi 0912345678"):
        await chat(client, session, text="/chuyen")
        await chat(client, session, action="c:topic:")
        await chat(client, session, text="Chiềng Pha")
        await chat(client, session, text=description)
    first, second = client.core.db.call(lambda *, session: session.exec(select(Case).order_by(Case.id)).all())
    await client.core.desk.reply(first.id, "canbo1", "Mời hai bản họp chung ở nhà văn hóa.")
    await client.core.desk.reply(second.id, "canbo1", "Đã hòa giải xong chưa?")
    await client.core.desk.close(second.id, "canbo1", "hòa giải thành")
    [listing] = (await chat(client, session, text="/vuviec"))["replies"]
    text = listing["text"]
    assert text.index(second.number) < text.index(first.number)  # newest first
    assert f"{first.number}: {texts.CASE_STATUS['answered']}" in text
    assert f"{second.number}: {texts.CASE_STATUS['closed']} (hòa giải thành)" in text
    assert "• Bạn: Tranh chấp nước tưới mương chung giữa hai bản" in text
    assert "• Cán bộ: Mời hai bản họp chung ở nhà văn hóa." in text and "canbo1" not in text
    assert "0912345678" not in text and "•••" in text
    assert [b["label"] for b in listing["buttons"]] == [texts.BTN_ADD_INFO.format(number=first.number)]
