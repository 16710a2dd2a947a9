"""The web chat: a static mobile page and a small JSON API over the dialogue.

A request is answered in its response (the collecting outbox of the design: tests read the same JSON); messages
sent later (a staff answer) wait in a stored outbox until the page polls /api/messages. Each conversation's
transcript is kept on the server (masked, the last 50 turns) so that a reload restores it: GET /api/history.
Only sessions with an id of at least 128 bits (what the page makes with crypto.getRandomValues) get a transcript.
"""

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from aiohttp import BodyPartReader, web

from bot.channels.base import ChannelAdapter, DoorDeps
from bot.core import texts
from bot.core.actions import act
from bot.core.errors import Invalid, TooLarge
from bot.core.identity import user_key
from bot.core.messages import Audio, ChannelCaps, Incoming, Reply, Turn
from bot.core.privacy import mask_numbers, mask_personal
from bot.core.service import KnowledgeService
from bot.web import bodies
from bot.web.client import AddressLimiter
from bot.web.errors import error_json, json_response

if TYPE_CHECKING:
    from bot.services import Services

STATIC = Path(__file__).parent / "static"
SESSION_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
STRONG_SESSION_RE = re.compile(r"^[A-Za-z0-9_-]{22,64}$")  # 128 bits or more: worth keeping a transcript for
MAX_TEXT = 2000
MAX_ACTION = 128
MAX_VOICE = 10_000_000  # a recording from the hold-to-record button (a few minutes of webm/opus is far less)
# Documents go out as links; recorded answers play in the page; the 🎙 button records voice messages; pushes go to the
# outbox the page polls; buttons wrap long labels, so list items show whole titles.
CAPS = ChannelCaps(max_text=4000, buttons=True, player=True, voice_input=True, push_rate=50.0, whole_titles=True)


def reply_json(reply: Reply) -> dict[str, Any]:
    out: dict[str, Any] = {"text": reply.text, "buttons": [{"label": b.label, "action": b.action} for b in reply.buttons]}
    if reply.document is not None and reply.document.link:
        out["link"] = {"url": reply.document.link, "filename": reply.document.filename}
    if reply.voice is not None:
        out["audio"] = {"url": reply.voice.file, "page": reply.voice.page, "lang": reply.voice.lang,
                        "duration_s": reply.voice.duration_s}
    return out


def turn_json(turn: Turn) -> dict[str, Any]:
    out = {"outcome": turn.outcome, "replies": [reply_json(r) for r in turn.replies], "results": turn.results}
    return {**out, "erased": True} if turn.erased else out


class Outbox(Protocol):
    """Stored messages for a page to fetch, and the transcripts (storage implements it)."""

    async def push_outbox(self, session_id: str, payload: dict[str, Any]) -> int: ...

    async def fetch_outbox(self, session_id: str, after: int) -> list[dict[str, Any]]: ...

    async def add_turns(self, user_key: str, lines: list[dict[str, Any]]) -> None: ...

    async def transcript(self, user_key: str, session_id: str) -> tuple[list[dict[str, Any]], int]: ...

    async def pressed_label(self, user_key: str, action: str) -> str | None: ...


def transcript_line(reply: Reply) -> dict[str, Any]:
    """A reply as the transcript keeps it: masked, and without what the user typed into a form."""
    text = texts.HISTORY_PRIVATE_REPLY if reply.private else mask_numbers(reply.text)
    line: dict[str, Any] = {"sender": reply.author, "text": text,
                            "buttons": [{"label": b.label, "action": b.action} for b in reply.buttons]}
    if reply.document is not None and reply.document.link:
        line["link"] = {"url": reply.document.link, "filename": reply.document.filename}
    return line


class WebChannel(ChannelAdapter):
    """Registered as channels["web"]: answers in the HTTP response; later messages go to the stored outbox."""

    name = "web"
    caps = CAPS

    def __init__(self, deps: DoorDeps, outbox: Outbox) -> None:
        super().__init__(deps)
        self.outbox = outbox

    def key(self, session: str) -> str:
        return user_key(self.deps.salt, self.name, session)

    async def ask(self, session: str, msg: Incoming) -> Turn:
        """One request's turn; a session's requests are answered in order, and kept in its transcript."""
        async with self.in_order(session):
            if not STRONG_SESSION_RE.match(session):
                return await self.deps.dialogue.handle(msg)
            key = self.key(session)
            label = await self.outbox.pressed_label(key, msg.action) if msg.kind == "action" else None
            turn = await self.deps.dialogue.handle(msg)
            if turn.erased:
                return turn
            typed = texts.HISTORY_PRIVATE_INPUT if turn.private else mask_personal(msg.text.strip())
            said = label if msg.kind == "action" else typed
            mine: list[dict[str, Any]] = [{"sender": "me", "text": said, "buttons": []}] if said else []
            await self.outbox.add_turns(key, mine + [transcript_line(r) for r in turn.replies])
            return turn

    async def deliver(self, chat: str, replies: Sequence[Reply]) -> None:
        """Proactive messages (a staff reply) wait in the outbox until the page polls /api/messages."""
        for reply in replies:
            await self.outbox.push_outbox(chat, {**reply_json(reply), "from": reply.author})
        if STRONG_SESSION_RE.match(chat):
            await self.outbox.add_turns(self.key(chat), [transcript_line(r) for r in replies])


async def read_json(request: web.Request) -> dict[str, Any]:
    """The JSON object of a request: 16 KB at most (413), 32 levels deep at most (400), before the parser runs."""
    body = await bodies.read_json(request, 16 * 1024)
    if not isinstance(body, dict):
        raise Invalid(texts.API_NOT_OBJECT)
    return body


def session_of(value: Any) -> str:
    if not isinstance(value, str) or not SESSION_RE.match(value):
        raise Invalid(texts.API_SESSION_INVALID, "session")
    return value


def optional_str(body: dict[str, Any], name: str, limit: int) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise Invalid(texts.API_NOT_STRING.format(name=name), name)
    if len(value) > limit:
        too_long = texts.API_TOO_LONG.format(name=name, limit=limit)
        raise TooLarge(too_long, name) if name == "text" else Invalid(too_long, name)
    return value


async def read_voice(request: web.Request) -> tuple[str, Audio]:
    """The multipart form of the 🎙 button: `session` and `file` (the recording), within MAX_VOICE."""
    if request.content_length is not None and request.content_length > MAX_VOICE + 64 * 1024:
        raise TooLarge(texts.API_TOO_LARGE)
    if request.content_type != "multipart/form-data":
        raise Invalid(texts.API_VOICE_FORM, "file")
    session, audio, size = None, None, 0
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            raise Invalid(texts.API_VOICE_FORM, "file")
        data = bytearray()
        while chunk := await part.read_chunk(64 * 1024):
            size += len(chunk)
            if size > MAX_VOICE + 64 * 1024:
                raise TooLarge(texts.API_TOO_LARGE)
            data.extend(chunk)
        if part.name == "session":
            session = session_of(data.decode("utf-8", "replace"))
        elif part.name == "file":
            audio = Audio(bytes(data), part.headers.get("Content-Type", "application/octet-stream")[:64])
    if session is None or audio is None or not audio.content:
        raise Invalid(texts.API_VOICE_FORM, "file")
    return session, audio


def setup(app: web.Application, services: "Services", limiter: AddressLimiter | None = None) -> WebChannel:
    """The page, the chat API and the outbox; registers channels["web"]. `limiter` caps /api/chat per address."""
    channel = WebChannel(DoorDeps.of(services), services.store)
    services.channels[channel.name] = channel
    routes(app, channel, services.service, limiter)
    return channel


def routes(app: web.Application, channel: WebChannel, knowledge: KnowledgeService,
           limiter: AddressLimiter | None = None) -> None:

    async def chat(request: web.Request) -> web.Response:
        if limiter is not None and not limiter.allow(request):  # the client picks its session id, not its address
            limited = error_json(texts.RATE_LIMITED, None, 429)
            limited.headers["Retry-After"] = "60"
            return limited
        body = await read_json(request)
        session = session_of(body.get("session"))
        text = optional_str(body, "text", MAX_TEXT)
        action = optional_str(body, "action", MAX_ACTION)
        if (text is None) == (action is None):
            raise Invalid(texts.API_TEXT_OR_ACTION, "text")
        msg = channel.incoming(session, "action" if action is not None else "text", text or "", action=action or "")
        return json_response(turn_json(await channel.ask(session, msg)))

    async def voice(request: web.Request) -> web.Response:
        """A recording from the page's hold-to-record button, answered like any voice message."""
        session, audio = await read_voice(request)
        return json_response(turn_json(await channel.ask(session, channel.incoming(session, "voice", audio=audio))))

    async def messages(request: web.Request) -> web.Response:
        session = session_of(request.query.get("session"))
        after_raw = request.query.get("after", "0")
        if not after_raw.isdigit() or len(after_raw) > 18:
            raise Invalid(texts.API_AFTER_INVALID, "after")
        items = await channel.outbox.fetch_outbox(session, int(after_raw))
        return json_response({"messages": items})

    async def history(request: web.Request) -> web.Response:
        """The transcript for a reload: the last 50 turns, oldest first, and the newest outbox id they include."""
        session = session_of(request.query.get("session"))
        if not STRONG_SESSION_RE.match(session):
            return json_response({"turns": [], "after": 0})
        turns, after = await channel.outbox.transcript(channel.key(session), session)
        return json_response({"turns": turns, "after": after})

    async def feedback(request: web.Request) -> web.Response:
        body = await read_json(request)
        session = session_of(body.get("session"))
        entry_id = body.get("entry_id")
        if not isinstance(entry_id, str) or entry_id not in knowledge.snapshot.knowledge.entries:
            raise Invalid(texts.API_ENTRY_UNKNOWN, "entry_id")
        helpful = body.get("helpful")
        if not isinstance(helpful, bool):
            raise Invalid(texts.API_HELPFUL_INVALID, "helpful")
        reason = body.get("reason")
        if reason is not None and reason not in texts.REASONS:
            raise Invalid(texts.API_REASON_INVALID.format(reasons=", ".join(texts.REASONS)), "reason")
        action = act("up" if helpful else "dn", entry_id)
        turn = await channel.ask(session, channel.incoming(session, "action", action=action))
        if reason is not None and not helpful:
            turn = await channel.ask(session, channel.incoming(session, "action", action=act("r", reason)))
        return json_response({"ok": True, **turn_json(turn)})

    async def page(_request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "chat.html", headers={"Cache-Control": "no-cache"})

    app.router.add_post("/api/chat", chat)
    app.router.add_post("/api/voice", voice)
    app.router.add_get("/api/messages", messages)
    app.router.add_get("/api/history", history)
    app.router.add_post("/api/feedback", feedback)
    app.router.add_get("/", page)
    app.router.add_static("/static/", STATIC, append_version=True)
