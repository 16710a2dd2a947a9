"""Rotating channel credentials (the Zalo OA access/refresh pair), shared by every replica through the database."""

import datetime as dt

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from bot.storage.models import ChannelToken, utcnow
from bot.storage.sql import affected


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes even for timezone-aware columns; every stored time is UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def get_token(*, session: Session, name: str) -> ChannelToken | None:
    row = session.get(ChannelToken, name)
    if row is not None:
        row.expires_at = _aware(row.expires_at)
    return row


def seed_token(
    *, session: Session, name: str, access_token: str, refresh_token: str, expires_at: dt.datetime
) -> ChannelToken:
    """Store the configured pair on first start; a pair already stored (possibly refreshed since) wins."""
    existing = get_token(session=session, name=name)
    if existing is not None:
        return existing
    row = ChannelToken(name=name, access_token=access_token, refresh_token=refresh_token, expires_at=expires_at)
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:  # another replica seeded it at the same moment
        stored = get_token(session=session, name=name)
        assert stored is not None
        return stored
    return row


def replace_token(
    *, session: Session, name: str, previous_refresh_token: str, access_token: str, refresh_token: str,
    expires_at: dt.datetime,
) -> bool:
    """Store a refreshed pair only if the stored refresh token is still the one we used (compare-and-set).

    Zalo refresh tokens are single-use: when two replicas refresh at once, only one pair is valid, and the
    replica that lost must adopt the stored pair instead of overwriting it. False means we lost.
    """
    result = session.execute(
        update(ChannelToken)
        .where(col(ChannelToken.name) == name, col(ChannelToken.refresh_token) == previous_refresh_token)
        .values(access_token=access_token, refresh_token=refresh_token, expires_at=expires_at, updated_at=utcnow())
    )
    return affected(result) > 0


def set_expiry(*, session: Session, name: str, expires_at: dt.datetime) -> None:
    """Mark the stored access token as expiring at `expires_at` (e.g. after Zalo reported it invalid)."""
    session.execute(update(ChannelToken).where(col(ChannelToken.name) == name).values(expires_at=expires_at))
