"""Listening to recorded answers: "🔊 Nghe" under answers (the preferred language first, within five buttons), the web
chat's player, the player page /nghe/<clip-id> (small, nothing from another host), the library, and the Zalo doors'
links. The clips come in with the knowledge directory, as an import brings them."""

import gzip
import re
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_core, build_web_app
from bot.core import texts
from bot.core.clips import ClipInfo
from tests.audio_support import make_audio, needs_ffmpeg, normalized, voice_knowledge, write_clip
from tests.fakes.zalo_api import FakeZaloBotApi, text_update, wait_for

pytestmark = needs_ffmpeg
PUBLIC = "https://hoagiai.example.org"


@pytest.fixture
async def knowledge(tmp_path: Path) -> Path:
    root = voice_knowledge(tmp_path / "kb")
    write_clip(root, "thu-lao-hoa-giai-vien", "vi", await normalized("wav", 60.0, noise=True),
               transcript="Có. Hòa giải viên được hưởng thù lao theo vụ, việc.")
    write_clip(root, "thu-lao-hoa-giai-vien", "hmn", make_audio("ogg", 3.0), speaker="Giàng A Dình")
    write_clip(root, "thu-lao-hoa-giai-vien", "twh", make_audio("ogg", 2.0), speaker="Lường Văn Tiến")
    write_clip(root, "ma-chai", "blt", make_audio("ogg", 2.0), speaker="Cà Thị Xuân")
    return root


@pytest.fixture
async def client(aiohttp_client, settings_for, knowledge: Path):  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=knowledge))
    client = await aiohttp_client(build_web_app(core))
    client.core = core
    return client


async def chat(client: Any, session: str = "nghe", **body: str) -> dict[str, Any]:
    resp = await client.post("/api/chat", json={"session": session, **body})
    assert resp.status == 200
    return dict(await resp.json())


def clip(client: Any, entry_id: str, lang: str) -> ClipInfo:
    return next(c for c in client.core.service.snapshot.knowledge.clips_of(entry_id) if c.lang == lang)


async def test_an_answer_with_clips_offers_them_within_five_buttons(client: Any) -> None:
    [answer] = (await chat(client, text="hoa giai vien co duoc tra thu lao khong"))["replies"]
    actions = [b["action"] for b in answer["buttons"]]
    assert actions[:4] == ["up:thu-lao-hoa-giai-vien", "dn:thu-lao-hoa-giai-vien", "au:thu-lao-hoa-giai-vien:vi",
                           "chuyen"]
    assert answer["buttons"][2]["label"] == "🔊 Nghe" and len(actions) == 5
    assert answer["buttons"][-1]["label"] == texts.BTN_OVERFLOW
    hidden = (await chat(client, action=actions[-1]))["replies"][0]  # "⋯ Thêm"
    assert [(b["label"], b["action"]) for b in hidden["buttons"]] == [
        ("📖 Xem điều luật", "law:thu-lao-hoa-giai-vien:1"),
        ("🔊 Nghe tiếng Thái Trắng", "au:thu-lao-hoa-giai-vien:twh"), ("🔊 Nghe tiếng Mông", "au:thu-lao-hoa-giai-vien:hmn")]
    [one] = (await chat(client, text="bi noi la ma chai"))["replies"]  # one clip: everything fits
    assert [b["action"] for b in one["buttons"]] == ["up:ma-chai", "dn:ma-chai", "au:ma-chai:blt", "law:ma-chai:1",
                                                     "chuyen"]


async def test_the_preferred_language_is_offered_first(client: Any) -> None:
    [choose] = (await chat(client, text="/ngonngu"))["replies"]
    assert choose["text"] == texts.LANG_CHOOSE
    assert [b["action"] for b in choose["buttons"]] == ["nn:set:vi", "nn:set:blt", "nn:set:twh", "nn:set:hmn"]
    [done] = (await chat(client, action="nn:set:hmn"))["replies"]
    assert "Tiếng Mông" in done["text"]
    [answer] = (await chat(client, text="thu lao hgv"))["replies"]
    assert answer["buttons"][2] == {"label": "🔊 Nghe tiếng Mông", "action": "au:thu-lao-hoa-giai-vien:hmn"}
    [other] = (await chat(client, text="bi noi la ma chai"))["replies"]  # no Mông clip: the one there is
    assert other["buttons"][2]["action"] == "au:ma-chai:blt"
    menu = (await chat(client, text="/start"))["replies"][0]
    listed = [b for r in [menu, *(await chat(client, action=menu["buttons"][-1]["action"]))["replies"]]
              for b in r["buttons"]]
    assert {"label": texts.BTN_LANGUAGE, "action": "ngonngu"} in listed  # also a menu button


async def test_pressing_listen_plays_the_clip_in_the_web_chat(client: Any) -> None:
    [played] = (await chat(client, action="au:thu-lao-hoa-giai-vien:vi"))["replies"]
    vi = clip(client, "thu-lao-hoa-giai-vien", "vi")
    assert played["audio"] == {"url": f"/nghe/{vi.id}.ogg", "page": f"/nghe/{vi.id}", "lang": "vi",
                               "duration_s": vi.duration_s}
    assert "Hòa giải viên có được trả thù lao không?" in played["text"] and "Lò Văn Pánh" in played["text"]
    assert [b["action"] for b in played["buttons"]] == ["au:thu-lao-hoa-giai-vien:twh",  # the other languages
                                                      "au:thu-lao-hoa-giai-vien:hmn"]
    audio = await client.get(played["audio"]["url"])
    assert audio.status == 200 and audio.headers["Content-Type"] == "audio/ogg"
    body = await audio.read()
    assert body[:4] == b"OggS" and len(body) == vi.size
    ranged = await client.get(played["audio"]["url"], headers={"Range": "bytes=100-199"})
    assert ranged.status == 206 and await ranged.read() == body[100:200]
    assert ranged.headers["Content-Range"] == f"bytes 100-199/{len(body)}"
    gone = (await chat(client, action="au:ma-chay:vi"))["replies"][0]
    assert gone["text"] == texts.LISTEN_GONE and "audio" not in gone


async def test_the_player_page_with_a_60_second_clip_is_under_250_kb_and_loads_nothing_from_elsewhere(client: Any) -> None:
    vi = clip(client, "thu-lao-hoa-giai-vien", "vi")
    assert 59 <= vi.duration_s <= 61 and vi.size <= 200_000
    resp = await client.get(f"/nghe/{vi.id}", headers={"Accept-Encoding": "gzip"})
    assert resp.status == 200
    page = await resp.text()
    assert f'<audio controls preload="none" src="/nghe/{vi.id}.ogg">' in page
    assert "Lò Văn Pánh" in page and "Có. Hòa giải viên được hưởng thù lao" in page  # speaker and transcript
    assert "media-src 'self'" in resp.headers["Content-Security-Policy"]
    loads = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert loads and not [u for u in loads if u.startswith(("http:", "https:", "//"))]
    css = [u for u in loads if u.endswith(".css") or ".css?" in u]
    weight = len(gzip.compress(page.encode())) + sum([len(gzip.compress(await (await client.get(u)).read())) for u in css])
    weight += len(await (await client.get(f"/nghe/{vi.id}.ogg")).read())
    assert weight <= 250_000, weight
    assert (await client.get("/nghe/nothing-here")).status == 404
    assert (await client.get("/nghe/nothing-here.ogg")).status == 404


async def test_the_library_plays_clips_and_marks_entries_with_audio(client: Any) -> None:
    page = await (await client.get("/thu-vien/hoi-dap/thu-lao-hoa-giai-vien")).text()
    vi, hmn = clip(client, "thu-lao-hoa-giai-vien", "vi"), clip(client, "thu-lao-hoa-giai-vien", "hmn")
    assert f'<audio controls preload="none" src="/nghe/{vi.id}.ogg">' in page
    assert f'src="/nghe/{hmn.id}.ogg"' in page and "Tiếng Mông" in page and "Giàng A Dình" in page
    topic = await (await client.get("/thu-vien/chu-de/quy-dinh-chung")).text()
    marked = re.findall(r'<li><a href="/thu-vien/hoi-dap/([a-z-]+)">[^<]+</a> <span class="audio"', topic)
    assert sorted(marked) == ["ma-chai", "thu-lao-hoa-giai-vien"]
    found = await (await client.get("/thu-vien/tim", params={"q": "thu lao hoa giai vien"})).text()
    assert texts.LIBRARY_HAS_AUDIO in found


async def test_zalo_bot_gets_a_link_to_the_player_page(aiohttp_client, settings_for, knowledge: Path) -> None:  # type: ignore[no-untyped-def]
    fake = await FakeZaloBotApi("42:zalo-token").start()
    try:
        core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=knowledge, ZALO_BOT_TOKEN="42:zalo-token",
                                       ZALO_API_BASE_URL=fake.base_url, HOAGIAI_PUBLIC_URL=PUBLIC))
        await aiohttp_client(build_web_app(core))
        await wait_for(lambda: "getUpdates" in fake.methods(), what="the bot to poll")
        fake.push(text_update("z1", "thu lao hoa giai vien"))
        [answer] = await fake.wait_sent("z1")
        assert "3. 🔊 Nghe\n" in answer
        fake.push(text_update("z1", "3"))
        played = (await fake.wait_sent("z1", 2))[1]
        vi = next(c for c in core.service.snapshot.knowledge.clips_of("thu-lao-hoa-giai-vien") if c.lang == "vi")
        assert texts.LISTEN_OPEN.format(url=f"{PUBLIC}/nghe/{vi.id}") in played
        assert played.index(f"{PUBLIC}/nghe/{vi.id}") < played.index("1. 🔊 Nghe tiếng Thái Trắng")
    finally:
        await fake.close()
