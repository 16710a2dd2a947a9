"""`hoagiai backup FILE` / `hoagiai restore FILE`: a portable zip of every table (JSON lines) plus the knowledge
as YAML. Portable means a SQLite backup restores into PostgreSQL and back: rows are written through the ORM's
table definitions, not as a dialect-specific dump.

A backup holds secrets (the Zalo OA tokens, the user-key salt, password hashes): the file is created 0600, and
`--encrypt` wraps the zip in age's passphrase format (scrypt + ChaCha20-Poly1305, through pyrage), which `age -d`
also opens. `restore` recognises an encrypted file by its header and asks for the passphrase."""

import base64
import contextlib
import datetime as dt
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pyrage
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Date, DateTime, Engine, LargeBinary, Table, func, insert, select, text
from sqlmodel import SQLModel

from bot.core import texts
from bot.core.errors import BackupError
from bot.storage import knowledge_repo, models  # noqa: F401  (models registers the tables)
from bot.storage.database import Database

FORMAT = 1
AGE_HEADER = b"age-encryption.org/v1"


def _tables() -> list[Table]:
    return [t for t in SQLModel.metadata.sorted_tables if t.name != "alembic_version"]


def _revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _decode(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, value in row.items():
        column = table.columns[name]
        if value is not None and isinstance(column.type, DateTime):
            value = dt.datetime.fromisoformat(value)
        elif value is not None and isinstance(column.type, Date):
            value = dt.date.fromisoformat(value)
        elif value is not None and isinstance(column.type, LargeBinary):
            value = base64.b64decode(value)
        out[name] = value
    return out


def create_backup(db: Database, target: Path, passphrase: str | None = None) -> dict[str, int]:
    """Write the zip (0600; encrypted with `passphrase` when given); returns the row count per table."""
    tmp = target.with_suffix(target.suffix + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()  # a leftover from a crash may have another mode
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        if passphrase is None:
            counts = _write_zip(db, out)
        else:
            plain = io.BytesIO()
            counts = _write_zip(db, plain)
            out.write(pyrage.passphrase.encrypt(plain.getvalue(), passphrase))
    tmp.replace(target)  # a crash mid-write leaves any previous backup file as it was
    return counts


def is_encrypted(source: Path) -> bool:
    """Whether the file is an age-encrypted backup (made with --encrypt)."""
    try:
        with source.open("rb") as f:
            return f.read(len(AGE_HEADER)) == AGE_HEADER
    except OSError:
        return False


def _write_zip(db: Database, out: IO[bytes]) -> dict[str, int]:
    counts: dict[str, int] = {}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf, db.engine.connect() as conn:
        for table in _tables():
            buf = io.StringIO()
            n = 0
            for row in conn.execute(select(table)).mappings():
                buf.write(json.dumps({k: _encode(v) for k, v in row.items()}, ensure_ascii=False) + "\n")
                n += 1
            zf.writestr(f"db/{table.name}.jsonl", buf.getvalue())
            counts[table.name] = n
        with tempfile.TemporaryDirectory() as tmpdir:
            db.call(knowledge_repo.export_directory, root=Path(tmpdir))
            for path in sorted(Path(tmpdir).rglob("*")):
                if path.is_file():
                    zf.write(path, f"knowledge/{path.relative_to(tmpdir)}")
        manifest = {"format": FORMAT, "created_at": dt.datetime.now(dt.UTC).isoformat(),
                    "dialect": db.dialect, "revision": _revision(db.engine), "tables": counts}
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    return counts


def _open(source: Path, passphrase: Callable[[], str] | None) -> zipfile.ZipFile:
    """The backup's zip; an encrypted file is decrypted in memory with the passphrase (asked only then)."""
    if not is_encrypted(source):
        return zipfile.ZipFile(source)
    if passphrase is None:
        raise BackupError(texts.BACKUP_WRONG_PASSPHRASE.format(source=source))
    secret = passphrase()
    try:
        plain = pyrage.passphrase.decrypt(source.read_bytes(), secret)
    except pyrage.DecryptError:
        raise BackupError(texts.BACKUP_WRONG_PASSPHRASE.format(source=source)) from None
    return zipfile.ZipFile(io.BytesIO(plain))


def restore_backup(db: Database, source: Path, passphrase: Callable[[], str] | None = None) -> dict[str, int]:
    """Load a backup into an empty, migrated database, in one transaction (nothing changes on any error)."""
    try:
        zf = _open(source, passphrase)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BackupError(texts.BACKUP_UNREADABLE.format(source=source, error=exc)) from exc
    with zf:
        try:
            manifest = json.loads(zf.read("manifest.json"))
        except (KeyError, json.JSONDecodeError) as exc:
            raise BackupError(texts.BACKUP_NO_MANIFEST) from exc
        if manifest.get("format") != FORMAT:
            raise BackupError(texts.BACKUP_FORMAT.format(format=manifest.get("format")))
        if manifest.get("revision") != _revision(db.engine):
            raise BackupError(texts.BACKUP_REVISION.format(backup=manifest.get("revision"), database=_revision(db.engine)))
        counts: dict[str, int] = {}
        with db.engine.begin() as conn:
            for table in _tables():
                if conn.execute(select(func.count()).select_from(table)).scalar():
                    raise BackupError(texts.BACKUP_NOT_EMPTY.format(table=table.name, source=source))
            for table in _tables():
                name = f"db/{table.name}.jsonl"
                lines = zf.read(name).decode("utf-8").splitlines() if name in zf.namelist() else []
                rows = [_decode(table, json.loads(line)) for line in lines if line.strip()]
                if rows:
                    conn.execute(insert(table), rows)
                counts[table.name] = len(rows)
            if conn.dialect.name == "postgresql":
                _reset_sequences(conn)
    return counts


def _reset_sequences(conn: Any) -> None:
    """After explicit ids were inserted, move each serial sequence past the largest id."""
    for table in _tables():
        column = table.columns.get("id")
        if column is not None and column.primary_key and column.type.python_type is int:
            conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            ))
