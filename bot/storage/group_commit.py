"""Group commit: the persistence calls of concurrent messages share one transaction.

Each caller still waits until its own call is committed (nothing is acknowledged before it is durable), but under
load one commit carries every call that arrived while the previous commit was running: the per-message
transactions (claim, state, question log, done marker) stop paying a connection checkout and a commit each.
When a call raises, the batch is rolled back and its calls are retried one transaction each, so one failing call
fails alone (savepoints would cost two round trips per call on the fast path).
"""

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any, TypeVar

from sqlmodel import Session

from bot.storage.database import Database

T = TypeVar("T")
_MAX_BATCH = 200


class GroupCommit:
    def __init__(self, db: Database, executor: Executor | None = None) -> None:
        self.db = db
        self.executor = executor  # a thread of its own (e.g. for sent marks), else the default pool
        self._pending: list[tuple[Callable[..., Any], dict[str, Any], asyncio.Future[Any]]] = []
        self._writing = False

    async def run(self, fn: Callable[..., T], /, **kwargs: Any) -> T:
        """Run one persistence function (keyword-only, takes `session`); returns its result once committed."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._pending.append((fn, kwargs, future))
        if not self._writing:
            self._writing = True
            asyncio.get_running_loop().create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        try:
            while self._pending:
                batch, self._pending = self._pending[:_MAX_BATCH], self._pending[_MAX_BATCH:]
                calls = [(fn, kw) for fn, kw, _ in batch]
                try:
                    outcomes = [(True, r) for r in await self.db.run(_run_all, executor=self.executor, calls=calls)]
                except Exception:  # noqa: BLE001 - find the failing call: each again, alone
                    outcomes = [await self._alone(fn, kw) for fn, kw in calls]
                for (_, _, future), (ok, value) in zip(batch, outcomes, strict=True):
                    if future.done():
                        continue
                    if ok:
                        future.set_result(value)
                    else:
                        future.set_exception(value)
        finally:
            self._writing = False

    async def _alone(self, fn: Callable[..., Any], kwargs: dict[str, Any]) -> tuple[bool, Any]:
        try:
            return True, await self.db.run(fn, executor=self.executor, **kwargs)
        except Exception as exc:  # noqa: BLE001 - handed back to that call's own caller
            return False, exc


def _run_all(*, session: Session, calls: list[tuple[Callable[..., Any], dict[str, Any]]]) -> list[Any]:
    return [fn(session=session, **kwargs) for fn, kwargs in calls]
