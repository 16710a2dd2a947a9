"""Voice on Telegram, through the real PTB client against the fake Bot API: "🔊 Nghe" sends the clip with sendVoice,
then the file id Telegram returned (remembered per bot token, so after a restore under another token the clip is
uploaded again); a mediator's voice message becomes, once confirmed, a case whose recording reaches the staff group
and whose caption staff answer by reply-to."""

import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot.app import build_core, build_web_app
from bot.channels.telegram_voice import bot_key
from bot.core import texts
from bot.domain.staffchat import link_account
from bot.storage.backup import create_backup, restore_backup
from bot.storage.database import Database
from bot.storage.db import make_engine, migrate
from bot.storage.models import Case, CaseMessage, TelegramFile, VoiceMessage
from tests.admin_support import add_user
from tests.audio_support import make_audio, needs_ffmpeg, normalized, voice_knowledge, write_clip
from tests.fakes.telegram_api import FakeTelegram, buttons_of, wait_until

pytestmark = needs_ffmpeg
STAFF_CHAT = -1009001
CANBO = 5501
ALICE = 8801


@pytest.fixture(autouse=True)
def no_proxy() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NO_PROXY", "127.0.0.1,localhost")
        patch.setenv("no_proxy", "127.0.0.1,localhost")
        yield


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    server = await FakeTelegram().start()
    yield server
    await server.close()


@pytest.fixture
async def other() -> AsyncIterator[FakeTelegram]:
    """The Bot API of a second bot (another token)."""
    server = await FakeTelegram(token="654321:ANOTHER-bot-token").start()
    yield server
    await server.close()


@pytest.fixture
async def knowledge(tmp_path: Path) -> Path:
    root = voice_knowledge(tmp_path / "kb")
    write_clip(root, "thu-lao-hoa-giai-vien", "vi", await normalized("wav", 2.0))
    return root


async def start(aiohttp_client: Any, settings_for: Any, knowledge: Path, fake: FakeTelegram, **env: object) -> Any:
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=knowledge, TELEGRAM_BOT_TOKEN=fake.token,
                                   TELEGRAM_API_BASE_URL=fake.base_url, **env))
    polls = len(fake.calls_to("getUpdates"))
    client = await aiohttp_client(build_web_app(core))
    await wait_until(lambda: len(fake.calls_to("getUpdates")) > polls, what="the bot to poll")
    client.core = core
    return client


def file_ids(core: Any) -> list[TelegramFile]:
    return list(core.db.call(lambda *, session: session.exec(select(TelegramFile)).all()))


async def listen(fake: FakeTelegram, chat: int, count: int) -> dict[str, Any]:
    fake.press(chat, "au:thu-lao-hoa-giai-vien:vi")
    await wait_until(lambda: len(fake.calls_to("sendVoice")) >= count, what=f"sendVoice #{count}")
    return fake.calls_to("sendVoice")[count - 1]


async def test_listen_uploads_the_clip_once_then_sends_the_remembered_file_id(fake: FakeTelegram, aiohttp_client,  # type: ignore[no-untyped-def]
                                                                              settings_for, knowledge: Path) -> None:
    client = await start(aiohttp_client, settings_for, knowledge, fake)
    fake.send_text(ALICE, "hoa giai vien co duoc tra tien khong")
    answer = await fake.next_message(ALICE)
    assert ("🔊 Nghe", "au:thu-lao-hoa-giai-vien:vi") in buttons_of(answer)
    clip = client.core.service.snapshot.knowledge.clips_of("thu-lao-hoa-giai-vien")[0]
    first = await listen(fake, ALICE, 1)
    assert isinstance(first["voice"], dict) and first["voice"]["content"][:4] == b"OggS"
    assert first["voice"]["size"] == clip.size and first["chat_id"] == ALICE
    assert first["caption"].startswith("🔊 Hòa giải viên có được trả thù lao không?")
    await wait_until(lambda: len(file_ids(client.core)) == 1, what="the file id to be remembered")
    second = await listen(fake, ALICE, 2)
    assert second["voice"] == "voice-1"  # the file id Telegram returned, not the bytes again
    [row] = file_ids(client.core)
    assert (row.bot, row.sha256, row.file_id) == (bot_key(fake.token), clip.sha256, "voice-1")
    assert fake.token not in row.bot


async def test_after_a_restore_under_another_token_the_clip_is_uploaded_again(fake: FakeTelegram, other: FakeTelegram,  # type: ignore[no-untyped-def]
                                                                              aiohttp_client, settings_for,
                                                                              knowledge: Path, tmp_path: Path) -> None:
    client = await start(aiohttp_client, settings_for, knowledge, fake)
    await listen(fake, ALICE, 1)
    await wait_until(lambda: len(file_ids(client.core)) == 1, what="the file id to be remembered")
    archive = tmp_path / "backup.zip"
    create_backup(client.core.db, archive)
    url = f"sqlite:///{tmp_path / 'restored.db'}"
    engine = make_engine(url)
    migrate(engine)
    restore_backup(Database(engine), archive)
    engine.dispose()
    restored = await start(aiohttp_client, settings_for, knowledge, other, DATABASE_URL=url)
    assert len(file_ids(restored.core)) == 1  # the old bot's id came with the backup…
    upload = await listen(other, ALICE, 1)
    assert isinstance(upload["voice"], dict)  # …but it is not this bot's: uploaded again
    await wait_until(lambda: len(file_ids(restored.core)) == 2, what="the new bot's file id")
    assert {r.bot for r in file_ids(restored.core)} == {bot_key(fake.token), bot_key(other.token)}
    assert (await listen(other, ALICE, 2))["voice"] == "voice-1"


async def test_a_voice_message_becomes_a_case_with_its_recording_after_confirmation(fake: FakeTelegram,  # type: ignore[no-untyped-def]
                                                                                     aiohttp_client, settings_for,
                                                                                     knowledge: Path) -> None:
    client = await start(aiohttp_client, settings_for, knowledge, fake, STAFF_TELEGRAM_CHAT_ID=str(STAFF_CHAT))
    core = client.core
    add_user(core, "canbo", "staff")
    core.db.call(link_account, username="canbo", channel="telegram", external_id=str(CANBO), actor="test")
    recording = make_audio("ogg", 3.0)
    fake.send_voice(ALICE, recording)
    offer = await fake.next_message(ALICE)
    assert offer["text"] == texts.VOICE_RECEIVED.format(duration="3 giây")
    [(_, send), (_, drop)] = buttons_of(offer)
    assert send.startswith("vq:send:") and drop.startswith("vq:drop:")
    assert fake.messages_to(STAFF_CHAT) == [] and fake.calls_to("sendVoice") == []

    fake.press(ALICE, send)
    sent = await fake.next_message(ALICE)
    [case] = core.db.call(lambda *, session: session.exec(select(Case)).all())
    assert sent["text"] == texts.VOICE_SENT.format(number=case.number, hours=48) and case.channel == "telegram"
    card = await fake.next_message(STAFF_CHAT)
    assert case.number in card["text"]
    voice = await fake.wait_for_call("sendVoice", chat_id=STAFF_CHAT)
    assert voice["caption"] == texts.STAFF_VOICE_CAPTION.format(number=case.number, duration="3 giây")
    [stored] = core.db.call(lambda *, session: session.exec(select(VoiceMessage)).all())
    assert voice["voice"]["content"] == stored.content and stored.case_id == case.id

    # Staff answer by replying to the recording: its caption names the case.
    posted = {"message_id": 999, "date": 0, "chat": {"id": STAFF_CHAT, "type": "supergroup", "title": "Cán bộ"},
              "from": {"id": 123456, "is_bot": True, "first_name": "Bot"}, "caption": voice["caption"],
              "voice": {"file_id": "voice-1", "file_unique_id": "u-voice-1", "duration": 3}}
    fake.send_group_text(STAFF_CHAT, CANBO, "Anh mời hai bên gặp riêng trước nhé.", reply_to=posted)
    relayed = await fake.next_message(ALICE)
    assert case.number in relayed["text"] and "gặp riêng" in relayed["text"]
    # The reply is recorded once its delivery is known, i.e. just after the mediator got it.
    assert (await fake.next_message(STAFF_CHAT))["text"] == texts.STAFF_REPLY_SENT.format(number=case.number)
    replies = core.db.call(lambda *, session: session.exec(
        select(CaseMessage).where(CaseMessage.kind == "reply")).all())
    assert [r.delivery for r in replies] == ["sent"]


async def test_an_audio_file_is_offered_the_same_way(fake: FakeTelegram, aiohttp_client, settings_for,  # type: ignore[no-untyped-def]
                                                     knowledge: Path) -> None:
    await start(aiohttp_client, settings_for, knowledge, fake)
    fake.send_voice(ALICE + 1, make_audio("mp3", 2.0), as_audio=True)
    offer = await fake.next_message(ALICE + 1)
    assert re.match(re.escape(texts.VOICE_RECEIVED.split("(")[0]), offer["text"])
    assert [a for _, a in buttons_of(offer)][0].startswith("vq:send:")
