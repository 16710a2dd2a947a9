"""The live knowledge snapshot: one reference to an immutable (knowledge, index) pair, swapped on publish."""

import asyncio
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bot.core.knowledge import KnowledgeBase
from bot.core.search import Outcome, SearchConfig, SearchIndex
from bot.core.validation import LoadReport, load_knowledge

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    knowledge: KnowledgeBase
    index: SearchIndex
    version: int


class KnowledgeService:
    """Readers take `snapshot` once per request and never see half an index; publish builds, then swaps."""

    def __init__(self, knowledge: KnowledgeBase, config: SearchConfig, version: int = 1) -> None:
        self._config = config
        self._lock = threading.Lock()
        # Searches run here, off the event loop: a 2,000-character story costs tens of milliseconds, and two
        # workers keep a flood of them from taking every core (and the GIL) away from the loop.
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="search")
        self.snapshot = Snapshot(knowledge, SearchIndex.build(knowledge.for_search(), config), version)

    @classmethod
    def from_directory(cls, root: Path, config: SearchConfig) -> tuple["KnowledgeService", LoadReport]:
        report = load_knowledge(root)
        return cls(report.knowledge, config), report

    def search(self, query: str) -> Outcome:
        return self.snapshot.index.search(query)

    async def search_parts(self, message: str) -> tuple[Snapshot, list[Outcome]]:
        """Every question of a message, searched in a worker thread; the snapshot the answers come from."""
        snapshot = self.snapshot
        outcomes = await asyncio.get_running_loop().run_in_executor(self._pool, snapshot.index.search_parts, message)
        return snapshot, outcomes

    async def search_async(self, query: str) -> Outcome:
        """One search off the event loop (library search, console proposals)."""
        return (await self.search_parts(query))[1][0]

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def publish(self, knowledge: KnowledgeBase, version: int | None = None) -> Snapshot:
        """Build a new index off to the side, then swap the single reference."""
        started = time.perf_counter()
        index = SearchIndex.build(knowledge.for_search(), self._config)
        with self._lock:
            new_version = version if version is not None else self.snapshot.version + 1
            self.snapshot = Snapshot(knowledge, index, new_version)
        logger.info("published knowledge version %s (%d phrasings) in %.0f ms", new_version, index.size,
                    (time.perf_counter() - started) * 1000)
        return self.snapshot
