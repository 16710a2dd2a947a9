"""Voice messages from mediators: the web chat's hold-to-record upload and a Zalo OA `user_send_audio` get an honest
"not understood yet", and only after the mediator confirms they become a case with the recording, which staff play in
the console and see in the Zalo staff group; unconfirmed recordings last a day, attached ones the case's retention."""

import datetime as dt
import io
import time
import uuid
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlmodel import select

from bot.app import build_core, build_web_app
from bot.core import ogg, texts
from bot.storage import cases_repo, voice_repo
from bot.storage.models import Case, VoiceMessage
from tests.admin_support import Agent, add_user
from tests.audio_support import make_audio, needs_ffmpeg
from tests.fakes.zalo_api import FakeZaloBotApi
from tests.fakes.zalo_oa_api import FakeZaloOa
from tests.test_zalo_oa import APP_ID, APP_SECRET, OA_SECRET, post

pytestmark = needs_ffmpeg
ZALO_TOKEN = "77:zalo-staff-token"
ZALO_GROUP = "nhom-can-bo"


@pytest.fixture
async def zalo() -> Any:
    fake = await FakeZaloBotApi(ZALO_TOKEN).start()
    yield fake
    await fake.close()


@pytest.fixture
async def client(aiohttp_client, settings_for, sample_knowledge: Path, zalo: FakeZaloBotApi):  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge, ZALO_BOT_TOKEN=ZALO_TOKEN,
                                   ZALO_API_BASE_URL=zalo.base_url, STAFF_ZALO_CHAT_ID=ZALO_GROUP,
                                   HOAGIAI_PUBLIC_URL="https://hoagiai.example.org"))
    for username, role in (("canbo", "staff"), ("editor", "editor")):
        add_user(core, username, role)
    client = await aiohttp_client(build_web_app(core))
    client.core = core
    return client


async def speak(client: Any, content: bytes, session: str = "v1", mime: str = "audio/webm") -> dict[str, Any]:
    form = aiohttp.FormData()
    form.add_field("session", session)
    form.add_field("file", io.BytesIO(content), filename="ghi-am.webm", content_type=mime)
    resp = await client.post("/api/voice", data=form)
    assert resp.status == 200, await resp.text()
    return dict(await resp.json())


async def press(client: Any, action: str, session: str = "v1") -> dict[str, Any]:
    return dict(await (await client.post("/api/chat", json={"session": session, "action": action})).json())


def voices(client: Any) -> list[VoiceMessage]:
    return list(client.core.db.call(lambda *, session: session.exec(select(VoiceMessage)).all()))


def cases(client: Any) -> list[Case]:
    return list(client.core.db.call(lambda *, session: session.exec(select(Case)).all()))


async def test_a_recording_is_sent_to_staff_only_after_the_mediator_confirms(client, zalo) -> None:  # type: ignore[no-untyped-def]
    [reply] = (await speak(client, make_audio("webm", 4.0)))["replies"]
    assert reply["text"] == texts.VOICE_RECEIVED.format(duration="4 giây")
    send, drop = reply["buttons"]
    assert (send["label"], drop["label"]) == (texts.BTN_VOICE_SEND, texts.BTN_VOICE_DROP)
    assert cases(client) == [] and zalo.texts_to(ZALO_GROUP) == []  # nothing sent before confirming
    [held] = voices(client)
    assert held.case_id is None and held.mime == "audio/ogg" and ogg.inspect(held.content).channels == 1

    [sent] = (await press(client, send["action"]))["replies"]
    [case] = cases(client)
    assert sent["text"] == texts.VOICE_SENT.format(number=case.number, hours=48)
    assert case.channel == "web" and "Tin nhắn thoại" in (case.description or "")
    assert [v.case_id for v in voices(client)] == [case.id]
    card, link = await zalo.wait_sent(ZALO_GROUP, 2)
    assert case.number in card
    assert link == texts.STAFF_VOICE_LINK.format(number=case.number, duration="4 giây",
                                                 url=f"https://hoagiai.example.org/admin/cases/{case.id}")
    again = (await press(client, send["action"]))["replies"][0]
    assert again["text"] == texts.VOICE_GONE and len(cases(client)) == 1  # pressing twice opens one case

    staff = Agent(client)
    await staff.login("canbo")
    page = await (await staff.get(f"/admin/cases/{case.id}")).text()
    voice_url = f"/admin/cases/{case.id}/voice/{held.id}"
    assert f'src="{voice_url}"' in page
    audio = await staff.get(voice_url)
    assert audio.status == 200 and audio.content_type == "audio/ogg" and (await audio.read()) == held.content
    editor = Agent(client)
    await editor.login("editor")
    assert (await editor.get(voice_url)).status == 403  # case recordings are personal data, like case texts
    await staff.close()
    await editor.close()


async def test_a_dropped_recording_is_deleted_and_cannot_be_sent_later(client) -> None:  # type: ignore[no-untyped-def]
    [reply] = (await speak(client, make_audio("ogg", 2.0), session="v2", mime="audio/ogg"))["replies"]
    send, drop = reply["buttons"]
    assert (await press(client, drop["action"], "v2"))["replies"][0]["text"] == texts.VOICE_DROPPED
    assert voices(client) == []
    assert (await press(client, send["action"], "v2"))["replies"][0]["text"] == texts.VOICE_GONE
    assert cases(client) == []


async def test_erasing_my_data_deletes_a_recording_not_sent(client) -> None:  # type: ignore[no-untyped-def]
    await speak(client, make_audio("ogg", 2.0), session="v5")
    await press(client, "xoa:y", "v5")
    assert voices(client) == []


async def test_another_users_recording_cannot_be_sent(client) -> None:  # type: ignore[no-untyped-def]
    [reply] = (await speak(client, make_audio("ogg", 2.0), session="owner"))["replies"]
    assert (await press(client, reply["buttons"][0]["action"], "intruder"))["replies"][0]["text"] == texts.VOICE_GONE
    assert cases(client) == []


@pytest.mark.parametrize(("content", "expected"), [
    (lambda: "không phải âm thanh".encode() * 40, texts.VOICE_UNREADABLE),
    (lambda: make_audio("mp3", 360.0), texts.VOICE_TOO_LONG.format(minutes=5)),
], ids=["unreadable", "too long"])
async def test_an_unreadable_or_too_long_recording_is_refused_politely(client, content, expected: str) -> None:  # type: ignore[no-untyped-def]
    [reply] = (await speak(client, content(), session="v3"))["replies"]
    assert reply["text"] == expected and reply["buttons"] == []
    assert voices(client) == []


async def test_the_voice_route_refuses_a_malformed_form(client) -> None:  # type: ignore[no-untyped-def]
    resp = await client.post("/api/voice", json={"session": "v4"})
    assert resp.status == 400 and (await resp.json())["error"] == texts.API_VOICE_FORM


async def test_recordings_are_deleted_unconfirmed_after_a_day_and_with_their_case_at_retention(client) -> None:  # type: ignore[no-untyped-def]
    old = (await speak(client, make_audio("ogg", 2.0), session="old"))["replies"][0]
    kept = (await speak(client, make_audio("ogg", 2.0), session="kept"))["replies"][0]
    await press(client, kept["buttons"][0]["action"], "kept")
    [case] = cases(client)
    db = client.core.db
    assert db.call(voice_repo.purge, now=dt.datetime.now(dt.UTC)) == 0
    assert db.call(voice_repo.purge, now=dt.datetime.now(dt.UTC) + dt.timedelta(hours=25)) == 1  # the unsent one
    assert (await press(client, old["buttons"][0]["action"], "old"))["replies"][0]["text"] == texts.VOICE_GONE
    assert [v.case_id for v in voices(client)] == [case.id]
    db.call(cases_repo.close_case, case_id=case.id, author="canbo", outcome=texts.CASE_OUTCOMES[0])
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=400)
    assert db.call(cases_repo.anonymize_expired, days=365, now=later) == 1
    assert voices(client) == []  # the recording went with the case's texts


async def test_a_zalo_oa_voice_message_is_fetched_and_offered_to_staff(aiohttp_client, settings_for,  # type: ignore[no-untyped-def]
                                                                        sample_knowledge: Path) -> None:
    oa = await FakeZaloOa(APP_ID, APP_SECRET, "access-1", "refresh-1").start()
    try:
        core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge, ZALO_OA_APP_ID=APP_ID,
                                       ZALO_OA_SECRET_KEY=OA_SECRET, ZALO_OA_APP_SECRET=APP_SECRET,
                                       ZALO_OA_ACCESS_TOKEN="access-1", ZALO_OA_REFRESH_TOKEN="refresh-1",
                                       ZALO_OA_API_BASE_URL=oa.base_url, ZALO_OA_OAUTH_BASE_URL=oa.base_url))
        client = await aiohttp_client(build_web_app(core))
        url = oa.media_url("ghi-am.m4a", make_audio("m4a", 3.0))
        event = {"app_id": APP_ID, "event_name": "user_send_audio", "sender": {"id": "f9"},
                 "recipient": {"id": "oa"}, "timestamp": str(int(time.time() * 1000)),
                 "message": {"msg_id": uuid.uuid4().hex, "attachments": [{"type": "audio", "payload": {"url": url}}]}}
        assert (await post(client, event)).status == 200
        [offer] = await oa.wait_sent("f9")
        assert offer.startswith(texts.VOICE_RECEIVED.format(duration="3 giây"))
        assert f"1. {texts.BTN_VOICE_SEND}" in offer
        await post(client, {**event, "event_name": "user_send_text", "message": {"text": "1", "msg_id": "m-1"}})
        sent = (await oa.wait_sent("f9", 2))[1]
        [case] = core.db.call(lambda *, session: session.exec(select(Case)).all())
        assert sent == texts.VOICE_SENT.format(number=case.number, hours=48) and case.channel == "zalo_oa"
        [voice] = core.db.call(lambda *, session: session.exec(select(VoiceMessage)).all())
        assert voice.case_id == case.id and ogg.inspect(voice.content).duration_s == pytest.approx(3.0, abs=0.2)
    finally:
        await oa.close()

