"""knowledge/logbook.yaml is checked by `hoagiai check` (file and line of each problem); names and numbers in a case
summary are masked; /xoa takes the user's records out of their reach while the counts stay."""

import shutil
from pathlib import Path

import pytest

from bot.app import build_core, build_web_app
from bot.cli import main
from bot.core.knowledge import BUNDLED_KNOWLEDGE
from bot.core.privacy import mask_personal
from tests.logbook_support import logbook_knowledge, records
from tests.test_logbook import record_quickly
from tests.training_support import Clock, say, text_of


def run_check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "--knowledge", str(root)])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_the_bundled_lists_pass_and_are_counted(sample_knowledge: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(BUNDLED_KNOWLEDGE / "logbook.yaml", sample_knowledge / "logbook.yaml")
    code, out = run_check(sample_knowledge, capsys)
    assert code == 0 and "Sổ hòa giải (logbook.yaml): 5 loại vụ việc, 3 căn cứ, 4 kết quả" in out


@pytest.mark.parametrize(("old", "new", "line", "message"), [
    ("  - id: khac\n", "  - id: Khác\n", 19, "`id` phải là chuỗi chữ thường ASCII"),
    ("  - id: dan-su\n", "  - id: dat-dai\n", 15, "`id` trùng: dat-dai"),
    ("    name: Hôn nhân và gia đình\n", "    name: ''\n", 14, "`name` phải là văn bản"),
    ("  - id: ngoai-pham-vi\n    name: Dừng vì không thuộc phạm vi hòa giải\n", "", 35, "ngoai-pham-vi"),
    ("  - id: khac\n    name: Khác\n", "  - id: khac\n    name: Khác\n    color: red\n", 21, "trường không được phép"),
])
def test_a_broken_list_is_refused_with_file_and_line(sample_knowledge: Path, capsys: pytest.CaptureFixture[str],
                                                     old: str, new: str, line: int, message: str) -> None:
    text = (BUNDLED_KNOWLEDGE / "logbook.yaml").read_text(encoding="utf-8")
    assert old in text
    (sample_knowledge / "logbook.yaml").write_text(text.replace(old, new), encoding="utf-8")
    code, out = run_check(sample_knowledge, capsys)
    assert code != 0
    assert f"logbook.yaml:{line}:" in out and message in out, out


@pytest.mark.parametrize(("typed", "stored"), [
    ("anh Lò Văn Tùng gọi 0912 345 678", "anh ••• gọi •••"),
    ("Ong Lo Van Tung va chi Quang Thi Mai", "Ong ••• va chi •••"),
    ("anh tung lan dat cua chi mai", "anh ••• cua chi •••"),  # lowercase: the next 1-3 words
    ("Nguyễn Văn An và Sùng A Páo tranh chấp, CCCD 012345678901", "••• và ••• tranh chấp, CCCD •••"),
    ("Giữa hộ Giàng và hộ Vàng", "Giữa hộ ••• và hộ •••"),
    ("Ông ấy và bà con trong bản đều đồng ý", "Ông ấy và bà con trong bản đều đồng ý"),
    ("Hai anh em tranh chấp đất vườn", "Hai anh em tranh chấp đất vườn"),
    ("Do hai bên không thống nhất", "Do hai bên không thống nhất"),
])
def test_names_and_numbers_are_masked_in_a_summary(typed: str, stored: str) -> None:
    assert mask_personal(typed) == stored


async def test_xoa_takes_the_records_out_of_reach_and_keeps_the_counts(aiohttp_client, settings_for,
                                                                      make_knowledge) -> None:  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=logbook_knowledge(make_knowledge),
                                   HOAGIAI_DAILY_CHECK_INTERVAL=3600), clock=Clock())
    client = await aiohttp_client(build_web_app(core))
    await record_quickly(client, "x1")
    await say(client, "x1", text="/xoa")
    await say(client, "x1", action="xoa:y")
    [row] = records(core)
    assert (row.user_key, row.summary, row.raw_user_id, row.kind_id) == (None, None, None, "dan-su")
    assert "chưa có vụ nào" in text_of(await say(client, "x1", text="/soghi"))


def test_hoagiai_retention_drops_old_logbook_texts_and_keeps_the_records(tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                                                         capsys) -> None:
    import datetime as dt

    from bot.storage import logbook_repo
    from bot.storage.database import Database
    from bot.storage.db import database_url, make_engine, migrate

    monkeypatch.setenv("HOAGIAI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("HOAGIAI_CASE_RETENTION_DAYS", "100")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    db = Database(make_engine(database_url(None, tmp_path)))
    migrate(db.engine)
    now = dt.datetime.now(dt.UTC)
    for days in (101, 99):
        db.call(logbook_repo.add, user_key="u", commune_id="xa-a", village=None, case_date=dt.date(2026, 1, 1),
                kind_id="khac", start_id="cac-ben-yeu-cau", result_id="thanh", agreement_written=False,
                summary=f"tóm tắt {days}", difficulty="khó", now=now - dt.timedelta(days=days))
    assert main(["retention"]) == 0
    assert "tóm tắt, khó khăn của 1 vụ trong sổ hòa giải cũ hơn 100 ngày" in capsys.readouterr().out
    rows = db.call(logbook_repo.records_between, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 1))
    assert [(r.summary, r.difficulty) for r in rows] == [(None, None), ("tóm tắt 99", "khó")]
    db.dispose()
