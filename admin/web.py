"""Request plumbing shared by the console pages: keys, rendering, forms read with the console's own size limits,
error pages, role guards and redirects."""

import datetime as dt
import functools
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

import aiohttp_jinja2
from aiohttp import BodyPartReader, web
from multidict import MultiDict

from bot.config import Settings
from bot.core import texts
from bot.core.errors import DomainError, Forbidden, Invalid, NotFound, TooLarge
from bot.core.service import KnowledgeService
from bot.core.vntime import LOCAL_TZ as LOCAL_TZ  # re-exported: the console pages import it from here
from bot.domain.desk import Desk
from bot.domain.transcode import Transcoder
from bot.storage.accounts_repo import Account, SessionInfo
from bot.storage.database import Database
from bot.web.errors import status_of

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Console(Protocol):
    """What the console uses of the server's services (bot.services.Services provides it)."""

    @property
    def settings(self) -> Settings: ...

    @property
    def db(self) -> Database: ...

    @property
    def service(self) -> KnowledgeService: ...

    @property
    def desk(self) -> Desk: ...

    @property
    def transcoder(self) -> Transcoder: ...

    def clock(self) -> dt.datetime: ...

    async def refresh_knowledge(self) -> bool:
        """Serve a newer knowledge version at once on this replica (the others follow by themselves)."""
        ...


CORE = web.AppKey("admin_core", Console)
SESSION = web.RequestKey("admin_session", SessionInfo)  # the session of a logged-in user
FORM = web.RequestKey("admin_form", MultiDict)  # the parsed form, read once

FORM_LIMIT = 1024 * 1024  # an entry form with long Vietnamese texts, percent-encoded, stays far below this
UPLOAD_LIMIT = 20 * 1024 * 1024  # a zip of the whole knowledge base

ADMINS = frozenset({"admin"})
EDITORS = frozenset({"admin", "editor"})
EVERYONE = frozenset({"admin", "editor", "staff", "leader"})  # leader: a team's own page only (admin.logbook)
STAFF = frozenset({"admin", "staff"})  # may read case texts (personal data): editors may not


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes


def core_of(request: web.Request) -> Console:
    return request.config_dict[CORE]


def account_of(request: web.Request) -> Account:
    session: SessionInfo = request[SESSION]
    return session.account


def local_time(moment: dt.datetime | None, fmt: str = "%d/%m/%Y %H:%M") -> str:
    """Stored in UTC, shown in Vietnam's time."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(LOCAL_TZ).strftime(fmt)


def render(request: web.Request, template: str, status: int = 200, **context: Any) -> web.Response:
    session: SessionInfo | None = request.get(SESSION)
    base = {
        "user": session.account if session else None,
        "csrf": session.csrf_token if session else "",
        "flash": texts.ADMIN_FLASH.get(request.query.get("msg", "")),
        "texts": texts,
        "path": request.path,
        "legal_review": core_of(request).settings.legal_review,
    }
    return aiohttp_jinja2.render_template(template, request, {**base, **context}, status=status)


def redirect(location: str, msg: str | None = None, **params: str) -> web.HTTPSeeOther:
    """A 303 to a console page, optionally carrying a flash message code (texts.ADMIN_FLASH)."""
    query = {**params, **({"msg": msg} if msg else {})}
    return web.HTTPSeeOther(location + ("?" + urllib.parse.urlencode(query) if query else ""))


def guard(handler: Handler, roles: frozenset[str]) -> Handler:
    """Refuse the page to roles it is not for (the auth middleware has already required a login)."""

    @functools.wraps(handler)
    async def guarded(request: web.Request) -> web.StreamResponse:
        if account_of(request).role not in roles:
            raise Forbidden(texts.ADMIN_FORBIDDEN)
        return await handler(request)

    return guarded


async def read_form(request: web.Request) -> MultiDict[Any]:
    """The submitted form (urlencoded or multipart), read once and kept on the request.

    The body is read here rather than with request.post() because the web chat's small request limit applies to
    the whole server, while a console form or a knowledge zip is larger.
    """
    if FORM in request:
        return request[FORM]
    form: MultiDict[Any] = MultiDict()
    if request.content_type == "multipart/form-data":
        form = await _read_multipart(request)
    elif request.content_type in ("application/x-www-form-urlencoded", ""):
        raw = await _read_limited(request, FORM_LIMIT)
        try:
            pairs = urllib.parse.parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise Invalid(texts.ADMIN_BAD_FORM) from None
        form = MultiDict(pairs)
    request[FORM] = form
    return form


async def _read_limited(request: web.Request, limit: int) -> bytes:
    if request.content_length is not None and request.content_length > limit:
        raise TooLarge(texts.ADMIN_TOO_LARGE)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise TooLarge(texts.ADMIN_TOO_LARGE)
        chunks.append(chunk)
    return b"".join(chunks)


async def _read_multipart(request: web.Request) -> MultiDict[Any]:
    if request.content_length is not None and request.content_length > UPLOAD_LIMIT:
        raise TooLarge(texts.ADMIN_TOO_LARGE)
    form: MultiDict[Any] = MultiDict()
    reader = await request.multipart()
    size = 0
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader) or not part.name:
            raise Invalid(texts.ADMIN_BAD_FORM)
        data = bytearray()
        while chunk := await part.read_chunk(64 * 1024):
            size += len(chunk)
            if size > UPLOAD_LIMIT:
                raise TooLarge(texts.ADMIN_TOO_LARGE)
            data.extend(chunk)
        if part.filename is not None:
            form.add(part.name, Upload(part.filename, bytes(data)))
        else:
            try:
                form.add(part.name, data.decode("utf-8"))
            except UnicodeDecodeError:
                raise Invalid(texts.ADMIN_BAD_FORM) from None
    return form


def text_field(form: MultiDict[Any], name: str, default: str = "") -> str:
    value = form.get(name, default)
    return value if isinstance(value, str) else default


# Pages may only load what the console serves itself: no CDN, no inline script, no framing.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "media-src 'self' blob:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


@web.middleware
async def error_pages(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Domain errors as pages with their HTTP status (JSON for the API), and the security headers on every console
    response."""
    if request.path == "/admin":
        raise web.HTTPMovedPermanently("/admin/")
    api = request.path.startswith("/admin/api/")
    try:
        response = await handler(request)
    except DomainError as exc:
        if api:
            raise  # the API's JSON error body (bot.web.errors)
        response = render(request, "error.html", status=status_of(exc), message=exc.message)
    except web.HTTPNotFound:
        if api:
            raise NotFound(texts.ADMIN_NOT_FOUND) from None
        response = render(request, "error.html", status=404, message=texts.ADMIN_NOT_FOUND)
    if not api:
        response.headers.update(SECURITY_HEADERS)
        if not request.path.startswith("/admin/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
    return response
