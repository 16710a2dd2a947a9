"""The question log, feedback, the unanswered list for editors, and retention."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, insert, literal_column, or_, update
from sqlmodel import Session, col, select

from bot.core.privacy import mask_personal
from bot.core.vntime import UTC_OFFSET, ZONE_NAME, day_start
from bot.storage.models import DailyCount, Feedback, QuestionLog, utcnow
from bot.storage.sql import affected, table_of

COMMENT_LIMIT = 1000


def log_question(
    *,
    session: Session,
    channel: str,
    user_key: str | None,
    text: str,
    normalized: str,
    outcome: str,
    top_id: str | None,
    top_score: float | None,
    latency_ms: float,
) -> int:
    table = table_of(QuestionLog)
    # Editors read these (inbox, `hoagiai unanswered`): no phone, ID or account numbers, no e-mail addresses.
    stmt = insert(table).values(
        created_at=utcnow(), channel=channel, user_key=user_key, text=mask_personal(text)[:4000],
        normalized=mask_personal(normalized)[:4000],
        outcome=outcome, top_id=top_id, top_score=top_score, latency_ms=latency_ms, handled=False,
    ).returning(table.c.id)  # a Core insert: this runs for every question
    return int(session.execute(stmt).scalar_one())


def mark_picked(*, session: Session, question_id: int, entry_id: str) -> None:
    row = session.get(QuestionLog, question_id)
    if row is not None:
        row.picked_id = entry_id
        session.add(row)


def record_feedback(
    *,
    session: Session,
    channel: str,
    user_key: str | None,
    entry_id: str,
    helpful: bool,
    reason: str | None = None,
    comment: str | None = None,
    question_id: int | None = None,
) -> int:
    row = Feedback(channel=channel, user_key=user_key, entry_id=entry_id, helpful=helpful, reason=reason,
                   comment=mask_personal(comment)[:COMMENT_LIMIT] if comment is not None else None,
                   question_id=question_id)
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def update_feedback(*, session: Session, feedback_id: int, reason: str | None = None, comment: str | None = None) -> None:
    row = session.get(Feedback, feedback_id)
    if row is None:
        return
    if reason is not None:
        row.reason = reason
    if comment is not None:
        row.comment = mask_personal(comment)[:COMMENT_LIMIT]  # editors read it: no phone or ID numbers
    session.add(row)


@dataclass(frozen=True)
class FeedbackComment:
    """What a mediator wrote after 👎, with the reason they picked and the entry they judged."""

    text: str
    reason: str | None
    entry_id: str
    at: dt.datetime

    def as_json(self) -> dict[str, str | None]:
        return {"text": self.text, "reason": self.reason, "entry_id": self.entry_id, "at": self.at.isoformat()}


@dataclass(frozen=True)
class UnansweredGroup:
    normalized: str
    example: str
    count: int
    last_seen: dt.datetime
    channels: tuple[str, ...]
    source: str  # "none" | "suggest" | "feedback"
    reasons: tuple[str, ...] = ()
    comments: tuple[FeedbackComment, ...] = ()  # newest first


def unanswered(*, session: Session, since: dt.datetime | None = None, include_handled: bool = False) -> list[UnansweredGroup]:
    """Questions with outcome none, suggestions nobody picked, and 👎 feedback, grouped by normalized text."""
    q = select(QuestionLog).where(
        col(QuestionLog.text).is_not(None),
        or_(col(QuestionLog.outcome) == "none", (col(QuestionLog.outcome) == "suggest") & col(QuestionLog.picked_id).is_(None)),
    )
    if since is not None:
        q = q.where(col(QuestionLog.created_at) >= since)
    if not include_handled:
        q = q.where(col(QuestionLog.handled).is_(False))
    groups: dict[str, list[QuestionLog]] = {}
    for row in session.exec(q).all():
        groups.setdefault(row.normalized or "", []).append(row)
    result = [
        UnansweredGroup(
            normalized=key,
            example=rows[-1].text or "",
            count=len(rows),
            last_seen=max(r.created_at for r in rows),
            channels=tuple(sorted({r.channel for r in rows})),
            source="none" if any(r.outcome == "none" for r in rows) else "suggest",
        )
        for key, rows in groups.items()
    ]
    result.extend(_negative_feedback(session, since, include_handled))
    result.sort(key=lambda g: (-g.count, -g.last_seen.timestamp()))
    return result


def _negative_feedback(session: Session, since: dt.datetime | None, include_handled: bool) -> list[UnansweredGroup]:
    q = select(Feedback, QuestionLog).join(QuestionLog, col(QuestionLog.id) == col(Feedback.question_id), isouter=True)
    q = q.where(col(Feedback.helpful).is_(False))
    if since is not None:
        q = q.where(col(Feedback.created_at) >= since)
    if not include_handled:
        q = q.where(col(Feedback.handled).is_(False))
    groups: dict[str, list[tuple[Feedback, QuestionLog | None]]] = {}
    for fb, ql in session.exec(q).all():
        key = (ql.normalized if ql and ql.normalized else f"👎 {fb.entry_id}") or ""
        groups.setdefault(key, []).append((fb, ql))
    return [
        UnansweredGroup(
            normalized=key,
            example=next((ql.text for _, ql in rows if ql and ql.text), key) or key,
            count=len(rows),
            last_seen=max(fb.created_at for fb, _ in rows),
            channels=tuple(sorted({fb.channel for fb, _ in rows})),
            source="feedback",
            reasons=tuple(sorted({fb.reason for fb, _ in rows if fb.reason})),
            comments=_comments(fb for fb, _ in rows),
        )
        for key, rows in groups.items()
    ]


def _comments(rows: Iterable[Feedback]) -> tuple[FeedbackComment, ...]:
    found = [FeedbackComment(fb.comment.strip(), fb.reason, fb.entry_id, _aware(fb.created_at))
             for fb in rows if fb.comment and fb.comment.strip()]
    return tuple(sorted(found, key=lambda c: c.at, reverse=True))


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back stored UTC times without their zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class EntryFeedback:
    """How mediators judged one entry: 👍 and 👎 counts and the latest written 👎 comments."""

    helpful: int
    not_helpful: int
    comments: tuple[FeedbackComment, ...]


def entry_feedback(*, session: Session, entry_id: str, latest: int = 10) -> EntryFeedback:
    """Every 👍/👎 on an entry (handled or not: the entry's record), and its `latest` 👎 comments."""
    counts = dict(session.exec(select(Feedback.helpful, func.count()).where(col(Feedback.entry_id) == entry_id)
                               .group_by(col(Feedback.helpful))).all())
    recent = session.exec(select(Feedback).where(col(Feedback.entry_id) == entry_id, col(Feedback.helpful).is_(False),
                                                 col(Feedback.comment).is_not(None))
                          .order_by(col(Feedback.created_at).desc(), col(Feedback.id).desc()).limit(latest)).all()
    return EntryFeedback(int(counts.get(True, 0)), int(counts.get(False, 0)), _comments(recent))


def mark_handled(*, session: Session, normalized: str) -> int:
    """Close every logged question (and 👎 on them) with this normalized text; returns how many."""
    ids = [r for r in session.exec(select(QuestionLog.id).where(col(QuestionLog.normalized) == normalized)).all()]
    if not ids:
        return 0
    session.execute(update(QuestionLog).where(col(QuestionLog.id).in_(ids)).values(handled=True))
    session.execute(update(Feedback).where(col(Feedback.question_id).in_(ids)).values(handled=True))
    return len(ids)


def drop_old_texts(*, session: Session, days: int, now: dt.datetime | None = None) -> int:
    """Retention: erase question texts, and what mediators wrote after 👎, older than `days`; the per-day counts
    and the 👍/👎 counts stay. Returns how many questions lost their text."""
    cutoff = (now or utcnow()) - dt.timedelta(days=days)
    result = session.execute(
        update(QuestionLog)
        .where(col(QuestionLog.created_at) < cutoff, col(QuestionLog.text).is_not(None))
        .values(text=None, normalized=None, user_key=None)
    )
    session.execute(update(Feedback).where(col(Feedback.created_at) < cutoff, col(Feedback.comment).is_not(None))
                    .values(comment=None))
    return affected(result)


def daily_counts(*, session: Session, since: dt.date) -> list[DailyCount]:
    """Questions per day in Vietnam (Asia/Ho_Chi_Minh), channel and outcome, from the day `since` on. Retention keeps
    the rows (it only drops their text), so the counts are derived from the log itself: no hot counter row for
    concurrent writers to fight over."""
    day = _local_day(session)
    stmt = (select(day, QuestionLog.channel, QuestionLog.outcome, func.count())
            .where(col(QuestionLog.created_at) >= day_start(since))
            .group_by(day, QuestionLog.channel, QuestionLog.outcome).order_by(day))
    return [DailyCount(day=d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)), channel=c, outcome=o, count=n)
            for d, c, o, n in session.exec(stmt).all()]


def _local_day(session: Session) -> ColumnElement[Any]:
    """The Vietnamese calendar day of a logged question, computed by the database."""
    if session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone(literal_column(f"'{ZONE_NAME}'"), QuestionLog.created_at))
    hours = int(UTC_OFFSET.total_seconds() // 3600)
    return func.date(QuestionLog.created_at, literal_column(f"'+{hours} hours'"))


def count_questions(*, session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(QuestionLog)).one())
