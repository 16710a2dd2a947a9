"""Voice messages from mediators: held until confirmed, attached to the case they open, and deleted: unconfirmed after
a day, attached ones when their case is anonymized at the end of its retention."""

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from bot.storage.models import Case, VoiceMessage, utcnow
from bot.storage.sql import affected, attribute

HOLD = dt.timedelta(hours=24)  # an unconfirmed recording is kept this long


def hold(*, session: Session, user_key: str, channel: str, raw_user_id: str, mime: str, duration_s: float,
         content: bytes, now: dt.datetime | None = None) -> int:
    row = VoiceMessage(user_key=user_key, channel=channel, raw_user_id=raw_user_id, mime=mime,
                       duration_s=duration_s, size=len(content), content=content, created_at=now or utcnow())
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def held(*, session: Session, held_id: int, user_key: str, now: dt.datetime) -> VoiceMessage | None:
    """A recording of this user still waiting for confirmation (not attached, not expired)."""
    row = session.get(VoiceMessage, held_id, with_for_update=True)  # two presses of "send" open one case
    if row is None or row.user_key != user_key or row.case_id is not None or _aware(row.created_at) < now - HOLD:
        return None
    return row


def attach(*, session: Session, held_id: int, case_id: int) -> None:
    row = session.get(VoiceMessage, held_id)
    if row is not None:
        row.case_id, row.raw_user_id = case_id, None  # the case keeps the address it needs
        session.add(row)


def drop(*, session: Session, held_id: int, user_key: str, now: dt.datetime) -> bool:
    row = held(session=session, held_id=held_id, user_key=user_key, now=now)
    if row is None:
        return False
    session.delete(row)
    return True


def of_case(*, session: Session, case_id: int) -> list[VoiceMessage]:
    """A case's recordings, without their bytes (the case page lists them)."""
    stmt = (select(VoiceMessage).options(defer(attribute(VoiceMessage.content)))
            .where(col(VoiceMessage.case_id) == case_id).order_by(col(VoiceMessage.id)))
    return list(session.exec(stmt).all())


def get(*, session: Session, voice_id: int) -> VoiceMessage | None:
    return session.get(VoiceMessage, voice_id)


def purge(*, session: Session, now: dt.datetime) -> int:
    """Delete unconfirmed recordings past the hold, and the recordings of anonymized cases; returns how many."""
    expired = delete(VoiceMessage).where(col(VoiceMessage.case_id).is_(None), col(VoiceMessage.created_at) < now - HOLD)
    anonymized = select(Case.id).where(col(Case.anonymized).is_(True))
    of_closed = delete(VoiceMessage).where(col(VoiceMessage.case_id).in_(anonymized))
    return affected(session.execute(expired)) + affected(session.execute(of_closed))


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
