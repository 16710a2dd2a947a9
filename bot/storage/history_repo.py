"""Web-chat transcripts: the last turns of each conversation, restored when the page is reloaded.

Rows are written already masked (the web door masks them); only the last KEEP turns of a conversation are kept, so
a transcript is never longer than what a reload shows. Retention and /xoa delete them.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from bot.storage.models import ChatTurn, OutboxMessage, utcnow
from bot.storage.sql import affected

KEEP = 50


@dataclass(frozen=True)
class Line:
    """A turn to write: who, what, the buttons under it, the download link it carried."""

    sender: str
    text: str
    buttons: list[dict[str, str]]
    link: dict[str, str] | None = None


def add_turns(*, session: Session, user_key: str, lines: list[Line], keep: int = KEEP) -> None:
    now = utcnow()
    for line in lines:
        session.add(ChatTurn(user_key=user_key, sender=line.sender, text=line.text, buttons=line.buttons,
                             link=line.link, created_at=now))
    session.flush()
    cut = session.exec(select(ChatTurn.id).where(col(ChatTurn.user_key) == user_key)
                       .order_by(col(ChatTurn.id).desc()).offset(keep).limit(1)).first()
    if cut is not None:
        session.execute(delete(ChatTurn).where(col(ChatTurn.user_key) == user_key, col(ChatTurn.id) <= cut))


def recent(*, session: Session, user_key: str, limit: int = KEEP) -> list[ChatTurn]:
    """The last `limit` turns, oldest first."""
    rows = session.exec(select(ChatTurn).where(col(ChatTurn.user_key) == user_key)
                        .order_by(col(ChatTurn.id).desc()).limit(limit)).all()
    return list(reversed(rows))


def last_outbox_id(*, session: Session, session_id: str) -> int:
    """The newest stored message for a page (a reload shows it from the transcript, so polling starts after it)."""
    found: Any = session.exec(select(func.max(OutboxMessage.id)).where(col(OutboxMessage.session) == session_id)).one()
    return int(found or 0)


def label_of(*, session: Session, user_key: str, action: str) -> str | None:
    """The label of the button with this action among the last replies: what the person pressed, in their words."""
    rows = session.exec(select(ChatTurn.buttons).where(col(ChatTurn.user_key) == user_key, col(ChatTurn.sender) != "me")
                        .order_by(col(ChatTurn.id).desc()).limit(10)).all()
    for buttons in rows:
        for b in buttons or []:
            if b.get("action") == action:
                return str(b.get("label", ""))
    return None


def drop_old(*, session: Session, days: int, now: dt.datetime | None = None) -> int:
    """Retention: delete transcript lines older than `days`."""
    cutoff = (now or utcnow()) - dt.timedelta(days=days)
    return affected(session.execute(delete(ChatTurn).where(col(ChatTurn.created_at) < cutoff)))


def erase(*, session: Session, user_key: str) -> None:
    session.execute(delete(ChatTurn).where(col(ChatTurn.user_key) == user_key))
