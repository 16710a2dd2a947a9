"""What every door shares: the adapter base class, the plain-text rendering of replies, button rows.

A door (Telegram, Zalo Bot, Zalo OA, the web chat, later others) subclasses `ChannelAdapter`, declares its `name`
and `caps`, reads its wire format into `Incoming` messages (`self.incoming(...)`) and writes replies back
(`deliver`). The base does the rest the same way for every door: each update answered once (`first_time`) and in
order per chat (`in_order`), the pseudonymous user key for logs (`who`), splitting to the channel's limit
(`plain_pages`), background work started and stopped with the door, and replies in flight finishing at shutdown.
It needs no web server: a door with webhooks adds its routes in its own `setup`, and `attach` ties its start and
stop to the aiohttp application.
"""

import asyncio
import contextlib
import dataclasses
import logging
from collections import Counter
from collections.abc import AsyncIterator, Coroutine, Hashable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from aiohttp import web

from bot.core import texts
from bot.core.errors import DeliveryFailed
from bot.core.identity import user_key
from bot.core.messages import Audio, Button, ChannelCaps, Incoming, IncomingKind, Reply, Turn
from bot.core.views import split_pages

if TYPE_CHECKING:
    from bot.services import Services

__all__ = ["ChannelAdapter", "ChatLocks", "DeliveryFailed", "DoorDeps", "attach", "button_rows", "numbered_text",
           "plain_pages"]

logger = logging.getLogger(__name__)


class Conversation(Protocol):
    """The dialogue, as a door uses it."""

    async def handle(self, msg: Incoming) -> Turn: ...


class UpdateLedger(Protocol):
    """Update ids already seen, shared by every replica (storage implements it)."""

    async def claim_update(self, channel: str, update_id: str) -> bool: ...

    async def finish_update(self, channel: str, update_id: str) -> None: ...

    async def release_update(self, channel: str, update_id: str) -> None: ...

    async def retake_update(self, channel: str, update_id: str, *, stale_after_s: float) -> str: ...

    async def record_sent(self, channel: str, update_id: str) -> None: ...


@dataclass(frozen=True)
class DoorDeps:
    """What a door needs from the server: the conversation, the ledger of handled updates, the user-key salt, and
    where failed updates are counted (hoagiai_update_failures_total{channel} on /metrics)."""

    dialogue: Conversation
    ledger: UpdateLedger
    salt: bytes
    failures: Counter[str] = dataclasses.field(default_factory=Counter)

    @classmethod
    def of(cls, services: "Services") -> "DoorDeps":
        return cls(services.dialogue, services.store, services.dialogue.salt, services.update_failures)


class ChatLocks:
    """One lock per chat: a chat's updates are answered in order while other chats go on concurrently.

    A lock is dropped as soon as nobody holds or waits for it, so memory does not grow with the number of chats.
    """

    def __init__(self) -> None:
        self._locks: dict[Hashable, tuple[asyncio.Lock, int]] = {}

    def __len__(self) -> int:
        """How many chats are being answered or waiting right now."""
        return len(self._locks)

    @contextlib.asynccontextmanager
    async def hold(self, key: Hashable) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)


class ChannelAdapter:
    """A door: subclasses set `name` and `caps` and implement `deliver`; everything else is shared."""

    name: ClassVar[str]
    caps: ClassVar[ChannelCaps]
    stop_grace_s: ClassVar[float] = 5.0  # how long replies in flight may take to finish at shutdown

    def __init__(self, deps: DoorDeps) -> None:
        self.deps = deps
        self._order = ChatLocks()
        self._in_flight: set[asyncio.Task[None]] = set()
        self._background: list[asyncio.Task[None]] = []
        deps.failures[self.name] += 0  # the metric shows 0 for every running door

    # -- lifecycle -------------------------------------------------------------------------------------------------

    async def start(self) -> None:
        """Start the door (the hook `on_start`); called once the server is up."""
        await self.on_start()

    async def stop(self) -> None:
        """Stop background work, let replies in flight finish (briefly), then `on_stop` closes connections."""
        for task in self._background:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._background.clear()
        if self._in_flight:
            _, pending = await asyncio.wait(self._in_flight, timeout=self.stop_grace_s)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        await self.on_stop()

    async def on_start(self) -> None:
        """Open connections, register webhooks, start pollers (`run_in_background`)."""

    async def on_stop(self) -> None:
        """Close what `on_start` opened."""

    def run_in_background(self, work: Coroutine[Any, Any, None], name: str) -> None:
        """Work that lives as long as the door (a poller, a token refresher), cancelled first at `stop`."""
        self._background.append(asyncio.create_task(work, name=f"{self.name}-{name}"))

    def spawn(self, work: Coroutine[Any, Any, None]) -> None:
        """Answer outside the current request (e.g. after acknowledging a webhook); `stop` lets it finish."""
        task = asyncio.create_task(work)
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)

    # -- answering -------------------------------------------------------------------------------------------------

    def incoming(self, user_id: str, kind: IncomingKind = "text", text: str = "", *, action: str = "",
                 update_id: str | None = None, is_group: bool = False, mentioned: bool = False,
                 audio: Audio | None = None) -> Incoming:
        """A message for the core, carrying this door's name and capabilities."""
        return Incoming(self.name, user_id, kind, text, action, update_id, is_group, mentioned, self.caps, audio)

    async def first_time(self, update_id: str) -> bool:
        """Record an update id; False when this or another replica has seen it (a redelivery)."""
        return await self.deps.ledger.claim_update(self.name, update_id[:128])

    def in_order(self, chat: Hashable) -> contextlib.AbstractAsyncContextManager[None]:
        """Hold the chat's turn: take it before the first await, so a chat's updates keep their arrival order."""
        return self._order.hold(chat)

    async def reply_to(self, chat: str, msg: Incoming) -> Turn:
        """Ask the core and deliver its replies to `chat`."""
        turn = await self.deps.dialogue.handle(msg)
        await self.deliver(chat, turn.replies)
        return turn

    async def deliver(self, chat: str, replies: Sequence[Reply]) -> None:
        """Write replies in the channel's wire format; raise DeliveryFailed with the platform's reason."""
        raise NotImplementedError

    async def send(self, user_id: str, replies: list[Reply]) -> None:
        """A proactive message (e.g. a staff answer) to a user's private chat."""
        await self.deliver(user_id, replies)

    def failed(self, update_id: str | None, error: BaseException) -> None:
        """An update whose handling failed in a way a redelivery would repeat: logged with its id and counted, never
        handed back to the platform (which would redeliver it forever)."""
        self.deps.failures[self.name] += 1
        logger.error("%s: update %s failed; recorded as handled, not retried", self.name, update_id, exc_info=error)

    def who(self, raw_id: str) -> str:
        """The pseudonymous user key (a prefix) to name someone in logs: never the raw id."""
        return user_key(self.deps.salt, self.name, raw_id)[:12]


def attach(app: web.Application, door: ChannelAdapter) -> None:
    """Start the door with the aiohttp application and stop it before the database closes."""

    async def lifecycle(_app: web.Application) -> AsyncIterator[None]:
        await door.start()
        yield
        await door.stop()

    # cleanup_ctx runs before build_web_app's own on_cleanup, so a door stops while the database is still open.
    app.cleanup_ctx.append(lifecycle)


# -- rendering for doors without buttons -------------------------------------------------------------------------------


def numbered_text(reply: Reply) -> tuple[str, list[str]]:
    """For channels without buttons: append "1. label" lines; returns the text and the actions by number."""
    if not reply.buttons:
        return reply.text, []
    lines = [reply.text, ""] + [f"{i}. {b.label}" for i, b in enumerate(reply.buttons, 1)]
    lines.append(texts.NUMBERED_HINT.format(n=len(reply.buttons)))
    return "\n".join(lines), [b.action for b in reply.buttons]


def plain_pages(replies: Sequence[Reply], limit: int) -> list[str]:
    """Replies as plain messages: buttons become numbered lines, a document its link, a recorded answer the link to
    its player page, long texts are split."""
    pages: list[str] = []
    for reply in replies:
        if reply.voice is not None:  # the link first, the numbered choices after it
            reply = replace(reply, text=f"{reply.text}\n{texts.LISTEN_OPEN.format(url=reply.voice.page)}")
        text, _ = numbered_text(reply)
        if reply.document is not None and reply.document.link:
            text = f"{text}\n{reply.document.link}"
        pages.extend(split_pages(text, limit))
    return [p for p in pages if p.strip()]


def button_rows(buttons: Sequence[Button], short: int = 14) -> list[list[Button]]:
    """Short labels (◀ ▶ 👍 👎) share a row, up to three; long labels get a row each."""
    rows: list[list[Button]] = []
    for b in buttons:
        if len(b.label) <= short and rows and len(rows[-1]) < 3 and all(len(x.label) <= short for x in rows[-1]):
            rows[-1].append(b)
        else:
            rows.append([b])
    return rows


def as_dict(value: Any) -> dict[str, Any]:
    """Read payloads defensively: a field that is not an object counts as empty."""
    return value if isinstance(value, dict) else {}
