"""Sending the daily question: every replica checks each half minute which subscribers' time has come (their hour,
Vietnam time, from the minute their question is spread to), claims each send in the database (one row per user and
day; the replica whose insert succeeds sends, the others skip), and delivers it through the channel registry.

Channels that only let the bot write within some hours of the user's last message (ChannelCaps.push_window_h, the
Zalo OA) are skipped for the day when that window has closed. Each channel's sends are paced to its
ChannelCaps.push_rate. A failed delivery is recorded with its reason, never retried that day (the send was claimed).
"""

import asyncio
import datetime as dt
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from bot.core import quiz
from bot.core.daily_flow import daily_question
from bot.core.errors import DeliveryFailed
from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.ports import DialogueStore, Outbound
from bot.core.quiz import VN
from bot.core.service import KnowledgeService
from bot.storage import daily_repo, training_repo
from bot.storage.database import Database
from bot.storage.models import DailySubscription, utcnow

logger = logging.getLogger(__name__)

CHECK_EVERY_S = 30.0


@dataclass
class Pacer:
    """At most `rate` sends a second per channel on this replica (the clock and sleep are injectable)."""

    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _next: dict[str, float] = field(default_factory=dict)

    async def wait(self, channel: str, rate: float) -> None:
        now = self.monotonic()
        at = max(now, self._next.get(channel, now))
        self._next[channel] = at + 1.0 / max(rate, 0.01)
        if at > now:
            await self.sleep(at - now)


@dataclass
class DailyQuestions:
    db: Database
    knowledge: KnowledgeService
    channels: Mapping[str, Outbound]  # the registry the doors add themselves to
    store: DialogueStore  # to let a digit answer the question on channels without buttons
    clock: Callable[[], dt.datetime] = utcnow
    pacer: Pacer = field(default_factory=Pacer)
    rng: random.Random = field(default_factory=random.Random)

    async def tick(self) -> int:
        """Send what is due now; returns how many questions this replica delivered."""
        now = self.clock()
        local = now.astimezone(VN)
        due = await self.db.run(daily_repo.due, day=local.date(), hour=local.hour, minute=local.minute)
        sent = 0
        for sub in due:
            channel = self.channels.get(sub.channel)
            if channel is None:  # that door is not configured here: a replica that has it will send
                continue
            if await self.db.run(daily_repo.claim, user_key=sub.user_key, day=local.date(), channel=sub.channel,
                                 now=now):
                sent += await self._send(sub, channel, local.date(), now)
        return sent

    async def _send(self, sub: DailySubscription, channel: Outbound, day: dt.date, now: dt.datetime) -> int:
        window = channel.caps.push_window_h
        if window is not None:
            last = await self.db.run(daily_repo.last_message_at, user_key=sub.user_key)
            if last is None or now - last > dt.timedelta(hours=window):
                await self._finish(sub, day, "skipped", None, f"outside the {window} h messaging window")
                return 0
        kb = self.knowledge.snapshot.knowledge
        item = await self._pick(sub.user_key, kb, now)
        if item is None:
            await self._finish(sub, day, "skipped", None, "no published quiz item")
            return 0
        await self._finish(sub, day, "sending", item.id)  # from now on an answer finds it
        reply = daily_question(item, kb, channel.caps)
        await self.pacer.wait(sub.channel, channel.caps.push_rate)
        try:
            await channel.send(sub.raw_user_id, [reply])
        except DeliveryFailed as exc:
            logger.warning("daily question to a %s user not delivered: %s", sub.channel, exc.reason)
            await self._finish(sub, day, "failed", item.id, exc.reason)
            return 0
        await self._finish(sub, day, "sent", item.id)
        if not channel.caps.buttons:  # the choices went out numbered: a digit typed next answers them
            state = await self.store.get_state(sub.user_key)
            state["numbered"] = [b.action for b in reply.buttons]
            await self.store.save_state(sub.user_key, sub.channel, state)
        return 1

    async def _pick(self, user_key: str, kb: KnowledgeBase, now: dt.datetime) -> Entry | None:
        """An item due for review first, else one never answered, else any."""
        items = quiz.quiz_items(kb)
        reviews = await self.db.run(training_repo.reviews, user_key=user_key)
        seen = await self.db.run(training_repo.seen_items, user_key=user_key)
        chosen = quiz.pick_round(items, reviews, seen, now, self.rng, size=1)
        return kb.entries[chosen[0]] if chosen else None

    async def _finish(self, sub: DailySubscription, day: dt.date, status: str, item_id: str | None,
                      error: str | None = None) -> None:
        await self.db.run(daily_repo.finish, user_key=sub.user_key, day=day, status=status, item_id=item_id,
                          error=error)

    async def run(self, every_s: float = CHECK_EVERY_S) -> None:
        while True:
            try:
                await self.tick()
            except Exception:  # noqa: BLE001 - a failed pass must not end the loop
                logger.exception("daily question pass failed")
            await asyncio.sleep(every_s)
