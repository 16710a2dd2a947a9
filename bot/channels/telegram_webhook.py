"""Telegram webhook mode: the route on our aiohttp app, its secret check, and answering each update once.

Why updates are processed inline, before the 200: an update is acknowledged only once it is answered, so Telegram
itself is the durable queue. The claim (`processed_update` row) is written first, so a redelivery or a second
replica never answers twice; it is marked done after the answer. If processing fails, the claim is released and
Telegram redelivers (500). If the process dies mid-way, no 200 was sent, Telegram redelivers, and the unfinished
claim is taken over once it is older than STALE_CLAIM_S (until then the redelivery gets 503 and comes back later).
Processing takes a few milliseconds (bench/telegram_bench.py: p95 well under 200 ms from POST to sendMessage), so
Telegram never waits long; a background task after the 200 would lose the update if the process died.
"""

import hashlib
import hmac
import json
import logging
import re
from typing import TYPE_CHECKING

from aiohttp import web
from telegram import Update

from bot.core import texts
from bot.core.errors import BadSetting

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
        # Constant-time comparison: response timing must not reveal how much of a guess was right.
        if not hmac.compare_digest(given.encode(), expected):
            return web.Response(status=403)
        if not door.ready:
            return web.Response(status=503)  # still connecting: Telegram redelivers later
        update = await _read_update(request, door)
        if update is None:
            return web.Response(status=400)
        update_id = str(update.update_id)
        if not await store.claim_update(CHANNEL, update_id):
            state = await store.retake_update(CHANNEL, update_id, stale_after_s=STALE_CLAIM_S)
            if state == "done":
                return web.Response(status=200)
            if state == "busy":
                return web.Response(status=503)
        try:
            await door.handle_update(update)
        except Exception:  # noqa: BLE001 - whatever failed, the update goes back to Telegram for redelivery
            logger.exception("telegram: update %s failed; released for redelivery", update_id)
            await store.release_update(CHANNEL, update_id)
            return web.Response(status=500)
        await store.finish_update(CHANNEL, update_id)
        return web.Response(status=200)

    app.router.add_post(route_path(door.application.bot.token), webhook)


async def _read_update(request: web.Request, door: "TelegramChannel") -> Update | None:
    try:
        data = json.loads(await request.read())
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return None
        return Update.de_json(data, door.application.bot)
    except (ValueError, KeyError, TypeError):
        return None
