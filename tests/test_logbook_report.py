"""`hoagiai report`: the logbook's numbers for a period, as JSON, CSV or an .xlsx laid out like the statistical form,
against a real database (SQLite, and PostgreSQL when reachable)."""

import csv
import io
import json
from pathlib import Path

from openpyxl import load_workbook

from bot.storage.database import Database
from bot.storage.db import make_engine, migrate
from tests.logbook_stats_support import END, EXPECTED, START, hoagiai, seed, stats_knowledge


def _seeded(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate(engine)
    db = Database(engine)
    seed(db)
    db.dispose()


def _env(database_url: str, knowledge: Path, tmp_path: Path) -> dict[str, str]:
    return {"DATABASE_URL": database_url, "HOAGIAI_KNOWLEDGE_DIR": str(knowledge),
            "HOAGIAI_DATA_DIR": str(tmp_path / "data")}


def test_report_json_counts_the_records_of_the_period_per_commune(database_url, make_knowledge, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _seeded(database_url)
    env = _env(database_url, stats_knowledge(make_knowledge), tmp_path)
    run = hoagiai(env, "report", "--from", START, "--to", END, "--format", "json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == EXPECTED
    one = hoagiai(env, "report", "--from", START, "--to", END, "--commune", "xa-b")
    data = json.loads(one.stdout)
    assert [c["id"] for c in data["communes"]] == ["xa-b"] and data["total"] == {
        k: v for k, v in EXPECTED["communes"][1].items() if k not in ("id", "name")}


def test_report_csv_and_xlsx_carry_the_same_counts_and_no_summary(database_url, make_knowledge, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _seeded(database_url)
    env = _env(database_url, stats_knowledge(make_knowledge), tmp_path)
    out = tmp_path / "bao-cao.xlsx"
    run = hoagiai(env, "report", "--from", START, "--to", END, "--format", "xlsx", "--output", str(out))
    assert run.returncode == 0, run.stderr
    sheet = load_workbook(out).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    cells = [str(v) for row in rows for v in row if v is not None]
    assert "SỐ VỤ, VIỆC HÒA GIẢI Ở CƠ SỞ" in cells and "Kỳ báo cáo: từ ngày 01/01/2026 đến ngày 30/06/2026" in cells
    total = next(row for row in rows if row[1] == "Tổng cộng")
    commune_rows = {row[1]: row for row in rows if row[1] in ("Xã Chiềng A", "Xã Mường B")}
    assert total[2] == EXPECTED["total"]["cases"] == sum(r[2] for r in commune_rows.values())  # type: ignore[index]
    assert total[3:7] == [4, 1, 1, 1] and total[-1] == 80.0  # results in the lists' order; the rate in percent
    assert commune_rows["Xã Chiềng A"][2:7] == [5, 3, 1, 1, 0]
    assert not any("Tóm tắt" in c or "tin nhau" in c for c in cells)
    printed = hoagiai(env, "report", "--from", START, "--to", END, "--format", "csv")
    table = list(csv.reader(io.StringIO(printed.stdout)))
    assert table[0][:3] == ["Xã, phường", "Tổng số vụ, việc", "Hòa giải thành"]
    assert table[-1][:2] == ["Tổng cộng", "7"] and table[-1][-1] == "80.0"
    assert "Tóm tắt" not in printed.stdout


def test_report_refuses_bad_dates_unknown_communes_and_xlsx_without_a_file(make_knowledge, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {"HOAGIAI_DATA_DIR": str(tmp_path / "data"), "HOAGIAI_KNOWLEDGE_DIR": str(stats_knowledge(make_knowledge))}
    bad_day = hoagiai(env, "report", "--from", "2026-02-30", "--to", END)
    assert bad_day.returncode == 2 and "Ngày “2026-02-30” không hợp lệ" in bad_day.stderr
    backwards = hoagiai(env, "report", "--from", END, "--to", START)
    assert backwards.returncode == 2 and "Ngày kết thúc phải sau" in backwards.stderr
    unknown = hoagiai(env, "report", "--from", START, "--to", END, "--commune", "xa-khong-co")
    assert unknown.returncode == 2 and "Không có xã, phường với mã “xa-khong-co”" in unknown.stderr
    no_file = hoagiai(env, "report", "--from", START, "--to", END, "--format", "xlsx")
    assert no_file.returncode == 2 and "--output" in no_file.stderr
    for run in (bad_day, backwards, unknown, no_file):
        assert "Traceback" not in run.stderr and run.stdout == ""
