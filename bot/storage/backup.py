"""`hoagiai backup FILE` / `hoagiai restore FILE`: a portable zip of every table (JSON lines) plus the knowledge
as YAML. Portable means a SQLite backup restores into PostgreSQL and back: rows are written through the ORM's
table definitions, not as a dialect-specific dump."""

import base64
import datetime as dt
import io
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Date, DateTime, Engine, LargeBinary, Table, func, insert, select, text
from sqlmodel import SQLModel

from bot.core import texts
from bot.core.errors import BackupError
from bot.storage import knowledge_repo, models  # noqa: F401  (models registers the tables)
from bot.storage.database import Database

FORMAT = 1


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


def create_backup(db: Database, target: Path) -> dict[str, int]:
    """Write the zip; returns the row count per table."""
    counts: dict[str, int] = {}
    tmp = target.with_suffix(target.suffix + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf, db.engine.connect() as conn:
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
    tmp.replace(target)  # a crash mid-write leaves any previous backup file as it was
    return counts


def restore_backup(db: Database, source: Path) -> dict[str, int]:
    """Load a backup into an empty, migrated database, in one transaction."""
    try:
        zf = zipfile.ZipFile(source)
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
