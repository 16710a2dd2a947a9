"""What mediators say about answers reaches editors (👎 reasons and comments, per entry), and days are Vietnamese days:
on SQLite and PostgreSQL."""

import datetime as dt

from bot.core.vntime import LOCAL_TZ
from bot.storage import questions_repo
from bot.storage.database import Database
from bot.storage.models import Feedback, QuestionLog


def _log(db: Database, text: str, outcome: str = "answer", when: dt.datetime | None = None) -> int:
    qid = db.call(questions_repo.log_question, channel="web", user_key="u", text=text, normalized=text.lower(),
                  outcome=outcome, top_id="e1", top_score=0.9, latency_ms=1.0)
    if when is not None:
        db.call(_move, model=QuestionLog, row_id=qid, when=when)
    return qid


def _move(*, session, model, row_id: int, when: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    row = session.get(model, row_id)
    row.created_at = when
    session.add(row)


def _thumbs_down(db: Database, entry_id: str, question_id: int | None, reason: str | None, comment: str | None,
                 when: dt.datetime | None = None) -> int:
    fid = db.call(questions_repo.record_feedback, channel="zalo", user_key="u", entry_id=entry_id, helpful=False,
                  question_id=question_id)
    db.call(questions_repo.update_feedback, feedback_id=fid, reason=reason, comment=comment)
    if when is not None:
        db.call(_move, model=Feedback, row_id=fid, when=when)
    return fid


def test_thumbs_down_comments_reach_the_unanswered_list_masked_and_newest_first(db: Database) -> None:
    now = dt.datetime.now(dt.UTC)
    qid = _log(db, "Hòa giải viên có lương không")
    _thumbs_down(db, "e1", qid, "wrong_question", "Sai rồi, gọi tôi 0912 345 678 để nói rõ", when=now - dt.timedelta(hours=2))
    _thumbs_down(db, "e1", qid, "outdated", "Luật mới đã đổi", when=now - dt.timedelta(hours=1))
    _thumbs_down(db, "e1", qid, "unclear", None)  # a reason without a comment
    (group,) = db.call(questions_repo.unanswered)
    assert group.source == "feedback" and group.reasons == ("outdated", "unclear", "wrong_question")
    assert [(c.text, c.reason, c.entry_id) for c in group.comments] == [
        ("Luật mới đã đổi", "outdated", "e1"), ("Sai rồi, gọi tôi ••• để nói rõ", "wrong_question", "e1")]
    assert group.comments[0].at.tzinfo is not None
    assert group.comments[0].as_json()["text"] == "Luật mới đã đổi"


def test_an_entry_counts_its_thumbs_up_and_down_with_the_latest_comments(db: Database) -> None:
    for helpful in (True, True, True):
        db.call(questions_repo.record_feedback, channel="web", user_key="u", entry_id="e1", helpful=helpful)
    _thumbs_down(db, "e1", None, "outdated", "Không đúng với bản tôi")
    _thumbs_down(db, "e1", None, None, None)
    _thumbs_down(db, "e2", None, "outdated", "Một mục khác")
    fb = db.call(questions_repo.entry_feedback, entry_id="e1")
    assert (fb.helpful, fb.not_helpful) == (3, 2)
    assert [c.text for c in fb.comments] == ["Không đúng với bản tôi"]
    none = db.call(questions_repo.entry_feedback, entry_id="khong-co")
    assert (none.helpful, none.not_helpful, none.comments) == (0, 0, ())


def test_daily_counts_are_days_in_vietnam_not_utc(db: Database) -> None:
    day = dt.date(2026, 11, 20)
    late_evening = dt.datetime(2026, 11, 19, 23, 59, tzinfo=LOCAL_TZ)  # 16:59 UTC on the 19th
    after_midnight = dt.datetime(2026, 11, 20, 0, 30, tzinfo=LOCAL_TZ)  # 17:30 UTC, still the 19th in UTC
    morning = dt.datetime(2026, 11, 20, 9, 0, tzinfo=LOCAL_TZ)
    for when in (late_evening, after_midnight, morning):
        _log(db, "câu hỏi", "none", when=when.astimezone(dt.UTC))
    counts = {c.day: c.count for c in db.call(questions_repo.daily_counts, since=day - dt.timedelta(days=1))}
    assert counts == {day - dt.timedelta(days=1): 1, day: 2}
    only_today = db.call(questions_repo.daily_counts, since=day)
    assert sum(c.count for c in only_today) == 2  # the 19th's evening question stays out (it is 16:59 UTC)


def test_retention_erases_old_comments_and_keeps_the_counts(db: Database) -> None:
    now = dt.datetime.now(dt.UTC)
    _thumbs_down(db, "e1", None, "outdated", "Góp ý cũ", when=now - dt.timedelta(days=800))
    _thumbs_down(db, "e1", None, "outdated", "Góp ý mới")
    db.call(questions_repo.drop_old_texts, days=730)
    fb = db.call(questions_repo.entry_feedback, entry_id="e1")
    assert fb.not_helpful == 2 and [c.text for c in fb.comments] == ["Góp ý mới"]
