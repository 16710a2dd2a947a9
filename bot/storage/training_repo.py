"""Practice answers and reviews, rounds, progress, where mediators serve, and erasing a user's training data.
One short transaction per function; the review rules are bot.core.quiz's."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, delete, func, update
from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from bot.core.quiz import VN, Review, next_review
from bot.core.training_ports import Place, Progress
from bot.storage.models import (
    ContestEntry,
    DailySend,
    DailySubscription,
    QuizAttempt,
    QuizReview,
    QuizRound,
    UserPlace,
)
from bot.storage.sql import table_of

STREAK_LOOKBACK_DAYS = 400


# -- where a mediator serves -------------------------------------------------------------------------------------------


def place_of(*, session: Session, user_key: str) -> Place | None:
    row = session.get(UserPlace, user_key)
    return Place(row.commune_id, row.village) if row else None


def set_place(*, session: Session, user_key: str, channel: str, commune_id: str, village: str | None,
              now: dt.datetime) -> None:
    row = session.get(UserPlace, user_key) or UserPlace(user_key=user_key, channel=channel, commune_id=commune_id)
    row.channel, row.commune_id, row.village, row.updated_at = channel, commune_id, village, now
    session.add(row)


# -- answers and reviews -----------------------------------------------------------------------------------------------


def reviews(*, session: Session, user_key: str) -> dict[str, Review]:
    rows = session.exec(select(QuizReview).where(QuizReview.user_key == user_key)).all()
    return {r.item_id: Review(_aware(r.due_at), r.returns, r.rights) for r in rows}


def seen_items(*, session: Session, user_key: str) -> set[str]:
    stmt = select(QuizAttempt.item_id).where(QuizAttempt.user_key == user_key).distinct()
    return set(session.exec(stmt).all())


def record_answer(*, session: Session, user_key: str, channel: str, item_id: str, topic: str, correct: bool,
                  mode: str, now: dt.datetime) -> None:
    """The answer, and the item's review moved on: started by a miss, rescheduled, or retired."""
    session.add(QuizAttempt(user_key=user_key, channel=channel, item_id=item_id, topic=topic, correct=correct,
                            mode=mode, created_at=now))
    row = session.get(QuizReview, (user_key, item_id), with_for_update=True)
    current = Review(_aware(row.due_at), row.returns, row.rights) if row else None
    after = next_review(current, correct, now)
    if after is None:
        if row is not None:
            session.delete(row)
        return
    row = row or QuizReview(user_key=user_key, item_id=item_id, due_at=after.due_at)
    row.due_at, row.returns, row.rights, row.updated_at = after.due_at, after.returns, after.rights, now
    session.add(row)


def record_round(*, session: Session, user_key: str, channel: str, topic: str | None, questions: int, right: int,
                 now: dt.datetime) -> None:
    session.add(QuizRound(user_key=user_key, channel=channel, topic=topic, questions=questions, right=right,
                          finished_at=now))


def progress(*, session: Session, user_key: str, now: dt.datetime) -> Progress:
    """Rounds, answers per topic, the days (Vietnam time) with answers, reviews due and waiting."""
    rounds = session.exec(select(func.count()).select_from(QuizRound).where(QuizRound.user_key == user_key)).one()
    right_sum = func.sum(case((col(QuizAttempt.correct), 1), else_=0))
    per_topic = {topic: (int(right or 0), int(n)) for topic, n, right in session.exec(
        select(QuizAttempt.topic, func.count(), right_sum).where(QuizAttempt.user_key == user_key)
        .group_by(QuizAttempt.topic)).all()}
    since = now - dt.timedelta(days=STREAK_LOOKBACK_DAYS)
    times = session.exec(select(QuizAttempt.created_at).where(QuizAttempt.user_key == user_key,
                                                              col(QuizAttempt.created_at) >= since)).all()
    days = tuple(sorted({_aware(t).astimezone(VN).date() for t in times}, reverse=True))
    due_at = [_aware(d) for d in session.exec(select(QuizReview.due_at).where(QuizReview.user_key == user_key)).all()]
    return Progress(rounds=int(rounds), answered=sum(n for _, n in per_topic.values()),
                    right=sum(r for r, _ in per_topic.values()), per_topic=per_topic, days=days,
                    reviews_due=sum(1 for d in due_at if d <= now), reviews_waiting=len(due_at))


# -- reports -----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """Practice of one commune (None: no commune chosen) in one topic (None: all topics)."""

    commune_id: str | None
    topic: str | None
    users: int
    answers: int
    right: int


def commune_topic_cells(*, session: Session, since: dt.datetime | None = None) -> list[Cell]:
    """Distinct users, answers and right answers per commune × topic, and per commune over all topics."""
    attempts, places = table_of(QuizAttempt), table_of(UserPlace)
    right_sum = func.sum(case((attempts.c.correct, 1), else_=0))
    users = func.count(func.distinct(attempts.c.user_key))
    joined = attempts.join(places, places.c.user_key == attempts.c.user_key, isouter=True)
    where = [attempts.c.user_key.is_not(None)] + ([attempts.c.created_at >= since] if since is not None else [])
    per_topic = sql_select(places.c.commune_id, attempts.c.topic, users, func.count(), right_sum) \
        .select_from(joined).where(*where).group_by(places.c.commune_id, attempts.c.topic)
    cells = [Cell(c, t, int(u), int(n), int(r or 0)) for c, t, u, n, r in session.execute(per_topic).all()]
    totals = sql_select(places.c.commune_id, users, func.count(), right_sum).select_from(joined).where(*where) \
        .group_by(places.c.commune_id)
    cells += [Cell(c, None, int(u), int(n), int(r or 0)) for c, u, n, r in session.execute(totals).all()]
    return cells


# -- erasing -----------------------------------------------------------------------------------------------------------


def erase_user(*, session: Session, user_key: str) -> None:
    """/xoa: the place, the reviews and the daily subscription (with its raw id) go; answers, rounds and contest
    entries stay without the user key (so they leave the per-commune reports, and a contest ranking keeps its name)."""
    for gone in (UserPlace, QuizReview, DailySubscription, DailySend):
        table = table_of(gone)
        session.execute(delete(table).where(table.c.user_key == user_key))
    for kept in (QuizAttempt, QuizRound, ContestEntry):
        table = table_of(kept)
        session.execute(update(table).where(table.c.user_key == user_key).values(user_key=None))


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)

