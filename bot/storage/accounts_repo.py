"""Console accounts: users, login sessions, API tokens and login attempts.

Secrets (session tokens, API tokens) are stored as SHA-256 hashes: they are long random strings, so a plain hash
is enough and lets every request find its row by index. Passwords are hashed elsewhere (argon2, in admin.auth).
"""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from bot.storage.models import AdminSession, ApiToken, LoginAttempt, User, utcnow

ROLES = ("admin", "editor", "staff", "leader")  # leader: a mediation team's leader (issue 18), sees only the team


@dataclass(frozen=True)
class Account:
    """A user as the console sees it (no password hash)."""

    id: int
    username: str
    role: str
    active: bool
    must_change_password: bool
    created_at: dt.datetime
    team_commune: str | None = None  # a leader's team: a commune id and a village
    team_village: str | None = None
    communes: tuple[str, ...] = ()  # a staff account's communes for the logbook statistics (empty: every commune)

    @property
    def team(self) -> str:
        return f"{self.team_commune}/{self.team_village}" if self.team_commune else ""


@dataclass(frozen=True)
class SessionInfo:
    account: Account
    csrf_token: str
    expires_at: dt.datetime


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _account(row: User) -> Account:
    assert row.id is not None
    return Account(row.id, row.username, row.role, row.active, row.must_change_password, row.created_at,
                   row.team_commune, row.team_village, tuple(c for c in (row.communes or "").split(",") if c))


# --- users -----------------------------------------------------------------------------------------------------------


def count_users(*, session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(User)).one())


def list_users(*, session: Session) -> list[Account]:
    return [_account(u) for u in session.exec(select(User).order_by(col(User.username))).all()]


def get_user(*, session: Session, username: str) -> Account | None:
    row = session.exec(select(User).where(col(User.username) == username)).first()
    return _account(row) if row else None


def password_hash(*, session: Session, username: str) -> tuple[Account, str] | None:
    """The account and its stored hash, for checking a password at login."""
    row = session.exec(select(User).where(col(User.username) == username)).first()
    return (_account(row), row.password_hash) if row else None


def create_user(
    *, session: Session, username: str, password_hash: str, role: str, must_change_password: bool
) -> Account:
    row = User(username=username, password_hash=password_hash, role=role, must_change_password=must_change_password)
    session.add(row)
    session.flush()
    return _account(row)


def set_password(*, session: Session, username: str, password_hash: str, must_change_password: bool) -> Account:
    row = _require(session, username)
    row.password_hash, row.must_change_password = password_hash, must_change_password
    session.add(row)
    return _account(row)


def set_role(*, session: Session, username: str, role: str) -> Account:
    row = _require(session, username)
    row.role = role
    session.add(row)
    return _account(row)


def set_scope(
    *, session: Session, username: str, team_commune: str | None, team_village: str | None, communes: tuple[str, ...],
) -> Account:
    """A leader's team and a staff account's communes (the other fields are cleared by the caller's choice)."""
    row = _require(session, username)
    row.team_commune, row.team_village = team_commune, team_village
    row.communes = ",".join(communes) or None
    session.add(row)
    return _account(row)


def set_active(*, session: Session, username: str, active: bool) -> Account:
    """Disable (or re-enable) a user; disabling ends their sessions and revokes their tokens at once."""
    row = _require(session, username)
    row.active = active
    session.add(row)
    if not active:
        session.execute(delete(AdminSession).where(col(AdminSession.user_id) == row.id))
        session.execute(update(ApiToken).where(col(ApiToken.user_id) == row.id).values(revoked=True))
    return _account(row)


def count_active_admins(*, session: Session) -> int:
    q = select(func.count()).select_from(User).where(col(User.role) == "admin", col(User.active).is_(True))
    return int(session.exec(q).one())


def _require(session: Session, username: str) -> User:
    row = session.exec(select(User).where(col(User.username) == username)).first()
    if row is None:
        raise LookupError(username)
    return row


# --- sessions --------------------------------------------------------------------------------------------------------


def create_session(*, session: Session, user_id: int, token: str, csrf_token: str, ttl: dt.timedelta) -> None:
    session.add(AdminSession(token_hash=digest(token), user_id=user_id, csrf_token=csrf_token,
                             expires_at=utcnow() + ttl))


def load_session(
    *, session: Session, token: str, ttl: dt.timedelta, now: dt.datetime | None = None
) -> SessionInfo | None:
    """The live session for a cookie token, or None (unknown, expired, or its user disabled).

    Sliding expiry: the deadline moves forward on use, written at most once a minute to spare the database.
    """
    now = now or utcnow()
    found = session.exec(
        select(AdminSession, User).join(User, col(User.id) == col(AdminSession.user_id))
        .where(col(AdminSession.token_hash) == digest(token))
    ).first()
    if found is None:
        return None
    row, user = found
    expires = _aware(row.expires_at)
    if expires <= now or not user.active:
        session.delete(row)
        return None
    if now + ttl - expires > dt.timedelta(minutes=1):
        row.expires_at = expires = now + ttl
        session.add(row)
    return SessionInfo(_account(user), row.csrf_token, expires)


def delete_session(*, session: Session, token: str) -> None:
    session.execute(delete(AdminSession).where(col(AdminSession.token_hash) == digest(token)))


def delete_sessions_of(*, session: Session, user_id: int, keep_token: str | None = None) -> None:
    """End every session of a user (after a password change, except the one that changed it)."""
    q = delete(AdminSession).where(col(AdminSession.user_id) == user_id)
    if keep_token is not None:
        q = q.where(col(AdminSession.token_hash) != digest(keep_token))
    session.execute(q)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


# --- login attempts --------------------------------------------------------------------------------------------------


def record_attempt(*, session: Session, username: str, ip: str | None, success: bool) -> None:
    session.add(LoginAttempt(username=username[:64], ip=(ip or "")[:64] or None, success=success))


# --- API tokens ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TokenInfo:
    id: int
    username: str
    created_at: dt.datetime
    revoked: bool


def create_token(*, session: Session, username: str, token: str) -> TokenInfo:
    user = _require(session, username)
    assert user.id is not None
    row = ApiToken(user_id=user.id, token_hash=digest(token))
    session.add(row)
    session.flush()
    assert row.id is not None
    return TokenInfo(row.id, username, row.created_at, False)


def account_for_token(*, session: Session, token: str) -> Account | None:
    """The active user owning a non-revoked token, or None."""
    found = session.exec(
        select(User).join(ApiToken, col(ApiToken.user_id) == col(User.id))
        .where(col(ApiToken.token_hash) == digest(token), col(ApiToken.revoked).is_(False), col(User.active).is_(True))
    ).first()
    return _account(found) if found else None


def list_tokens(*, session: Session) -> list[TokenInfo]:
    rows = session.exec(select(ApiToken, User).join(User, col(User.id) == col(ApiToken.user_id))
                        .order_by(col(ApiToken.id).desc())).all()
    return [TokenInfo(t.id or 0, u.username, t.created_at, t.revoked) for t, u in rows]


def revoke_token(*, session: Session, token_id: int) -> TokenInfo | None:
    found = session.exec(select(ApiToken, User).join(User, col(User.id) == col(ApiToken.user_id))
                         .where(col(ApiToken.id) == token_id)).first()
    if found is None:
        return None
    row, user = found
    row.revoked = True
    session.add(row)
    return TokenInfo(token_id, user.username, row.created_at, True)


# --- links to chat accounts (staff act on cases from a Telegram or Zalo staff chat) ----------------------------------

STAFF_ROLES = ("staff", "admin")
LINK_ROLES = (*STAFF_ROLES, "leader")  # may link a chat account: staff act on cases, leaders read /sotodoi
LINK_COLUMNS = {"telegram": "telegram_id", "zalo": "zalo_id"}  # channel -> User column holding the chat account id
LINK_CODE_TTL = dt.timedelta(minutes=10)
# No 0/O or 1/I: the code is read off a screen and typed on a phone.
LINK_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LINK_CODE_LENGTH = 8


def staff_for(*, session: Session, channel: str, external_id: str) -> Account | None:
    """The active staff or admin account linked to this Telegram/Zalo id, or None (unlinked, other role, disabled)."""
    column = getattr(User, LINK_COLUMNS[channel])
    row = session.exec(select(User).where(col(column) == external_id, col(User.active).is_(True),
                                          col(User.role).in_(STAFF_ROLES))).first()
    return _account(row) if row else None


def leader_for(*, session: Session, channel: str, external_id: str) -> Account | None:
    """The active leader account linked to this chat account, or None (unlinked, other role, disabled, or a channel
    without links such as the web chat)."""
    attr = LINK_COLUMNS.get(channel)
    if attr is None:
        return None
    row = session.exec(select(User).where(col(getattr(User, attr)) == external_id, col(User.active).is_(True),
                                          col(User.role) == "leader")).first()
    return _account(row) if row else None


def link_chat_account(*, session: Session, username: str, channel: str, external_id: str) -> Account:
    """Link a Telegram/Zalo id to a console account; an id belongs to one account, so any older link is dropped."""
    attr = LINK_COLUMNS[channel]
    row = _require(session, username)
    session.execute(update(User).where(col(getattr(User, attr)) == external_id, col(User.id) != row.id)
                    .values({attr: None}))
    setattr(row, attr, external_id)
    session.add(row)
    return _account(row)


def create_link_code(*, session: Session, username: str, now: dt.datetime | None = None,
                     ttl: dt.timedelta = LINK_CODE_TTL) -> str:
    """A one-time code the user sends to the bot (`/lienket CODE`) to link their chat account; only its hash is kept."""
    row = _require(session, username)
    code = "".join(secrets.choice(LINK_CODE_ALPHABET) for _ in range(LINK_CODE_LENGTH))
    row.link_code, row.link_code_expires = _code_digest(code), (now or utcnow()) + ttl
    session.add(row)
    return code


def redeem_link_code(
    *, session: Session, code: str, channel: str, external_id: str, now: dt.datetime | None = None
) -> Account | None:
    """Link the sender's chat account to the active user whose unexpired code this is; the code works once."""
    wanted = "".join(code.split()).upper().replace("-", "")
    if len(wanted) != LINK_CODE_LENGTH:
        return None
    row = session.exec(select(User).where(col(User.link_code) == _code_digest(wanted))).first()
    if row is None or row.link_code_expires is None:
        return None
    row.link_code, expires = None, _aware(row.link_code_expires)
    row.link_code_expires = None
    session.add(row)
    if expires <= (now or utcnow()) or not row.active:
        return None
    return link_chat_account(session=session, username=row.username, channel=channel, external_id=external_id)


def _code_digest(code: str) -> str:
    return digest(f"link:{code}")[:32]  # fits User.link_code (32 characters)


def chat_links(*, session: Session) -> dict[str, dict[str, str]]:
    """username -> {channel: linked chat id} for every account with at least one Telegram/Zalo link."""
    links: dict[str, dict[str, str]] = {}
    for row in session.exec(select(User).order_by(col(User.username))).all():
        found = {channel: str(getattr(row, attr)) for channel, attr in LINK_COLUMNS.items() if getattr(row, attr)}
        if found:
            links[row.username] = found
    return links
