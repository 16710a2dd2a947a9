"""/vanban ends with an offer to record the case in the logbook, pre-filled with what the document already says
(never the parties' names)."""

import datetime as dt
import shutil
from pathlib import Path

from bot.app import build_core, build_web_app
from bot.core.knowledge import BUNDLED_KNOWLEDGE
from bot.core.logbook_form import next_step
from tests.logbook_support import COMMUNES, records
from tests.test_paperwork import ANSWERS, fill
from tests.tools_support import add_tool_files
from tests.training_support import Clock, button, say, text_of


async def test_a_finished_van_ban_hoa_giai_thanh_pre_fills_the_logbook(
        aiohttp_client, settings_for, sample_knowledge: Path) -> None:  # type: ignore[no-untyped-def]
    root = add_tool_files(sample_knowledge)
    (root / "communes.yaml").write_text(COMMUNES, encoding="utf-8")
    shutil.copy(BUNDLED_KNOWLEDGE / "logbook.yaml", root / "logbook.yaml")
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=root, HOAGIAI_FLOOD_LIMIT=100), clock=Clock())
    client = await aiohttp_client(build_web_app(core))
    answers = {**ANSWERS, "thoi-gian": "14 giờ ngày 01/12/2026", "noi-dung": "Ông Lò Văn Pấng lấn ranh giới nương"}
    done = await fill(client, "vb1", "van-ban-hoa-giai-thanh", answers)
    assert "Ghi vào sổ" in [b["label"] for b in done["buttons"]][0]
    assert "/ghiso" in done["text"]

    team = await say(client, "vb1", action=next(b["action"] for b in done["buttons"] if "Ghi vào sổ" in b["label"]))
    assert "xã, phường nào" in text_of(team)
    await say(client, "vb1", text="chieng pha")
    kind = await say(client, "vb1", text="bỏ qua")
    assert "Đã điền sẵn từ văn bản vừa soạn" in text_of(kind) and "Bước 2. Loại vụ, việc?" in text_of(kind)
    saved = await say(client, "vb1", action=button(kind, "Đất đai"))
    assert "vụ số 1" in text_of(saved)
    [row] = records(core)
    assert (row.case_date, row.start_id, row.result_id, row.agreement_written, row.deadline) == \
        (dt.date(2026, 12, 1), "cac-ben-yeu-cau", "thanh", True, dt.date(2026, 12, 15))
    assert row.summary == "Ông ••• lấn ranh giới nương"


def test_a_pre_filled_success_is_skipped_only_with_its_van_ban_answer() -> None:
    """A page of the sổ theo dõi may say "thành" without saying whether a văn bản was made: the result step is asked
    (it answers both); a văn bản hòa giải thành tells both, and the result step is skipped."""
    page = {"date": "2026-12-01", "start": "cac-ben-yeu-cau", "result": "thanh", "kind": "dat-dai"}
    assert next_step("", page) == "result"
    assert next_step("", {**page, "written": True}) == "deadline"
    assert next_step("", {**page, "result": "khong-thanh"}) == "summary"
