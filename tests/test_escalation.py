"""Escalation through the web chat and the staff desk: form, case number, staff reply relayed, close, rating."""

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import select

from bot.app import build_core, build_web_app
from bot.storage import cases_repo
from bot.storage.models import Case, CaseMessage, QuestionLog


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def client(aiohttp_client, settings_for, sample_knowledge: Path, clock: Clock):  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge), clock=clock)
    client = await aiohttp_client(build_web_app(core))
    client.core = core
    return client


async def say(client, session: str = "m1", **body):  # type: ignore[no-untyped-def]
    resp = await client.post("/api/chat", json={"session": session, **body})
    assert resp.status == 200
    return await resp.json()


def texts_of(data) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(r["text"] for r in data["replies"])


async def escalate(client, description: str, session: str = "m1") -> str:  # type: ignore[no-untyped-def]
    await say(client, session, text="hoa giai vien co duoc tra thu lao khong")
    form = await say(client, session, action="chuyen")
    assert "loại nào" in texts_of(form)
    await say(client, session, action=form["replies"][0]["buttons"][0]["action"])
    await say(client, session, text="Chiềng Pha")
    ask = await say(client, session, text=description)
    assert "gửi kèm" in texts_of(ask).lower()
    done = await say(client, session, action="c:attach:y")
    text = texts_of(done)
    assert "Đã chuyển vụ việc HG-2026-" in text
    return text


async def test_mediator_escalates_and_staff_reply_comes_back_then_close_and_rate(client) -> None:  # type: ignore[no-untyped-def]
    text = await escalate(client, "Hai nhà tranh chấp ranh giới nương, gọi 0912345678 để biết thêm")
    number = text.split("vụ việc ")[1].split(" ")[0]
    db = client.core.db
    case = db.call(lambda *, session: session.exec(select(Case)).one())
    assert case.number == number == "HG-2026-00001" and case.commune == "Chiềng Pha"
    assert case.attached_question == "hoa giai vien co duoc tra thu lao khong" and case.attached_answer
    assert not case.urgent
    # form text is never written to the question log
    logged = db.call(lambda *, session: session.exec(select(QuestionLog.text)).all())
    assert logged == ["hoa giai vien co duoc tra thu lao khong"]

    card, _ = client.core.desk.card(case)
    assert "0912345678" not in card and "•••" in card

    result = await client.core.desk.reply(case.id, "canbo1", "Anh mời hai bên gặp riêng trước nhé.")
    assert result.delivered
    resp = await client.get("/api/messages", params={"session": "m1", "after": "0"})
    messages = (await resp.json())["messages"]
    assert "Anh mời hai bên gặp riêng" in messages[-1]["text"]

    await client.core.desk.close(case.id, "canbo1", "đã hướng dẫn")
    resp = await client.get("/api/messages", params={"session": "m1", "after": str(messages[-1]["id"])})
    closing = (await resp.json())["messages"][-1]
    assert "đã được đóng" in closing["text"] and len(closing["buttons"]) == 5
    rated = await say(client, action=closing["buttons"][3]["action"])
    assert "Cảm ơn" in texts_of(rated)
    case = db.call(lambda *, session: session.exec(select(Case)).one())
    assert case.status == "closed" and case.rating == 4


async def test_a_threat_in_the_description_shows_the_emergency_block_first_and_keeps_the_description(client) -> None:  # type: ignore[no-untyped-def]
    await say(client, text="hoa giai vien co duoc tra thu lao khong")
    form = await say(client, action="chuyen")
    await say(client, action=form["replies"][0]["buttons"][0]["action"])
    await say(client, text="Chiềng Pha")
    described = await say(client, text="Người chồng say rượu cầm dao dọa giết vợ con tối qua")
    block, step = described["replies"]
    assert block["text"].startswith("🚨") and "113" in block["text"] and "115" in block["text"]
    assert "gửi kèm" in step["text"].lower()  # the description was taken: the form goes on
    done = await say(client, action="c:attach:n")
    assert "113" not in texts_of(done)  # shown once, when the danger was written
    case = client.core.db.call(lambda *, session: session.exec(select(Case)).one())
    assert case.urgent and "dọa giết" in (case.description or "")


async def test_a_danger_word_of_the_broader_list_flags_urgent_and_shows_the_block_at_submit(client) -> None:  # type: ignore[no-untyped-def]
    text = await escalate(client, "Anh chồng thường xuyên đánh đập vợ, hàng xóm đã can mấy lần")
    assert text.startswith("🚨") and "113" in text and "111" in text
    case = client.core.db.call(lambda *, session: session.exec(select(Case)).one())
    assert case.urgent


async def test_a_case_about_a_disagreement_is_not_urgent(client) -> None:  # type: ignore[no-untyped-def]
    """"mâu thuẫn" folds to "mau thuan" like "máu": with its marks typed it is no danger word."""
    text = await escalate(client, "Hai nhà mâu thuẫn về nước tưới, con mương chung bị lấp")
    assert "🚨" not in text
    case = client.core.db.call(lambda *, session: session.exec(select(Case)).one())
    assert not case.urgent


async def test_cancel_at_any_step_sends_nothing(client) -> None:  # type: ignore[no-untyped-def]
    await say(client, action="chuyen")
    await say(client, action="c:topic:")
    cancelled = await say(client, text="/huy")
    assert "Đã hủy" in texts_of(cancelled)
    after = await say(client, text="Chiềng Khoong")  # no longer part of a form: treated as a question
    assert after["outcome"] in ("answer", "suggest", "none")
    assert client.core.db.call(lambda *, session: session.exec(select(Case)).all()) == []


async def test_open_cases_are_listed_and_added_information_reopens_an_answered_case(client) -> None:  # type: ignore[no-untyped-def]
    await escalate(client, "Tranh chấp nước tưới mương chung giữa hai bản")
    case = client.core.db.call(lambda *, session: session.exec(select(Case)).one())
    await client.core.desk.reply(case.id, "canbo1", "Đã nhận.")
    listing = await say(client, text="/vuviec")
    assert case.number in texts_of(listing) and "đã trả lời" in texts_of(listing)
    await say(client, action=listing["replies"][0]["buttons"][0]["action"])
    added = await say(client, text="Bên kia lại chặn nước sáng nay.")
    assert case.number in texts_of(added)
    case = client.core.db.call(lambda *, session: session.exec(select(Case)).one())
    assert case.status == "assigned"
    kinds = client.core.db.call(lambda *, session: [m.kind for m in session.exec(select(CaseMessage))])
    assert kinds == ["mediator", "reply", "mediator"]


async def test_a_failed_relay_is_recorded_not_lost(client) -> None:  # type: ignore[no-untyped-def]
    await escalate(client, "Vụ việc khó về thừa kế đất nương")
    case = client.core.db.call(lambda *, session: session.exec(select(Case)).one())
    del client.core.channels["web"]
    result = await client.core.desk.reply(case.id, "canbo1", "Trả lời")
    assert not result.delivered and result.error
    msg = client.core.db.call(lambda *, session: session.exec(select(CaseMessage).where(CaseMessage.kind == "reply")).one())
    assert msg.delivery == "failed" and msg.delivery_error == result.error


async def test_cases_without_reply_become_overdue_once(client, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    await escalate(client, "Tranh chấp lối đi chung giữa hai hộ")
    assert await client.core.desk.check_overdue() == []
    clock.now += dt.timedelta(hours=49)
    overdue = await client.core.desk.check_overdue()
    assert [c.number for c in overdue] == ["HG-2026-00001"]
    assert await client.core.desk.check_overdue() == []


async def test_retention_anonymizes_exactly_the_expired_closed_cases(client, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    for text in ("Vụ thứ nhất về đất đai giữa hai hộ", "Vụ thứ hai về nợ tiền giữa hàng xóm",
                 "Vụ thứ ba còn đang mở chờ trả lời"):
        await escalate(client, text)
    db = client.core.db
    ids = db.call(lambda *, session: [c.id for c in session.exec(select(Case).order_by(Case.id))])
    await client.core.desk.close(ids[0], "canbo1", "xong")
    await client.core.desk.close(ids[1], "canbo1", "xong")

    def age(*, session):  # type: ignore[no-untyped-def]
        case = session.get(Case, ids[0])
        case.closed_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=400)
        session.add(case)

    db.call(age)
    assert db.call(cases_repo.anonymize_expired, days=365) == 1
    cases = db.call(lambda *, session: list(session.exec(select(Case).order_by(Case.id))))
    assert [c.anonymized for c in cases] == [True, False, False]
    assert cases[0].raw_user_id is None and cases[0].description == cases_repo.ANONYMIZED
    assert cases[1].description == "Vụ thứ hai về nợ tiền giữa hàng xóm"


async def test_a_closing_notice_that_cannot_be_delivered_is_kept_in_the_thread(client) -> None:  # type: ignore[no-untyped-def]
    await escalate(client, "Vụ việc về tiền công làm thuê chưa trả")
    case = client.core.db.call(lambda *, session: session.exec(select(Case)).one())
    del client.core.channels["web"]
    await client.core.desk.close(case.id, "canbo1", "đã hướng dẫn")
    failed = client.core.db.call(
        lambda *, session: session.exec(select(CaseMessage).where(CaseMessage.delivery == "failed")).all())
    assert [m.kind for m in failed] == ["system"] and "đã được đóng" in failed[0].text


async def test_a_case_is_rated_only_once_it_is_closed_and_only_once(client) -> None:  # type: ignore[no-untyped-def]
    from bot.core import texts

    await escalate(client, "Hai nhà tranh chấp ranh giới nương, đã nói chuyện nhưng chưa xong")
    db = client.core.db
    case = db.call(lambda *, session: session.exec(select(Case)).one())
    early = await say(client, action=f"c:rate:{case.id}:1")  # a crafted press before anyone handled the case
    assert texts_of(early) == texts.CASE_RATE_NOT_CLOSED
    assert db.call(lambda *, session: session.exec(select(Case)).one()).rating is None
    await client.core.desk.close(case.id, "canbo1", "đã hướng dẫn")
    assert texts_of(await say(client, action=f"c:rate:{case.id}:5")) == texts.CASE_RATED
    again = await say(client, action=f"c:rate:{case.id}:1")
    assert texts_of(again) == texts.CASE_RATE_ALREADY
    other = await say(client, "someone-else", action=f"c:rate:{case.id}:1")
    assert texts_of(other) == texts.EXPIRED_BUTTON  # not their case
    assert db.call(lambda *, session: session.exec(select(Case)).one()).rating == 5


async def test_a_topic_outside_the_list_is_refused_and_the_list_shown_again(client) -> None:  # type: ignore[no-untyped-def]
    from bot.core import texts

    form = await say(client, action="chuyen")
    listed = [b["action"] for b in form["replies"][0]["buttons"]]
    crafted = await say(client, action="c:topic:" + "x" * 40)
    assert texts.STALE_BUTTON in texts_of(crafted) and texts.ESC_TOPIC in texts_of(crafted)
    assert [b["action"] for b in crafted["replies"][0]["buttons"]] == listed
    await say(client, action=listed[0])
    await say(client, text="Chiềng Pha")
    await say(client, text="Hai nhà tranh chấp ranh giới nương, đã nói chuyện nhưng chưa xong")
    case = client.core.db.call(lambda *, session: session.exec(select(Case)).one())
    assert case.topic == listed[0].split(":", 2)[2]
