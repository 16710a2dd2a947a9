"""Account operations shared by the console and the CLI: create, reset, change role, disable, API tokens.

Each is one transaction that also writes the audit log. Passwords arrive already hashed (hashing is slow and
must not hold a transaction open).
"""

import re
import secrets
from collections.abc import Mapping

from sqlmodel import Session

from bot.core import texts
from bot.core.communes import Commune
from bot.core.errors import Conflict, Invalid, NotFound
from bot.core.logbook_stats import village_key
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


def parse_team(team: str, communes: Mapping[str, Commune]) -> tuple[str, str]:
    """`<commune-id>/<village>`: a commune of communes.yaml and one of its villages (by name or by its dashed id,
    marks optional); a commune without listed villages takes the village as typed."""
    commune_id, _, village = team.strip().partition("/")
    commune = communes.get(commune_id.strip())
    if commune is None:
        raise Invalid(texts.ADMIN_TEAM_UNKNOWN_COMMUNE.format(value=commune_id.strip()), "team")
    village = " ".join(village.split())
    if not village_key(village):
        raise Invalid(texts.ADMIN_TEAM_NEEDS_VILLAGE, "team")
    if commune.villages:
        found = [v for v in commune.villages if village_key(v) == village_key(village)]
        if not found:
            raise Invalid(texts.ADMIN_TEAM_UNKNOWN_VILLAGE.format(
                commune=commune.name, villages=", ".join(f"{village_key(v)} ({v})" for v in commune.villages[:20])),
                "team")
        village = found[0]
    return commune.id, village[:120]


def parse_communes(text: str, communes: Mapping[str, Commune]) -> tuple[str, ...]:
    """Comma-separated commune ids (empty: every commune); an unknown id is Invalid."""
    ids = tuple(dict.fromkeys(c.strip() for c in text.split(",") if c.strip()))
    unknown = [c for c in ids if c not in communes]
    if unknown:
        raise Invalid(texts.ADMIN_COMMUNES_UNKNOWN.format(ids=", ".join(unknown)), "communes")
    return ids


def _scope(role: str, team: str, communes_text: str, communes: Mapping[str, Commune]
           ) -> tuple[str | None, str | None, tuple[str, ...]]:
    """(team commune, team village, staff communes) for a role: a leader needs a team; only staff take communes."""
    if team.strip() and role != "leader":
        raise Invalid(texts.ADMIN_TEAM_LEADER_ONLY, "team")
    if communes_text.strip() and role != "staff":
        raise Invalid(texts.ADMIN_COMMUNES_STAFF_ONLY, "communes")
    if role == "leader":
        if not team.strip():
            raise Invalid(texts.ADMIN_LEADER_NEEDS_TEAM, "team")
        commune_id, village = parse_team(team, communes)
        return commune_id, village, ()
    return None, None, parse_communes(communes_text, communes)


def create_account(
    *, session: Session, username: str, role: str, password_hash: str, must_change: bool, actor: str,
    team: str = "", communes_text: str = "", communes: Mapping[str, Commune] | None = None,
) -> Account:
    check_username(username)
    check_role(role)
    team_commune, team_village, scoped = _scope(role, team, communes_text, communes or {})
    if repo.get_user(session=session, username=username) is not None:
        raise Conflict(texts.ADMIN_USERNAME_TAKEN, "username")
    account = repo.create_user(session=session, username=username, password_hash=password_hash, role=role,
                               must_change_password=must_change)
    if team_commune or scoped:
        account = repo.set_scope(session=session, username=username, team_commune=team_commune,
                                 team_village=team_village, communes=scoped)
    write_audit(session=session, actor=actor, action="user.create", target=username,
                after=f"role: {role}{_scope_note(account)}")
    return account


def set_scope(
    *, session: Session, username: str, team: str, communes_text: str, communes: Mapping[str, Commune], actor: str,
) -> Account:
    """A leader's team, or the communes whose logbook statistics a staff account sees (audited)."""
    account = _existing(session, username)
    team_commune, team_village, scoped = _scope(account.role, team, communes_text, communes)
    updated = repo.set_scope(session=session, username=username, team_commune=team_commune,
                             team_village=team_village, communes=scoped)
    write_audit(session=session, actor=actor, action="user.scope", target=username,
                before=_scope_note(account).strip(", ") or None, after=_scope_note(updated).strip(", ") or None)
    return updated


def _scope_note(account: Account) -> str:
    if account.team_commune:
        return f", team: {account.team}"
    return f", communes: {','.join(account.communes)}" if account.communes else ""


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


def change_role(
    *, session: Session, username: str, role: str, actor: str, team: str = "",
    communes: Mapping[str, Commune] | None = None,
) -> Account:
    """Another role; becoming a leader needs a team (`team`, `<commune-id>/<village>`), and a team or communes that
    no longer fit the new role are dropped."""
    check_role(role)
    account = _existing(session, username)
    if account.role == role:
        return account
    if account.role == "admin":
        _keep_an_admin(session, username, actor)
    team_commune, team_village = None, None
    if role == "leader":
        if not team.strip():
            raise Invalid(texts.ADMIN_LEADER_NEEDS_TEAM, "team")
        team_commune, team_village = parse_team(team, communes or {})
    updated = repo.set_role(session=session, username=username, role=role)
    updated = repo.set_scope(session=session, username=username, team_commune=team_commune, team_village=team_village,
                             communes=updated.communes if role == "staff" else ())
    write_audit(session=session, actor=actor, action="user.role", target=username, before=f"role: {account.role}",
                after=f"role: {role}{_scope_note(updated)}")
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
