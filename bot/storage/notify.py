"""PostgreSQL LISTEN/NOTIFY: a publish on one replica wakes every other replica's index refresh at once.

The periodic version check in Core stays as the fallback (a dropped connection, or SQLite)."""

import asyncio
import logging
from collections.abc import Awaitable, Callable

import psycopg
from sqlalchemy import Engine, text
from sqlmodel import Session

logger = logging.getLogger(__name__)

KNOWLEDGE_CHANNEL = "hoagiai_knowledge"


def notify(*, session: Session, channel: str, payload: str) -> None:
    """Queue a notification; PostgreSQL delivers it when the surrounding transaction commits."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:c, :p)"), {"c": channel, "p": payload})


async def listen(engine: Engine, channel: str, on_notify: Callable[[str], Awaitable[None]]) -> None:
    """Run forever: LISTEN on `channel` and call `on_notify(payload)`; reconnect after failures."""
    conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    while True:
        try:
            async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
                await conn.execute(f"LISTEN {channel}")
                async for note in conn.notifies():
                    try:
                        await on_notify(note.payload)
                    except Exception:  # noqa: BLE001 - one failed refresh must not end the listener
                        logger.exception("handling notification on %s failed", channel)
        except (psycopg.Error, OSError) as exc:
            logger.warning("LISTEN %s lost (%s); retrying in 2 s", channel, exc.__class__.__name__)
            await asyncio.sleep(2)
