"""Generated documents: the download copy (any number of downloads for 24 hours, deleted at expiry) and the count
kept for statistics.

A row outlives its content on purpose: template and time say that a document was made, nothing says what was in it.
The link's token is stored as its SHA-256 (like API tokens): a copy of the database opens no link.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from bot.storage.models import GeneratedDocument
from bot.storage.sql import affected


@dataclass(frozen=True)
class Download:
    filename: str
    content: bytes
    expires_at: dt.datetime


def token_digest(token: str) -> str:
    """What is stored for a link's token: 64 hex characters (the column's size)."""
    return hashlib.sha256(token.encode()).hexdigest()


def save_document(
    *, session: Session, token: str, template: str, filename: str, content: bytes | None, expires_at: dt.datetime
) -> None:
    session.add(GeneratedDocument(token=token_digest(token), template=template, filename=filename, content=content,
                                  expires_at=expires_at))


def peek_document(*, session: Session, token: str, now: dt.datetime) -> Download | None:
    """The document behind a link that still works (not expired), without recording a download."""
    row = session.get(GeneratedDocument, token_digest(token))
    if row is None or row.content is None or _aware(row.expires_at) <= now:
        return None
    return Download(row.filename, row.content, _aware(row.expires_at))


def fetch_document(*, session: Session, token: str, now: dt.datetime) -> Download | None:
    """Download through a link: the file until the link expires (a link opened in a chat app's own browser cannot
    be tied to a conversation, so whoever holds it may download it again); the first download's time is kept."""
    found = peek_document(session=session, token=token, now=now)
    if found is not None:
        session.execute(update(GeneratedDocument).where(col(GeneratedDocument.token) == token_digest(token),
                                                        col(GeneratedDocument.downloaded_at).is_(None))
                        .values(downloaded_at=now))
    return found


def purge_expired(*, session: Session, now: dt.datetime) -> int:
    """Delete the content of every link that has expired unused; returns how many were cleared."""
    result = session.execute(
        update(GeneratedDocument)
        .where(col(GeneratedDocument.expires_at) <= now, col(GeneratedDocument.content).is_not(None))
        .values(content=None)
    )
    return affected(result)


def count_generated(*, session: Session, since: dt.datetime | None = None) -> dict[str, int]:
    """Documents generated per template (since a moment, or ever): the statistic that outlives the content."""
    stmt = select(GeneratedDocument.template, func.count()).group_by(GeneratedDocument.template)
    if since is not None:
        stmt = stmt.where(col(GeneratedDocument.created_at) >= since)
    return {template: int(n) for template, n in session.exec(stmt).all()}


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
