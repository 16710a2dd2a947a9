"""The one wiring module: build_core(settings) and build_web_app(core, settings)."""

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.config import Settings
from bot.core.dialogue import Dialogue
from bot.core.service import KnowledgeService
from bot.storage import knowledge_repo
from bot.storage.database import Database
from bot.storage.db import database_url, make_engine, migrate
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

    async def refresh_knowledge(self) -> bool:
        """Rebuild the index when the database holds a newer version than the one served."""
        version = await self.db.run(knowledge_repo.current_version)
        if version == self.service.snapshot.version:
            return False
        kb, version, _ = await self.db.run(knowledge_repo.load_live)
        await asyncio.to_thread(self.service.publish, kb, version)
        return True

    async def start_background(self) -> None:
        self._tasks.append(asyncio.create_task(self._poll_versions(), name="knowledge-refresh"))

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


def build_core(settings: Settings) -> Core:
    """Open (and migrate) the database, import the bundled knowledge on first start, build the index."""
    engine = make_engine(database_url(settings.database_url, settings.data_dir))
    migrate(engine)
    db = Database(engine)
    if db.call(knowledge_repo.is_empty):
        report = db.call(knowledge_repo.import_directory, root=settings.knowledge_dir, author="system")
        logger.info("imported bundled knowledge: %d entries", report.created)
    kb, version, errors = db.call(knowledge_repo.load_live)
    service = KnowledgeService(kb, settings.search_config(), version)
    store = Store(db, flood_limit=settings.flood_limit)
    flows: list[Any] = []
    dialogue = Dialogue(service, store, settings.salt(), flows)
    return Core(settings, db, store, service, dialogue)


def build_web_app(core: Core) -> web.Application:
    """The aiohttp application: web chat, health, and (when configured) channel webhooks and the console."""
    from bot.channels import webchat
    from bot.web import errors, health

    app = web.Application(middlewares=[errors.error_middleware], client_max_size=64 * 1024)
    app[CORE] = core
    health.setup(app, core)
    webchat.setup(app, core)

    async def on_startup(_app: web.Application) -> None:
        await core.start_background()

    async def on_cleanup(_app: web.Application) -> None:
        await core.close()

    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    return app


CORE = web.AppKey("core", Core)
