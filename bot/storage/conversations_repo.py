"""Conversation state, flood limits, update idempotency, the web-chat outbox, and erasing a user."""

import datetime as dt
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.storage.models import Conversation, Feedback, OutboxMessage, ProcessedUpdate, QuestionLog, utcnow


def get_state(*, session: Session, user_key: str) -> dict[str, Any]:
    row = session.get(Conversation, user_key)
    return dict(row.state) if row else {}


def save_state(*, session: Session, user_key: str, channel: str, state: dict[str, Any]) -> None:
    row = session.get(Conversation, user_key) or Conversation(user_key=user_key, channel=channel)
    row.state = dict(state)
    row.updated_at = utcnow()
    session.add(row)


def over_flood_limit(
    *, session: Session, user_key: str, channel: str, limit: int, window_s: int, now: dt.datetime | None = None
) -> bool:
    """Count this message in the user's fixed window; True when it is past the limit."""
    now = now or utcnow()
    row = session.get(Conversation, user_key, with_for_update=True) or Conversation(user_key=user_key, channel=channel)
    start = row.window_start
    if start is not None and start.tzinfo is None:
        start = start.replace(tzinfo=dt.UTC)
    if start is None or now - start >= dt.timedelta(seconds=window_s):
        row.window_start, row.window_count = now, 0
    row.window_count += 1
    session.add(row)
    return row.window_count > limit


def claim_update(*, session: Session, channel: str, update_id: str) -> bool:
    """Record an incoming update id; False when it was seen before (a redelivery)."""
    try:
        with session.begin_nested():
            session.add(ProcessedUpdate(channel=channel, update_id=update_id))
            session.flush()
    except IntegrityError:
        return False
    return True


def push_outbox(*, session: Session, session_id: str, payload: dict[str, Any]) -> int:
    row = OutboxMessage(session=session_id, payload=payload)
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def fetch_outbox(*, session: Session, session_id: str, after: int) -> list[OutboxMessage]:
    stmt = (select(OutboxMessage).where(col(OutboxMessage.session) == session_id, col(OutboxMessage.id) > after)
            .order_by(col(OutboxMessage.id)).limit(50))
    return list(session.exec(stmt).all())


def erase_user(*, session: Session, user_key: str) -> None:
    """/xoa: drop conversation state and feedback, and unlink logged questions from the user."""
    session.execute(delete(Conversation).where(col(Conversation.user_key) == user_key))
    session.execute(delete(Feedback).where(col(Feedback.user_key) == user_key))
    session.execute(update(QuestionLog).where(col(QuestionLog.user_key) == user_key).values(user_key=None))
