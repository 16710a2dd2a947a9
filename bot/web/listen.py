"""Recorded answers on the public web: /nghe/<clip-id>, a small player page (what Zalo users get as a link), and
/nghe/<clip-id>.ogg, the clip itself (the page's, the library's and the web chat's <audio>, with Range requests).

Only a clip that is served (live, of a published entry) is found; anything else is a 404. A clip's bytes never
change under its id (a replacement gets a new id), so the file is cached for a year. The page loads nothing from
another host: the library's stylesheet and the clip, both from here.
"""

from aiohttp import web

from bot.core import texts
from bot.core.clips import ClipInfo
from bot.core.knowledge import KnowledgeBase
from bot.core.listen import duration_text
from bot.core.service import KnowledgeService
from bot.storage import audio_repo
from bot.storage.database import Database
from bot.web.library import Pages, asset_urls, page_response

CLIP = r"{clip:[A-Za-z0-9_-]{6,24}}"
OGG = "audio/ogg"


def find_clip(kb: KnowledgeBase, clip_id: str) -> ClipInfo | None:
    return next((c for clips in kb.clips.values() for c in clips if c.id == clip_id and c in kb.clips_of(c.entry_id)),
                None)


def size_text(size: int) -> str:
    return f"{size / 1000:.0f} KB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB"


def setup(app: web.Application, db: Database, knowledge: KnowledgeService, widget_origins: str = "") -> None:
    pages = Pages(asset_urls())
    html = page_response(widget_origins)

    async def page(request: web.Request) -> web.Response:
        kb = knowledge.snapshot.knowledge
        clip = find_clip(kb, request.match_info["clip"])
        if clip is None:
            return html(pages.render("not_found.html", kb, title=texts.LIBRARY_NOT_FOUND), status=404)
        return html(pages.render("listen.html", kb, title=f"{texts.LISTEN_PAGE_CRUMB}: {kb.entries[clip.entry_id].title}",
                                 clip=clip, entry=kb.entries[clip.entry_id], language=kb.languages[clip.lang],
                                 duration=duration_text(clip.duration_s), size=size_text(clip.size)))

    async def audio(request: web.Request) -> web.Response:
        clip = await db.run(audio_repo.published_clip, clip_id=request.match_info["clip"])
        if clip is None:
            raise web.HTTPNotFound()
        return ranged(request, clip.content, OGG, {"Cache-Control": "public, max-age=31536000, immutable"})

    app.router.add_get(f"/nghe/{CLIP}.ogg", audio)
    app.router.add_get(f"/nghe/{CLIP}", page)


def ranged(request: web.Request, body: bytes, content_type: str, headers: dict[str, str]) -> web.Response:
    """The bytes, or the one range a media player asked for (206), so that seeking works on a slow line."""
    base = {**headers, "Accept-Ranges": "bytes", "X-Content-Type-Options": "nosniff"}
    if "Range" not in request.headers:
        return web.Response(body=body, content_type=content_type, headers=base)
    try:
        wanted = request.http_range
    except ValueError:
        wanted = slice(None, None)
    start, stop = wanted.start, wanted.stop
    if start is None and stop is None:
        return web.Response(body=body, content_type=content_type, headers=base)
    total = len(body)
    if start is None:  # "bytes=-500": the last 500 bytes (aiohttp gives a negative start)
        start = 0
    if start < 0:
        start = max(0, total + start)
    stop = total if stop is None else min(stop, total)
    if start >= total or start >= stop:
        return web.Response(status=416, headers={**base, "Content-Range": f"bytes */{total}"})
    part = body[start:stop]
    return web.Response(status=206, body=part, content_type=content_type,
                        headers={**base, "Content-Range": f"bytes {start}-{stop - 1}/{total}"})
