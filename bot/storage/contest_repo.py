"""Contests: creating them, participants, the server-timed answers (one row per participant and item, so an item
is answered once), and the ranking: most right answers first, then the least time."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func
from sqlalchemy import select as sql_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.core.training_ports import ContestInfo, Shown, Standing
from bot.storage.models import Contest, ContestAnswer, ContestEntry
from bot.storage.sql import table_of


def _info(row: Contest) -> ContestInfo:
    assert row.id is not None
    return ContestInfo(row.id, row.code, row.title, tuple(row.items), _aware(row.starts_at), _aware(row.ends_at),
                       row.seconds_per_question)


def create(*, session: Session, code: str, title: str, items: list[str], starts_at: dt.datetime,
           ends_at: dt.datetime, seconds: int, author: str) -> ContestInfo | None:
    """The new contest; None when the code is taken."""
    if session.exec(select(Contest.id).where(Contest.code == code)).first() is not None:
        return None
    row = Contest(code=code, title=title, items=items, starts_at=starts_at, ends_at=ends_at,
                  seconds_per_question=seconds, created_by=author)
    session.add(row)
    session.flush()
    return _info(row)


def all_contests(*, session: Session) -> list[ContestInfo]:
    return [_info(r) for r in session.exec(select(Contest).order_by(col(Contest.starts_at).desc())).all()]


def by_code(*, session: Session, code: str) -> ContestInfo | None:
    row = session.exec(select(Contest).where(Contest.code == code)).first()
    return _info(row) if row else None


def by_id(*, session: Session, contest_id: int) -> ContestInfo | None:
    row = session.get(Contest, contest_id)
    return _info(row) if row else None


def entry_of(*, session: Session, contest_id: int, user_key: str) -> tuple[int, str] | None:
    row = session.exec(select(ContestEntry).where(ContestEntry.contest_id == contest_id,
                                                  ContestEntry.user_key == user_key)).first()
    return (row.id, row.display_name) if row is not None and row.id is not None else None


def join(*, session: Session, contest_id: int, user_key: str, channel: str, name: str, now: dt.datetime) -> int:
    found = entry_of(session=session, contest_id=contest_id, user_key=user_key)
    if found is not None:
        return found[0]
    row = ContestEntry(contest_id=contest_id, user_key=user_key, channel=channel, display_name=name, joined_at=now)
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def next_question(*, session: Session, entry_id: int, contest: ContestInfo, now: dt.datetime) -> Shown | None:
    """The item to show now: one shown and still within its time, else the next one (recording its showing);
    items whose time ran out unanswered are closed as wrong on the way."""
    rows = {r.item_id: r for r in session.exec(select(ContestAnswer).where(ContestAnswer.entry_id == entry_id)
                                               .with_for_update()).all()}
    for position, item_id in enumerate(contest.items):
        row = rows.get(item_id)
        if row is None:
            session.add(ContestAnswer(entry_id=entry_id, item_id=item_id, position=position, shown_at=now))
            try:
                session.flush()
            except IntegrityError:  # shown at the same moment by another replica: show that one
                session.rollback()
                return next_question(session=session, entry_id=entry_id, contest=contest, now=now)
            return Shown(position, item_id, now)
        if row.answered_at is not None:
            continue
        shown_at = _aware(row.shown_at)
        if (now - shown_at).total_seconds() <= contest.seconds:
            return Shown(position, item_id, shown_at)
        row.answered_at, row.correct, row.seconds = shown_at + dt.timedelta(seconds=contest.seconds), False, \
            float(contest.seconds)
        session.add(row)
    return None


def answer(*, session: Session, entry_id: int, item_id: str, choice: int, correct: bool, now: dt.datetime,
           limit_s: int) -> float | None:
    """Record the answer to an item shown and not yet answered; the seconds it took, or None."""
    row = session.exec(select(ContestAnswer).where(ContestAnswer.entry_id == entry_id, ContestAnswer.item_id == item_id)
                       .with_for_update()).first()
    if row is None or row.answered_at is not None:
        return None
    took = max(0.0, (now - _aware(row.shown_at)).total_seconds())
    row.answered_at, row.choice = now, choice
    row.correct = correct and took <= limit_s
    row.seconds = min(took, float(limit_s))
    session.add(row)
    return took


@dataclass(frozen=True)
class Ranked:
    rank: int
    entry_id: int
    name: str
    channel: str
    right: int
    answered: int
    seconds: float
    joined_at: dt.datetime


def ranking(*, session: Session, contest_id: int) -> list[Ranked]:
    """Participants by right answers, then total seconds, then who joined first; equal results share a rank."""
    entries, answers = table_of(ContestEntry), table_of(ContestAnswer)
    right = func.coalesce(func.sum(case((answers.c.correct, 1), else_=0)), 0)
    stmt = sql_select(entries.c.id, entries.c.display_name, entries.c.channel, right,
                      func.count(answers.c.answered_at), func.coalesce(func.sum(answers.c.seconds), 0.0),
                      entries.c.joined_at) \
        .select_from(entries.join(answers, answers.c.entry_id == entries.c.id, isouter=True)) \
        .where(entries.c.contest_id == contest_id).group_by(entries.c.id)
    rows = sorted(session.execute(stmt).all(), key=lambda r: (-int(r[3]), float(r[5]), _aware(r[6])))
    out: list[Ranked] = []
    for i, (eid, name, channel, r, n, s, joined) in enumerate(rows, 1):
        tied = out and (out[-1].right, round(out[-1].seconds, 3)) == (int(r), round(float(s), 3))
        out.append(Ranked(out[-1].rank if tied else i, int(eid), str(name), str(channel), int(r), int(n),
                          float(s), _aware(joined)))
    return out


def standing(*, session: Session, contest_id: int, entry_id: int) -> Standing:
    ranked = ranking(session=session, contest_id=contest_id)
    mine = next(r for r in ranked if r.entry_id == entry_id)
    return Standing(mine.rank, len(ranked), mine.right, mine.answered, mine.seconds)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
