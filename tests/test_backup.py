"""Backup and restore: a backup restored into an empty database gives the same answers and the same logs."""

from pathlib import Path

import pytest
from sqlmodel import select

from bot.app import build_core
from bot.core.messages import Incoming
from bot.storage.backup import BackupError, create_backup, restore_backup
from bot.storage.database import Database
from bot.storage.db import make_engine, migrate
from bot.storage.models import QuestionLog

QUESTIONS = ["hgv co dc tra tien ko", "xyzzy qwerty", "tieu chuan hoa giai vien"]


def _log(db: Database) -> list[tuple[str | None, str, str | None]]:
    rows = db.call(lambda *, session: session.exec(select(QuestionLog).order_by(QuestionLog.id)).all())
    return [(r.text, r.outcome, r.top_id) for r in rows]


async def test_restore_into_an_empty_database_gives_the_same_answers_and_logs(
    database_url: str, settings_for, sample_knowledge: Path, tmp_path: Path
) -> None:
    source = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge))  # SQLite
    answers = [await source.dialogue.handle(Incoming("web", "s1", text=q)) for q in QUESTIONS]
    archive = tmp_path / "backup.zip"
    create_backup(source.db, archive)
    logged = _log(source.db)
    await source.close()

    target_engine = make_engine(database_url)  # the other database kind when parametrized with PostgreSQL
    migrate(target_engine)
    restore_backup(Database(target_engine), archive)
    target_engine.dispose()
    restored = build_core(settings_for(database_url, HOAGIAI_KNOWLEDGE_DIR=tmp_path / "nowhere"))
    assert _log(restored.db) == logged
    again = [await restored.dialogue.handle(Incoming("web", "s2", text=q)) for q in QUESTIONS]
    assert [(t.outcome, [r["id"] for r in t.results]) for t in again] == \
        [(t.outcome, [r["id"] for r in t.results]) for t in answers]
    await restored.close()


def test_restore_refuses_a_database_that_is_not_empty(tmp_path: Path, settings_for, sample_knowledge: Path) -> None:
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge))
    archive = tmp_path / "b.zip"
    create_backup(core.db, archive)
    with pytest.raises(BackupError, match="không trống"):
        restore_backup(core.db, archive)
    core.db.dispose()


def test_a_broken_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.zip"
    bad.write_bytes(b"not a zip")
    engine = make_engine(f"sqlite:///{tmp_path / 'e.db'}")
    migrate(engine)
    with pytest.raises(BackupError, match="Không đọc được"):
        restore_backup(Database(engine), bad)
    engine.dispose()
