"""Recorded answers through the console's JSON API: every upload format normalised to Ogg/Opus, the size target,
refusals that change nothing, the publish workflow (a pending change of its entry), deletion, and a server without
ffmpeg. Real HTTP on loopback, real SQLite, ffmpeg itself."""

import shutil
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlmodel import select

from bot.core import ogg, texts
from bot.core.knowledge import BUNDLED_KNOWLEDGE
from bot.storage.models import AudioClip, AuditLog, EntryDraft, Revision
from tests.admin.conftest import Console
from tests.audio_support import api_token, make_audio, needs_ffmpeg, publish, upload_clip, write_clip

pytestmark = needs_ffmpeg


@pytest.fixture
async def console(make_console, sample_knowledge: Path) -> Console:  # type: ignore[no-untyped-def]
    shutil.copy(BUNDLED_KNOWLEDGE / "languages.yaml", sample_knowledge / "languages.yaml")
    return await make_console()


async def ask(console: Console, text: str, session: str = "audio") -> dict[str, Any]:
    resp = await console.post("/api/chat", json={"session": session, "text": text})
    assert resp.status == 200
    return dict(await resp.json())


async def press(console: Console, action: str, session: str = "audio") -> dict[str, Any]:
    resp = await console.post("/api/chat", json={"session": session, "action": action})
    assert resp.status == 200
    return dict(await resp.json())


def rows(console: Console, model: Any) -> list[Any]:
    return list(console.core.db.call(lambda *, session: session.exec(select(model)).all()))


@pytest.mark.parametrize("fmt", ["ogg", "mp3", "m4a", "wav", "webm"])
async def test_every_upload_format_becomes_ogg_opus_mono(console: Console, fmt: str) -> None:
    token = api_token(console.core)
    resp = await upload_clip(console, token, "ma-chai", make_audio(fmt, 2.0), filename=f"ghi-am.{fmt}",
                             transcript="Không có căn cứ khoa học.")
    assert resp.status == 201, await resp.text()
    clip = await resp.json()
    assert (clip["lang"], clip["speaker"], clip["status"]) == ("vi", "Lò Văn Pánh", "pending")
    assert 1.8 <= clip["duration_s"] <= 2.2 and clip["bytes"] < 12_000
    [row] = rows(console, AudioClip)
    info = ogg.inspect(row.content)
    assert info.channels == 1 and row.content[:4] == b"OggS" and len(row.content) == clip["bytes"]
    listed = await (await console.get("/admin/api/entries/ma-chai/audio",
                                      headers={"Authorization": f"Bearer {token}"})).json()
    assert [(c["lang"], c["speaker"], c["bytes"], c["status"]) for c in listed["clips"]] == \
        [("vi", "Lò Văn Pánh", clip["bytes"], "pending")]
    assert set(listed["clips"][0]) >= {"lang", "speaker", "duration_s", "bytes", "status"}


@pytest.mark.parametrize("noise", [False, True], ids=["tone", "noise"])
async def test_a_60_second_clip_is_at_most_200_kb_after_normalisation(console: Console, noise: bool) -> None:
    resp = await upload_clip(console, api_token(console.core), "ma-chai", make_audio("wav", 60.0, noise=noise),
                             filename="doc-dai.wav")
    assert resp.status == 201, await resp.text()
    clip = await resp.json()
    assert 59.5 <= clip["duration_s"] <= 60.5
    assert clip["bytes"] <= 200_000, clip["bytes"]


def _text_as_mp3() -> bytes:
    return "Đây là một tệp chữ, không phải âm thanh.\n".encode() * 50


@pytest.mark.parametrize(("case", "status", "message"), [
    ("text renamed .mp3", 400, texts.AUDIO_UNREADABLE),
    ("10 minutes", 400, texts.AUDIO_TOO_LONG.format(minutes=3)),
    ("20 MB", 413, texts.AUDIO_TOO_LARGE.format(mb=16)),
])
async def test_bad_unreadable_or_oversized_files_are_refused_and_change_nothing(
        console: Console, case: str, status: int, message: str) -> None:
    content = {"text renamed .mp3": _text_as_mp3, "10 minutes": lambda: make_audio("mp3", 600.0),
               "20 MB": lambda: b"\0" * 20_000_000}[case]()
    resp = await upload_clip(console, api_token(console.core), "ma-chai", content, filename="tra-loi.mp3")
    assert resp.status == status
    body = await resp.json()
    assert body["error"] == message and body["field"] == "file"
    assert rows(console, AudioClip) == [] and rows(console, EntryDraft) == []
    assert not [r for r in rows(console, Revision) if r.kind == "audio"]
    assert not [a for a in rows(console, AuditLog) if a.action.startswith("entry.audio")]


async def test_an_unknown_language_entry_or_missing_file_is_refused(console: Console) -> None:
    token = api_token(console.core)
    wrong = await upload_clip(console, token, "ma-chai", make_audio(), lang="xx")
    assert wrong.status == 400 and (await wrong.json())["field"] == "lang"
    unknown = await upload_clip(console, token, "khong-co", make_audio())
    assert unknown.status == 404
    no_speaker = await upload_clip(console, token, "ma-chai", make_audio(), speaker="   ")
    assert no_speaker.status == 201 and (await no_speaker.json())["speaker"] == "editor"  # the token's account
    anonymous = await upload_clip(console, "not-a-token", "ma-chai", make_audio())
    assert anonymous.status == 401


async def test_a_clip_is_a_pending_change_served_once_its_entry_is_published(console: Console) -> None:
    token = api_token(console.core)
    assert (await upload_clip(console, token, "ma-chai", make_audio("mp3"))).status == 201
    answer = (await ask(console, "bi noi la ma chai"))["replies"][0]
    assert not [b for b in answer["buttons"] if b["action"].startswith("au:")]  # not before publication
    entry = await (await console.get("/admin/api/entries/ma-chai", headers={"Authorization": f"Bearer {token}"})).json()
    assert entry["status"] == "draft"  # the entry's working copy waits, its live text is still served
    await publish(console, token, "ma-chai")
    listed = await (await console.get("/admin/api/entries/ma-chai/audio",
                                      headers={"Authorization": f"Bearer {token}"})).json()
    [clip] = listed["clips"]
    assert clip["status"] == "published"
    answer = (await ask(console, "bi noi la ma chai"))["replies"][0]
    listen = [b for b in answer["buttons"] if b["action"] == "au:ma-chai:vi"]
    assert listen and listen[0]["label"] == "🔊 Nghe" and len(answer["buttons"]) <= 5
    [played] = (await press(console, "au:ma-chai:vi"))["replies"]
    assert played["audio"]["url"] == f"/nghe/{clip['id']}.ogg" and "Lò Văn Pánh" in played["text"]
    audio = await console.get(played["audio"]["url"])
    assert audio.status == 200 and audio.content_type == "audio/ogg"
    assert len(await audio.read()) == clip["bytes"]
    history = [r.action for r in console.core.db.call(
        lambda *, session: session.exec(select(Revision).where(Revision.target == "ma-chai")).all())]
    assert "audio_upload" in history and "audio_publish" in history
    page = await (await (await console.agent("editor")).get("/admin/entries/ma-chai/history")).text()
    assert texts.ADMIN_REVISION_ACTIONS["audio_upload"] in page


async def test_with_legal_review_a_clip_needs_review_and_a_second_person(make_console, sample_knowledge: Path) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(BUNDLED_KNOWLEDGE / "languages.yaml", sample_knowledge / "languages.yaml")
    console = await make_console(HOAGIAI_LEGAL_REVIEW="true")
    editor, editor2 = api_token(console.core, "editor"), api_token(console.core, "editor2")
    assert (await upload_clip(console, editor, "ma-chai", make_audio())).status == 201
    headers = {"Authorization": f"Bearer {editor}"}
    refused = await console.post("/admin/api/entries/ma-chai/publish", headers=headers)
    assert refused.status == 409  # not sent for review
    entry = await (await console.get("/admin/api/entries/ma-chai", headers=headers)).json()
    submitted = await console.put("/admin/api/entries/ma-chai", json={**entry, "status": "review"}, headers=headers)
    assert submitted.status == 200
    assert (await console.post("/admin/api/entries/ma-chai/publish", headers=headers)).status == 409  # same person
    await publish(console, editor2, "ma-chai")
    answer = (await ask(console, "bi noi la ma chai"))["replies"][0]
    assert "au:ma-chai:vi" in [b["action"] for b in answer["buttons"]]


async def test_deleting_a_clip_takes_it_off_at_once(console: Console) -> None:
    token = api_token(console.core)
    clip = await (await upload_clip(console, token, "ma-chai", make_audio(), lang="hmn")).json()
    await publish(console, token, "ma-chai")
    assert (await console.get(f"/nghe/{clip['id']}.ogg")).status == 200
    resp = await console.delete("/admin/api/entries/ma-chai/audio/hmn", headers={"Authorization": f"Bearer {token}"})
    assert resp.status == 200 and (await resp.json()) == {"deleted": "hmn", "clips": []}
    assert (await console.get(f"/nghe/{clip['id']}.ogg")).status == 404
    answer = (await ask(console, "bi noi la ma chai"))["replies"][0]
    assert not [b for b in answer["buttons"] if b["action"].startswith("au:")]
    again = await console.delete("/admin/api/entries/ma-chai/audio/hmn", headers={"Authorization": f"Bearer {token}"})
    assert again.status == 404


async def test_without_ffmpeg_uploads_are_refused_and_stored_clips_still_play(
        make_console, sample_knowledge: Path) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(BUNDLED_KNOWLEDGE / "languages.yaml", sample_knowledge / "languages.yaml")
    write_clip(sample_knowledge, "ma-chai", "vi", make_audio("ogg"))  # imported on first start, no ffmpeg needed
    console = await make_console(HOAGIAI_FFMPEG=str(sample_knowledge / "no-ffmpeg-here"))
    token = api_token(console.core)
    resp = await upload_clip(console, token, "ma-chai", make_audio("mp3"), lang="blt")
    assert resp.status == 503 and (await resp.json())["error"] == texts.AUDIO_NO_FFMPEG
    assert [(c.lang, c.state) for c in rows(console, AudioClip)] == [("vi", "live")]
    page = await (await (await console.agent("editor")).get("/admin/entries/ma-chai")).text()
    assert texts.AUDIO_NO_FFMPEG in page
    [played] = (await press(console, "au:ma-chai:vi"))["replies"]
    audio = await console.get(played["audio"]["url"])
    assert audio.status == 200 and (await audio.read()) == make_audio("ogg")


async def test_the_openapi_document_describes_the_audio_routes(console: Console) -> None:
    doc = await (await console.get("/admin/api/openapi.json")).json()
    assert {"get", "post"} <= set(doc["paths"]["/entries/{id}/audio"])
    assert "delete" in doc["paths"]["/entries/{id}/audio/{lang}"]
    upload = doc["paths"]["/entries/{id}/audio"]["post"]
    schema = upload["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert schema["required"] == ["lang", "file"] and {"speaker", "transcript"} <= set(schema["properties"])
    assert {"201", "400", "413"} <= set(upload["responses"])
    assert {"lang", "speaker", "duration_s", "bytes", "status"} <= set(doc["components"]["schemas"]["Clip"]["required"])


async def test_the_reach_page_shows_coverage_and_the_most_asked_entries_without_a_vietnamese_clip(
        console: Console) -> None:
    for _ in range(3):
        await ask(console, "hoa giai vien co duoc tra thu lao khong")
    await ask(console, "bi noi la ma chai")
    editor = await console.agent("editor")
    page = await (await editor.get("/admin/audio")).text()
    missing = page.split('id="missing"')[1].split("</section>")[0]
    assert missing.index("thu-lao-hoa-giai-vien") < missing.index("ma-chai")  # most asked first
    assert "(3 lần)" in missing
    token = api_token(console.core)
    assert (await upload_clip(console, token, "thu-lao-hoa-giai-vien", make_audio())).status == 201
    await publish(console, token, "thu-lao-hoa-giai-vien")
    page = await (await editor.get("/admin/audio")).text()
    missing = page.split('id="missing"')[1].split("</section>")[0]
    assert "thu-lao-hoa-giai-vien" not in missing and "ma-chai" in missing
    coverage = page.split('id="coverage"')[1]
    row = coverage.split('href="/admin/entries/thu-lao-hoa-giai-vien#audio"')[1].split("</tr>")[0]
    assert row.count("🔊") == 1
    listing = await (await editor.get("/admin/entries")).text()
    assert 'href="/admin/entries/thu-lao-hoa-giai-vien">' in listing and 'title="Có bản ghi âm">🔊' in listing


async def test_the_entry_page_uploads_a_file_through_its_form(console: Console) -> None:
    editor = await console.agent("editor")
    form = [("lang", "twh"), ("speaker", "Lường Văn Tiến"), ("transcript", ""),
            ("file", make_audio("m4a"))]
    data = aiohttp.FormData()
    for name, value in [*form, ("_csrf", editor.csrf)]:
        if isinstance(value, bytes):
            data.add_field(name, value, filename="doc.m4a", content_type="audio/mp4")
        else:
            data.add_field(name, value)
    resp = await editor.http.post(editor.url("/admin/entries/ma-chai/audio"), data=data)
    assert resp.status == 200 and texts.ADMIN_FLASH["audio_uploaded"] in await resp.text()
    [row] = rows(console, AudioClip)
    assert (row.lang, row.speaker, row.state, row.created_by) == ("twh", "Lường Văn Tiến", "pending", "editor")
    page = await (await editor.get("/admin/entries/ma-chai")).text()
    assert f'src="/admin/entries/ma-chai/audio/{row.id}.ogg"' in page
    listen = await editor.get(f"/admin/entries/ma-chai/audio/{row.id}.ogg")
    assert listen.status == 200 and await listen.read() == row.content  # editors hear a pending clip
    assert (await console.get(f"/nghe/{row.id}.ogg")).status == 404  # the public does not, yet
    bad = aiohttp.FormData()
    for name, value in (("lang", "vi"), ("speaker", "A"), ("_csrf", editor.csrf)):
        bad.add_field(name, value)
    bad.add_field("file", _text_as_mp3(), filename="x.mp3", content_type="audio/mpeg")
    refused = await editor.http.post(editor.url("/admin/entries/ma-chai/audio"), data=bad)
    assert refused.status == 400 and texts.AUDIO_UNREADABLE in await refused.text()
    assert len(rows(console, AudioClip)) == 1
