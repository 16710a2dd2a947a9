"""Shared by the logbook statistics tests: a knowledge folder with two communes and the bundled logbook lists, a
known set of records, and `hoagiai` run as an operator runs it."""

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from bot.storage import logbook_repo
from bot.storage.database import Database
from tests.conftest import SAMPLE

ROOT = Path(__file__).resolve().parents[1]
COMMUNES = """\
- id: xa-a
  name: Xã Chiềng A
  villages: [Bản Hụa La, Bản Nà Ngà]
- id: xa-b
  name: Xã Mường B
  villages: []
"""
START, END = "2026-01-01", "2026-06-30"
NOW = dt.datetime(2026, 7, 1, 3, tzinfo=dt.UTC)

# (commune, village, day, kind, result, difficulty, deadline, performance)
RECORDS: list[tuple[str, str | None, str, str, str, str | None, str | None, str | None]] = [
    ("xa-a", "Bản Hụa La", "2026-01-01", "dat-dai", "thanh", None, "2026-02-01", "done"),
    ("xa-a", "Bản Hụa La", "2026-01-15", "dat-dai", "thanh", "Các bên chưa tin nhau", "2026-03-01", None),
    ("xa-a", "Bản Hụa La", "2026-03-02", "hon-nhan-gia-dinh", "khong-thanh", None, None, None),
    ("xa-a", "Bản Hụa La", "2026-06-30", "dan-su", "dang-hoa-giai", "Thiếu tài liệu pháp luật", None, None),
    ("xa-a", "Bản Nà Ngà", "2026-02-10", "dan-su", "thanh", None, None, None),
    ("xa-b", "Bản Pát", "2026-04-04", "vi-pham-nhe", "thanh", None, None, None),
    ("xa-b", "Bản Pát", "2026-05-05", "khac", "ngoai-pham-vi", None, None, None),
    ("xa-a", "Bản Hụa La", "2025-12-31", "dat-dai", "thanh", None, None, None),  # before the period
    ("xa-b", "Bản Pát", "2026-07-01", "dat-dai", "khong-thanh", None, None, None),  # after it
]


def stats_knowledge(make_knowledge: Any) -> Path:
    root: Path = make_knowledge([("qa", e) for e in SAMPLE])
    (root / "communes.yaml").write_text(COMMUNES, encoding="utf-8")
    shutil.copy(ROOT / "knowledge" / "logbook.yaml", root / "logbook.yaml")
    return root


def seed(db: Database) -> None:
    for i, (commune, village, day, kind, result, difficulty, deadline, performance) in enumerate(RECORDS):
        row = db.call(logbook_repo.add, user_key=f"u{i % 3}", commune_id=commune, village=village,
                      case_date=dt.date.fromisoformat(day), kind_id=kind, start_id="cac-ben-yeu-cau", result_id=result,
                      agreement_written=result == "thanh", summary=f"Tóm tắt bí mật số {i}", difficulty=difficulty,
                      deadline=dt.date.fromisoformat(deadline) if deadline else None, now=NOW)
        if performance:
            db.call(logbook_repo.record_performance, record_id=row.id, user_key=f"u{i % 3}", state=performance,
                    now=NOW)


def hoagiai(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "HOAGIAI_USER_SALT": "s", **env}
    if "DATABASE_URL" not in env:
        full.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], input=stdin, capture_output=True, text=True,
                          env=full, timeout=120)


# What the records above give for START..END: xa-a 5 (3 thành, 1 không thành, 1 đang), xa-b 2 (1 thành, 1 ngoài).
KINDS = ("dat-dai", "hon-nhan-gia-dinh", "dan-su", "vi-pham-nhe", "khac")
RESULTS = ("thanh", "khong-thanh", "dang-hoa-giai", "ngoai-pham-vi")


def tally(cases: int, kinds: dict[str, int], results: dict[str, int], rate: float | None) -> dict[str, Any]:
    return {"cases": cases, "by_kind": {k: kinds.get(k, 0) for k in KINDS},
            "by_result": {r: results.get(r, 0) for r in RESULTS}, "success_rate": rate}


EXPECTED = {
    "from": START, "to": END,
    "total": tally(7, {"dat-dai": 2, "hon-nhan-gia-dinh": 1, "dan-su": 2, "vi-pham-nhe": 1, "khac": 1},
                   {"thanh": 4, "khong-thanh": 1, "dang-hoa-giai": 1, "ngoai-pham-vi": 1}, 0.8),
    "communes": [
        {"id": "xa-a", "name": "Xã Chiềng A",
         **tally(5, {"dat-dai": 2, "hon-nhan-gia-dinh": 1, "dan-su": 2},
                 {"thanh": 3, "khong-thanh": 1, "dang-hoa-giai": 1}, 0.75)},
        {"id": "xa-b", "name": "Xã Mường B",
         **tally(2, {"vi-pham-nhe": 1, "khac": 1}, {"thanh": 1, "ngoai-pham-vi": 1}, 1.0)},
    ],
}
