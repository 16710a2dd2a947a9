"""Download links for generated documents (Zalo and the web chat get a link; Telegram gets the file).

GET /tai-ve/{token} shows a small page with a download button; POST /tai-ve/{token} hands the file over, any number
of times until the link expires (24 hours): a link opened in Zalo's in-app browser cannot be tied to a conversation,
so it works for whoever holds it. Two steps on purpose: chat apps fetch a pasted link to draw a preview, and a page
that is only a button keeps previews and crawlers from downloading the file. Expired copies are deleted by a
background task (and by `hoagiai retention`).
"""

import asyncio
import contextlib
import datetime as dt
import html
import logging
from collections.abc import AsyncIterator, Callable
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.core import texts
from bot.core.docx_writer import DOCX_MIME
from bot.storage import documents_repo
from bot.storage.database import Database

Clock = Callable[[], dt.datetime]

logger = logging.getLogger(__name__)

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PURGE_INTERVAL_S = 3600.0
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex",
           "X-Content-Type-Options": "nosniff"}
PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font:17px/1.5 system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#111}}
button{{font:inherit;padding:.7rem 1.2rem;border:0;border-radius:.4rem;background:#0b5394;color:#fff}}</style>
</head><body><main><h1>{title}</h1><p>{message}</p>{form}</main></body></html>
"""


def setup(app: web.Application, db: Database, clock: Clock) -> None:
    async def page(request: web.Request) -> web.Response:
        found = await db.run(documents_repo.peek_document, token=request.match_info["token"], now=clock())
        if found is None:
            return _gone()
        expires = found.expires_at.astimezone(LOCAL_TZ).strftime(texts.DOWNLOAD_TIME_FORMAT)
        message = texts.DOWNLOAD_READY.format(filename=found.filename, expires=expires)
        form = f'<form method="post"><button type="submit">{html.escape(texts.BTN_DOWNLOAD)}</button></form>'
        return _page(message, form, 200)

    async def download(request: web.Request) -> web.Response:
        found = await db.run(documents_repo.fetch_document, token=request.match_info["token"], now=clock())
        if found is None:
            return _gone()
        logger.info("generated document downloaded")
        disposition = f'attachment; filename="{found.filename}"'  # our own ASCII name, never user text
        return web.Response(body=found.content, content_type=DOCX_MIME,
                            headers={**PRIVATE, "Content-Disposition": disposition})

    async def purge_expired(_app: web.Application) -> AsyncIterator[None]:
        task = asyncio.create_task(_purge_forever(db, clock), name="purge-expired-documents")
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    app.router.add_get("/tai-ve/{token}", page)
    app.router.add_post("/tai-ve/{token}", download)
    app.cleanup_ctx.append(purge_expired)  # stops before core.close disposes the database


def _page(message: str, form: str, status: int) -> web.Response:
    body = PAGE.format(title=html.escape(texts.DOWNLOAD_TITLE), message=html.escape(message), form=form)
    return web.Response(text=body, content_type="text/html", status=status, headers=PRIVATE)


def _gone() -> web.Response:
    """Used, expired or unknown look the same: the page does not tell whether a token ever existed."""
    return _page(texts.DOWNLOAD_GONE, "", 410)


async def _purge_forever(db: Database, clock: Clock) -> None:
    while True:
        try:
            cleared = await db.run(documents_repo.purge_expired, now=clock())
            if cleared:
                logger.info("deleted %d expired generated documents", cleared)
        except Exception:  # noqa: BLE001 - a failed purge must not stop later ones; the next run retries
            logger.exception("purging expired documents failed")
        await asyncio.sleep(PURGE_INTERVAL_S)
