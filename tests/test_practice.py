"""Practice rounds, progress and spaced review through the web chat API, on a real database and an injectable clock."""

from pathlib import Path

import pytest
from sqlmodel import select

from bot.app import build_core, build_web_app
from bot.storage.models import QuizAttempt, QuizReview, QuizRound
from tests.training_support import Clock, asked, button, say, text_of, training_knowledge


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def client(aiohttp_client, settings_for, make_knowledge, clock: Clock):  # type: ignore[no-untyped-def]
    root: Path = training_knowledge(make_knowledge, items=6)
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=root), clock=clock)
    client = await aiohttp_client(build_web_app(core))
    client.core = core
    return client


async def answer(client, data: dict, right: bool, session: str = "m1") -> dict:  # type: ignore[no-untyped-def]
    """Press choice 1 (right) or 2 (wrong) of the question just asked."""
    return await say(client, session, action=button(data, "1" if right else "2"))


async def test_a_round_of_five_with_right_and_wrong_answers_explains_each_and_ends_with_the_score(client) -> None:  # type: ignore[no-untyped-def]
    menu = await say(client, text="/onluyen")
    assert "mỗi lượt 5 câu" in text_of(menu)
    data = await say(client, action=button(menu, "Ôn trộn"))
    seen = []
    for step in range(5):
        question = data["replies"][-1]
        assert question["text"].startswith(f"🎯 Câu {step + 1}/5 · Hòa giải viên")
        assert [b["label"] for b in question["buttons"]] == ["1", "2", "3"]
        seen.append(asked(data))
        verdict = await answer(client, data, right=step != 1)
        first = verdict["replies"][0]["text"]
        if step == 1:
            assert first.startswith("❌ Chưa đúng.") and "Đáp án đúng: 1. Đáp án đúng của câu" in first
            assert "Sai vì lý do 2" in first
        else:
            assert first.startswith("✅ Đúng rồi!") and "Vì điều luật nói vậy" in first
        assert "Căn cứ: Luật HGCS (Điều 10)" in first
        assert button(verdict, "Đọc bài liên quan") == "e:thu-lao-hoa-giai-vien"
        if step < 4:
            data = await say(client, action=button(verdict, "Câu tiếp"))
    assert len(set(seen)) == 5
    summary = verdict["replies"][-1]["text"]
    assert "4/5 câu đúng" in summary and "Nên ôn lại: Hòa giải viên" in summary
    related = await say(client, action="e:thu-lao-hoa-giai-vien")
    assert "thù lao" in text_of(related)
    rows = client.core.db.call(lambda *, session: session.exec(select(QuizAttempt)).all())
    assert [r.correct for r in rows] == [True, False, True, True, True] and {r.mode for r in rows} == {"practice"}
    rounds = client.core.db.call(lambda *, session: session.exec(select(QuizRound)).all())
    assert [(r.questions, r.right) for r in rounds] == [(5, 4)]


async def test_a_button_of_an_earlier_question_or_round_is_refused_and_nothing_is_scored_twice(client) -> None:  # type: ignore[no-untyped-def]
    first = await say(client, action="o:mix")
    old_answer = button(first, "1")
    verdict = await say(client, action=old_answer)
    again = await say(client, action=old_answer)
    assert "đã trả lời câu này" in text_of(again)
    await say(client, action=button(verdict, "Câu tiếp"))
    stale = await say(client, action=old_answer)
    assert "Nút này đã cũ" in text_of(stale)
    await say(client, action="o:mix")  # a new round: the old round's buttons stay refused
    assert "Nút này đã cũ" in text_of(await say(client, action=button(verdict, "Câu tiếp")))
    assert client.core.db.call(lambda *, session: len(session.exec(select(QuizAttempt)).all())) == 1


async def play_round(client, clock: Clock, wrong: set[str] = frozenset(), miss_first: bool = False) -> list[str]:  # type: ignore[no-untyped-def]
    """A whole round, missing the items in `wrong` (and the first one asked, with `miss_first`); returns the items
    asked, in order."""
    data = await say(client, action="o:mix")
    items: list[str] = []
    while True:
        items.append(asked(data))
        verdict = await answer(client, data, right=items[-1] not in wrong and not (miss_first and len(items) == 1))
        if "Kết quả lượt này" in text_of(verdict):
            return items
        data = await say(client, action=button(verdict, "Câu tiếp"))


async def test_a_missed_item_comes_back_after_one_then_three_days_until_answered_right_twice(client, clock) -> None:  # type: ignore[no-untyped-def]
    await play_round(client, clock)  # all answered right: nothing waits
    assert client.core.db.call(lambda *, session: session.exec(select(QuizReview)).all()) == []
    clock.advance(hours=1)
    missed = (await play_round(client, clock, miss_first=True))[0]
    review = client.core.db.call(lambda *, session: session.exec(select(QuizReview)).one())
    assert review.item_id == missed and review.rights == 0

    clock.advance(hours=23)  # not yet a day
    assert missed not in await play_round(client, clock)
    clock.advance(hours=1, minutes=1)
    came_back = await play_round(client, clock)
    assert came_back[0] == missed  # due items come first
    review = client.core.db.call(lambda *, session: session.exec(select(QuizReview)).one())
    assert review.rights == 1 and review.returns == 1

    clock.advance(days=2, hours=23)  # the next interval is 3 days
    assert missed not in await play_round(client, clock)
    clock.advance(hours=1, minutes=1)
    assert (await play_round(client, clock))[0] == missed
    assert client.core.db.call(lambda *, session: session.exec(select(QuizReview)).all()) == []  # right twice: done


async def test_progress_shows_rounds_right_answers_per_topic_the_streak_and_waiting_reviews(client, clock) -> None:  # type: ignore[no-untyped-def]
    assert "chưa làm câu ôn luyện nào" in text_of(await say(client, text="/tiendo"))
    first = await play_round(client, clock)
    clock.advance(days=1)
    second = await play_round(client, clock, wrong=set(first))
    missed = len(set(first) & set(second))  # 4 or 5: the second round repeats all but one item at most
    text = text_of(await say(client, text="/tiendo"))
    assert f"Đã làm 2 lượt; trả lời 10 câu, đúng {10 - missed} câu ({10 * (10 - missed)}%)" in text
    assert "Chuỗi ngày ôn liên tiếp: 2 ngày" in text
    assert f"Hòa giải viên: {10 - missed}/10" in text
    assert f"Câu chờ hỏi lại: {missed} (đến hạn hôm nay: 0)" in text
    clock.advance(days=3)
    assert "Chuỗi ngày ôn liên tiếp: 0 ngày" in text_of(await say(client, text="/tiendo"))


async def test_a_round_by_topic_and_the_menu_buttons(client) -> None:  # type: ignore[no-untyped-def]
    start = await say(client, text="/start")
    labels = [b["label"] for b in start["replies"][0]["buttons"]]
    assert len(labels) == 5 and labels[-1] == "⋯ Thêm"
    hidden = await say(client, action=start["replies"][0]["buttons"][-1]["action"])
    assert "🎯 Ôn luyện" in [b["label"] for b in hidden["replies"][0]["buttons"]]
    topics = await say(client, action="o:topics")
    assert [b["label"] for b in topics["replies"][0]["buttons"]] == ["Hòa giải viên", "🔀 Ôn trộn các chủ đề"]
    data = await say(client, action=button(topics, "Hòa giải viên"))
    assert data["replies"][0]["text"].startswith("🎯 Câu 1/5 · Hòa giải viên")
    assert "chưa có câu hỏi ôn luyện" in text_of(await say(client, action="o:t:dat-dai"))
    assert "chưa có câu hỏi ôn luyện" in text_of(await say(client, action="o:t:khong-co"))
