"""Recorded answers in the JSON API (bearer tokens of editors and admins), documented in /admin/api/openapi.json:

- `POST /admin/api/entries/{id}/audio`: multipart `lang`, `file`, optional `speaker` (who reads; the token's
  account when left out) and `transcript` → 201 with the clip;
- `GET /admin/api/entries/{id}/audio`: the entry's clips (`lang`, `speaker`, `duration_s`, `bytes`, `status`);
- `DELETE /admin/api/entries/{id}/audio/{lang}`: takes the clip in that language off at once.

Refusals are the API's errors: 400 (bad language, no file, unreadable, too long), 413 (too large), 404, 503 (no
ffmpeg on this server); nothing changes when a request is refused.
"""

from collections.abc import Awaitable, Callable

from aiohttp import web

from admin.api import ACCOUNT, authenticated
from admin.web import Upload, core_of, read_form, text_field
from bot.domain import clips as clip_ops
from bot.storage.accounts_repo import Account
from bot.web.errors import json_response


def _account(request: web.Request) -> Account:
    account: Account = request[ACCOUNT]
    return account


def _actor(request: web.Request) -> str:
    return f"{_account(request).username} (API)"


@authenticated
async def upload(request: web.Request) -> web.StreamResponse:
    """Attach (or replace) the entry's clip in one language: a pending change of a published entry."""
    core = core_of(request)
    entry_id = request.match_info["id"]
    form = await read_form(request)
    file = form.get("file")
    transcript = text_field(form, "transcript")
    clip = await clip_ops.upload(core.db, core.transcoder, entry_id=entry_id, lang=text_field(form, "lang"),
                                 content=file.content if isinstance(file, Upload) else b"",
                                 speaker=text_field(form, "speaker").strip() or _account(request).username,
                                 transcript=transcript or None,
                                 kb=core.service.snapshot.knowledge, actor=_actor(request))
    return json_response(clip.as_json(), status=201,
                         headers={"Location": f"/admin/api/entries/{entry_id}/audio"})


@authenticated
async def list_clips(request: web.Request) -> web.StreamResponse:
    core = core_of(request)
    views = await core.db.run(clip_ops.list_clips, entry_id=request.match_info["id"],
                              languages=core.service.snapshot.knowledge.languages)
    return json_response({"clips": [v.as_json() for v in views]})


@authenticated
async def delete(request: web.Request) -> web.StreamResponse:
    core = core_of(request)
    entry_id, lang = request.match_info["id"], request.match_info["lang"]
    if await core.db.run(clip_ops.delete, entry_id=entry_id, lang=lang, actor=_actor(request)):
        await core.refresh_knowledge()
    views = await core.db.run(clip_ops.list_clips, entry_id=entry_id,
                              languages=core.service.snapshot.knowledge.languages)
    return json_response({"deleted": lang, "clips": [v.as_json() for v in views]})


def routes() -> list[tuple[str, str, Callable[[web.Request], Awaitable[web.StreamResponse]]]]:
    return [
        ("POST", "/api/entries/{id}/audio", upload),
        ("GET", "/api/entries/{id}/audio", list_clips),
        ("DELETE", "/api/entries/{id}/audio/{lang}", delete),
    ]
