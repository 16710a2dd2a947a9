"""The container the doors, the public pages and the console are built from, and its background work.

It sits below every door and the console (they import it for its type) and above the core and storage; the one
wiring module, bot/app.py, builds it. Each door or page is handed only the parts it uses.
"""

import asyncio
import contextlib
import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.config import Settings
from bot.core.dialogue import Dialogue
from bot.core.ports import Outbound
from bot.core.service import KnowledgeService
from bot.domain.daily import DailyQuestions
from bot.domain.desk import Desk
from bot.domain.logbook_reminders import LogbookReminders
from bot.domain.transcode import Transcoder
from bot.storage import knowledge_repo, logbook_repo, voice_repo
from bot.storage.database import Database
from bot.storage.models import utcnow
from bot.storage.notify import KNOWLEDGE_CHANNEL, listen
from bot.storage.store import Store

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]


@dataclass
class Services:
    """Settings, database, live knowledge, the dialogue, the staff desk and the registry of channels."""

    settings: Settings
    db: Database
    store: Store
    service: KnowledgeService
    dialogue: Dialogue
    desk: Desk  # escalated cases: the mediator's form, staff chats and the console share it
    channels: dict[str, Outbound]  # name -> door, for proactive sends; shared with the desk
    clock: Clock = utcnow  # injectable in tests (e.g. download links that expire)
    daily: DailyQuestions | None = None  # sends the opt-in daily question (bot.domain.daily)
    transcoder: Transcoder = field(default_factory=Transcoder)  # ffmpeg: uploaded clips, voice messages
    reminders: LogbookReminders | None = None  # the logbook's reminders to follow an agreement
    update_failures: Counter[str] = field(default_factory=Counter)  # per channel: updates whose handling failed
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _refresh_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def refresh_knowledge(self) -> bool:
        """Rebuild the index when the database holds a newer version than the one served (one rebuild at a time)."""
        async with self._refresh_lock:
            version = await self.db.run(knowledge_repo.current_version)
            if version == self.service.snapshot.version:
                return False
            kb, version, _ = await self.db.run(knowledge_repo.load_live)
            await asyncio.to_thread(self.service.publish, kb, version)
            return True

    async def start_background(self) -> None:
        self._tasks.append(asyncio.create_task(self._poll_versions(), name="knowledge-refresh"))
        self._tasks.append(asyncio.create_task(self.desk.run_overdue_checks(), name="overdue-cases"))
        if self.daily is not None:
            self._tasks.append(asyncio.create_task(self.daily.run(self.settings.daily_check_interval_s),
                                                   name="daily-question"))
        if self.reminders is not None:
            self._tasks.append(asyncio.create_task(self.reminders.run(self.settings.daily_check_interval_s),
                                                   name="logbook-reminders"))
        self._tasks.append(asyncio.create_task(self._purge_voice(), name="purge-voice"))
        if self.db.dialect == "postgresql":
            async def on_notify(_payload: str) -> None:
                await self.refresh_knowledge()

            self._tasks.append(asyncio.create_task(listen(self.db.engine, KNOWLEDGE_CHANNEL, on_notify),
                                                   name="knowledge-listen"))

    async def _poll_versions(self) -> None:
        """Fallback refresh: every replica checks the version row (LISTEN/NOTIFY makes it faster on PostgreSQL)."""
        while True:
            await asyncio.sleep(self.settings.refresh_interval_s)
            try:
                await self.refresh_knowledge()
            except Exception:  # noqa: BLE001 - a failed check must not stop later checks
                logger.exception("knowledge refresh failed")

    async def _purge_voice(self, every_s: float = 3600.0) -> None:
        """Unconfirmed voice messages last a day; those of anonymized cases go with them; logbook summaries past
        their retention are dropped (all also `hoagiai retention`)."""
        while True:
            try:
                await self.db.run(voice_repo.purge, now=self.clock())
                await self.purge_logbook_texts()
            except Exception:  # noqa: BLE001 - a failed purge must not stop later ones
                logger.exception("purging voice messages failed")
            await asyncio.sleep(every_s)

    async def purge_logbook_texts(self) -> int:
        """Retention: logbook summaries and difficulties older than HOAGIAI_CASE_RETENTION_DAYS go; counts stay."""
        before = self.clock() - dt.timedelta(days=self.settings.case_retention_days)
        return await self.db.run(logbook_repo.drop_old_texts, before=before)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        self.db.dispose()
