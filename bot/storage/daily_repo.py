"""The daily question: subscriptions, the claim of each day's send (one row per user and day: the replica whose
insert succeeds sends it, the others see the row and skip), its outcome, and the answer scored once."""

import datetime as dt
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from bot.storage.models import Conversation, DailySend, DailySubscription
from bot.storage.sql import affected, table_of


def subscription_hour(*, session: Session, user_key: str) -> int | None:
    row = session.get(DailySubscription, user_key)
    return row.hour if row is not None and row.active else None


def subscribe(*, session: Session, user_key: str, channel: str, raw_user_id: str, hour: int, minute: int,
              now: dt.datetime) -> None:
    row = session.get(DailySubscription, user_key) or DailySubscription(
        user_key=user_key, channel=channel, raw_user_id=raw_user_id, hour=hour, minute=minute, created_at=now)
    row.channel, row.raw_user_id, row.hour, row.minute, row.active, row.updated_at = \
        channel, raw_user_id, hour, minute, True, now
    session.add(row)


def unsubscribe(*, session: Session, user_key: str) -> bool:
    """Delete the subscription (and with it the raw id kept to send)."""
    return affected(session.execute(delete(DailySubscription).where(col(DailySubscription.user_key) == user_key))) > 0


def due(*, session: Session, day: dt.date, hour: int, minute: int, limit: int = 500) -> list[DailySubscription]:
    """Subscriptions of this hour whose minute has come and whose send for `day` nobody has claimed yet."""
    claimed = select(DailySend.user_key).where(DailySend.day == day)
    stmt = select(DailySubscription).where(col(DailySubscription.active), DailySubscription.hour == hour,
                                           col(DailySubscription.minute) <= minute,
                                           col(DailySubscription.user_key).not_in(claimed)) \
        .order_by(col(DailySubscription.minute), col(DailySubscription.user_key)).limit(limit)
    return list(session.exec(stmt).all())


def claim(*, session: Session, user_key: str, day: dt.date, channel: str, now: dt.datetime) -> bool:
    """Claim the day's send for this user; False when another replica (or an earlier pass) claimed it."""
    table = table_of(DailySend)
    result = session.execute(_insert(session, table).values(
        user_key=user_key, day=day, channel=channel, status="claimed", claimed_at=now).on_conflict_do_nothing()
        .returning(table.c.user_key))
    return result.first() is not None


def finish(*, session: Session, user_key: str, day: dt.date, status: str, item_id: str | None,
           error: str | None = None) -> None:
    session.execute(update(DailySend).where(col(DailySend.user_key) == user_key, col(DailySend.day) == day)
                    .values(status=status, item_id=item_id, error=error))


def last_message_at(*, session: Session, user_key: str) -> dt.datetime | None:
    """When the user last typed (at most a minute early): the start of their flood-limit window, which every typed
    message moves on once the previous window has passed."""
    start = session.exec(select(Conversation.window_start).where(Conversation.user_key == user_key)).first()
    return None if start is None else start if start.tzinfo else start.replace(tzinfo=dt.UTC)


def mark_answered(*, session: Session, user_key: str, item_id: str, now: dt.datetime) -> bool:
    """The first answer to a sent daily question with this item; False for a repeat or an item never sent."""
    stmt = update(DailySend).where(col(DailySend.user_key) == user_key, col(DailySend.item_id) == item_id,
                                   col(DailySend.status).in_(("sending", "sent")), col(DailySend.answered_at).is_(None))
    return affected(session.execute(stmt.values(answered_at=now))) > 0


def sends_of(*, session: Session, user_key: str) -> list[DailySend]:
    return list(session.exec(select(DailySend).where(DailySend.user_key == user_key)
                             .order_by(col(DailySend.day))).all())


def _insert(session: Session, table: Any) -> Any:
    dialect = session.get_bind().dialect.name
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(table)
