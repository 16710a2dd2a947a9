"""CSV downloads of the console, written by the project's one safe CSV writer (bot.core.csvsafe): UTF-8 with a BOM,
and every cell that a spreadsheet would read as a formula prefixed with ' so that it stays text."""

from collections.abc import Iterable, Sequence

from aiohttp import web

from bot.core.csvsafe import csv_bytes


def csv_response(header: Sequence[object] | None, rows: Iterable[Sequence[object]], filename: str) -> web.Response:
    return web.Response(body=csv_bytes(header, rows), content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
