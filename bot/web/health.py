"""/healthz (the process serves) and /readyz (knowledge loaded and the database answers)."""

from aiohttp import web
from sqlalchemy import text

from bot.core.service import KnowledgeService
from bot.storage.database import Database
from bot.web.errors import json_response


def setup(app: web.Application, db: Database, knowledge: KnowledgeService) -> None:
    async def healthz(_request: web.Request) -> web.Response:
        return json_response({"status": "ok"})

    async def readyz(_request: web.Request) -> web.Response:
        snapshot = knowledge.snapshot
        try:
            await db.run(lambda *, session: session.execute(text("SELECT 1")).scalar())
        except Exception as exc:  # noqa: BLE001 - readiness reports, it does not crash
            return json_response({"status": "unavailable", "database": str(exc)[:200]}, status=503)
        if snapshot.index.size == 0:
            return json_response({"status": "unavailable", "knowledge": "empty"}, status=503)
        return json_response({"status": "ready", "knowledge_version": snapshot.version,
                                  "phrasings": snapshot.index.size})

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
