"""CSV downloads: UTF-8 with a BOM (spreadsheet programs then show Vietnamese correctly), and every cell that a
spreadsheet would read as a formula (starting with = + - @, a tab or a carriage return) prefixed with ' so that it
stays text."""

import csv
import io
from collections.abc import Iterable, Sequence

from aiohttp import web

from bot.core.csvcells import FORMULA_STARTS as FORMULA_STARTS  # re-exported
from bot.core.csvcells import safe_cell


def csv_response(header: Sequence[str], rows: Iterable[Sequence[object]], filename: str) -> web.Response:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return web.Response(body=out.getvalue().encode("utf-8"), content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
