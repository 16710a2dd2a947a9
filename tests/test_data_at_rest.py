"""Data at rest: the data folder 0700, the database and backups 0600, download tokens stored hashed, and
`hoagiai backup --encrypt` / `hoagiai restore` with a passphrase (one line of stdin, or twice on a terminal)."""

import datetime as dt
import hashlib
import io
import os
import pty
import stat
import subprocess
import sys
from pathlib import Path
from select import select as wait_readable

import pytest
from alembic import command
from alembic.config import Config
from sqlmodel import select

from bot.app import build_core
from bot.cli import main
from bot.core import texts
from bot.storage import documents_repo
from bot.storage.backup import create_backup
from bot.storage.database import Database
from bot.storage.db import MIGRATIONS, make_engine, migrate
from bot.storage.models import GeneratedDocument, QuestionLog

PASSPHRASE = "cụm mật khẩu dài của xã"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask():  # type: ignore[no-untyped-def]
    old = os.umask(0o022)  # what most servers have: files 0644 and folders 0755 unless we ask otherwise
    yield
    os.umask(old)


@pytest.mark.usefixtures("usual_umask")
async def test_the_data_folder_and_the_database_are_private(settings_for, sample_knowledge: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge, HOAGIAI_DATA_DIR=tmp_path / "new" / "data"))
    await core.close()
    data = tmp_path / "new" / "data"
    assert mode(data) == 0o700
    files = [p for p in data.iterdir() if p.name.startswith("hoagiai.db")]
    assert files and all(mode(p) == 0o600 for p in files), [(p.name, oct(mode(p))) for p in files]


@pytest.mark.usefixtures("usual_umask")
def test_backups_are_created_readable_by_the_owner_only(settings_for, sample_knowledge: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge))
    create_backup(core.db, tmp_path / "plain.zip")
    create_backup(core.db, tmp_path / "secret.age", "mk")
    core.db.dispose()
    assert mode(tmp_path / "plain.zip") == 0o600 and mode(tmp_path / "secret.age") == 0o600


async def test_download_links_are_stored_as_a_hash(settings_for, sample_knowledge: Path) -> None:  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge))
    now = dt.datetime.now(dt.UTC)
    token = "a-link-token-made-by-the-chat-123"
    await core.store.save_document(token=token, template="x", filename="x.docx", content=b"PK",
                                   expires_at=now + dt.timedelta(hours=24))
    [row] = core.db.call(lambda *, session: session.exec(select(GeneratedDocument)).all())
    assert row.token == hashlib.sha256(token.encode()).hexdigest()
    assert core.db.call(documents_repo.fetch_document, token=token, now=now).content == b"PK"
    assert core.db.call(documents_repo.fetch_document, token=row.token, now=now) is None  # the stored value opens nothing
    await core.close()


def test_links_issued_before_the_upgrade_keep_working(database_url: str) -> None:
    engine = make_engine(database_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0021_harden_delivery")
        conn.commit()
    now = dt.datetime.now(dt.UTC)
    Database(engine).call(lambda *, session: session.add(GeneratedDocument(
        token="old-raw-token", template="x", filename="x.docx", content=b"PK", expires_at=now + dt.timedelta(hours=1))))
    migrate(engine)
    assert Database(engine).call(documents_repo.fetch_document, token="old-raw-token", now=now).content == b"PK"
    engine.dispose()


async def _data_dir_with_a_question(settings_for, knowledge: Path, data: Path) -> None:  # type: ignore[no-untyped-def]
    from bot.core.messages import Incoming

    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=knowledge, HOAGIAI_DATA_DIR=data))
    await core.dialogue.handle(Incoming("web", "s1", text="hoa giai vien co duoc tra thu lao khong"))
    await core.close()


def _questions(data: Path) -> list[str | None]:
    engine = make_engine(f"sqlite:///{data / 'hoagiai.db'}")
    migrate(engine)
    rows = Database(engine).call(lambda *, session: [q.text for q in session.exec(select(QuestionLog)).all()])
    engine.dispose()
    return rows


async def test_an_encrypted_backup_restores_with_the_passphrase_and_refuses_a_wrong_one(  # type: ignore[no-untyped-def]
    settings_for, sample_knowledge: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    await _data_dir_with_a_question(settings_for, sample_knowledge, tmp_path / "data")
    archive = tmp_path / "sao-luu.zip.age"
    monkeypatch.setenv("HOAGIAI_USER_SALT", "test-salt")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("HOAGIAI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSPHRASE + "\n"))
    assert main(["backup", str(archive), "--encrypt"]) == 0
    assert texts.CLI_BACKED_UP_ENCRYPTED in capsys.readouterr().out
    body = archive.read_bytes()
    assert body.startswith(b"age-encryption.org/v1") and b"thu lao" not in body and b"PK\x03\x04" not in body

    monkeypatch.setenv("HOAGIAI_DATA_DIR", str(tmp_path / "restored"))
    monkeypatch.setattr(sys, "stdin", io.StringIO("not the passphrase\n"))
    assert main(["restore", str(archive)]) == 1
    assert texts.BACKUP_WRONG_PASSPHRASE.format(source=archive) in capsys.readouterr().err
    assert _questions(tmp_path / "restored") == []  # nothing changed
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSPHRASE + "\n"))
    assert main(["restore", str(archive)]) == 0
    assert _questions(tmp_path / "restored") == _questions(tmp_path / "data") != []


def _on_a_terminal(args: list[str], answers: list[tuple[str, str]], env: dict[str, str]) -> tuple[int, str]:
    """Run `hoagiai ARGS` with a pseudo-terminal as stdin; after each prompt appears, type its answer."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", *args], stdin=follower, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, env=env, start_new_session=True)
    os.close(follower)
    out, start = b"", 0
    try:
        for prompt, answer in answers:
            while (found := out.find(prompt.encode(), start)) < 0 and proc.poll() is None:
                if not wait_readable([proc.stdout], [], [], 60)[0]:
                    break
                out += os.read(proc.stdout.fileno(), 4096)  # type: ignore[union-attr]
            start = max(start, found + len(prompt.encode()))
            os.write(leader, answer.encode() + b"\n")
        out += proc.communicate(timeout=120)[0]
    finally:
        os.close(leader)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, out.decode("utf-8", "replace")


async def test_on_a_terminal_the_passphrase_is_asked_twice_and_must_match(  # type: ignore[no-untyped-def]
    settings_for, sample_knowledge: Path, tmp_path: Path
) -> None:
    await _data_dir_with_a_question(settings_for, sample_knowledge, tmp_path / "data")
    env = {**os.environ, "HOAGIAI_DATA_DIR": str(tmp_path / "data"), "HOAGIAI_USER_SALT": "test-salt"}
    env.pop("DATABASE_URL", None)
    twice = [(texts.BACKUP_PASSPHRASE, "mot"), (texts.BACKUP_PASSPHRASE_AGAIN, "hai")]
    code, out = _on_a_terminal(["backup", str(tmp_path / "a.age"), "--encrypt"], twice, env)
    assert code == 1 and texts.BACKUP_PASSPHRASE_MISMATCH in out and not (tmp_path / "a.age").exists()
    twice = [(texts.BACKUP_PASSPHRASE, "mk-dai"), (texts.BACKUP_PASSPHRASE_AGAIN, "mk-dai")]
    code, out = _on_a_terminal(["backup", str(tmp_path / "b.age"), "--encrypt"], twice, env)
    assert code == 0 and "mk-dai" not in out, out  # not echoed
    asked = texts.BACKUP_PASSPHRASE_FOR.format(source=tmp_path / "b.age")
    code, out = _on_a_terminal(["restore", str(tmp_path / "b.age")], [(asked, "mk-dai")],
                               {**env, "HOAGIAI_DATA_DIR": str(tmp_path / "restored")})
    assert code == 0 and asked in out, out
    assert _questions(tmp_path / "restored") == _questions(tmp_path / "data") != []
