"""The live knowledge snapshot: one reference to an immutable (knowledge, index) pair, swapped on publish."""

import logging
import threading
import time
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
        self.snapshot = Snapshot(knowledge, SearchIndex.build(knowledge, config), version)

    @classmethod
    def from_directory(cls, root: Path, config: SearchConfig) -> tuple["KnowledgeService", LoadReport]:
        report = load_knowledge(root)
        return cls(report.knowledge, config), report

    def search(self, query: str) -> Outcome:
        return self.snapshot.index.search(query)

    def publish(self, knowledge: KnowledgeBase, version: int | None = None) -> Snapshot:
        """Build a new index off to the side, then swap the single reference."""
        started = time.perf_counter()
        index = SearchIndex.build(knowledge, self._config)
        with self._lock:
            new_version = version if version is not None else self.snapshot.version + 1
            self.snapshot = Snapshot(knowledge, index, new_version)
        logger.info("published knowledge version %s (%d phrasings) in %.0f ms", new_version, index.size,
                    (time.perf_counter() - started) * 1000)
        return self.snapshot
