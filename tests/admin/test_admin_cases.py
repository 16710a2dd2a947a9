"""The console's side of escalation: the cases inbox, the case page and its actions, link codes, dashboard counts.

Cases are opened the way mediators open them (POST /api/chat on the web channel) or through the desk; replies and
closings reach the mediator through GET /api/messages, and a Zalo OA fake on loopback refuses a relay."""

import datetime as dt
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlmodel import select

from bot.core import texts
from bot.domain import cases as case_ops
from bot.domain import entries
from bot.storage import accounts_repo, cases_repo, stats_repo, tokens_repo
from bot.storage.database import Database
from bot.storage.models import AuditLog, Case, utcnow
from tests.fakes.zalo_api import wait_for
from tests.fakes.zalo_oa_api import FakeZaloOa

NUMBER_RE = re.compile(r"HG-\d{4}-\d{5}")
ROW_RE = re.compile(r'<tr id="case-(HG-\d{4}-\d{5})"')
PHONE, CCCD = "0912345678", "001234567890"


async def say(console: Any, session: str, **body: str) -> dict[str, Any]:
    resp = await console.post("/api/chat", json={"session": session, **body})
    assert resp.status == 200
    return await resp.json()  # type: ignore[no-any-return]


async def escalate(console: Any, session: str, description: str, topic: str = "dat-dai") -> Case:
    """A mediator hands a case over in the web chat: 🆘 → kind of dispute → commune → description."""
    await say(console, session, action="chuyen")
    await say(console, session, action=f"c:topic:{topic}")
    await say(console, session, text="Chiềng Pha")
    done = await say(console, session, text=description)
    number = NUMBER_RE.search(done["replies"][-1]["text"]).group(0)  # type: ignore[union-attr]
    case = console.core.db.call(cases_repo.find_by_number, number=number)
    assert case is not None
    return case  # type: ignore[no-any-return]


async def mediator_inbox(console: Any, session: str) -> list[dict[str, Any]]:
    resp = await console.get("/api/messages", params={"session": session, "after": "0"})
    return (await resp.json())["messages"]  # type: ignore[no-any-return]


async def open_case(core: Any, *, commune: str, topic: str | None = "dat-dai", urgent: bool = False,
                    description: str = "Hai hộ tranh chấp lối đi chung qua vườn", channel: str = "web",
                    user: str = "m") -> Case:
    number = await core.desk.open_case(channel=channel, user_key=f"k-{user}", raw_user_id=user, topic=topic,
                                       commune=commune, description=description, attached_question=None,
                                       attached_answer=None, urgent=urgent)
    return core.db.call(cases_repo.find_by_number, number=number)  # type: ignore[no-any-return]


def audit_rows(core: Any) -> list[AuditLog]:
    return list(core.db.call(lambda *, session: session.exec(select(AuditLog).order_by(AuditLog.id)).all()))


def shown_numbers(html: str) -> list[str]:
    return ROW_RE.findall(html)


async def test_staff_sees_open_cases_urgent_first_and_the_filters_narrow_the_list(console) -> None:  # type: ignore[no-untyped-def]
    core = console.core
    land = await open_case(core, commune="Chieng Pha")  # typed without diacritics by another mediator
    family = await open_case(core, commune="Mường Bú", topic="hon-nhan-gia-dinh", user="m2")
    urgent = await open_case(core, commune="Chiềng Pha", topic="bao-luc-an-toan", urgent=True, user="m3")
    old = core.db.call(cases_repo.create_case, channel="web", user_key="k-m4", raw_user_id="m4", topic="dat-dai",
                       commune="Tà Xùa", description="Tranh chấp nương rẫy đã lâu chưa ai trả lời",
                       attached_question=None, attached_answer=None, urgent=False,
                       now=utcnow() - dt.timedelta(hours=core.settings.case_response_hours + 1))
    closed = await open_case(core, commune="Mường Bú", user="m5")
    await core.desk.close(closed.id, "staff", texts.CASE_OUTCOMES[0])
    staff = await console.agent("staff")

    resp = await staff.get("/admin/cases")
    html = await resp.text()
    assert resp.status == 200
    assert shown_numbers(html) == [urgent.number, old.number, family.number, land.number]  # urgent first
    row = html.split(f'id="case-{old.number}"')[1].split("</tr>")[0]
    assert "⏰ Quá hạn" in row and "Tà Xùa" in row and texts.ADMIN_CASE_STATUS["new"] in row
    assert "Quá hạn" not in html.split(f'id="case-{land.number}"')[1].split("</tr>")[0]
    assert "🚨 Khẩn" in html.split(f'id="case-{urgent.number}"')[1].split("</tr>")[0]

    async def numbers(query: str) -> list[str]:
        return shown_numbers(await (await staff.get(f"/admin/cases?{query}")).text())

    assert await numbers("status=closed") == [closed.number]
    assert await numbers("status=all") == [urgent.number, closed.number, old.number, family.number, land.number]
    assert await numbers("commune=CHI%E1%BB%80NG+PHA") == [urgent.number, land.number]  # CHIỀNG PHA, any marks
    assert await numbers("commune=chieng") == [urgent.number, land.number]
    assert await numbers("topic=hon-nhan-gia-dinh") == [family.number]
    assert await numbers(f"hours={core.settings.case_response_hours}") == [old.number]
    assert await numbers("status=closed&commune=T%C3%A0+X%C3%B9a") == []


async def test_an_editor_gets_403_on_cases_and_sends_nothing(console) -> None:  # type: ignore[no-untyped-def]
    case = await escalate(console, "m1", "Tranh chấp ranh giới nương giữa hai nhà, cần hỏi cán bộ")
    editor = await console.agent("editor")
    for path in ("/admin/cases", f"/admin/cases/{case.id}"):
        resp = await editor.get(path)
        body = await resp.text()
        assert resp.status == 403 and "ranh giới nương" not in body and texts.ADMIN_FORBIDDEN in body
    resp = await editor.post(f"/admin/cases/{case.id}/reply", {"text": "Biên tập viên không được trả lời"})
    assert resp.status == 403
    assert await mediator_inbox(console, "m1") == []
    assert "Vụ việc" not in (await (await editor.get("/admin/dashboard")).text()).split("<main>")[0]  # no menu item


async def test_a_reply_from_the_console_reaches_the_mediator_in_the_web_chat(console) -> None:  # type: ignore[no-untyped-def]
    case = await escalate(console, "m1", "Hai nhà tranh chấp ranh giới nương, bên kia rào lấn sang")
    staff = await console.agent("staff")
    inbox = await (await staff.get("/admin/")).text()  # staff land on the inbox
    assert f'href="/admin/cases/{case.id}"' in inbox
    answer = "Anh mời hai bên gặp riêng trước, rồi cùng trưởng bản xem lại mốc giới."
    resp = await staff.post(f"/admin/cases/{case.id}/reply", {"text": answer})
    page = await resp.text()
    assert resp.status == 200 and resp.url.path == f"/admin/cases/{case.id}"
    assert texts.ADMIN_FLASH["case_replied"] in page and "✓ Đã gửi tới hòa giải viên" in page
    (message,) = await mediator_inbox(console, "m1")
    assert answer in message["text"] and case.number in message["text"]
    case = console.core.db.call(cases_repo.get_case, case_id=case.id)
    assert case.status == "answered" and case.assignee == "staff"
    (row,) = [a for a in audit_rows(console.core) if a.action == "case.reply"]
    assert (row.actor, row.target, row.after) == ("staff", case.number, "sent")


async def test_an_empty_reply_is_refused_and_nothing_is_sent(console) -> None:  # type: ignore[no-untyped-def]
    case = await escalate(console, "m1", "Tranh chấp nước tưới giữa hai bản ở đầu mương")
    staff = await console.agent("staff")
    resp = await staff.post(f"/admin/cases/{case.id}/reply", {"text": "   "})
    assert resp.status == 400 and texts.ADMIN_CASE_TEXT_REQUIRED.format(limit=3000) in await resp.text()
    assert await mediator_inbox(console, "m1") == []


APP_ID, OA_SECRET, APP_SECRET = "2553928453557884079", "oa-secret-key", "app-secret-key"
WINDOW_CLOSED = (-230, "User has not interacted with the OA in the past 7 days")


@pytest.fixture
async def oa() -> AsyncIterator[FakeZaloOa]:
    fake = await FakeZaloOa(APP_ID, APP_SECRET, "access-1", "refresh-1").start()
    yield fake
    await fake.close()


async def test_a_failed_relay_is_shown_on_the_case_page_with_its_reason(make_console, oa: FakeZaloOa) -> None:  # type: ignore[no-untyped-def]
    console = await make_console(ZALO_OA_APP_ID=APP_ID, ZALO_OA_SECRET_KEY=OA_SECRET, ZALO_OA_APP_SECRET=APP_SECRET,
                                 ZALO_OA_ACCESS_TOKEN="access-1", ZALO_OA_REFRESH_TOKEN="refresh-1",
                                 ZALO_OA_API_BASE_URL=oa.base_url, ZALO_OA_OAUTH_BASE_URL=oa.base_url)
    await wait_for(lambda: getattr(console.core.db.call(tokens_repo.get_token, name="zalo_oa"), "access_token", "")
                   == "access-2", what="the OA door's first token refresh")
    case = await open_case(console.core, commune="Chiềng Pha", channel="zalo_oa", user="oa-user-1")
    oa.refuse = WINDOW_CLOSED
    staff = await console.agent("staff")
    resp = await staff.post(f"/admin/cases/{case.id}/reply", {"text": "Anh gọi cho tổ trưởng tổ hòa giải nhé."})
    page = await resp.text()
    assert resp.status == 200 and resp.url.path == f"/admin/cases/{case.id}"
    assert texts.ADMIN_FLASH["case_replied"] not in page
    alert = page.split('id="relay-failed"')[1].split("</section>")[0]
    assert "CHƯA tới được hòa giải viên" in alert and "-230" in alert and "past 7 days" in alert
    assert "⚠️ Chưa gửi được: Zalo OA" in page and "Anh gọi cho tổ trưởng" in page  # the reply is kept
    assert oa.sent == []
    inbox = await (await staff.get("/admin/cases")).text()
    assert "⚠️ Chưa gửi được" in inbox.split(f'id="case-{case.number}"')[1].split("</tr>")[0]
    (row,) = [a for a in audit_rows(console.core) if a.action == "case.reply"]
    assert row.after is not None and row.after.startswith("failed: Zalo OA") and "-230" in row.after


async def test_internal_notes_are_not_relayed_to_the_mediator(console) -> None:  # type: ignore[no-untyped-def]
    case = await escalate(console, "m1", "Con cái tranh chấp đất bố mẹ để lại, chưa chia")
    staff = await console.agent("staff")
    note = "Đã gọi điện cho công chức tư pháp xã, chờ hồ sơ địa chính."
    resp = await staff.post(f"/admin/cases/{case.id}/note", {"text": note})
    page = await resp.text()
    assert resp.status == 200 and texts.ADMIN_FLASH["case_noted"] in page
    item = page.split('class="msg note"')[1].split("</li>")[0]
    assert note in item and "không gửi cho hòa giải viên" in item
    assert await mediator_inbox(console, "m1") == []
    assert console.core.db.call(cases_repo.get_case, case_id=case.id).status == "new"  # a note is not an answer


async def test_closing_with_an_outcome_sends_the_rating_buttons_to_the_mediator(console) -> None:  # type: ignore[no-untyped-def]
    case = await escalate(console, "m1", "Hàng xóm xây tường lấn sang lối đi chung của xóm")
    staff = await console.agent("staff")
    refused = await staff.post(f"/admin/cases/{case.id}/close", {"outcome": "tự nghĩ ra"})
    assert refused.status == 400 and texts.ADMIN_CASE_OUTCOME_INVALID in await refused.text()
    outcome = "Chuyển cơ quan có thẩm quyền"
    resp = await staff.post(f"/admin/cases/{case.id}/close", {"outcome": outcome})
    assert resp.status == 200 and texts.ADMIN_FLASH["case_closed"] in await resp.text()
    (closing,) = await mediator_inbox(console, "m1")
    assert outcome in closing["text"] and [b["label"] for b in closing["buttons"]] == ["1", "2", "3", "4", "5"]
    await say(console, "m1", action=closing["buttons"][4]["action"])
    page = await (await staff.get(f"/admin/cases/{case.id}")).text()
    assert "5/5" in page and outcome in page and f'action="/admin/cases/{case.id}/reply"' not in page
    again = await staff.post(f"/admin/cases/{case.id}/reply", {"text": "Thêm một câu sau khi đóng"})
    assert again.status == 409
    assert [a.after for a in audit_rows(console.core) if a.action == "case.close"] == [f"outcome: {outcome}"]


async def test_assigning_to_me_and_to_a_colleague_is_audited(console) -> None:  # type: ignore[no-untyped-def]
    case = await escalate(console, "m1", "Tranh chấp tiền vay mượn giữa hai anh em ruột")
    staff = await console.agent("staff")
    resp = await staff.post(f"/admin/cases/{case.id}/assign", {"username": ""})
    assert resp.status == 200 and texts.ADMIN_FLASH["case_assigned"] in await resp.text()
    assert console.core.db.call(cases_repo.get_case, case_id=case.id).assignee == "staff"
    refused = await staff.post(f"/admin/cases/{case.id}/assign", {"username": "editor"})  # editors may not read cases
    assert refused.status == 400 and texts.ADMIN_CASE_ASSIGNEE_INVALID in await refused.text()
    await staff.post(f"/admin/cases/{case.id}/assign", {"username": "admin"})
    case = console.core.db.call(cases_repo.get_case, case_id=case.id)
    assert (case.assignee, case.status) == ("admin", "assigned")
    assert [a.after for a in audit_rows(console.core) if a.action == "case.assign"] == ["assignee: staff",
                                                                                       "assignee: admin"]


async def test_a_closed_case_becomes_a_draft_scenario_without_the_phone_number_or_the_name(console) -> None:  # type: ignore[no-untyped-def]
    description = f"Ông Giàng A Chứ (gọi {PHONE}, CCCD {CCCD}) tranh chấp nương với nhà bên, hai bên dọa nhau"
    case = await escalate(console, "m1", description)
    admin, staff = await console.agent("admin"), await console.agent("staff")
    early = await admin.post(f"/admin/cases/{case.id}/scenario")
    assert early.status == 409 and texts.ADMIN_CASE_NOT_CLOSED in await early.text()
    await staff.post(f"/admin/cases/{case.id}/reply", {"text": f"Mời hai bên lên xã, số tổ trưởng {PHONE}."})
    await staff.post(f"/admin/cases/{case.id}/note", {"text": "Ghi chú nội bộ: đã báo công an xã"})
    await staff.post(f"/admin/cases/{case.id}/close", {"outcome": texts.CASE_OUTCOMES[0]})

    resp = await admin.post(f"/admin/cases/{case.id}/scenario")
    entry_id = case_ops.draft_id_of(case.number)
    assert resp.status == 200 and resp.url.path == f"/admin/entries/{entry_id}"  # the editor's page
    assert texts.ADMIN_FLASH["case_draft"] in await resp.text()
    copy = console.core.db.call(entries.get_copy, entry_id=entry_id)
    assert copy.kind == "scenario" and copy.status == "draft" and copy.live_status == "draft"
    body = repr(copy.data)
    assert PHONE not in body and CCCD not in body and "•••" in copy.data["situation"]
    assert "Giàng" not in body and "Ông •••" in copy.data["situation"]  # the name was masked when the case was stored
    assert "kiểm tra ẩn danh" in copy.data["note"] and case.number in copy.data["note"]
    assert "Ghi chú nội bộ" not in body and "Chiềng Pha" not in body
    assert {"doc": "35/2013/QH13", "article": 3} in copy.data["citations"]
    assert copy.data["topics"] == ["dat-dai"]

    again = await staff.post(f"/admin/cases/{case.id}/scenario")  # staff stay on the case; no second draft
    assert again.url.path == f"/admin/cases/{case.id}" and texts.ADMIN_FLASH["case_draft_exists"] in await again.text()
    editor = await console.agent("editor")
    assert (await editor.get(f"/admin/entries/{entry_id}")).status == 200
    actions = [(a.action, a.target) for a in audit_rows(console.core) if a.action.startswith(("case.", "entry."))]
    assert actions == [("case.reply", case.number), ("case.note", case.number), ("case.close", case.number),
                       ("entry.create", entry_id), ("case.draft_scenario", case.number)]
    case_rows = [a for a in audit_rows(console.core) if a.action.startswith("case.")]
    assert not any("tranh chấp nương" in f"{a.before}{a.after}" for a in case_rows)  # case texts stay out


async def test_link_code_is_shown_once_and_the_linked_ids_appear(console) -> None:  # type: ignore[no-untyped-def]
    staff = await console.agent("staff")
    assert "chưa liên kết" in await (await staff.get("/admin/account")).text()
    page = await (await staff.post("/admin/account/link-code")).text()
    code = re.search(r'id="link-code">([A-Z0-9]{8})<', page).group(1)  # type: ignore[union-attr]
    assert texts.ADMIN_LINK_CODE_HOWTO.format(code=code) in page
    linked = console.core.db.call(accounts_repo.redeem_link_code, code=code, channel="telegram", external_id="777001")
    assert linked is not None and linked.username == "staff"
    assert console.core.db.call(accounts_repo.redeem_link_code, code=code, channel="zalo", external_id="z1") is None
    assert 'id="telegram-id">777001<' in await (await staff.get("/admin/account")).text()

    admin = await console.agent("admin")
    users = await (await admin.get("/admin/users")).text()
    assert "Telegram 777001" in users.split('id="user-staff"')[1].split("</tr>")[0]
    resp = await admin.post("/admin/users/staff/link-code")
    assert resp.status == 200 and re.search(r"Gửi /lienket [A-Z0-9]{8} cho bot trên Telegram", await resp.text())
    assert (await admin.post("/admin/users/editor/link-code")).status == 409
    editor = await console.agent("editor")
    assert (await editor.post("/admin/account/link-code")).status == 403
    rows = [a for a in audit_rows(console.core) if a.action == "user.link_code"]
    assert [(a.actor, a.target) for a in rows] == [("staff", "staff"), ("admin", "staff")]
    assert not any(code in f"{a.before}{a.after}" for a in audit_rows(console.core))


async def test_the_dashboard_shows_open_and_overdue_case_counts(console) -> None:  # type: ignore[no-untyped-def]
    core = console.core
    await open_case(core, commune="Chiềng Pha")
    core.db.call(cases_repo.create_case, channel="web", user_key="k", raw_user_id="m9", topic=None, commune=None,
                 description="Vụ việc chờ trả lời quá hạn", attached_question=None, attached_answer=None,
                 urgent=False, now=utcnow() - dt.timedelta(hours=49))
    page = await (await (await console.agent("admin")).get("/admin/dashboard")).text()
    assert "Vụ việc đang mở<b>2</b>" in page and "Vụ việc quá hạn trả lời<b>1</b>" in page


def test_case_counts_failed_relays_and_chat_links_on_each_database(db: Database) -> None:
    now = utcnow()

    def case(user: str, hours_ago: int) -> Case:
        return db.call(cases_repo.create_case, channel="web", user_key=user, raw_user_id=user, topic=None,
                       commune=None, description="d", attached_question=None, attached_answer=None, urgent=False,
                       now=now - dt.timedelta(hours=hours_ago))

    fresh, late, answered = case("a", 1), case("b", 50), case("c", 60)
    db.call(cases_repo.record_reply, case_id=answered.id, author="s", text="t", delivery="sent")
    db.call(cases_repo.record_reply, case_id=late.id, author="s", text="t", delivery="sent")
    db.call(cases_repo.add_mediator_info, case_id=late.id, user_key="b", text="more")  # reopened: waits again
    db.call(cases_repo.record_reply, case_id=fresh.id, author="s", text="t", delivery="failed", error="window")
    assert db.call(stats_repo.overdue_cases, now=now, hours=48) == 0  # the reopened case waits since just now
    assert db.call(stats_repo.overdue_cases, now=now + dt.timedelta(hours=49), hours=48) == 1
    assert db.call(case_ops.failed_relays, case_ids=[fresh.id, late.id, answered.id]) == {fresh.id}
    db.call(cases_repo.record_reply, case_id=fresh.id, author="s", text="again", delivery="sent")
    assert db.call(case_ops.failed_relays, case_ids=[fresh.id]) == set()  # a later reply got through

    db.call(accounts_repo.create_user, username="lan", password_hash="x", role="staff", must_change_password=False)
    db.call(accounts_repo.link_chat_account, username="lan", channel="zalo", external_id="z-9")
    assert db.call(accounts_repo.chat_links) == {"lan": {"zalo": "z-9"}}
