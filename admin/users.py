"""User management pages (admins only): accounts, roles, disabling, one-time passwords, API tokens, the audit log."""

from collections.abc import Mapping

from aiohttp import web

from admin.web import account_of, core_of, read_form, redirect, render, text_field
from bot.core import texts
from bot.core.communes import Commune
from bot.core.errors import DomainError, NotFound
from bot.domain import accounts
from bot.domain.passwords import hash_one_time, one_time_password
from bot.storage import accounts_repo
from bot.storage.accounts_repo import ROLES
from bot.storage.audit_repo import recent_audit
from bot.web.errors import status_of
from bot.web.params import MAX_ID, bounded, query_int


async def users_page(request: web.Request, error: str | None = None, status: int = 200) -> web.Response:
    """Every account with its role and state, and the API tokens."""
    db = core_of(request).db
    return render(request, "users.html", status=status, users=await db.run(accounts_repo.list_users),
                  tokens=await db.run(accounts_repo.list_tokens), roles=ROLES, role_labels=texts.ROLE_LABELS,
                  links=await db.run(accounts_repo.chat_links), error=error)


def _secret(request: web.Request, username: str, kind: str, secret: str) -> web.Response:
    """A password or token shown exactly once (only its hash is kept)."""
    return render(request, "secret.html", username=username, kind=kind, secret=secret)


async def create_user(request: web.Request) -> web.StreamResponse:
    """Create an account with a one-time password the new user must change at first login."""
    form = await read_form(request)
    username, role = text_field(form, "username").strip().lower(), text_field(form, "role")
    password = one_time_password()
    try:
        accounts.check_username(username)
        accounts.check_role(role)
        password_hash = hash_one_time(password)
        await core_of(request).db.run(accounts.create_account, username=username, role=role,
                                      password_hash=password_hash, must_change=True,
                                      actor=account_of(request).username, team=text_field(form, "team"),
                                      communes_text=text_field(form, "communes"), communes=_communes(request))
    except DomainError as exc:
        return await users_page(request, exc.message, status_of(exc))
    return _secret(request, username, "password", password)


async def change_role(request: web.Request) -> web.StreamResponse:
    """Give an account another role."""
    form = await read_form(request)
    try:
        await core_of(request).db.run(accounts.change_role, username=request.match_info["username"],
                                      role=text_field(form, "role"), actor=account_of(request).username,
                                      team=text_field(form, "team"), communes=_communes(request))
    except DomainError as exc:
        return await users_page(request, exc.message, status_of(exc))
    raise redirect("/admin/users", "user_saved")


async def set_scope(request: web.Request) -> web.StreamResponse:
    """A leader's team, or the communes whose logbook statistics a staff account sees."""
    form = await read_form(request)
    try:
        await core_of(request).db.run(accounts.set_scope, username=request.match_info["username"],
                                      team=text_field(form, "team"), communes_text=text_field(form, "communes"),
                                      communes=_communes(request), actor=account_of(request).username)
    except DomainError as exc:
        return await users_page(request, exc.message, status_of(exc))
    raise redirect("/admin/users", "user_saved")


def _communes(request: web.Request) -> Mapping[str, Commune]:
    return core_of(request).service.snapshot.knowledge.communes


async def set_active(request: web.Request) -> web.StreamResponse:
    """Disable an account (logged out everywhere at once, tokens revoked, history kept) or enable it again."""
    form = await read_form(request)
    try:
        await core_of(request).db.run(accounts.set_enabled, username=request.match_info["username"],
                                      active=text_field(form, "active") == "1", actor=account_of(request).username)
    except DomainError as exc:
        return await users_page(request, exc.message, status_of(exc))
    raise redirect("/admin/users", "user_saved")


async def reset_password(request: web.Request) -> web.StreamResponse:
    """A new one-time password for an account (its sessions end)."""
    username = request.match_info["username"]
    password = one_time_password()
    password_hash = hash_one_time(password)
    try:
        await core_of(request).db.run(accounts.reset_password, username=username, password_hash=password_hash,
                                      actor=account_of(request).username)
    except DomainError as exc:
        return await users_page(request, exc.message, status_of(exc))
    return _secret(request, username, "password", password)


async def create_token(request: web.Request) -> web.StreamResponse:
    """A new API token for an account, shown once."""
    username = request.match_info["username"]
    try:
        token, _info = await core_of(request).db.run(accounts.create_api_token, username=username,
                                                     actor=account_of(request).username)
    except DomainError as exc:
        return await users_page(request, exc.message, status_of(exc))
    return _secret(request, username, "token", token)


async def revoke_token(request: web.Request) -> web.StreamResponse:
    """Revoke an API token at once."""
    token_id = request.match_info["token_id"]
    try:
        number = bounded(token_id, 1, MAX_ID)
        if number is None:
            raise NotFound(texts.ADMIN_NOT_FOUND, "token")
        await core_of(request).db.run(accounts.revoke_api_token, token_id=number,
                                      actor=account_of(request).username)
    except DomainError as exc:
        return await users_page(request, exc.message, status_of(exc))
    raise redirect("/admin/users", "token_revoked")


async def audit_page(request: web.Request) -> web.StreamResponse:
    """The latest changes, newest first (100 a page), optionally for one target."""
    before = query_int(request, "before", 1, MAX_ID)
    rows = await core_of(request).db.run(recent_audit, before_id=before,
                                         target=request.query.get("target", "")[:200] or None)
    return render(request, "audit.html", rows=rows, target=request.query.get("target", ""))
