"""What every door shares: the text fallback for buttons, button rows, and per-chat ordering."""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Hashable, Sequence

from bot.core import texts
from bot.core.errors import DeliveryFailed
from bot.core.messages import Button, Reply

__all__ = ["ChatLocks", "DeliveryFailed", "button_rows", "numbered_text"]


def numbered_text(reply: Reply) -> tuple[str, list[str]]:
    """For channels without buttons: append "1. label" lines; returns the text and the actions by number."""
    if not reply.buttons:
        return reply.text, []
    lines = [reply.text, ""] + [f"{i}. {b.label}" for i, b in enumerate(reply.buttons, 1)]
    lines.append(texts.NUMBERED_HINT.format(n=len(reply.buttons)))
    return "\n".join(lines), [b.action for b in reply.buttons]


def button_rows(buttons: Sequence[Button], short: int = 14) -> list[list[Button]]:
    """Short labels (◀ ▶ 👍 👎) share a row, up to three; long labels get a row each."""
    rows: list[list[Button]] = []
    for b in buttons:
        if len(b.label) <= short and rows and len(rows[-1]) < 3 and all(len(x.label) <= short for x in rows[-1]):
            rows[-1].append(b)
        else:
            rows.append([b])
    return rows


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
