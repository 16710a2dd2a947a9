"""Numeric parameters of URLs, bounded before use: a query parameter out of range is a clear 400, never an int() of
a 5,000-digit string (ValueError) or a 40-digit id the database cannot compare (503)."""

from aiohttp import web

from bot.core import texts
from bot.core.errors import Invalid

MAX_ID = 2**31 - 1  # database ids are 32-bit integers on PostgreSQL


def bounded(raw: str | None, low: int, high: int) -> int | None:
    """The integer in `raw` when it is plain ASCII digits within [low, high]; None otherwise."""
    if raw is None or not raw.isascii() or not raw.isdigit() or len(raw.lstrip("0")) > len(str(high)):
        return None
    value = int(raw)
    return value if low <= value <= high else None


def query_int(request: web.Request, name: str, low: int, high: int, default: int | None = None) -> int | None:
    """A numeric query parameter: `default` when absent or empty, else a number in [low, high] or Invalid (400)."""
    raw = request.query.get(name, "")
    if raw == "":
        return default
    value = bounded(raw, low, high)
    if value is None:
        raise Invalid(texts.API_PARAM_RANGE.format(name=name, low=low, high=high), name)
    return value
