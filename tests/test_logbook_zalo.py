"""The logbook on the Zalo Bot Platform (numbered choices, no buttons): a case recorded end to end by digits and
typed text, the summary masked, the reminder sent on the deadline and answered with a digit."""

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from bot.app import build_core, build_web_app
from tests.fakes.zalo_api import FakeZaloBotApi, text_update, wait_for
from tests.logbook_support import logbook_knowledge, records
from tests.training_support import Clock

TOKEN = "1234567890:fake-zalo-bot-token"
VN = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
async def zalo() -> AsyncIterator[FakeZaloBotApi]:
    fake = await FakeZaloBotApi(TOKEN).start()
    yield fake
    await fake.close()


async def test_a_case_is_recorded_by_digits_and_its_reminder_answered_on_zalo(
        zalo: FakeZaloBotApi, aiohttp_client, settings_for, make_knowledge) -> None:  # type: ignore[no-untyped-def]
    clock = Clock(dt.datetime(2026, 12, 3, 9, 0, tzinfo=VN))
    settings = settings_for(HOAGIAI_KNOWLEDGE_DIR=logbook_knowledge(make_knowledge), ZALO_BOT_TOKEN=TOKEN,
                            ZALO_API_BASE_URL=zalo.base_url, HOAGIAI_DAILY_CHECK_INTERVAL=3600)
    core = build_core(settings, clock=clock)
    await aiohttp_client(build_web_app(core))
    await wait_for(lambda: "getUpdates" in zalo.methods(), what="the bot to poll")
    sent = 0

    async def send(text: str, messages: int = 1) -> str:
        """Send a text, wait for the bot's `messages` replies to it, and return the last."""
        nonlocal sent
        zalo.push(text_update("z1", text))
        replies = await zalo.wait_sent("z1", sent + messages)
        sent = len(replies)
        return replies[-1]

    assert "xã, phường nào" in await send("/ghiso")
    assert "bạn ở bản" in await send("chieng pha")
    date = await send("na san", messages=2)  # the place is saved (one message), then the date is asked
    assert "Tổ hòa giải: Bản Nà Sản, Xã Chiềng Pha" in date and "1. Hôm nay" in date
    assert "1. Đất đai" in await send("1")
    assert "Điều 16" in await send("3")  # Dân sự
    result = await send("1")  # requested by the parties
    assert "Kết quả" in result and "1. ✅ Hòa giải thành, có văn bản" in result and "5. ⛔" in result
    deadline = await send("1")  # hòa giải thành, with a văn bản
    assert "4. Không có thời hạn" in deadline
    summary = await send("05/12/2026")
    assert "KHÔNG ghi tên" in summary and "1." not in summary  # free text: no numbered choices
    saved = await send("Chị Lường Thị Én (CCCD 012345678901) đòi nợ anh Hà Văn Tú")
    assert "vụ số 1" in saved and "Lường" not in saved and "012345678901" not in saved
    number = next(line.split(".")[0] for line in saved.splitlines() if "Nhắc tôi" in line)
    assert "05/12/2026" in await send(number)
    [row] = records(core)
    assert row.summary == "Chị ••• (CCCD •••) đòi nợ anh •••" and row.kind_id == "dan-su"
    assert row.result_id == "thanh" and row.agreement_written

    clock.now = dt.datetime(2026, 12, 5, 8, 30, tzinfo=VN)
    assert await core.reminders.tick() == 1
    question = (await zalo.wait_sent("z1", sent + 1))[-1]
    sent += 1
    assert "Các bên đã thực hiện thỏa thuận chưa?" in question and "2. ⏳ Đang thực hiện" in question
    assert "đang thực hiện" in await send("2")
    assert records(core)[0].performance == "ongoing"
    listing = await send("/soghi")
    assert "1 vụ" in listing and "Dân sự" in listing


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


