"""Following an agreement (Law 35/2013 Art. 26): for a successful case with a deadline whose mediator asked for a
reminder, the assistant asks "Các bên đã thực hiện thỏa thuận chưa?" three days before the deadline and on it, from
HOAGIAI_REMINDER_HOUR (Vietnam time).

Every replica checks now and then; each reminder is claimed in the database (logbook_reminder, one row per record
and stage) and only the replica whose insert succeeds sends it, so it goes out once. A failed delivery is recorded
with its reason and not retried. Channels that only let the bot write within some hours of the user's last message
(the Zalo OA) are skipped when that window has closed.
"""

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from bot.core import texts
from bot.core.actions import act
from bot.core.errors import DeliveryFailed
from bot.core.logbook_form import show_date
from bot.core.messages import Button, Reply
from bot.core.ports import DialogueStore, Outbound
from bot.core.service import KnowledgeService
from bot.core.vntime import LOCAL_TZ
from bot.domain.daily import Pacer
from bot.storage import daily_repo, logbook_repo
from bot.storage.database import Database
from bot.storage.logbook_models import LogbookRecord
from bot.storage.models import utcnow

logger = logging.getLogger(__name__)

CHECK_EVERY_S = 300.0


def reminder_reply(record: LogbookRecord, kind: str) -> Reply:
    """The question, with the three answers as buttons (numbered on channels without buttons)."""
    assert record.id is not None
    text = texts.LB_PERF_QUESTION.format(id=record.id, date=show_date(record.case_date), kind=kind,
                                         deadline=show_date(record.deadline))
    buttons = tuple(Button(label, act("lb:p", record.id, state)) for state, label in texts.BTN_LB_PERF.items())
    return Reply(text, buttons)


@dataclass
class LogbookReminders:
    db: Database
    knowledge: KnowledgeService
    channels: Mapping[str, Outbound]  # the registry the doors add themselves to
    store: DialogueStore  # to let a digit answer on channels without buttons
    hour: int = 8  # HOAGIAI_REMINDER_HOUR, Vietnam time
    clock: Callable[[], dt.datetime] = utcnow
    pacer: Pacer = field(default_factory=Pacer)  # each channel's sends paced to its ChannelCaps.push_rate

    async def tick(self) -> int:
        """Send the reminders due now; returns how many this replica delivered."""
        now = self.clock()
        local = now.astimezone(LOCAL_TZ)
        if local.hour < self.hour:
            return 0
        today = local.date()
        sent = 0
        for record, stage in await self.db.run(logbook_repo.due_reminders, today=today):
            assert record.id is not None
            channel = self.channels.get(record.channel or "")
            if channel is None:  # that door is not configured on this replica: one that has it will send
                continue
            if await self.db.run(logbook_repo.claim_reminder, record_id=record.id, stage=stage, day=today, now=now):
                sent += await self._send(record, stage, channel, now)
        return sent

    async def _send(self, record: LogbookRecord, stage: str, channel: Outbound, now: dt.datetime) -> int:
        assert record.id is not None and record.raw_user_id is not None and record.user_key is not None
        window = channel.caps.push_window_h
        if window is not None:
            last = await self.db.run(daily_repo.last_message_at, user_key=record.user_key)
            if last is None or now - last > dt.timedelta(hours=window):
                await self._finish(record.id, stage, "skipped", f"outside the {window} h messaging window")
                return 0
        lists = self.knowledge.snapshot.knowledge.logbook
        kind = lists.name("kinds", record.kind_id) if lists is not None else record.kind_id
        reply = reminder_reply(record, kind)
        await self.pacer.wait(str(record.channel), channel.caps.push_rate)
        try:
            await channel.send(record.raw_user_id, [reply])
        except DeliveryFailed as exc:
            logger.warning("logbook reminder to a %s user not delivered: %s", record.channel, exc.reason)
            await self._finish(record.id, stage, "failed", exc.reason)
            return 0
        await self._finish(record.id, stage, "sent", None)
        if not channel.caps.buttons:  # the answers went out numbered: a digit typed next answers them
            state = await self.store.get_state(record.user_key)
            state["numbered"] = [b.action for b in reply.buttons]
            await self.store.save_state(record.user_key, str(record.channel), state)
        return 1

    async def _finish(self, record_id: int, stage: str, status: str, error: str | None) -> None:
        await self.db.run(logbook_repo.finish_reminder, record_id=record_id, stage=stage, status=status, error=error)

    async def run(self, every_s: float = CHECK_EVERY_S) -> None:
        while True:
            try:
                await self.tick()
            except Exception:  # noqa: BLE001 - a failed pass must not end the loop
                logger.exception("logbook reminder pass failed")
            await asyncio.sleep(every_s)
