"""Group commit for the question log: concurrent replies share one transaction instead of queueing for the lock.

A reply still waits until its question is committed (nothing is lost if the process dies after answering), but under
load one commit carries every question that arrived while the previous commit was running.
"""

import asyncio
from typing import Any

from sqlmodel import Session

from bot.storage import questions_repo
from bot.storage.database import Database

_MAX_BATCH = 200


class QuestionLogWriter:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._pending: list[tuple[dict[str, Any], asyncio.Future[int]]] = []
        self._writing = False

    async def write(self, **fields: Any) -> int:
        """Log one question; returns its id once committed."""
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._pending.append((fields, future))
        if not self._writing:
            self._writing = True
            asyncio.get_running_loop().create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        try:
            while self._pending:
                batch, self._pending = self._pending[:_MAX_BATCH], self._pending[_MAX_BATCH:]
                try:
                    ids = await self.db.run(_insert_all, rows=[fields for fields, _ in batch])
                except Exception as exc:  # noqa: BLE001 - every waiting reply must learn of the failure
                    for _, fut in batch:
                        if not fut.done():
                            fut.set_exception(exc)
                    continue
                for (_, fut), qid in zip(batch, ids, strict=True):
                    if not fut.done():
                        fut.set_result(qid)
        finally:
            self._writing = False


def _insert_all(*, session: Session, rows: list[dict[str, Any]]) -> list[int]:
    return [questions_repo.log_question(session=session, **row) for row in rows]
