"""Login throttling: each attempt is counted in the database *before* its password is checked.

The attempt's row is written first (as a failure) and the recent failures are counted in the same transaction, under
a lock per username and per address (SQLite has one writer at a time; on PostgreSQL transaction-scoped advisory
locks), so concurrent attempts on any replica see each other: 60 simultaneous wrong passwords get at most the
allowed number of checks. A successful check turns its row into a success afterwards.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, text, update
from sqlmodel import Session, col, select

from bot.storage.models import LoginAttempt, utcnow


@dataclass(frozen=True)
class Limits:
    window: dt.timedelta
    per_pair: int  # one username from one address
    per_account: int  # one username from any address
    per_address: int  # one address over all usernames (password spraying)


def _lock_key(kind: str, value: str) -> int:
    """A signed 64-bit advisory lock key for a username or an address."""
    return int.from_bytes(hashlib.sha256(f"login:{kind}:{value}".encode()).digest()[:8], "big", signed=True)


def _failures(session: Session, since: dt.datetime, mine: int, *where: ColumnElement[bool]) -> int:
    """Failures (pending attempts count as failures) after the last success matching `where`, within the window."""
    last_ok = session.exec(select(func.max(LoginAttempt.created_at))
                           .where(*where, col(LoginAttempt.success).is_(True))).one()
    if last_ok is not None:
        since = max(since, last_ok if last_ok.tzinfo else last_ok.replace(tzinfo=dt.UTC))
    return int(session.exec(select(func.count()).select_from(LoginAttempt).where(
        *where, col(LoginAttempt.success).is_(False), col(LoginAttempt.created_at) > since,
        col(LoginAttempt.id) != mine)).one())


def claim_attempt(*, session: Session, username: str, ip: str | None, limits: Limits,
                  now: dt.datetime | None = None) -> int | None:
    """Record an attempt before the password is checked; None (nothing recorded) when a limit is already reached."""
    username, address = username[:64], (ip or "")[:64] or None
    if session.get_bind().dialect.name == "postgresql":  # the username's lock first, always: no deadlock
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _lock_key("user", username)})
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _lock_key("ip", address or "")})
    row = LoginAttempt(username=username, ip=address, success=False, created_at=now or utcnow())
    session.add(row)
    session.flush()  # on SQLite the insert takes the write lock before anything is counted
    assert row.id is not None
    since = row.created_at - limits.window
    by_user, by_ip = col(LoginAttempt.username) == username, col(LoginAttempt.ip) == address
    if (_failures(session, since, row.id, by_user, by_ip) >= limits.per_pair
            or _failures(session, since, row.id, by_user) >= limits.per_account
            or _address_failures(session, since, row.id, address) >= limits.per_address):
        session.delete(row)
        return None
    return row.id


def _address_failures(session: Session, since: dt.datetime, mine: int, address: str | None) -> int:
    return int(session.exec(select(func.count()).select_from(LoginAttempt).where(
        col(LoginAttempt.ip) == address, col(LoginAttempt.success).is_(False), col(LoginAttempt.created_at) > since,
        col(LoginAttempt.id) != mine)).one())


def settle_attempt(*, session: Session, attempt_id: int, success: bool) -> None:
    """After the check: a success no longer counts as a failure (and resets the counts that end at a success)."""
    if success:
        session.execute(update(LoginAttempt).where(col(LoginAttempt.id) == attempt_id).values(success=True))
