"""The mediation logbook (issue 18): records of cases, their reminders and retention.

Every function takes the SQLModel `session` as a keyword (run them with `Database.run(fn, **kwargs)`); texts given
to `add`/`update` must already be masked (bot.core.privacy.mask_personal). Dates are Vietnam days.

    add(*, session, user_key, commune_id, village, case_date, kind_id, start_id, result_id, agreement_written,
        summary, difficulty=None, deadline=None, reminder_wanted=False, channel=None, raw_user_id=None, now)
        -> LogbookRecord                        # the stored row, with its id
    get(*, session, record_id, user_key) -> LogbookRecord | None          # only the owner's record
    list_for_user(*, session, user_key, limit=10, offset=0) -> list[LogbookRecord]   # newest case first
    count_for_user(*, session, user_key) -> int
    update(*, session, record_id, user_key, now, **fields) -> bool        # False: not this user's record
    delete(*, session, record_id, user_key) -> bool                       # the record and its reminder claims
    records_between(*, session, start, end, commune_ids=None) -> list[LogbookRecord]
        # start..end inclusive (case_date); commune_ids None: all communes; [] : none (for scoped reports)
    due_reminders(*, session, today, limit=500) -> list[tuple[LogbookRecord, str]]   # (record, "before" | "due")
    claim_reminder(*, session, record_id, stage, day, now) -> bool        # True for exactly one replica
    finish_reminder(*, session, record_id, stage, status, error=None) -> None
    record_performance(*, session, record_id, user_key, state, now) -> bool   # "done" | "ongoing" | "not"
    drop_old_texts(*, session, before) -> int     # summaries/difficulties of records created before `before`
    erase_user(*, session, user_key) -> None      # /xoa: records stay for the counts, without user key or raw id
"""

import datetime as dt
from collections.abc import Collection
from typing import Any

from sqlalchemy import delete as sql_delete
from sqlalchemy import update as sql_update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, func, select

from bot.core.vntime import local_today
from bot.storage.logbook_models import LogbookRecord, LogbookReminder
from bot.storage.sql import affected, table_of

BEFORE_DAYS = 3  # the first reminder, this many days before the deadline
CATCH_UP_DAYS = 7  # a "due" reminder missed (every replica down) still goes out within this many days
STAGES = ("before", "due")
PERFORMANCE = ("done", "ongoing", "not")
EDITABLE = frozenset({"commune_id", "village", "case_date", "kind_id", "start_id", "result_id", "agreement_written",
                      "summary", "difficulty", "deadline", "reminder_wanted", "channel", "raw_user_id"})


def add(*, session: Session, user_key: str, commune_id: str, village: str | None, case_date: dt.date, kind_id: str,
        start_id: str, result_id: str, agreement_written: bool, summary: str | None, difficulty: str | None = None,
        deadline: dt.date | None = None, reminder_wanted: bool = False, channel: str | None = None,
        raw_user_id: str | None = None, now: dt.datetime) -> LogbookRecord:
    row = LogbookRecord(user_key=user_key, commune_id=commune_id, village=village, case_date=case_date,
                        kind_id=kind_id, start_id=start_id, result_id=result_id, agreement_written=agreement_written,
                        summary=summary, difficulty=difficulty, deadline=deadline, reminder_wanted=reminder_wanted,
                        channel=channel if reminder_wanted else None,
                        raw_user_id=raw_user_id if reminder_wanted else None, created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    session.refresh(row)
    session.expunge(row)
    return row


def get(*, session: Session, record_id: int, user_key: str) -> LogbookRecord | None:
    row = session.exec(select(LogbookRecord).where(LogbookRecord.id == record_id,
                                                   LogbookRecord.user_key == user_key)).first()
    if row is not None:
        session.expunge(row)
    return row


def list_for_user(*, session: Session, user_key: str, limit: int = 10, offset: int = 0) -> list[LogbookRecord]:
    stmt = select(LogbookRecord).where(LogbookRecord.user_key == user_key) \
        .order_by(col(LogbookRecord.case_date).desc(), col(LogbookRecord.id).desc()).offset(offset).limit(limit)
    rows = list(session.exec(stmt).all())
    for row in rows:
        session.expunge(row)
    return rows


def count_for_user(*, session: Session, user_key: str) -> int:
    stmt = select(func.count()).select_from(LogbookRecord).where(LogbookRecord.user_key == user_key)
    return int(session.exec(stmt).one())


def update(*, session: Session, record_id: int, user_key: str, now: dt.datetime, **fields: Any) -> bool:
    """Change some fields of the owner's record (names in EDITABLE); a changed deadline may remind again."""
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    row = session.exec(select(LogbookRecord).where(LogbookRecord.id == record_id,
                                                   LogbookRecord.user_key == user_key)).first()
    if row is None:
        return False
    if "deadline" in fields and fields["deadline"] != row.deadline:
        session.execute(sql_delete(LogbookReminder).where(col(LogbookReminder.record_id) == record_id))
        row.performance, row.performance_at = None, None
    for name, value in fields.items():
        setattr(row, name, value)
    if not row.reminder_wanted:
        row.channel, row.raw_user_id = None, None
    row.updated_at = now
    session.add(row)
    return True


def delete(*, session: Session, record_id: int, user_key: str) -> bool:
    gone = affected(session.execute(sql_delete(LogbookRecord).where(col(LogbookRecord.id) == record_id,
                                                                    col(LogbookRecord.user_key) == user_key)))
    if gone:
        session.execute(sql_delete(LogbookReminder).where(col(LogbookReminder.record_id) == record_id))
    return gone > 0


def records_between(*, session: Session, start: dt.date, end: dt.date,
                    commune_ids: Collection[str] | None = None) -> list[LogbookRecord]:
    """Records whose case day is within start..end (inclusive), of the given communes (None: every commune)."""
    stmt = select(LogbookRecord).where(col(LogbookRecord.case_date) >= start, col(LogbookRecord.case_date) <= end)
    if commune_ids is not None:
        stmt = stmt.where(col(LogbookRecord.commune_id).in_(list(commune_ids)))
    rows = list(session.exec(stmt.order_by(col(LogbookRecord.case_date), col(LogbookRecord.id))).all())
    for row in rows:
        session.expunge(row)
    return rows


def due_reminders(*, session: Session, today: dt.date, limit: int = 500) -> list[tuple[LogbookRecord, str]]:
    """Reminders whose day has come and that nobody claimed: "before" from 3 days before the deadline (only when the
    case was recorded before that day), "due" from the deadline on (for a week); none once the parties performed or
    refused, nor for a user who erased. Claimed ones are left out in SQL, so a busy day never hides later ones."""
    found: list[tuple[LogbookRecord, str]] = []
    windows = {"due": (today - dt.timedelta(days=CATCH_UP_DAYS), today),
               "before": (today + dt.timedelta(days=1), today + dt.timedelta(days=BEFORE_DAYS))}
    for stage, (first, last) in windows.items():
        claimed = select(LogbookReminder.record_id).where(LogbookReminder.stage == stage)
        # before the deadline only while nobody answered; on it, also after "ongoing"
        states = ["ongoing"] if stage == "due" else []
        waiting = col(LogbookRecord.performance).is_(None) | col(LogbookRecord.performance).in_(states)
        stmt = select(LogbookRecord).where(
            col(LogbookRecord.reminder_wanted), col(LogbookRecord.raw_user_id).is_not(None),
            col(LogbookRecord.deadline) >= first, col(LogbookRecord.deadline) <= last, waiting,
            col(LogbookRecord.id).not_in(claimed),
        ).order_by(col(LogbookRecord.deadline), col(LogbookRecord.id)).limit(limit)
        for row in session.exec(stmt).all():
            assert row.deadline is not None
            if stage == "before" and _day(row.created_at) >= row.deadline - dt.timedelta(days=BEFORE_DAYS):
                continue  # recorded within the last three days: only the deadline's reminder
            session.expunge(row)
            found.append((row, stage))
    return found


def claim_reminder(*, session: Session, record_id: int, stage: str, day: dt.date, now: dt.datetime) -> bool:
    """Claim one reminder; False when another replica (or an earlier pass) claimed it."""
    table = table_of(LogbookReminder)
    dialect = session.get_bind().dialect.name
    insert = (pg_insert if dialect == "postgresql" else sqlite_insert)(table)
    result = session.execute(insert.values(record_id=record_id, stage=stage, day=day, status="claimed",
                                           claimed_at=now).on_conflict_do_nothing().returning(table.c.record_id))
    return result.first() is not None


def finish_reminder(*, session: Session, record_id: int, stage: str, status: str, error: str | None = None) -> None:
    session.execute(sql_update(LogbookReminder).where(col(LogbookReminder.record_id) == record_id,
                                                      col(LogbookReminder.stage) == stage)
                    .values(status=status, error=error))


def record_performance(*, session: Session, record_id: int, user_key: str, state: str, now: dt.datetime) -> bool:
    """The mediator's answer to "Các bên đã thực hiện thỏa thuận chưa?"; False: not their record."""
    if state not in PERFORMANCE:
        raise ValueError(f"unknown performance state: {state}")
    stmt = sql_update(LogbookRecord).where(col(LogbookRecord.id) == record_id, col(LogbookRecord.user_key) == user_key)
    return affected(session.execute(stmt.values(performance=state, performance_at=now, updated_at=now))) > 0


def drop_old_texts(*, session: Session, before: dt.datetime) -> int:
    """Retention: the summary and difficulty of records created before `before` go; the counted fields stay."""
    stmt = sql_update(LogbookRecord).where(col(LogbookRecord.created_at) < before,
                                           col(LogbookRecord.summary_dropped).is_(False))
    return affected(session.execute(stmt.values(summary=None, difficulty=None, summary_dropped=True)))


def erase_user(*, session: Session, user_key: str) -> None:
    """/xoa: the records stay in the counts, without the user key, the raw id or the texts."""
    stmt = sql_update(LogbookRecord).where(col(LogbookRecord.user_key) == user_key)
    session.execute(stmt.values(user_key=None, raw_user_id=None, channel=None, reminder_wanted=False, summary=None,
                                difficulty=None, summary_dropped=True))


def _day(moment: dt.datetime) -> dt.date:
    return local_today(moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC))
