"""Conversation state, flood limits, update idempotency, the web-chat outbox, and erasing a user."""

import datetime as dt
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from bot.storage.models import ChatTurn, Conversation, Feedback, OutboxMessage, ProcessedUpdate, QuestionLog, VoiceMessage, utcnow
from bot.storage.sql import affected, table_of


def get_state(*, session: Session, user_key: str) -> dict[str, Any]:
    row = session.get(Conversation, user_key)
    return dict(row.state) if row else {}


def _insert(session: Session, table: Any) -> Any:
    """INSERT with ON CONFLICT support; both databases have it. Core statements: these run on every message."""
    dialect = session.get_bind().dialect.name
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(table)


def save_state(*, session: Session, user_key: str, channel: str, state: dict[str, Any]) -> None:
    now = utcnow()
    stmt = _insert(session, Conversation).values(user_key=user_key, channel=channel, state=dict(state),
                                                 updated_at=now, window_count=0)
    session.execute(stmt.on_conflict_do_update(index_elements=["user_key"],
                                               set_={"state": dict(state), "updated_at": now}))


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


def begin_turn(
    *, session: Session, user_key: str, channel: str, count: bool, limit: int, window_s: int,
    now: dt.datetime | None = None,
) -> tuple[bool, dict[str, Any]]:
    """One transaction at the start of every message: count it against the flood limit (typed messages only) and
    read the conversation state. Returns (over the limit, state)."""
    table = table_of(Conversation)
    stmt = select(table.c.state, table.c.window_start, table.c.window_count).where(table.c.user_key == user_key)
    row = session.execute(stmt.with_for_update() if count else stmt).first()
    state = dict(row.state) if row else {}
    if not count:
        return False, state
    now = now or utcnow()
    start = row.window_start if row else None
    if start is not None and start.tzinfo is None:
        start = start.replace(tzinfo=dt.UTC)
    fresh = start is None or now - start >= dt.timedelta(seconds=window_s)
    window_start, window_count = (now, 1) if fresh else (start, (row.window_count if row else 0) + 1)
    if row is None:
        session.execute(_insert(session, table).values(
            user_key=user_key, channel=channel, state={}, updated_at=now, window_start=window_start,
            window_count=window_count).on_conflict_do_update(
            index_elements=["user_key"], set_={"window_count": table.c.window_count + 1}))
    else:
        session.execute(update(table).where(table.c.user_key == user_key)
                        .values(window_start=window_start, window_count=window_count))
    return window_count > limit, state


def claim_update(*, session: Session, channel: str, update_id: str) -> bool:
    """Record an incoming update id; False when it was seen before (a redelivery)."""
    table = table_of(ProcessedUpdate)
    result = session.execute(_insert(session, table).values(
        channel=channel, update_id=update_id, created_at=utcnow()).on_conflict_do_nothing()
        .returning(table.c.update_id))
    return result.first() is not None


def finish_update(*, session: Session, channel: str, update_id: str) -> None:
    """Mark a claimed update as answered: later redeliveries are acknowledged without processing."""
    session.execute(update(ProcessedUpdate).where(*_update_key(channel, update_id)).values(done_at=utcnow()))


def record_sent(*, session: Session, channel: str, update_id: str) -> None:
    """Count one message of the answer as sent (written right after the platform accepted it)."""
    session.execute(update(ProcessedUpdate).where(*_update_key(channel, update_id))
                    .values(sent=col(ProcessedUpdate.sent) + 1))


def release_update(*, session: Session, channel: str, update_id: str) -> None:
    """Drop an unfinished claim after a failure, so that the platform's redelivery is processed."""
    session.execute(delete(ProcessedUpdate).where(*_update_key(channel, update_id),
                                                  col(ProcessedUpdate.done_at).is_(None)))


def retake_update(
    *, session: Session, channel: str, update_id: str, stale_after_s: float, now: dt.datetime | None = None
) -> str:
    """For an update claimed before: "done" (answered), "busy" (claimed recently, being processed), "sent" (claimed
    long ago, never finished, but a reply went out: its process died after sending, so it must not be answered
    again) or "retaken" (claimed long ago, nothing sent: its process died, so this delivery takes it over).

    The take-over is one conditional UPDATE, so two replicas seeing the same stale claim cannot both win.
    """
    now = now or utcnow()
    taken = session.execute(
        update(ProcessedUpdate)
        .where(*_update_key(channel, update_id), col(ProcessedUpdate.done_at).is_(None),
               col(ProcessedUpdate.created_at) < now - dt.timedelta(seconds=stale_after_s))
        .values(created_at=now)
    )
    if affected(taken) == 1:
        row = session.get(ProcessedUpdate, (channel, update_id))
        return "sent" if row is not None and row.sent else "retaken"
    row = session.get(ProcessedUpdate, (channel, update_id))
    if row is None:  # released by a failed attempt in the meantime
        return "retaken" if claim_update(session=session, channel=channel, update_id=update_id) else "busy"
    return "done" if row.done_at is not None else "busy"


def _update_key(channel: str, update_id: str) -> tuple[Any, Any]:
    return col(ProcessedUpdate.channel) == channel, col(ProcessedUpdate.update_id) == update_id


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
    """/xoa: drop conversation state, feedback, the web-chat transcript and voice messages not sent to staff, and
    unlink logged questions from the user (a recording sent with a case stays with the case, like its texts)."""
    session.execute(delete(Conversation).where(col(Conversation.user_key) == user_key))
    session.execute(delete(ChatTurn).where(col(ChatTurn.user_key) == user_key))
    session.execute(delete(Feedback).where(col(Feedback.user_key) == user_key))
    session.execute(update(QuestionLog).where(col(QuestionLog.user_key) == user_key).values(user_key=None))
    session.execute(delete(VoiceMessage).where(col(VoiceMessage.user_key) == user_key,
                                               col(VoiceMessage.case_id).is_(None)))
