"""Numbers for the console dashboard that the per-day counts do not carry."""

import datetime as dt
from collections import Counter

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.storage.models import Case, QuestionLog


def answered_entries(*, session: Session, since: dt.datetime) -> list[tuple[str, int]]:
    """How often each entry was given as the answer (or picked from suggestions) since a moment, most first."""
    counts: Counter[str] = Counter()
    recent = col(QuestionLog.created_at) >= since
    answers = (select(QuestionLog.top_id, func.count())
               .where(col(QuestionLog.outcome) == "answer", recent, col(QuestionLog.top_id).is_not(None))
               .group_by(col(QuestionLog.top_id)))
    picks = (select(QuestionLog.picked_id, func.count())
             .where(col(QuestionLog.outcome) == "suggest", recent, col(QuestionLog.picked_id).is_not(None))
             .group_by(col(QuestionLog.picked_id)))
    for query in (answers, picks):
        for entry_id, n in session.exec(query).all():
            counts[str(entry_id)] += int(n)
    return counts.most_common()


def open_cases(*, session: Session) -> int:
    """Escalated cases not closed yet (new, assigned or answered)."""
    q = select(func.count()).select_from(Case).where(col(Case.status) != "closed")
    return int(session.exec(q).one())


def overdue_cases(*, session: Session, now: dt.datetime, hours: int) -> int:
    """Cases waiting for a staff reply longer than the promised time (the rule of cases_repo.is_overdue)."""
    q = select(func.count()).select_from(Case).where(col(Case.status).in_(("new", "assigned")),
                                                     col(Case.updated_at) < now - dt.timedelta(hours=hours))
    return int(session.exec(q).one())
