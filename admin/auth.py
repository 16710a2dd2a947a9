"""Console login: DB-backed sessions in an HttpOnly cookie, CSRF tokens, login throttling, forced password change,
and the first administrator account created on an empty database."""

import asyncio
import datetime as dt
import hmac
import logging
import secrets
import sys

from aiohttp import web
from sqlalchemy.exc import IntegrityError

from admin.web import SESSION, Console, Handler, core_of, read_form, redirect, render, text_field
from bot.core import texts
from bot.core.errors import DomainError, Forbidden, Invalid
from bot.domain import accounts
from bot.domain.passwords import check_password, hash_one_time, hash_password, one_time_password, verify_password
from bot.storage import accounts_repo as repo
from bot.storage import login_repo
from bot.storage.accounts_repo import SessionInfo
from bot.web import client

logger = logging.getLogger(__name__)

SESSION_COOKIE = "hoagiai_session"
LOGIN_COOKIE = "hoagiai_login"  # double-submit token protecting the login form itself
SESSION_TTL = dt.timedelta(hours=12)
THROTTLE_WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES = 5  # per username from one address
MAX_ACCOUNT_FAILURES = 10  # per username from any address (a client with many addresses)
MAX_ADDRESS_FAILURES = 20  # per address over all usernames (password spraying)
LIMITS = login_repo.Limits(THROTTLE_WINDOW, MAX_FAILURES, MAX_ACCOUNT_FAILURES, MAX_ADDRESS_FAILURES)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
OPEN_PATHS = ("/admin/login", "/admin/static/", "/admin/api/")  # the API checks bearer tokens itself
PASSWORD_PATHS = ("/admin/password", "/admin/logout")


def _secure(request: web.Request) -> bool:
    """Secure cookies when configured, or when the request came over HTTPS (directly or through a proxy)."""
    settings = core_of(request).settings
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return settings.secure_cookies or request.secure or forwarded == "https"


def _set_cookie(request: web.Request, response: web.StreamResponse, name: str, value: str) -> None:
    response.set_cookie(name, value, path="/admin", httponly=True, samesite="Lax", secure=_secure(request))


def client_address(request: web.Request) -> str | None:
    """The address throttling counts: the peer, or behind a proxy listed in HOAGIAI_TRUSTED_PROXIES the address that
    proxy put in X-Forwarded-For (see bot.web.client)."""
    return client.client_address(request, core_of(request).settings.proxies())


@web.middleware
async def auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every console page needs a live session; unsafe methods need the session's CSRF token too."""
    if request.path.startswith(OPEN_PATHS):
        return await handler(request)
    info = await _current_session(request)
    if info is None:
        if request.method in SAFE_METHODS:
            raise redirect("/admin/login", next=request.path_qs)
        raise redirect("/admin/login")
    request[SESSION] = info
    if request.method not in SAFE_METHODS:
        await _check_csrf(request, info.csrf_token)
    if info.account.must_change_password and request.path not in PASSWORD_PATHS:
        raise redirect("/admin/password")
    return await handler(request)


async def _current_session(request: web.Request) -> SessionInfo | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token or len(token) > 128:
        return None
    return await core_of(request).db.run(repo.load_session, token=token, ttl=SESSION_TTL)


async def _check_csrf(request: web.Request, expected: str) -> None:
    sent = request.headers.get("X-CSRF-Token") or text_field(await read_form(request), "_csrf")
    if not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise Forbidden(texts.ADMIN_CSRF_REFUSED)


# --- pages ------------------------------------------------------------------------------------------------------------


async def login_page(request: web.Request) -> web.StreamResponse:
    """The login form (anyone already logged in goes straight to the console)."""
    if await _current_session(request) is not None:
        raise redirect("/admin/")
    return _login_form(request)


def _login_form(request: web.Request, error: str | None = None, status: int = 200, username: str = "") -> web.Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", status=status, error=error, login_csrf=token, username=username,
                      next=_safe_next(request.query.get("next", "")))
    _set_cookie(request, response, LOGIN_COOKIE, token)
    return response


def _safe_next(target: str) -> str:
    """Only console paths: never an open redirect to another site."""
    return target if target.startswith("/admin/") and not target.startswith("//") and "\\" not in target else "/admin/"


async def login(request: web.Request) -> web.StreamResponse:
    """Check the password (throttled), then open a session."""
    form = await read_form(request)
    sent, cookie = text_field(form, "_csrf"), request.cookies.get(LOGIN_COOKIE, "")
    if not sent or not cookie or not hmac.compare_digest(sent.encode(), cookie.encode()):
        return _login_form(request, texts.ADMIN_LOGIN_EXPIRED_FORM, 403)
    username = text_field(form, "username").strip().lower()[:64]
    password = text_field(form, "password")[:1024]
    db, address = core_of(request).db, client_address(request)
    # Counted before the check, atomically in the database: concurrent attempts on any replica see each other.
    attempt = await db.run(login_repo.claim_attempt, username=username, ip=address, limits=LIMITS)
    if attempt is None:
        logger.warning("console login throttled for %r from %s", username, address)
        return _login_form(request, texts.ADMIN_LOGIN_THROTTLED, 429, username)
    found = await db.run(repo.password_hash, username=username)
    account, stored = found if found else (None, None)
    ok = await asyncio.to_thread(verify_password, stored, password) and account is not None and account.active
    if ok:
        await db.run(login_repo.settle_attempt, attempt_id=attempt, success=True)
    if not ok or account is None:
        return _login_form(request, texts.ADMIN_LOGIN_FAILED, 401, username)
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    await db.run(repo.create_session, user_id=account.id, token=token, csrf_token=csrf, ttl=SESSION_TTL)
    response = web.HTTPSeeOther(_safe_next(text_field(form, "next")))
    _set_cookie(request, response, SESSION_COOKIE, token)
    response.del_cookie(LOGIN_COOKIE, path="/admin")
    raise response


async def logout(request: web.Request) -> web.StreamResponse:
    """End this session everywhere (it is deleted from the database)."""
    await core_of(request).db.run(repo.delete_session, token=request.cookies.get(SESSION_COOKIE, ""))
    response = redirect("/admin/login", "logged_out")
    response.del_cookie(SESSION_COOKIE, path="/admin")
    raise response


async def password_page(request: web.Request) -> web.StreamResponse:
    """The change-password form (forced after the first login or a reset)."""
    return render(request, "password.html")


async def change_password(request: web.Request) -> web.StreamResponse:
    """Check the current password, apply the rules, store the new hash; other sessions of the user end."""
    info: SessionInfo = request[SESSION]
    form = await read_form(request)
    current, new = text_field(form, "current")[:1024], text_field(form, "new")[:1024]
    db = core_of(request).db
    found = await db.run(repo.password_hash, username=info.account.username)
    stored = found[1] if found else None
    try:
        if not await asyncio.to_thread(verify_password, stored, current):
            raise Invalid(texts.ADMIN_PASSWORD_WRONG, "current")
        check_password(info.account.username, new, "new")
        if new != text_field(form, "confirm"):
            raise Invalid(texts.ADMIN_PASSWORD_MISMATCH, "confirm")
        if new == current:
            raise Invalid(texts.ADMIN_PASSWORD_SAME, "new")
    except DomainError as exc:
        return render(request, "password.html", status=400, error=exc.message, field=exc.field)
    new_hash = await asyncio.to_thread(hash_password, new)
    await db.run(accounts.change_own_password, username=info.account.username, password_hash=new_hash,
                 keep_token=request.cookies.get(SESSION_COOKIE, ""))
    raise redirect("/admin/", "password")


# --- first start ------------------------------------------------------------------------------------------------------


async def ensure_first_admin(core: Console, console_url: str) -> str | None:
    """On an empty user table create `admin` with a one-time password, written once to stderr.

    Straight to the process's stderr, never through the logger: JSON logs are shipped and kept elsewhere.

    Returns the password (None when users exist). Replicas starting together race on the unique username: the loser
    sees the IntegrityError and prints nothing.
    """
    if await core.db.run(repo.count_users) > 0:
        return None
    password = one_time_password()
    password_hash = hash_one_time(password)
    try:
        await core.db.run(accounts.create_account, username="admin", role="admin", password_hash=password_hash,
                          must_change=True, actor="system")
    except (IntegrityError, DomainError):  # another replica created it first
        return None
    message = texts.ADMIN_FIRST_ACCOUNT.format(username="admin", password=password, url=console_url)
    sys.stderr.write(message + "\n")
    sys.stderr.flush()
    return password
