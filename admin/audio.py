"""Recorded answers in the console: upload (a file, or a recording made in the browser) and delete on the entry page,
listen to any clip (pending ones too), the reach page, and the recordings mediators attached to cases.

Uploads go through bot.domain.clips, the same operation as the JSON API: converted with ffmpeg, a pending change of
a published entry, audited.
"""

from aiohttp import web

from admin.content import entry_form_page
from admin.entry_form import to_form
from admin.web import Upload, account_of, core_of, read_form, redirect, render, text_field
from bot.core import texts
from bot.core.errors import DomainError, NotFound
from bot.domain import clips as clip_ops
from bot.domain import entries
from bot.storage import audio_repo, voice_repo
from bot.web.errors import status_of
from bot.web.listen import ranged
from bot.web.params import MAX_ID, bounded


async def upload_clip(request: web.Request) -> web.StreamResponse:
    """The entry page's upload form (and the in-browser recorder, which posts the same form)."""
    copy = await _copy(request)
    core = core_of(request)
    form = await read_form(request)
    file = form.get("file")
    try:
        await clip_ops.upload(core.db, core.transcoder, entry_id=copy.id, lang=text_field(form, "lang"),
                              content=file.content if isinstance(file, Upload) else b"",
                              speaker=text_field(form, "speaker"), transcript=text_field(form, "transcript") or None,
                              kb=core.service.snapshot.knowledge, actor=account_of(request).username)
    except DomainError as exc:
        return await entry_form_page(request, copy.kind, copy, to_form(copy.kind, copy.data),
                                     errors={"audio": exc.message}, status=status_of(exc))
    raise redirect(f"/admin/entries/{copy.id}", "audio_uploaded")  # nothing served changes before publication


async def delete_clip(request: web.Request) -> web.StreamResponse:
    """Take an entry's clip in one language off at once."""
    copy = await _copy(request)
    core = core_of(request)
    if await core.db.run(clip_ops.delete, entry_id=copy.id, lang=request.match_info["lang"],
                         actor=account_of(request).username):
        await core.refresh_knowledge()
    raise redirect(f"/admin/entries/{copy.id}", "audio_deleted")


async def clip_file(request: web.Request) -> web.StreamResponse:
    """Any clip of an entry, pending ones included, for editors to listen to before publishing."""
    clip = await core_of(request).db.run(audio_repo.get_clip, clip_id=request.match_info["clip"])
    if clip is None or clip.entry_id != request.match_info["id"]:
        raise NotFound(texts.ADMIN_NOT_FOUND)
    return ranged(request, clip.content, "audio/ogg", {"Cache-Control": "private, max-age=3600"})


async def reach_page(request: web.Request) -> web.StreamResponse:
    """Which published entries have clips in each language; which of the most asked still lack a Vietnamese one."""
    core = core_of(request)
    kb = core.service.snapshot.knowledge
    found = await core.db.run(clip_ops.reach, kb=kb)
    return render(request, "audio.html", reach=found, languages=kb.languages, audio_ready=core.transcoder.available,
                  top=clip_ops.TOP_ASKED)


async def case_voice(request: web.Request) -> web.StreamResponse:
    """A recording a mediator attached to a case (staff and admin only, like the case texts)."""
    raw_case, raw_voice = request.match_info["id"], request.match_info["voice"]
    number = bounded(raw_voice, 1, MAX_ID)
    voice = await core_of(request).db.run(voice_repo.get, voice_id=number) if number is not None else None
    if voice is None or str(voice.case_id) != raw_case:
        raise NotFound(texts.ADMIN_NOT_FOUND)
    return ranged(request, voice.content, voice.mime, {"Cache-Control": "private, no-store"})


async def _copy(request: web.Request) -> entries.WorkingCopy:
    entry_id = request.match_info["id"]
    copy = await core_of(request).db.run(entries.get_copy, entry_id=entry_id)
    if copy is None:
        raise NotFound(texts.ADMIN_ENTRY_UNKNOWN.format(id=entry_id))
    return copy
