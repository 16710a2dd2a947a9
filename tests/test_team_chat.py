"""/sotodoi through the real Telegram client and the fake Bot API: a team leader linked to their Telegram account gets
the team's report as a message and a .docx, counting only the team's records; anyone else is told how to get access."""

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from docx import Document

from bot.core import texts
from bot.domain import accounts
from bot.domain.staffchat import link_account
from bot.storage import accounts_repo
from tests.fakes.telegram_api import FakeTelegram, buttons_of, wait_until
from tests.fakes.zalo_api import FakeZaloBotApi
from tests.fakes.zalo_api import text_update as zalo_text
from tests.logbook_stats_support import seed, stats_knowledge
from tests.test_staffchat import Clock, Desk, no_proxy, running  # noqa: F401 - no_proxy is an autouse fixture

LEADER, MEDIATOR = 6101, 6102


@pytest.fixture
async def desk(tmp_path: Path, make_knowledge) -> AsyncIterator[Desk]:  # type: ignore[no-untyped-def]
    tg = await FakeTelegram().start()
    zalo = await FakeZaloBotApi("1234567890:fake-zalo-bot-token").start()
    clock = Clock()
    clock.now = clock.now.replace(year=2026, month=7, day=1, hour=3)  # 10:00 in Vietnam: the same day there
    try:
        async with running((tg, zalo), tmp_path / "data", stats_knowledge(make_knowledge), clock) as found:
            yield found
    finally:
        await zalo.close()
        await tg.close()


async def test_a_linked_leader_gets_the_team_report_as_text_and_docx(desk: Desk) -> None:
    core, tg = desk.core, desk.tg
    seed(core.db)
    core.db.call(accounts.create_account, username="totruong", role="leader", password_hash="-", must_change=False,
                 actor="test", team="xa-a/ban-hua-la", communes=core.service.snapshot.knowledge.communes)
    code = core.db.call(accounts_repo.create_link_code, username="totruong")
    tg.send_text(LEADER, f"/lienket {code}")
    linked = (await tg.next_message(LEADER))["text"]
    assert "totruong" in linked and texts.LINK_LEADER in linked
    assert core.db.call(accounts_repo.staff_for, channel="telegram", external_id=str(LEADER)) is None  # no staff powers
    tg.send_text(LEADER, "/sotodoi")
    choose = await tg.next_message(LEADER)
    assert "Bản Hụa La, Xã Chiềng A" in choose["text"]
    assert [b[1] for b in buttons_of(choose)] == ["td:y:2026", "td:y:2025", "td:h"]
    documents = len(tg.calls_to("sendDocument"))
    tg.press(LEADER, "td:y:2026")
    report = (await tg.next_message(LEADER))["text"]
    # 2026 to date: Bản Hụa La has 4 records (2 thành, 1 không thành, 1 đang), Bản Nà Ngà's is another team's.
    assert "Tổng số vụ, việc: 4" in report and "Hòa giải thành: 2" in report and "Tỷ lệ hòa giải thành: 66.7%" in report
    assert "Thỏa thuận chưa được thực hiện xong: 1" in report and "Thiếu tài liệu pháp luật" in report
    assert "Tóm tắt" not in report
    await wait_until(lambda: len(tg.calls_to("sendDocument")) > documents, what="the report as a file")
    sent = tg.calls_to("sendDocument")[-1]["document"]
    paragraphs = [p.text for p in Document(io.BytesIO(sent["content"])).paragraphs]
    assert sent["filename"] == "bao-cao-to-hoa-giai-2026-01-01-2026-07-01.docx"
    assert "Tổng số vụ, việc: 4" in paragraphs and "Tổ hòa giải Bản Hụa La, Xã Chiềng A" in paragraphs


async def test_sotodoi_is_refused_to_a_mediator_and_to_staff(desk: Desk) -> None:
    core, tg = desk.core, desk.tg
    core.db.call(accounts_repo.create_user, username="canbo", password_hash="-", role="staff",
                 must_change_password=False)
    core.db.call(link_account, username="canbo", channel="telegram", external_id=str(MEDIATOR + 1), actor="test")
    for chat in (MEDIATOR, MEDIATOR + 1):
        tg.send_text(chat, "/sotodoi")
        assert (await tg.next_message(chat))["text"] == texts.TEAM_NOT_LEADER
        tg.press(chat, "td:y:2026")  # a button copied from someone else's chat gives nothing either
        assert (await tg.next_message(chat))["text"] == texts.TEAM_NOT_LEADER


async def test_on_zalo_the_report_comes_with_a_download_link(desk: Desk) -> None:
    core, zalo = desk.core, desk.zalo
    seed(core.db)
    core.db.call(accounts.create_account, username="totruong2", role="leader", password_hash="-", must_change=False,
                 actor="test", team="xa-a/Bản Nà Ngà", communes=core.service.snapshot.knowledge.communes)
    core.db.call(link_account, username="totruong2", channel="zalo", external_id="z-leader", actor="test")
    zalo.push(zalo_text("z-leader", "/sotodoi"))
    choose = (await zalo.wait_sent("z-leader"))[0]
    assert "Bản Nà Ngà, Xã Chiềng A" in choose and "1." in choose  # numbered choices, no buttons on Zalo
    zalo.push(zalo_text("z-leader", "3"))  # the last six months
    sent = await zalo.wait_sent("z-leader", count=3)
    assert "Tổng số vụ, việc: 1" in sent[1] and "Hòa giải thành: 1" in sent[1]
    assert "/tai-ve/" in sent[2]
