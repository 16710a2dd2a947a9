"""Telegram webhook mode: the route on our aiohttp app, its secret check, and answering each update once.

Why updates are processed inline, before the 200: an update is acknowledged only once it is answered, so Telegram
itself is the durable queue. The claim (`processed_update` row) is written first, so a redelivery or a second
replica never answers twice; each message sent is recorded right after Telegram accepts it (`sent`), and the claim
is marked done after the answer. If the process dies mid-way, no 200 was sent, Telegram redelivers, and the
unfinished claim is taken over once it is older than STALE_CLAIM_S (until then the redelivery gets 503 and comes
back later): a claim with a recorded send is only marked done, never answered again, so only a kill between a send
and its record can repeat a reply. If handling fails, only an unreachable database answers 503 (the claim released,
Telegram redelivers); any other failure would fail again on every redelivery, so it is logged with the update id,
counted in hoagiai_update_failures_total{channel="telegram"} and acknowledged with 200.
Processing takes a few milliseconds (bench/telegram_bench.py: p95 well under 200 ms from POST to sendMessage), so
Telegram never waits long; a background task after the 200 would lose the update if the process died.
"""

import contextlib
import hashlib
import logging
import re
from typing import TYPE_CHECKING

from aiohttp import web
from telegram import Update

from bot.core import texts
from bot.core.errors import BadSetting, DomainError
from bot.storage.database import connection_lost
from bot.web.bodies import read_json, same_secret
from bot.web.errors import status_of

if TYPE_CHECKING:
    from bot.channels.telegram import TelegramChannel

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what setWebhook accepts as secret_token
STALE_CLAIM_S = 60.0  # far above any real processing time (sends time out after 5 s each)
CHANNEL = "telegram"


def route_segment(token: str) -> str:
    """The hard-to-guess path segment, derived from the token so that every replica serves the same URL."""
    return hashlib.sha256(f"hoagiai-telegram:{token}".encode()).hexdigest()[:32]


def route_path(token: str) -> str:
    return f"/telegram/{route_segment(token)}"


def secret_for(token: str, configured: str | None) -> str:
    """TELEGRAM_WEBHOOK_SECRET, or one derived from the token when it is not set (the same on every replica)."""
    if configured is None or configured == "":
        return hashlib.sha256(f"hoagiai-telegram-secret:{token}".encode()).hexdigest()
    if not SECRET_RE.match(configured):
        raise BadSetting(texts.TELEGRAM_SECRET_INVALID)
    return configured


def add_route(app: web.Application, door: "TelegramChannel") -> None:
    assert door.webhook_secret is not None
    expected = door.webhook_secret.encode()
    store = door.deps.ledger

    async def webhook(request: web.Request) -> web.Response:
        """One update from Telegram: check the secret before reading anything, then answer it once."""
        given = request.headers.get(SECRET_HEADER)
        if given is None:
            return web.Response(status=401)
        # Constant-time comparison of bytes: timing must not reveal how much of a guess was right, and a header that
        # is not plain text is a wrong secret (403), not a crash.
        if not same_secret(given, expected):
            return web.Response(status=403)
        if not door.ready:
            return web.Response(status=503)  # still connecting: Telegram redelivers later
        try:
            update = _to_update(await read_json(request), door)
        except DomainError as exc:  # over 64 KB (413), nested too deeply or not JSON (400)
            return web.Response(status=status_of(exc))
        if update is None:
            return web.Response(status=400)
        update_id = str(update.update_id)
        if not await store.claim_update(CHANNEL, update_id):
            state = await store.retake_update(CHANNEL, update_id, stale_after_s=STALE_CLAIM_S)
            if state == "sent":  # its process died after sending the reply: do not send it twice
                logger.warning("telegram: update %s was answered before a crash; not answered again", update_id)
                await store.finish_update(CHANNEL, update_id)
                return web.Response(status=200)
            if state == "done":
                return web.Response(status=200)
            if state == "busy":
                return web.Response(status=503)

        async def sent() -> None:  # right after each message goes out: a take-over must not send it again
            await store.record_sent(CHANNEL, update_id)

        try:
            await door.handle_update(update, sent=sent)
        except Exception as error:  # noqa: BLE001 - sorted below: redelivery helps only when the database is down
            if connection_lost(error):
                logger.error("telegram: update %s: database unavailable; released for redelivery", update_id)
                with contextlib.suppress(Exception):
                    await store.release_update(CHANNEL, update_id)
                return web.Response(status=503)
            door.failed(update_id, error)  # it would fail again on every redelivery: acknowledge it
        await store.finish_update(CHANNEL, update_id)
        return web.Response(status=200)

    app.router.add_post(route_path(door.application.bot.token), webhook)


def _to_update(data: object, door: "TelegramChannel") -> Update | None:
    try:
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return None
        return Update.de_json(data, door.application.bot)
    except (ValueError, KeyError, TypeError):
        return None
