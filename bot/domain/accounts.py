"""Account operations shared by the console and the CLI: create, reset, change role, disable, API tokens.

Each is one transaction that also writes the audit log. Passwords arrive already hashed (hashing is slow and
must not hold a transaction open).
"""

import re
import secrets

from sqlmodel import Session

from bot.core import texts
from bot.core.errors import Conflict, Invalid, NotFound
from bot.storage import accounts_repo as repo
from bot.storage.accounts_repo import ROLES, Account, TokenInfo
from bot.storage.audit_repo import write_audit

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
TOKEN_PREFIX = "hg_"


def check_username(username: str) -> None:
    if not USERNAME_RE.match(username):
        raise Invalid(texts.ADMIN_USERNAME_INVALID, "username")


def check_role(role: str) -> None:
    if role not in ROLES:
        raise Invalid(texts.ADMIN_ROLE_INVALID, "role")


def create_account(
    *, session: Session, username: str, role: str, password_hash: str, must_change: bool, actor: str
) -> Account:
    check_username(username)
    check_role(role)
    if repo.get_user(session=session, username=username) is not None:
        raise Conflict(texts.ADMIN_USERNAME_TAKEN, "username")
    account = repo.create_user(session=session, username=username, password_hash=password_hash, role=role,
                               must_change_password=must_change)
    write_audit(session=session, actor=actor, action="user.create", target=username, after=f"role: {role}")
    return account


def reset_password(*, session: Session, username: str, password_hash: str, actor: str) -> Account:
    """A new one-time password: the user must change it at next login; their open sessions end now."""
    account = _existing(session, username)
    repo.set_password(session=session, username=username, password_hash=password_hash, must_change_password=True)
    repo.delete_sessions_of(session=session, user_id=account.id)
    write_audit(session=session, actor=actor, action="user.reset_password", target=username)
    return account


def change_own_password(*, session: Session, username: str, password_hash: str, keep_token: str) -> None:
    account = _existing(session, username)
    repo.set_password(session=session, username=username, password_hash=password_hash, must_change_password=False)
    repo.delete_sessions_of(session=session, user_id=account.id, keep_token=keep_token)
    write_audit(session=session, actor=username, action="user.change_password", target=username)


def change_role(*, session: Session, username: str, role: str, actor: str) -> Account:
    check_role(role)
    account = _existing(session, username)
    if account.role == role:
        return account
    if account.role == "admin":
        _keep_an_admin(session, username, actor)
    updated = repo.set_role(session=session, username=username, role=role)
    write_audit(session=session, actor=actor, action="user.role", target=username, before=f"role: {account.role}",
                after=f"role: {role}")
    return updated


def set_enabled(*, session: Session, username: str, active: bool, actor: str) -> Account:
    """Disable (sessions end and tokens are revoked at once; history stays) or re-enable an account."""
    account = _existing(session, username)
    if account.active == active:
        return account
    if not active and account.role == "admin":
        _keep_an_admin(session, username, actor)
    updated = repo.set_active(session=session, username=username, active=active)
    write_audit(session=session, actor=actor, action="user.enable" if active else "user.disable", target=username,
                before=f"active: {str(account.active).lower()}", after=f"active: {str(active).lower()}")
    return updated


def _keep_an_admin(session: Session, username: str, actor: str) -> None:
    if username == actor:
        raise Conflict(texts.ADMIN_NOT_YOURSELF, "username")
    if repo.count_active_admins(session=session) <= 1:
        raise Conflict(texts.ADMIN_LAST_ADMIN, "username")


def create_api_token(*, session: Session, username: str, actor: str) -> tuple[str, TokenInfo]:
    """A new bearer token; only its hash is stored, so the token itself is shown this once."""
    account = _existing(session, username)
    if not account.active:
        raise NotFound(texts.ADMIN_USER_UNKNOWN, "username")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    info = repo.create_token(session=session, username=username, token=token)
    write_audit(session=session, actor=actor, action="token.create", target=username, after=f"token #{info.id}")
    return token, info


def revoke_api_token(*, session: Session, token_id: int, actor: str) -> TokenInfo:
    info = repo.revoke_token(session=session, token_id=token_id)
    if info is None:
        raise NotFound(texts.ADMIN_NOT_FOUND, "token")
    write_audit(session=session, actor=actor, action="token.revoke", target=info.username, after=f"token #{token_id}")
    return info


def _existing(session: Session, username: str) -> Account:
    account = repo.get_user(session=session, username=username)
    if account is None:
        raise NotFound(texts.ADMIN_USER_UNKNOWN, "username")
    return account
