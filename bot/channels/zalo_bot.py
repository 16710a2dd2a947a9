"""The Zalo Bot Platform door: a thin aiohttp client, polling or webhook, buttons rendered as numbered text.

Facts relied on (Zalo Bot Platform, https://bot.zaloplatforms.com/docs; cross-checked against the OpenClaw Zalo
client https://app.unpkg.com/@gguf/claw@2026.2.20/files/extensions/zalo/src/api.ts, the Beeblast guide
https://docs.beeblast.co/channels/zalo and /work/shared/design/tech-notes.md):
- Every method is `POST https://bot-api.zaloplatforms.com/bot<TOKEN>/<method>` with a JSON body; answers are
  `{"ok": true, "result": ...}` or `{"ok": false, "error_code": n, "description": "..."}`.
- `getUpdates {timeout: "<seconds>"}` long-polls and returns ONE update (`{event_name, message}`), not a list and
  without an update id; "nothing new" is error 408. It does not work while a webhook is set.
- `setWebhook {url, secret_token}` (secret 8–256 characters); Zalo then sends the secret back in the
  `X-Bot-Api-Secret-Token` header. Webhook bodies have been seen bare and wrapped in `{"ok": true, "result": {...}}`.
- Events: `message.text.received`, `message.image.received`, `message.sticker.received`,
  `message.unsupported.received`. `message` carries `message_id`, `from {id, display_name|name}`,
  `chat {id, chat_type: "PRIVATE"|"GROUP"}`, `date` (milliseconds) and `text`.
- `sendMessage {chat_id, text}` takes 1–2000 characters.
- Nothing documented says how a group mention is marked: we read a few plausible fields defensively and fall back
  to "@<bot name>" in the text.
"""

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import aiohttp
from aiohttp import web

from bot.channels.base import ChannelAdapter, DeliveryFailed, DoorDeps, as_dict, attach, plain_pages
from bot.core.errors import ChannelApiError, DomainError
from bot.core.messages import ChannelCaps, Incoming, Reply
from bot.storage.database import connection_lost
from bot.web.bodies import read_json, same_secret
from bot.web.errors import status_of

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

TEXT_LIMIT = 2000
# Plain text only: numbered choices, documents as links. Zalo publishes no rate for the Bot Platform: 2 proactive
# messages a second per replica is a cautious guess.
CAPS = ChannelCaps(max_text=TEXT_LIMIT, push_rate=2.0)
NOTHING_NEW = 408
POLL_TIMEOUT_S = 30
SECRET_HEADER = "X-Bot-Api-Secret-Token"
TEXT_EVENT = "message.text.received"


class ZaloApiError(ChannelApiError):
    """A Bot Platform call refused or unanswered."""


class ZaloBotApi:
    """One method per Bot Platform call. Errors never carry the URL: it contains the token."""

    def __init__(self, http: aiohttp.ClientSession, base_url: str, token: str) -> None:
        self.http = http
        self.prefix = f"{base_url.rstrip('/')}{token}/"

    async def call(self, method: str, payload: dict[str, Any] | None = None, *, timeout_s: float = 15) -> Any:
        try:
            async with self.http.post(self.prefix + method, json=payload or {},
                                      timeout=aiohttp.ClientTimeout(total=timeout_s)) as resp:
                body = await resp.json(content_type=None)
                status = resp.status
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise ZaloApiError(0, f"{method}: {type(exc).__name__}") from None
        if not isinstance(body, dict):
            raise ZaloApiError(status, f"{method}: unexpected answer")
        if not body.get("ok"):
            code = body.get("error_code", status)
            raise ZaloApiError(int(code) if str(code).lstrip("-").isdigit() else status,
                               str(body.get("description") or body.get("message") or "error"))
        return body.get("result")

    async def get_me(self) -> dict[str, Any]:
        result = await self.call("getMe")
        return result if isinstance(result, dict) else {}

    async def get_updates(self, timeout_s: int = POLL_TIMEOUT_S) -> list[dict[str, Any]]:
        """The next update (Zalo gives one per call; a list is accepted too); [] when nothing is new."""
        try:
            result = await self.call("getUpdates", {"timeout": str(timeout_s)}, timeout_s=timeout_s + 10)
        except ZaloApiError as exc:
            if exc.code == NOTHING_NEW:
                return []
            raise
        if isinstance(result, list):
            return [u for u in result if isinstance(u, dict)]
        return [result] if isinstance(result, dict) else []

    async def set_webhook(self, url: str, secret_token: str) -> None:
        await self.call("setWebhook", {"url": url, "secret_token": secret_token})

    async def delete_webhook(self) -> None:
        await self.call("deleteWebhook")

    async def send_message(self, chat_id: str, text: str) -> None:
        await self.call("sendMessage", {"chat_id": chat_id, "text": text})




def webhook_segment(token: str) -> str:
    """The hard-to-guess path segment: derived from the token, so every replica serves the same route."""
    return hashlib.sha256(f"hoagiai-zalo:{token}".encode()).hexdigest()[:32]


def derived_secret(token: str) -> str:
    """Used when ZALO_WEBHOOK_SECRET is unset: secret, stable across replicas, within Zalo's 8–256 characters."""
    return hmac.new(token.encode(), b"hoagiai-zalo-webhook-secret", hashlib.sha256).hexdigest()


def unwrap(body: Any) -> dict[str, Any] | None:
    """A webhook body, bare or wrapped in {"ok": true, "result": {...}}."""
    if not isinstance(body, dict):
        return None
    result = body.get("result")
    if "event_name" not in body and isinstance(result, dict):
        return result
    return body




class StaffHandler(Protocol):
    async def handle(self, parsed: "ParsedUpdate") -> list[Reply] | None:
        """Replies for the staff group or /lienket; None leaves the update to the mediators' dialogue."""
        ...


@dataclass(frozen=True)
class ParsedUpdate:
    """What we read from one update: its id for deduplication, where to answer, and the message for the core."""

    message_id: str
    chat_id: str
    incoming: Incoming


def parse_update(
    update: dict[str, Any], bot_id: str | None = None, bot_names: Sequence[str] = ()
) -> ParsedUpdate | None:
    """An update as the core's Incoming; None for events that are not messages."""
    event = str(update.get("event_name") or "")
    message = update.get("message")
    if not event.startswith("message.") or not isinstance(message, dict):
        return None
    chat = as_dict(message.get("chat"))
    sender = as_dict(message.get("from") or message.get("sender"))
    chat_id = str(chat.get("id") or sender.get("id") or "")
    if not chat_id:
        return None
    is_group = "GROUP" in str(chat.get("chat_type") or chat.get("type") or "").upper()
    # In a group the state belongs to the person; in a private chat the chat id is the person's address.
    person = str(sender.get("id") or chat_id) if is_group else chat_id
    message_id = str(message.get("message_id") or "") or _fallback_id(message)
    if event != TEXT_EVENT:
        incoming = Incoming("zalo", person, "unsupported", is_group=is_group, caps=CAPS)
        return ParsedUpdate(message_id, chat_id, incoming)
    text = str(message.get("text") or "")
    mentioned, text = _mention(message, text, bot_id, bot_names) if is_group else (False, text)
    return ParsedUpdate(message_id, chat_id, Incoming("zalo", person, "text", text.strip(), is_group=is_group,
                                                      mentioned=mentioned, caps=CAPS))


def _fallback_id(message: dict[str, Any]) -> str:
    """No message_id (never seen, but read defensively): the same redelivered message hashes the same."""
    return "h:" + hashlib.sha256(json.dumps(message, sort_keys=True, default=str).encode()).hexdigest()[:40]


def _mention(message: dict[str, Any], text: str, bot_id: str | None, bot_names: Sequence[str]) -> tuple[bool, str]:
    flagged = bool(message.get("is_mentioned") or message.get("mentioned") or message.get("is_mention"))
    mentions = message.get("mentions")
    if bot_id and isinstance(mentions, list):
        flagged |= any(isinstance(m, dict) and bot_id in (str(m.get("id")), str(m.get("user_id"))) for m in mentions)
    for name in bot_names:
        tag = f"@{name}"
        at = text.lower().find(tag.lower())
        if at >= 0:
            return True, (text[:at] + text[at + len(tag):]).strip()
    return flagged, text


class ZaloBotChannel(ChannelAdapter):
    """Registered as channels["zalo"]: translates updates for the dialogue and sends its replies."""

    name = "zalo"
    caps = CAPS

    def __init__(self, deps: DoorDeps, *, token: str, api_base_url: str, webhook_url: str | None = None,
                 webhook_secret: str | None = None, poll_timeout_s: int = POLL_TIMEOUT_S) -> None:
        super().__init__(deps)
        self.token = token
        self.base_url = api_base_url
        self.webhook_base = (webhook_url or "").rstrip("/") or None
        self.secret = webhook_secret or derived_secret(token)
        self.poll_timeout_s = poll_timeout_s
        self.bot_id: str | None = None
        self.bot_names: tuple[str, ...] = ()  # display and account names, for "@name" mentions in groups
        self._http: aiohttp.ClientSession | None = None
        self._api: ZaloBotApi | None = None
        self.staff: StaffHandler | None = None  # the staff group and /lienket, when wired (zalo_bot_staff.setup)

    @property
    def route(self) -> str:
        return f"/zalo/{webhook_segment(self.token)}"

    @property
    def api(self) -> ZaloBotApi:
        if self._api is None:
            raise DeliveryFailed("Zalo channel not started")
        return self._api

    # -- lifecycle -----------------------------------------------------------------------------------------------------

    async def on_start(self) -> None:
        self._http = aiohttp.ClientSession()
        self._api = ZaloBotApi(self._http, self.base_url, self.token)
        self.run_in_background(self._run(), "runner")

    async def on_stop(self) -> None:
        if self._http is not None:
            await self._http.close()

    async def _run(self) -> None:
        """Introduce ourselves, register (or drop) the webhook, then poll when there is no webhook."""
        await self._retry("setup", self._setup)
        if self.webhook_base is None:
            await self._poll_forever()

    async def _setup(self) -> None:
        me = await self.api.get_me()
        self.bot_id = str(me.get("id") or "") or None
        self.bot_names = tuple(str(me[k]) for k in ("display_name", "account_name", "name") if me.get(k))
        if self.webhook_base is not None:
            await self.api.set_webhook(f"{self.webhook_base}{self.route}", self.secret)
            logger.info("Zalo bot %s: webhook registered", self.bot_names[:1])
        else:
            await self.api.delete_webhook()  # getUpdates does not work while a webhook is set
            logger.info("Zalo bot %s: polling for updates", self.bot_names[:1])

    async def _retry(self, what: str, step: Callable[[], Awaitable[None]]) -> None:
        delay = 1.0
        while True:
            try:
                await step()
                return
            except ZaloApiError as exc:
                logger.warning("Zalo bot %s failed (%s); retrying in %.0f s", what, exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60)

    async def _poll_forever(self) -> None:
        delay = 1.0
        while True:
            try:
                updates = await self.api.get_updates(self.poll_timeout_s)
            except ZaloApiError as exc:
                logger.warning("Zalo getUpdates failed (%s); retrying in %.0f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60)
                continue
            delay = 1.0
            for update in updates:
                self.spawn(self.process(update))  # each in its own task: a slow send never holds up the next

    # -- updates -------------------------------------------------------------------------------------------------------

    async def process(self, update: dict[str, Any], *, redeliverable: bool = False) -> None:
        """One update, once: record its message id, ask the core, send the replies in order for the chat.

        A failure is logged with the message id and counted (hoagiai_update_failures_total); only when the database is
        unreachable and the platform can redeliver (`redeliverable`, the webhook) is the claim released and the error
        raised, so that the webhook answers 503."""
        parsed = parse_update(update, self.bot_id, self.bot_names)
        if parsed is None:
            return
        async with self.in_order(parsed.chat_id):
            try:
                if not await self.first_time(parsed.message_id):
                    return
                # The staff group and /lienket never reach the mediators' dialogue.
                replies = await self.staff.handle(parsed) if self.staff is not None else None
                if replies is None:
                    await self.reply_to(parsed.chat_id, parsed.incoming)
                else:
                    await self.deliver(parsed.chat_id, replies)
            except DeliveryFailed as exc:
                logger.warning("Zalo reply to %s not delivered: %s", self.who(parsed.chat_id), exc.reason)
            except Exception as error:  # noqa: BLE001 - one broken update must not stop the others or the poller
                if redeliverable and connection_lost(error):
                    with contextlib.suppress(Exception):
                        await self.deps.ledger.release_update(self.name, parsed.message_id[:128])
                    raise
                self.failed(parsed.message_id, error)

    async def deliver(self, chat: str, replies: Sequence[Reply]) -> None:
        """Plain messages; DeliveryFailed carries Zalo's reason."""
        for page in plain_pages(replies, TEXT_LIMIT):
            try:
                await self.api.send_message(chat, page)
            except ZaloApiError as exc:
                raise DeliveryFailed(f"Zalo sendMessage {exc}") from None

    # -- webhook -------------------------------------------------------------------------------------------------------

    async def webhook(self, request: web.Request) -> web.Response:
        """Zalo's POST: the secret is checked before the body is read; a redelivered message is answered once."""
        given = request.headers.get(SECRET_HEADER)
        if not given:
            return web.Response(status=401)
        # Constant-time comparison of bytes: the secret must not leak through response timing, and a header that is
        # not plain text is a wrong secret (403), not a crash.
        if not same_secret(given, self.secret):
            return web.Response(status=403)
        try:
            update = unwrap(await read_json(request))  # at most 64 KB, 32 levels deep
        except DomainError as exc:
            return web.Response(status=status_of(exc))
        if update is not None:
            try:
                await self.process(update, redeliverable=True)
            except Exception as error:  # noqa: BLE001 - process raises only when the database is unreachable
                logger.error("Zalo update: database unavailable (%s); left for redelivery", type(error).__name__)
                return web.Response(status=503)
        return web.json_response({"ok": True})


def build(services: "Services", poll_timeout_s: int = POLL_TIMEOUT_S) -> ZaloBotChannel | None:
    """The door, with ZALO_BOT_TOKEN (else None)."""
    s = services.settings
    if not s.zalo_bot_token:
        return None
    deps = DoorDeps.of(services)
    return ZaloBotChannel(deps, token=s.zalo_bot_token, api_base_url=s.zalo_api_base_url,
                          webhook_url=s.zalo_webhook_url, webhook_secret=s.zalo_webhook_secret,
                          poll_timeout_s=poll_timeout_s)


def setup(app: web.Application, services: "Services") -> ZaloBotChannel | None:
    """With ZALO_BOT_TOKEN: register the channel, its webhook route (webhook mode) and its start/stop."""
    channel = build(services)
    if channel is None:
        return None
    services.channels[channel.name] = channel
    if channel.webhook_base is not None:
        app.router.add_post(channel.route, channel.webhook)
    attach(app, channel)
    return channel
