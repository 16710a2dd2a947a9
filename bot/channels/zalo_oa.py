"""The Zalo Official Account door: signed webhooks at /zalo/oa, answers with the consultation-message API.

Facts relied on (Zalo for Developers, https://developers.zalo.me/docs/official-account; cross-checked against
https://hainh.me/zalo-api-php-webhook-callback-official-account.html (webhook signature, 2 s acknowledgement),
https://www.hexasync.vn/zalo-oa-api-huong-dan-cach-lay-access-token-tu-refresh-token/ and
https://beehexa.com/devdocs/zalo-oa-tutorial-creating-access-token (token refresh), the xBot sample event
https://docs.a4b.vn/xbot/integration-guide/integrates-with-multiple-channels/api-reference/webhook/zalopushtoxbot,
and /work/shared/design/tech-notes.md):
- Webhook header `X-ZEvent-Signature: mac=<hex>`, hex = SHA-256 (plain, not HMAC) of
  app_id + raw JSON body + the body's `timestamp` + the *OA* secret key (not the application secret).
- The webhook must answer 200 within about 2 s, or Zalo retries (for hours) and may disable it: we acknowledge
  first and answer the user from a background task.
- `user_send_text`: `{"event_name", "app_id", "sender": {"id"}, "recipient": {"id"}, "message": {"text", "msg_id"},
  "timestamp": "<ms>"}`; other `user_send_*` events carry images, stickers, files, locations…
- Consultation reply: `POST https://openapi.zalo.me/v3.0/oa/message/cs`, header `access_token`, JSON body
  `{"recipient": {"user_id"}, "message": {"text"}}` (≤ 2000 characters). Refusals (e.g. outside the messaging window)
  come back as HTTP 200 with `error` ≠ 0.
- `user_send_audio` (a voice message) carries `message.attachments[{type: "audio", payload: {url}}]`: we fetch the
  recording from that address. The OA cannot send audio: its file upload takes PDF, DOC and DOCX only (5 MB) and
  images JPG/PNG/GIF, so a recorded answer goes out as a link to our player page /nghe/<clip-id>.
- Refresh: `POST https://oauth.zaloapp.com/v4/oa/access_token`, header `secret_key: <application secret>`, form
  `app_id`, `refresh_token`, `grant_type=refresh_token`; answers `{access_token, refresh_token, expires_in}`
  (seconds, sometimes a string) or `{error, error_name, error_description}`. Access tokens live 1–25 hours
  (sources differ); a refresh token is single-use (valid ~3 months) and is rotated with every refresh.
"""

import asyncio
import dataclasses
import datetime as dt
import hashlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import aiohttp
from aiohttp import web

from bot.channels.base import ChannelAdapter, DeliveryFailed, DoorDeps, as_dict, attach, plain_pages
from bot.core.errors import ChannelApiError, DomainError
from bot.core.messages import Audio, ChannelCaps, Incoming, Reply
from bot.storage import tokens_repo
from bot.storage.database import Database
from bot.storage.models import ChannelToken, utcnow
from bot.web.bodies import parse_json, read_bounded, same_secret
from bot.web.errors import status_of

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

TOKEN_NAME = "zalo_oa"
TEXT_LIMIT = 2000
# Consultation messages, plain text; clips as links. They may only be sent within 48 hours of the user's last
# message to the OA (Zalo OA help centre, "Các loại tin của Zalo Official Account": 8 free replies within 48 h of the
# user's message; later ones count as proactive messages): the daily question is only sent inside that window.
CAPS = ChannelCaps(max_text=TEXT_LIMIT, voice_input=True, push_rate=2.0, push_window_h=48)
MAX_AUDIO = 10_000_000  # a follower's voice message, fetched from Zalo's address
SIGNATURE_HEADER = "X-ZEvent-Signature"
REFRESH_MARGIN = dt.timedelta(minutes=15)  # refresh this long before the access token expires
CHECK_INTERVAL_S = 300.0  # idle replicas refresh too, so the single-use refresh token never lapses
RETRY_AFTER_FAILURE_S = 60.0


class ZaloOaError(ChannelApiError):
    """An OA or OAuth call refused or unanswered."""


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_at: dt.datetime


def signature(app_id: str, raw_body: bytes, timestamp: str, oa_secret: str) -> str:
    """The hex digest Zalo puts after "mac=" in X-ZEvent-Signature."""
    return hashlib.sha256(app_id.encode() + raw_body + timestamp.encode() + oa_secret.encode()).hexdigest()


class ZaloOaApi:
    """The two OA calls we make. Errors carry Zalo's code and message, never a token."""

    def __init__(self, api_base: str, oauth_base: str, app_id: str, app_secret: str) -> None:
        self._http: aiohttp.ClientSession | None = None
        self.api_base = api_base.rstrip("/")
        self.oauth_base = oauth_base.rstrip("/")
        self.app_id = app_id
        self.app_secret = app_secret

    async def open(self) -> None:
        self._http = aiohttp.ClientSession()

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()

    @property
    def http(self) -> aiohttp.ClientSession:
        if self._http is None:
            raise DeliveryFailed("Zalo OA channel not started")
        return self._http

    async def send_text(self, access_token: str, user_id: str, text: str) -> None:
        body = {"recipient": {"user_id": user_id}, "message": {"text": text}}
        answer = await self._post(f"{self.api_base}/v3.0/oa/message/cs", headers={"access_token": access_token},
                                  json=body)
        if answer.get("error", 0) not in (0, "0"):
            raise ZaloOaError(_int(answer.get("error")), str(answer.get("message") or "refused"))

    async def refresh(self, refresh_token: str) -> TokenPair:
        form = {"app_id": self.app_id, "refresh_token": refresh_token, "grant_type": "refresh_token"}
        answer = await self._post(f"{self.oauth_base}/v4/oa/access_token", headers={"secret_key": self.app_secret},
                                  data=form)
        access, refresh = answer.get("access_token"), answer.get("refresh_token")
        if not access or not refresh:
            message = answer.get("error_description") or answer.get("error_name") or answer.get("message") or "refused"
            raise ZaloOaError(_int(answer.get("error")), str(message))
        lifetime = _int(answer.get("expires_in")) or 3600
        return TokenPair(str(access), str(refresh), utcnow() + dt.timedelta(seconds=lifetime))

    async def fetch_audio(self, url: str) -> Audio | None:
        """A follower's recording from the address in the event; None when it cannot be fetched whole."""
        if not url.startswith(("https://", "http://")):
            return None
        try:
            async with self.http.get(url, timeout=aiohttp.ClientTimeout(total=30)) as resp:
                if resp.status != 200 or (resp.content_length or 0) > MAX_AUDIO:
                    return None
                data = await resp.content.read(MAX_AUDIO + 1)
                mime = resp.content_type or "application/octet-stream"
        except (aiohttp.ClientError, TimeoutError):
            return None
        return Audio(data, mime) if 0 < len(data) <= MAX_AUDIO else None

    async def _post(self, url: str, **kwargs: Any) -> dict[str, Any]:
        try:
            async with self.http.post(url, timeout=aiohttp.ClientTimeout(total=15), **kwargs) as resp:
                answer = await resp.json(content_type=None)
                status = resp.status
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise ZaloOaError(0, type(exc).__name__) from None
        if not isinstance(answer, dict):
            raise ZaloOaError(status, "unexpected answer")
        if status >= 400 and "error" not in answer:
            raise ZaloOaError(status, str(answer.get("message") or "HTTP error"))
        return answer


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class OaTokens:
    """The current access token, read from the database (shared by replicas) and refreshed before it expires."""

    def __init__(self, db: Database, api: ZaloOaApi, *, access_token: str | None = None,
                 refresh_token: str | None = None) -> None:
        """`access_token`, `refresh_token`: the configured pair (ZALO_OA_ACCESS_TOKEN, ZALO_OA_REFRESH_TOKEN)."""
        self.db = db
        self.api = api
        self.configured = (access_token, refresh_token)
        self._lock = asyncio.Lock()  # one refresh at a time in this process
        self._failed_at = 0.0

    async def seed(self) -> None:
        """First start: store the configured pair, due at once so that we learn its real lifetime by refreshing."""
        access, refresh = self.configured
        if access and refresh:
            await self.db.run(tokens_repo.seed_token, name=TOKEN_NAME, access_token=access, refresh_token=refresh,
                              expires_at=utcnow())

    async def access_token(self) -> str:
        row = await self._stored()
        if row.expires_at - utcnow() > REFRESH_MARGIN:
            return row.access_token
        async with self._lock:
            row = await self._stored()  # another task (or replica) may have refreshed meanwhile
            if row.expires_at - utcnow() > REFRESH_MARGIN:
                return row.access_token
            if time.monotonic() - self._failed_at < RETRY_AFTER_FAILURE_S:
                return row.access_token  # refresh failed a moment ago: try the old token rather than hammer OAuth
            return (await self._refresh(row)).access_token

    async def _stored(self) -> ChannelToken:
        row = await self.db.run(tokens_repo.get_token, name=TOKEN_NAME)
        if row is None:
            raise DeliveryFailed("Zalo OA: no access token configured (ZALO_OA_ACCESS_TOKEN/ZALO_OA_REFRESH_TOKEN)")
        return row

    async def _refresh(self, row: ChannelToken) -> ChannelToken:
        used = row.refresh_token
        try:
            pair = await self.api.refresh(used)
        except ZaloOaError as exc:
            configured = self.configured[1]
            if not configured or configured == used:
                return self._refresh_failed(row, exc)
            # The stored pair is dead but the operator configured a new one (after re-consenting): adopt it.
            try:
                pair = await self.api.refresh(configured)
            except ZaloOaError:
                return self._refresh_failed(row, exc)
        won = await self.db.run(tokens_repo.replace_token, name=TOKEN_NAME, previous_refresh_token=used,
                                access_token=pair.access_token, refresh_token=pair.refresh_token,
                                expires_at=pair.expires_at)
        if not won:  # another replica stored its refreshed pair first: that one is current
            logger.info("Zalo OA token was refreshed by another replica")
            return await self._stored()
        logger.info("Zalo OA access token refreshed; valid until %s", pair.expires_at.isoformat(timespec="minutes"))
        return ChannelToken(name=TOKEN_NAME, access_token=pair.access_token, refresh_token=pair.refresh_token,
                            expires_at=pair.expires_at)

    def _refresh_failed(self, row: ChannelToken, exc: ZaloOaError) -> ChannelToken:
        self._failed_at = time.monotonic()
        logger.warning("Zalo OA token refresh failed (%s); check ZALO_OA_APP_SECRET and the refresh token", exc)
        return row

    async def keep_fresh(self) -> None:
        """Background check, so that a quiet OA still refreshes before expiry."""
        while True:
            try:
                await self.access_token()
            except DeliveryFailed as exc:
                logger.warning("%s", exc.reason)
            except Exception:  # noqa: BLE001 - a failed check (database down) must not stop later checks
                logger.exception("Zalo OA token check failed")
            await asyncio.sleep(CHECK_INTERVAL_S)


class ZaloOaChannel(ChannelAdapter):
    """Registered as channels["zalo_oa"]: verifies and acknowledges events, answers in the background."""

    name = "zalo_oa"
    caps = CAPS

    def __init__(self, deps: DoorDeps, tokens: OaTokens, *, app_id: str, oa_secret: str) -> None:
        super().__init__(deps)
        self.tokens = tokens
        self.app_id = app_id
        self.oa_secret = oa_secret

    async def on_start(self) -> None:
        await self.tokens.api.open()
        await self.tokens.seed()
        self.run_in_background(self.tokens.keep_fresh(), "tokens")

    async def on_stop(self) -> None:
        await self.tokens.api.close()

    # -- webhook -------------------------------------------------------------------------------------------------------

    async def webhook(self, request: web.Request) -> web.Response:
        """Verify the signature, record the event id, acknowledge at once; the answer follows in the background."""
        mac = request.headers.get(SIGNATURE_HEADER, "")
        if not mac:
            return web.Response(status=401)
        # The signature covers a field of the body, so the body is parsed first: within 64 KB and 32 levels.
        try:
            raw = await read_bounded(request)
            value = parse_json(raw)
        except DomainError as exc:
            return web.Response(status=status_of(exc))
        event = value if isinstance(value, dict) else None
        timestamp = str(event.get("timestamp", "")) if event is not None else ""
        expected = signature(self.app_id, raw, timestamp, self.oa_secret)
        # Constant-time comparison of bytes; a forged, non-text or unparsable request is refused before anything runs.
        if event is None or not same_secret(mac.strip().removeprefix("mac=").lower(), expected):
            return web.Response(status=403)
        parsed = parse_event(event)
        if parsed is not None and await self.first_time(parsed[0]):
            self.spawn(self._answer(parsed[1], audio_url(event), parsed[0]))
        return web.json_response({"ok": True})

    async def _answer(self, incoming: Incoming, audio_from: str | None = None, event_id: str | None = None) -> None:
        async with self.in_order(incoming.user_id):
            try:
                if incoming.kind == "voice" and audio_from:
                    incoming = dataclasses.replace(incoming, audio=await self.tokens.api.fetch_audio(audio_from))
                await self.reply_to(incoming.user_id, incoming)
            except DeliveryFailed as exc:
                # Recorded, not dropped: the reply is lost for this user, so operators must see why.
                logger.warning("Zalo OA reply to %s refused: %s", self.who(incoming.user_id), exc.reason)
            except Exception as error:  # noqa: BLE001 - runs detached from any request: log it, keep serving the others
                self.failed(event_id, error)

    async def deliver(self, chat: str, replies: Sequence[Reply]) -> None:
        """Consultation messages to a follower; DeliveryFailed carries Zalo's error code and message."""
        for page in plain_pages(replies, TEXT_LIMIT):
            token = await self.tokens.access_token()
            try:
                await self.tokens.api.send_text(token, chat, page)
            except ZaloOaError as exc:
                raise DeliveryFailed(f"Zalo OA message/cs error {exc}") from None


def parse_event(event: dict[str, Any]) -> tuple[str, Incoming] | None:
    """(event id, message for the core) for what a follower sent; None for events we do not answer."""
    name = str(event.get("event_name") or "")
    sender = as_dict(event.get("sender"))
    message = as_dict(event.get("message"))
    user_id = str(sender.get("id") or "")
    if not name.startswith("user_send_") or not user_id:
        return None  # follows, seen/received receipts, the OA's own messages…
    event_id = str(message.get("msg_id") or "") or f"{name}:{user_id}:{event.get('timestamp')}"
    if name == "user_send_text":
        return event_id, Incoming("zalo_oa", user_id, "text", str(message.get("text") or "").strip(), caps=CAPS)
    if name == "user_send_audio":
        return event_id, Incoming("zalo_oa", user_id, "voice", caps=CAPS)
    return event_id, Incoming("zalo_oa", user_id, "unsupported", caps=CAPS)


def audio_url(event: dict[str, Any]) -> str | None:
    """The address of the recording in a `user_send_audio` event."""
    for attachment in as_dict(event.get("message")).get("attachments") or []:
        payload = as_dict(as_dict(attachment).get("payload"))
        if as_dict(attachment).get("type") == "audio" and payload.get("url"):
            return str(payload["url"])
    return None


def build(services: "Services") -> ZaloOaChannel | None:
    """The door, with ZALO_OA_APP_ID and ZALO_OA_SECRET_KEY (else None)."""
    s = services.settings
    if not (s.zalo_oa_app_id and s.zalo_oa_secret_key):
        return None
    api = ZaloOaApi(s.zalo_oa_api_base_url, s.zalo_oa_oauth_base_url, s.zalo_oa_app_id,
                    s.zalo_oa_app_secret or s.zalo_oa_secret_key)
    tokens = OaTokens(services.db, api, access_token=s.zalo_oa_access_token, refresh_token=s.zalo_oa_refresh_token)
    deps = DoorDeps.of(services)
    return ZaloOaChannel(deps, tokens, app_id=s.zalo_oa_app_id, oa_secret=s.zalo_oa_secret_key)


def setup(app: web.Application, services: "Services") -> ZaloOaChannel | None:
    """With ZALO_OA_APP_ID and ZALO_OA_SECRET_KEY: register the channel, POST /zalo/oa and its start/stop."""
    channel = build(services)
    if channel is None:
        return None
    services.channels[channel.name] = channel
    app.router.add_post("/zalo/oa", channel.webhook)
    attach(app, channel)
    return channel
