"""The JSON API for integrations and scripts, with bearer tokens (`hoagiai admin create-token USERNAME`).

An entry is its YAML fields plus `kind`; errors are {"error": message, "field": name|null} (rendered by
bot.web.errors). Content and unanswered routes need the editor or admin role; changes go through the same
operations, rules and audit log as the console pages. Documented in /admin/api/openapi.json (admin.openapi).
"""

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from admin.openapi import openapi_document
from admin.web import EDITORS, core_of
from bot.core import texts
from bot.core.errors import Conflict, Forbidden, Invalid, NotFound, TooLarge
from bot.core.schema import Kind
from bot.domain import entries, inbox
from bot.storage import accounts_repo
from bot.storage.accounts_repo import Account
from bot.web import bodies
from bot.web.errors import error_json, json_response

API_BODY_LIMIT = bodies.MAX_BODY  # 64 KB: an entry is a few KB of text
ACCOUNT = web.RequestKey("admin_api_account", Account)
ApiHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def authenticated(handler: ApiHandler) -> ApiHandler:
    """Require a valid bearer token (401) whose user is an editor or admin (403)."""
    return authenticated_as(EDITORS)(handler)


def authenticated_as(roles: frozenset[str]) -> Callable[[ApiHandler], ApiHandler]:
    """Require a valid bearer token (401) whose user has one of these roles (403)."""
    return functools.partial(_authenticated, roles=roles)


def _authenticated(handler: ApiHandler, roles: frozenset[str]) -> ApiHandler:
    @functools.wraps(handler)
    async def wrapped(request: web.Request) -> web.StreamResponse:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        account = None
        if scheme.lower() == "bearer" and 0 < len(token.strip()) <= 256:
            account = await core_of(request).db.run(accounts_repo.account_for_token, token=token.strip())
        if account is None:
            response = error_json(texts.ADMIN_API_UNAUTHORIZED, None, 401)
            response.headers["WWW-Authenticate"] = 'Bearer realm="hoagiai"'
            return response
        if account.role not in roles:
            raise Forbidden(texts.ADMIN_API_FORBIDDEN)
        request[ACCOUNT] = account
        return await handler(request)

    return wrapped


def _actor(request: web.Request) -> str:
    account: Account = request[ACCOUNT]
    return f"{account.username} (API)"


async def _body(request: web.Request) -> dict[str, Any]:
    """The JSON object of a request: 64 KB at most (413), 32 levels deep at most (400), before the parser runs."""
    try:
        body = await bodies.read_json(request, API_BODY_LIMIT)
    except TooLarge:
        raise TooLarge(texts.ADMIN_TOO_LARGE) from None
    if not isinstance(body, dict):
        raise Invalid(texts.ADMIN_FIELD_NOT_OBJECT)
    return body


def _submit_flag(body: dict[str, Any]) -> bool:
    """Saving through the API yields a draft, or a copy sent for review; publishing has its own route."""
    status = body.get("status", "draft")
    if status not in ("draft", "review"):
        raise Invalid(texts.ADMIN_STATUS_API, "status")
    return bool(status == "review")


async def _save(request: web.Request, kind: Kind, body: dict[str, Any], *, create: bool) -> entries.WorkingCopy:
    core = core_of(request)
    return await core.db.run(entries.save, kind=kind, data=entries.coerce(kind, body),
                             registry=entries.registry_of(core.service.snapshot.knowledge), actor=_actor(request),
                             create=create, submit=_submit_flag(body))


async def _copy(request: web.Request) -> entries.WorkingCopy:
    entry_id = request.match_info["id"]
    copy = await core_of(request).db.run(entries.get_copy, entry_id=entry_id)
    if copy is None:
        raise NotFound(texts.ADMIN_ENTRY_UNKNOWN.format(id=entry_id), "id")
    return copy


@authenticated
async def list_entries(request: web.Request) -> web.StreamResponse:
    """Every entry's working copy; optional filters kind, status, topic, q (search)."""
    q = request.query
    found = entries.filter_copies(await core_of(request).db.run(entries.all_copies), query=q.get("q", "")[:200],
                                  kind=q.get("kind", ""), topic=q.get("topic", ""), status=q.get("status", ""))
    return json_response({"entries": [entries.to_json(c) for c in found], "count": len(found)})


@authenticated
async def create_entry(request: web.Request) -> web.StreamResponse:
    """Create an entry (as a draft, or sent for review)."""
    body = await _body(request)
    copy = await _save(request, entries.parse_kind(body.get("kind")), body, create=True)
    return json_response(entries.to_json(copy), status=201, headers={"Location": f"/admin/api/entries/{copy.id}"})


@authenticated
async def get_entry(request: web.Request) -> web.StreamResponse:
    """One entry's working copy."""
    return json_response(entries.to_json(await _copy(request)))


@authenticated
async def put_entry(request: web.Request) -> web.StreamResponse:
    """Replace an entry's working copy (a published entry keeps being served until published again)."""
    copy = await _copy(request)
    body = await _body(request)
    if "kind" in body and body["kind"] != copy.kind:
        raise Conflict(texts.ADMIN_KIND_CHANGED.format(kind=copy.kind), "kind")
    if "id" in body and body["id"] != copy.id:
        raise Invalid(texts.ADMIN_ID_MISMATCH, "id")
    updated = await _save(request, copy.kind, {**body, "id": copy.id}, create=False)
    return json_response(entries.to_json(updated))


@authenticated
async def publish_entry(request: web.Request) -> web.StreamResponse:
    """Publish the working copy; the bot answers with it as soon as this returns."""
    copy = await _copy(request)
    core = core_of(request)
    registry = entries.registry_of(core.service.snapshot.knowledge)
    if await core.db.run(entries.publish, entry_id=copy.id, registry=registry, actor=_actor(request),
                         legal_review=core.settings.legal_review):
        await core.refresh_knowledge()
    return json_response(entries.to_json(await _copy(request)))


@authenticated
async def unanswered(request: web.Request) -> web.StreamResponse:
    """Open clusters of unanswered questions, most asked first, with the entries they most likely meant."""
    core = core_of(request)
    clusters = (await core.db.run(inbox.open_clusters))[: inbox.MAX_CLUSTERS]
    return json_response({"clusters": [inbox.cluster_json(core.service, c) for c in clusters]})


async def openapi(request: web.Request) -> web.StreamResponse:
    """The OpenAPI 3 description of this API (public: it holds no data)."""
    return json_response(openapi_document())


def routes() -> list[tuple[str, str, Callable[[web.Request], Awaitable[web.StreamResponse]]]]:
    return [
        ("GET", "/api/entries", list_entries),
        ("POST", "/api/entries", create_entry),
        ("GET", "/api/entries/{id}", get_entry),
        ("PUT", "/api/entries/{id}", put_entry),
        ("POST", "/api/entries/{id}/publish", publish_entry),
        ("GET", "/api/unanswered", unanswered),
        ("GET", "/api/openapi.json", openapi),
    ]
