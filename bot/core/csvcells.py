"""CSV cells a spreadsheet will not run: a cell starting with = + - @, a tab or a carriage return is prefixed with '
so that it stays text. Shared by the console's downloads (admin.csvfile) and `hoagiai report --format csv`."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
