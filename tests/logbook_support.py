"""Helpers for the logbook tests: a knowledge directory with communes and the bundled logbook lists, and the rows
the database holds."""

import shutil
from pathlib import Path
from typing import Any

from sqlmodel import select

from bot.core.knowledge import BUNDLED_KNOWLEDGE
from bot.storage.models import LogbookRecord, LogbookReminder
from tests.training_support import training_knowledge

COMMUNES = """- id: xa-chieng-pha
  name: Xã Chiềng Pha
  villages: [Bản Nà Sản, Bản Hìn Hụ]
- id: phuong-chieng-coi
  name: Phường Chiềng Cơi
  villages: []
"""


def logbook_knowledge(make_knowledge: Any) -> Path:
    root: Path = training_knowledge(make_knowledge, items=2)
    (root / "communes.yaml").write_text(COMMUNES, encoding="utf-8")
    shutil.copy(BUNDLED_KNOWLEDGE / "logbook.yaml", root / "logbook.yaml")
    return root


def records(core: Any) -> list[LogbookRecord]:
    return list(core.db.call(lambda *, session: session.exec(select(LogbookRecord).order_by(LogbookRecord.id)).all()))


def reminders(core: Any) -> list[LogbookReminder]:
    return list(core.db.call(lambda *, session: session.exec(select(LogbookReminder)).all()))
