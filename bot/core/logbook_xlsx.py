"""The logbook statistics as an .xlsx laid out like the Ministry of Justice's statistical forms for grassroots
mediation: the reporting unit and the national motto, the title and period, a two-row header (results, kinds) with
numbered columns, one row per commune, the total row, the note on the success rate and the signature blocks.

Only counts are written (never a summary). Cells hold values, not formulas, so any reader sees the numbers.
"""

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.core import texts
from bot.core.logbook_stats import Statistics, Tally

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT = "Times New Roman"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def render_xlsx(stats: Statistics, *, unit: str = "", made_on: dt.date | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = texts.XLSX_SHEET_COMMUNES
    _communes_sheet(sheet, stats, unit or texts.XLSX_UNIT_DEFAULT, made_on)
    _months_sheet(book.create_sheet(texts.XLSX_SHEET_MONTHS), stats)
    book.properties.title = texts.XLSX_TITLE
    book.properties.creator = "Trợ lý Hòa giải"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _columns(stats: Statistics) -> int:
    return 3 + len(stats.results) + len(stats.kinds) + 1  # STT, name, total, results…, kinds…, rate


def _communes_sheet(ws: Worksheet, stats: Statistics, unit: str, made_on: dt.date | None) -> None:
    width = _columns(stats)
    half = max(3, width // 2)
    _text(ws, 1, 1, texts.XLSX_UNIT.format(unit=unit), bold=True, span=half - 1, align="left")
    _text(ws, 1, half + 1, texts.XLSX_NATION, bold=True, span=width - half)
    _text(ws, 2, half + 1, texts.XLSX_MOTTO, bold=True, span=width - half)
    _text(ws, 4, 1, texts.XLSX_TITLE, bold=True, span=width, size=14)
    _text(ws, 5, 1, texts.XLSX_PERIOD.format(start=_day(stats.start), end=_day(stats.end)), span=width, italic=True)
    _text(ws, 6, 1, texts.XLSX_BASIS, span=width, italic=True)
    ws.row_dimensions[6].height = 32
    _text(ws, 7, 1, texts.XLSX_UNIT_OF_COUNT, span=width, align="right", italic=True)
    top, sub, numbers = 8, 9, 10
    results_from = 4
    kinds_from = results_from + len(stats.results)
    rate_col = kinds_from + len(stats.kinds)
    for col, title in ((1, texts.XLSX_NO), (2, texts.STATS_COMMUNE), (3, texts.STATS_TOTAL), (rate_col, texts.STATS_RATE)):
        _head(ws, top, col, title, rows=2)
    _head(ws, top, results_from, texts.XLSX_RESULTS, span=len(stats.results))
    _head(ws, top, kinds_from, texts.XLSX_KINDS, span=len(stats.kinds))
    for i, (_, name) in enumerate(stats.results):
        _head(ws, sub, results_from + i, name)
    for i, (_, name) in enumerate(stats.kinds):
        _head(ws, sub, kinds_from + i, name)
    for col in range(1, width + 1):
        _head(ws, numbers, col, f"({col})")
    ws.row_dimensions[sub].height = 48
    row = numbers + 1
    for n, commune in enumerate(stats.communes, 1):
        _line(ws, row, n, commune.name, commune.tally, stats)
        row += 1
    _line(ws, row, None, texts.XLSX_TOTAL_ROW, stats.total, stats, bold=True)
    _text(ws, row + 2, 1, texts.STATS_RATE_NOTE, span=width, align="left", italic=True)
    sign = row + 4
    _text(ws, sign, 1, texts.XLSX_MADE_BY, bold=True, span=half - 1)
    _text(ws, sign + 1, 1, texts.XLSX_SIGN, italic=True, span=half - 1)
    if made_on is not None:
        _text(ws, sign - 1, half + 1, texts.XLSX_MADE_ON.format(day=_day(made_on)), italic=True, span=width - half)
    _text(ws, sign, half + 1, texts.XLSX_HEAD, bold=True, span=width - half)
    _text(ws, sign + 1, half + 1, texts.XLSX_SIGN_SEAL, italic=True, span=width - half)
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 28
    for col in range(3, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = 13
    ws.freeze_panes = f"C{numbers + 1}"


def _line(ws: Worksheet, row: int, no: int | None, name: str, t: Tally, stats: Statistics, *, bold: bool = False) -> None:
    rate = t.success_rate
    values: list[str | int | float] = [no if no is not None else "", name, t.cases, *(t.by_result[r] for r, _ in stats.results),
                            *(t.by_kind[k] for k, _ in stats.kinds), round(100 * rate, 1) if rate is not None else ""]
    for col, value in enumerate(values, 1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.border = BOX
        cell.font = Font(name=FONT, bold=bold)
        cell.alignment = Alignment(horizontal="left" if col == 2 else "center", vertical="center", wrap_text=True)


def _months_sheet(ws: Worksheet, stats: Statistics) -> None:
    header = [texts.STATS_MONTH, texts.STATS_TOTAL, *(name for _, name in stats.results), texts.STATS_RATE]
    for col, title in enumerate(header, 1):
        _head(ws, 1, col, title)
        ws.column_dimensions[get_column_letter(col)].width = 14
    for row, (month, t) in enumerate(stats.months, 2):
        rate = t.success_rate
        values: list[str | int | float] = [month.strftime("%m/%Y"), t.cases, *(t.by_result[r] for r, _ in stats.results),
                                round(100 * rate, 1) if rate is not None else ""]
        for col, value in enumerate(values, 1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.border = BOX
            cell.font = Font(name=FONT)


def _text(ws: Worksheet, row: int, col: int, value: str, *, bold: bool = False, italic: bool = False, span: int = 1,
          size: int = 12, align: str = "center") -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.font = Font(name=FONT, bold=bold, italic=italic, size=size)
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    if span > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)


def _head(ws: Worksheet, row: int, col: int, value: str, *, span: int = 1, rows: int = 1) -> None:
    for r in range(row, row + rows):
        for c in range(col, col + max(span, 1)):
            ws.cell(row=r, column=c).border = BOX
    cell = ws.cell(row=row, column=col, value=value)
    cell.font = Font(name=FONT, bold=True)
    cell.alignment = CENTER
    if span > 1 or rows > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=row + rows - 1, end_column=col + max(span, 1) - 1)


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")
