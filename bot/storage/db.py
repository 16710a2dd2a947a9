"""Engine from DATABASE_URL (SQLite by default, PostgreSQL for replicas) and migrations at start-up."""

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.pool import NullPool

if TYPE_CHECKING:
    from bot.storage.database import Database

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
_ADVISORY_LOCK = 0x48_47_49_41  # "HGIA": one migration run at a time across replicas


def database_url(configured: str | None, data_dir: Path) -> str:
    """DATABASE_URL, or SQLite in the data directory: the folder is created 0700 and the file 0600 (SQLite gives its
    -wal and -shm files the database file's mode), so other accounts on the server cannot read them."""
    if configured:
        return configured
    private_dir(data_dir)
    path = (data_dir / "hoagiai.db").resolve()
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return f"sqlite:///{path}"


def private_dir(path: Path) -> None:
    """Create a folder (and missing parents) readable by this account only; an existing folder is left as it is."""
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.chmod(0o700)  # mkdir's mode is filtered by the umask


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    # No pre-ping: it costs a round trip on every checkout (measured ~7 % of a replica's CPU under load); a dropped
    # connection is invalidated on its first error and connections are recycled every half hour.
    return create_engine(url, pool_size=10, max_overflow=10, pool_recycle=1800)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the writer; NORMAL sync is durable against a killed process (not power loss).
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


@contextlib.contextmanager
def startup_lock(engine: Engine) -> Iterator[None]:
    """On PostgreSQL, one replica at a time runs the start-up work (migrations, first import); a no-op on SQLite."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _ADVISORY_LOCK})
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _ADVISORY_LOCK})
            conn.commit()


def migrate(engine: Engine) -> None:
    """Bring the schema to head, under the start-up lock so that concurrent replicas migrate once."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with startup_lock(engine), engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()


def throwaway_engine(url: str) -> Engine:
    """An engine without a pool, for one-off commands."""
    return create_engine(url, poolclass=NullPool)


def open_database(url: str | None, data_dir: Path) -> "Database":
    """The database of DATABASE_URL (SQLite under the data directory when unset), migrated to the latest schema."""
    from bot.storage.database import Database

    engine = make_engine(database_url(url, data_dir))
    migrate(engine)
    return Database(engine)
