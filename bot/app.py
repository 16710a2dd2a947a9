"""The one wiring module: build_core(settings) and build_web_app(core, settings)."""

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.config import Settings
from bot.core.dialogue import Dialogue
from bot.core.escalation import EscalationFlow
from bot.core.paperwork import PaperworkFlow
from bot.core.scope import ScopeFlow
from bot.core.service import KnowledgeService
from bot.desk import Desk
from bot.storage import knowledge_repo, secrets_repo
from bot.storage.database import Database
from bot.storage.db import database_url, make_engine, migrate, startup_lock
from bot.storage.models import utcnow
from bot.storage.notify import KNOWLEDGE_CHANNEL, listen
from bot.storage.store import Store

logger = logging.getLogger(__name__)


@dataclass
class Core:
    """Everything a door needs: settings, database, live knowledge, the dialogue."""

    settings: Settings
    db: Database
    store: Store
    service: KnowledgeService
    dialogue: Dialogue
    channels: dict[str, Any] = field(default_factory=dict)  # name -> adapter with `send(user_id, replies)`
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _refresh_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    clock: Callable[[], dt.datetime] = utcnow  # injectable in tests (e.g. download links that expire)
    desk: Desk | None = None  # escalated cases: the mediator's form, staff chats and the console share it

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
        if self.desk is not None:
            self._tasks.append(asyncio.create_task(self.desk.run_overdue_checks(), name="overdue-cases"))
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

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        self.db.dispose()


def build_core(settings: Settings, *, clock: Callable[[], dt.datetime] = utcnow) -> Core:
    """Open (and migrate) the database, import the bundled knowledge on first start, build the index."""
    engine = make_engine(database_url(settings.database_url, settings.data_dir))
    migrate(engine)
    db = Database(engine)
    with startup_lock(engine):  # several replicas starting together import the bundled knowledge once
        if db.call(knowledge_repo.is_empty):
            report = db.call(knowledge_repo.import_directory, root=settings.knowledge_dir, author="system")
            logger.info("imported bundled knowledge: %d entries", report.created)
    kb, version, errors = db.call(knowledge_repo.load_live)
    service = KnowledgeService(kb, settings.search_config(), version)
    store = Store(db, flood_limit=settings.flood_limit)
    desk = Desk(core=None, clock=clock)  # type: ignore[arg-type]  # bound to the core below
    flows: list[Any] = []
    flows += [EscalationFlow(desk, settings.case_response_hours),  # 🆘 Hỏi cán bộ, /chuyen, /vuviec
              ScopeFlow(peers=flows),  # /kiemtra; reads `flows` when answering, to offer escalation if present
              PaperworkFlow(store, public_url=settings.public_url, clock=clock)]  # /vanban
    salt = (settings.user_salt or db.call(secrets_repo.get_or_create_secret, name="user_salt")).encode()
    dialogue = Dialogue(service, store, salt, flows)
    core = Core(settings, db, store, service, dialogue, clock=clock, desk=desk)
    desk.core = core
    return core


def build_web_app(core: Core) -> web.Application:
    """The aiohttp application: web chat, health, and (when configured) channel webhooks and the console."""
    from admin.app import build_admin_app
    from bot.channels import downloads, library, telegram, telegram_staff, webchat, widget, zalo_bot, zalo_oa, zalo_staff
    from bot.web import errors, health, metrics
    from bot.web.request_id import request_id_middleware

    app = web.Application(middlewares=[request_id_middleware, errors.error_middleware], client_max_size=64 * 1024)
    app[CORE] = core
    health.setup(app, core)
    metrics.setup(app, core)
    webchat.setup(app, core)
    library.setup(app, core)  # public pages under /thu-vien/
    widget.setup(app, core)  # /widget.js and who may frame the chat page (HOAGIAI_WIDGET_ORIGINS)
    downloads.setup(app, core)  # one-time links to generated documents: /tai-ve/{token}
    zalo_door = zalo_bot.setup(app, core)  # only with ZALO_BOT_TOKEN; starts before and stops before core.close
    zalo_staff.setup(core, zalo_door)  # /lienket; with STAFF_ZALO_CHAT_ID, case cards and typed staff commands
    zalo_oa.setup(app, core)  # only with ZALO_OA_APP_ID and ZALO_OA_SECRET_KEY
    app.add_subapp("/admin", build_admin_app(core))  # the editors' console and its JSON API
    telegram_door = telegram.setup(app, core)  # only with TELEGRAM_BOT_TOKEN: polling, or webhook mode
    telegram_staff.setup(core, telegram_door)  # /lienket; with STAFF_TELEGRAM_CHAT_ID, case cards and staff replies

    async def on_startup(_app: web.Application) -> None:
        await core.start_background()

    async def on_cleanup(_app: web.Application) -> None:
        await core.close()

    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    return app


CORE = web.AppKey("core", Core)
