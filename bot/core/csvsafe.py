"""The one CSV writer of the project: UTF-8 with a BOM (spreadsheet programs then show Vietnamese correctly), and
every text cell that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage return)
prefixed with ' so that it stays text. Anonymous questions reach these files, so no CSV is written another way
(tests/test_architecture.py forbids the csv module elsewhere)."""

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str | int | float:
    """A number stays a number (-3 is not a formula); any other value becomes text, neutralised when it starts like
    a formula."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows: Iterable[Sequence[object]], *, bom: bool = True) -> str:
    """The rows as CSV text (a blank row for an empty sequence), every cell through `safe_cell`."""
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return out.getvalue()


def csv_bytes(header: Sequence[object] | None, rows: Iterable[Sequence[object]]) -> bytes:
    """A whole file: the header (when given), then the rows, UTF-8 with a BOM."""
    head: list[Sequence[object]] = [header] if header is not None else []
    return csv_text([*head, *rows]).encode("utf-8")
