"""/coso (where a mediator serves) and contests (/thi CODE) through the web chat API, with server-timed answers."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot.app import build_core, build_web_app
from bot.storage import contest_repo
from bot.storage.models import ContestAnswer, UserPlace
from tests.training_support import Clock, asked, button, say, text_of, training_knowledge

COMMUNES = """- id: xa-chieng-pha
  name: Xã Chiềng Pha
  villages: [Bản Nà Sản, Bản Hìn Hụ]
- id: phuong-chieng-coi
  name: Phường Chiềng Cơi
  villages: []
- id: xa-chieng-co
  name: Xã Chiềng Cọ
  villages: []
"""


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def client(aiohttp_client, settings_for, make_knowledge, clock: Clock):  # type: ignore[no-untyped-def]
    root: Path = training_knowledge(make_knowledge, items=4)
    (root / "communes.yaml").write_text(COMMUNES, encoding="utf-8")
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=root, HOAGIAI_DAILY_CHECK_INTERVAL=3600), clock=clock)
    client = await aiohttp_client(build_web_app(core))
    client.core = core
    return client


def places(client: Any) -> list[tuple[str, str | None]]:
    rows = client.core.db.call(lambda *, session: session.exec(select(UserPlace)).all())
    return [(r.commune_id, r.village) for r in rows]


async def test_coso_finds_a_commune_typed_without_marks_and_a_village_from_its_list(client) -> None:  # type: ignore[no-untyped-def]
    ask = await say(client, "p1", text="/coso")
    assert "xã, phường nào" in text_of(ask)
    village = await say(client, "p1", text="chieng pha")
    assert "Xã Chiềng Pha: bạn ở bản" in text_of(village)
    saved = await say(client, "p1", text="na san")
    assert "Bản Nà Sản, Xã Chiềng Pha" in text_of(saved)
    assert places(client) == [("xa-chieng-pha", "Bản Nà Sản")]
    again = await say(client, "p1", text="/coso")
    assert "Hiện lưu: Bản Nà Sản, Xã Chiềng Pha." in text_of(again)


async def test_coso_offers_the_matches_and_a_typed_village_is_masked(client) -> None:  # type: ignore[no-untyped-def]
    await say(client, "p2", text="/coso")
    assert "Không thấy" in text_of(await say(client, "p2", text="Mường Xyz"))
    pick = await say(client, "p2", text="chieng c")
    assert [b["label"] for b in pick["replies"][0]["buttons"]][:2] == ["Phường Chiềng Cơi", "Xã Chiềng Cọ"]
    await say(client, "p2", action="cs:c:phuong-chieng-coi")
    await say(client, "p2", text="Tổ 3 nhà ông 0912345678")
    assert places(client) == [("phuong-chieng-coi", "Tổ 3 nhà ông •••")]
    await say(client, "p2", text="/coso")
    assert "giữ như cũ" in text_of(await say(client, "p2", text="/huy"))


async def test_a_contest_with_two_participants_timed_by_the_server_and_ranked(client, clock) -> None:  # type: ignore[no-untyped-def]
    start = clock.now + dt.timedelta(hours=1)
    contest = client.core.db.call(contest_repo.create, code="HGV2026", title="Hòa giải viên giỏi 2026",
                                  items=["q1", "q2", "q3"], starts_at=start, ends_at=start + dt.timedelta(days=1),
                                  seconds=30, author="bientap")
    assert "Không có cuộc thi nào mã ABC" in text_of(await say(client, "c1", text="/thi abc"))
    ask = await say(client, "c1", text="/thi hgv2026")
    assert "tên hiển thị" in text_of(ask)
    joined = await say(client, "c1", text="Lò Thị Hoa - bản Nà Sản")
    assert "Lò Thị Hoa - bản Nà Sản" in text_of(joined) and "chỉ hiện khi cuộc thi bắt đầu" in text_of(joined)
    early = await say(client, "c1", action=f"thi:go:{contest.id}")
    assert "bắt đầu lúc 09:00 ngày 03/12/2026" in text_of(early) and "(mã q" not in text_of(early)  # items hidden

    clock.now = start + dt.timedelta(minutes=1)
    await say(client, "c2", text="/thi HGV2026")
    await say(client, "c2", text="Cầm Văn Minh")
    data = await say(client, "c1", action=f"thi:go:{contest.id}")
    assert data["replies"][-1]["text"].startswith("🏆 Câu 1/3 · ⏱ 30 giây") and asked(data) == "q1"
    first_answer = button(data, "1")
    clock.advance(seconds=10)
    data = await say(client, "c1", action=first_answer)
    assert "Đã ghi câu trả lời (10 giây)" in text_of(data) and asked(data) == "q2"
    assert "đã được trả lời" in text_of(await say(client, "c1", action=first_answer))  # never twice
    clock.advance(seconds=5)
    data = await say(client, "c1", action=button(data, "2"))  # wrong
    clock.advance(seconds=5)
    done = await say(client, "c1", action=button(data, "1"))
    assert "2/3 câu đúng trong 20 giây" in text_of(done)

    data = await say(client, "c2", action=f"thi:go:{contest.id}")
    for _ in range(3):
        clock.advance(seconds=4)
        data = await say(client, "c2", action=button(data, "1"))
    assert "3/3 câu đúng trong 12 giây. Xếp hạng tạm thời: 1/2" in text_of(data)

    ranking = client.core.db.call(contest_repo.ranking, contest_id=contest.id)
    assert [(r.rank, r.name, r.right, round(r.seconds)) for r in ranking] == [
        (1, "Cầm Văn Minh", 3, 12), (2, "Lò Thị Hoa - bản Nà Sản", 2, 20)]


async def test_a_contest_answer_after_the_time_limit_counts_as_wrong_and_a_lapsed_question_is_closed(client, clock) -> None:  # type: ignore[no-untyped-def]
    contest = client.core.db.call(contest_repo.create, code="NHANH", title="Thi nhanh", items=["q1", "q2"],
                                  starts_at=clock.now, ends_at=clock.now + dt.timedelta(hours=2), seconds=20,
                                  author="bientap")
    await say(client, "c3", text="/thi nhanh")
    await say(client, "c3", text="Người thi")
    data = await say(client, "c3", action=f"thi:go:{contest.id}")
    clock.advance(seconds=25)
    late = await say(client, "c3", action=button(data, "1"))
    assert "Quá 20 giây: câu này không được tính" in text_of(late) and asked(late) == "q2"
    clock.advance(minutes=5)  # left without answering q2: it is closed when they come back
    back = await say(client, "c3", text="/thi nhanh")
    done = await say(client, "c3", action=button(back, "Vào thi"))
    assert "0/2 câu đúng" in text_of(done)
    rows = client.core.db.call(lambda *, session: session.exec(select(ContestAnswer)).all())
    assert [(r.item_id, r.correct, r.seconds) for r in rows] == [("q1", False, 20.0), ("q2", False, 20.0)]
    clock.advance(hours=3)
    assert "đã kết thúc" in text_of(await say(client, "c3", text="/thi NHANH"))


async def test_xoa_erases_place_reviews_and_subscription_and_unlinks_answers(client) -> None:  # type: ignore[no-untyped-def]
    from bot.storage.models import DailySubscription, QuizAttempt, QuizReview
    await say(client, "x1", text="/coso")
    await say(client, "x1", text="chieng coi")
    await say(client, "x1", text="bỏ qua")
    await say(client, "x1", action="o:h:7")
    data = await say(client, "x1", action="o:mix")
    await say(client, "x1", action=button(data, "2"))  # a miss: a review waits
    rows = lambda model: client.core.db.call(lambda *, session: session.exec(select(model)).all())  # noqa: E731
    assert places(client) and rows(QuizReview) and rows(DailySubscription)
    await say(client, "x1", text="/xoa")
    await say(client, "x1", action="xoa:y")
    assert not places(client) and not rows(QuizReview) and not rows(DailySubscription)
    assert [a.user_key for a in rows(QuizAttempt)] == [None]


async def test_a_question_typed_while_a_form_waits_is_answered_by_search(client) -> None:  # type: ignore[no-untyped-def]
    await say(client, "f1", text="/coso")
    answer = await say(client, "f1", text="hòa giải viên có được trả thù lao không vậy")
    assert answer["outcome"] == "answer"
    await say(client, "f1", text="/moingay")
    assert "từ 0 đến 23" in text_of(await say(client, "f1", text="tám"))
    answer = await say(client, "f1", text="hoa giai vien co duoc tra thu lao khong")
    assert answer["outcome"] == "answer"
