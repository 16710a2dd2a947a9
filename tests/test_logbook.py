"""The mediation logbook through the web chat API: /ghiso records a case in at most eight answers, the summary is
masked in storage, /vanban offers to record what it knows, and a user lists, edits and deletes only their own."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select as sa_select
from sqlmodel import SQLModel

from bot.app import build_core, build_web_app
from tests.logbook_support import logbook_knowledge, records
from tests.training_support import Clock, button, say, text_of


@pytest.fixture
def clock() -> Clock:
    return Clock()  # Thursday 03/12/2026, 08:00 in Vietnam


@pytest.fixture
async def client(aiohttp_client, settings_for, make_knowledge, clock: Clock, database_url: str):  # type: ignore[no-untyped-def]
    """The app on SQLite, and on PostgreSQL when it is reachable."""
    root: Path = logbook_knowledge(make_knowledge)
    core = build_core(settings_for(database_url, HOAGIAI_KNOWLEDGE_DIR=root, HOAGIAI_DAILY_CHECK_INTERVAL=3600),
                      clock=clock)
    client = await aiohttp_client(build_web_app(core))
    client.core = core
    return client


G1 = "ghiso-session-0123456789abcdef"  # long enough for the web chat to keep a transcript


def everything_stored(core: Any) -> str:
    """Every value of every table, as text: what someone with the database would see."""
    def dump(*, session: Any) -> str:
        return "\n".join(repr(row) for table in SQLModel.metadata.sorted_tables
                         for row in session.execute(sa_select(table)).all())
    return str(core.db.call(dump))


def buttons(data: dict[str, Any]) -> list[str]:
    return [b["label"] for b in data["replies"][-1]["buttons"]]


async def test_a_first_recording_takes_at_most_eight_answers_with_the_team_asked_once_and_names_masked(client) -> None:  # type: ignore[no-untyped-def]
    answers = 0  # everything the user types or presses after /ghiso

    async def answer(**body: Any) -> dict[str, Any]:
        nonlocal answers
        answers += 1
        return await say(client, G1, **body)

    start = await say(client, G1, text="/ghiso")  # a fresh user: no team yet
    assert "Bước 1. Tổ hòa giải" in text_of(start) and "xã, phường nào" in text_of(start)
    village = await answer(text="chieng pha")  # step 1, the team: /coso's commune, then its village
    assert "bạn ở bản" in text_of(village)
    date = await answer(text="na san")
    assert "Tổ hòa giải: Bản Nà Sản, Xã Chiềng Pha" in text_of(date)
    assert "Bước 2. Vụ, việc được hòa giải ngày nào?" in text_of(date)
    assert buttons(date)[:2] == ["Hôm nay", "Hôm qua"]
    kind = await answer(text="01/12/2026")
    assert "Bước 3" in text_of(kind)
    assert buttons(kind)[:5] == ["Đất đai", "Hôn nhân và gia đình", "Dân sự", "Vi phạm pháp luật nhẹ", "Khác"]
    start_step = await answer(action=button(kind, "Đất đai"))
    assert "Bước 4" in text_of(start_step) and "Điều 16" in text_of(start_step)
    result = await answer(action=button(start_step, "yêu cầu"))
    assert "Bước 5. Kết quả hòa giải?" in text_of(result) and "văn bản hòa giải thành" in text_of(result)
    assert buttons(result) == ["✅ Hòa giải thành, có văn bản", "✅ Hòa giải thành, không lập văn bản",
                               "❌ Hòa giải không thành", "⏳ Đang hòa giải", "⛔ Dừng vì không thuộc phạm vi hòa giải"]
    deadline = await answer(action=button(result, "Hòa giải thành, có văn bản"))
    assert "Bước 6" in text_of(deadline) and "thỏa thuận thực hiện đến ngày nào" in text_of(deadline)
    summary = await answer(text="20/12/2026")
    assert "Bước 7" in text_of(summary) and "KHÔNG ghi tên" in text_of(summary)
    saved = await answer(text="anh Lò Văn Tùng (0912 345 678) lấn 2m đất vườn của chị Quàng Thị Mai")
    assert "✅ Đã ghi vào sổ: vụ số 1" in text_of(saved)
    assert answers <= 8, answers
    assert "Lò Văn Tùng" not in text_of(saved) and "0912" not in text_of(saved)
    assert "Văn bản hòa giải thành: Có" in text_of(saved)
    assert "Nhắc tôi theo dõi" in " ".join(buttons(saved))

    [row] = records(client.core)
    assert (row.commune_id, row.village, row.case_date, row.kind_id, row.start_id, row.result_id) == \
        ("xa-chieng-pha", "Bản Nà Sản", dt.date(2026, 12, 1), "dat-dai", "cac-ben-yeu-cau", "thanh")
    assert row.agreement_written and row.deadline == dt.date(2026, 12, 20) and not row.reminder_wanted
    assert row.summary == "anh ••• (•••) lấn 2m đất vườn của chị •••"
    stored = everything_stored(client.core)  # the web transcript and the conversation state included
    assert "Tùng" not in stored and "345 678" not in stored and "Quàng Thị Mai" not in stored

    answers = 0  # a later recording: the team is known, and a successful case takes six answers
    again = await say(client, G1, text="/ghiso")
    assert "Tổ hòa giải: Bản Nà Sản, Xã Chiềng Pha" in text_of(again) and "Bước 1" in text_of(again)
    kind = await answer(action=button(again, "Hôm nay"))
    start_step = await answer(action=button(kind, "Khác"))
    result = await answer(action=button(start_step, "chứng kiến"))
    deadline = await answer(action=button(result, "không lập văn bản"))
    summary = await answer(action=button(deadline, "Không có thời hạn"))
    assert "Bước 6" in text_of(summary)
    saved = await answer(action=button(summary, "Bỏ qua"))
    assert "vụ số 2" in text_of(saved) and answers <= 7, answers
    second = records(client.core)[1]
    assert (second.kind_id, second.result_id, second.agreement_written, second.deadline) == \
        ("khac", "thanh", False, None)


async def test_an_unsuccessful_case_skips_the_agreement_steps_and_bad_dates_are_explained(client) -> None:  # type: ignore[no-untyped-def]
    await say(client, "g2", text="/coso")
    await say(client, "g2", text="chieng coi")
    await say(client, "g2", text="bỏ qua")
    date = await say(client, "g2", text="/ghiso")
    future = await say(client, "g2", text="25/12/2026")
    assert "chưa tới" in text_of(future) and "Bước 1" in text_of(future)
    wrong = await say(client, "g2", text="hôm kia")
    assert "chưa đọc được ngày" in text_of(wrong)
    await say(client, "g2", action=button(date, "Hôm qua"))
    start = await say(client, "g2", text="hon nhan va gia dinh")  # a choice typed instead of pressed
    assert "Bước 3" in text_of(start)
    result = await say(client, "g2", action=button(start, "chứng kiến"))
    assert "Bước 4" in text_of(result)
    unclear = await say(client, "g2", text="thành")  # three answers say "thành": the step is asked again
    assert "Bạn bấm một nút" in text_of(unclear) and "Bước 4" in text_of(unclear)
    summary = await say(client, "g2", text="không thành")  # a result typed instead of pressed
    assert "KHÔNG ghi tên" in text_of(summary) and "Bước 5" in text_of(summary)
    saved = await say(client, "g2", action=button(summary, "Bỏ qua"))
    assert "vụ số 1" in text_of(saved) and "Nhắc" not in " ".join(buttons(saved))
    [row] = records(client.core)
    assert (row.commune_id, row.case_date, row.kind_id, row.result_id, row.summary, row.deadline) == \
        ("phuong-chieng-coi", dt.date(2026, 12, 2), "hon-nhan-gia-dinh", "khong-thanh", None, None)


async def record_quickly(client: Any, session: str, kind: str = "Dân sự") -> dict[str, Any]:
    date = await say(client, session, text="/ghiso")
    if "xã, phường nào" in text_of(date):
        await say(client, session, text="chieng coi")
        date = await say(client, session, text="bỏ qua")
    kind_step = await say(client, session, action=button(date, "Hôm nay"))
    start = await say(client, session, action=button(kind_step, kind))
    result = await say(client, session, action=button(start, "yêu cầu"))
    await say(client, session, action=button(result, "Đang hòa giải"))
    return await say(client, session, text="Tranh chấp lối đi giữa hai hộ, bà Cầm Thị Lan không đồng ý")


async def test_a_user_lists_edits_and_deletes_their_own_records_only(client) -> None:  # type: ignore[no-untyped-def]
    await record_quickly(client, "own1", "Dân sự")
    await record_quickly(client, "own1", "Khác")
    await record_quickly(client, "other", "Đất đai")
    listing = await say(client, "own1", text="/soghi")
    assert "2 vụ" in text_of(listing)
    labels = buttons(listing)
    assert any("Dân sự" in b for b in labels) and any("Khác" in b for b in labels)
    assert not any("Đất đai" in b for b in labels)
    other_id = records(client.core)[2].id
    assert "Không tìm thấy" in text_of(await say(client, "own1", action=f"lb:v:{other_id}"))
    assert "Không tìm thấy" in text_of(await say(client, "own1", action=f"lb:dely:{other_id}"))
    assert "Không tìm thấy" in text_of(await say(client, "own1", action=f"lb:e:{other_id}:summary"))

    card = await say(client, "own1", action=button(listing, "Dân sự"))
    assert "bà •••" in text_of(card) and "Cầm Thị Lan" not in text_of(card)
    menu = await say(client, "own1", action=button(card, "Sửa"))
    ask = await say(client, "own1", action=button(menu, "Kết quả"))
    assert "Đang ghi: Đang hòa giải" in text_of(ask)
    assert "Đang hòa giải" in buttons(ask)[3]  # the same answers as in the form, the văn bản with the result
    edited = await say(client, "own1", action=button(ask, "Hòa giải thành, không lập văn bản"))
    assert "Đã sửa vụ số 1" in text_of(edited) and "Kết quả: Hòa giải thành" in text_of(edited)
    assert "Văn bản hòa giải thành: Không" in text_of(edited) and not records(client.core)[0].agreement_written
    menu = await say(client, "own1", action=button(edited, "Sửa"))
    ask = await say(client, "own1", action=button(menu, "Kết quả"))
    assert "Đang ghi: Hòa giải thành, không lập văn bản" in text_of(ask)
    edited = await say(client, "own1", action=button(ask, "Hòa giải thành, có văn bản"))
    assert "Văn bản hòa giải thành: Có" in text_of(edited) and records(client.core)[0].agreement_written
    menu = await say(client, "own1", action=button(edited, "Sửa"))
    await say(client, "own1", action=button(menu, "Tóm tắt"))
    edited = await say(client, "own1", text="Hộ ông Giàng A Sử đã trả lại lối đi")
    assert "Hộ ông ••• đã trả lại lối đi" in text_of(edited)

    confirm = await say(client, "own1", action=button(edited, "Xóa"))
    gone = await say(client, "own1", action=button(confirm, "Xóa hẳn"))
    assert "Đã xóa vụ số 1" in text_of(gone)
    rows = records(client.core)
    assert [r.id for r in rows] == [2, 3]
    assert rows[1].summary is not None and rows[1].kind_id == "dat-dai"  # the other user's record is untouched
