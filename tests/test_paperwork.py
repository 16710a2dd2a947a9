"""Paperwork (/vanban) through the web chat API over real HTTP: the .docx, its blanks, one-time links, privacy."""

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select as sa_select
from sqlmodel import SQLModel, select

from bot.app import build_core, build_web_app
from bot.channels import telegram_translate, zalo_bot
from bot.core import texts
from bot.core.knowledge import BUNDLED_KNOWLEDGE
from bot.core.messages import Incoming, Reply
from bot.storage import documents_repo, knowledge_repo
from bot.storage.models import Conversation, GeneratedDocument, QuestionLog
from tests.tools_support import add_tool_files, chat, docx_text, press

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def template_fields(template_id: str) -> list[dict[str, Any]]:
    """The questions of a bundled template in the order they are asked (read from the YAML, not from the code)."""
    data = yaml.safe_load((BUNDLED_KNOWLEDGE / "templates" / f"{template_id}.yaml").read_text(encoding="utf-8"))
    return [f for section in data["sections"] for f in section.get("fields") or []]


SKIP = object()


async def fill(client: Any, session: str, template_id: str, answers: dict[str, Any]) -> dict[str, Any]:
    """Open a template and answer each question: text, ("choice", label), SKIP (the button) or absent (typed skip)."""
    menu = (await chat(client, session, text="/vanban"))["replies"][0]
    label = yaml.safe_load((BUNDLED_KNOWLEDGE / "templates" / f"{template_id}.yaml").read_text())["label"]
    reply = (await chat(client, session, action=press(menu, label)))["replies"][0]
    fields = template_fields(template_id)
    for step, field in enumerate(fields, 1):
        assert f"({step}/{len(fields)}) {field['prompt']}" in reply["text"]
        answer = answers.get(field["id"], "bỏ qua")
        if answer is SKIP:
            data = await chat(client, session, action=press(reply, texts.BTN_SKIP))
        elif isinstance(answer, tuple):
            data = await chat(client, session, action=press(reply, answer[1]))
        else:
            data = await chat(client, session, text=answer)
        reply = data["replies"][0]
    assert reply["text"].startswith(texts.PAPERWORK_REVIEW), reply
    reply = (await chat(client, session, action=press(reply, texts.BTN_FORM_MAKE)))["replies"][0]
    assert "link" in reply, reply
    return reply


def follows(text: str, heading: str, value: str) -> bool:
    """`value` appears after `heading` (both present)."""
    return heading in text and value in text[text.index(heading):]


ANSWERS = {
    "to-hoa-giai": "Tổ hòa giải bản Nà Sản",
    "hoa-giai-vien": "Cầm Thị Hoa",
    "can-cu": ("choice", "Một bên hoặc các bên yêu cầu hòa giải"),
    "ben-thu-nhat": "Lò Văn Pấng, sinh năm 1970, bản Nà Sản",
    "ben-thu-hai": "Quàng Thị Xuân, sinh năm 1975, bản Nà Sản",
    "noi-dung": "Tranh chấp ranh giới nương ngô giáp nhau",
    "dien-bien": "Hai bên trình bày, hòa giải viên giải thích quy định về ranh giới",
    "thoa-thuan": "Dời cọc mốc về vị trí cũ",
    "giai-phap": "Hai gia đình cùng cắm lại cọc mốc",
    "quyen-nghia-vu": "Ông Pấng dời cọc; bà Xuân không trồng lấn sang",
    "phuong-thuc": "Cùng làm trong một buổi, có trưởng bản chứng kiến",
    "thoi-han": "Trước ngày 15/12/2026",
    "so-ban": "03 bản",
}


@pytest.fixture
def tools_knowledge(sample_knowledge: Path) -> Path:
    return add_tool_files(sample_knowledge)


@pytest.fixture
async def client(aiohttp_client, settings_for, tools_knowledge: Path):  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=tools_knowledge))
    client = await aiohttp_client(build_web_app(core))
    client.core = core
    return client


async def download(client: Any, url: str) -> tuple[int, bytes]:
    resp = await client.post(url)
    return resp.status, await resp.read()


async def test_van_ban_hoa_giai_thanh_contains_every_element_of_article_24_2(client) -> None:  # type: ignore[no-untyped-def]
    reply = await fill(client, "s1", "van-ban-hoa-giai-thanh", ANSWERS)
    status, content = await download(client, reply["link"]["url"])
    assert status == 200
    text = docx_text(content)
    assert "VĂN BẢN HÒA GIẢI THÀNH" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    # Khoản 2 Điều 24 Luật Hòa giải ở cơ sở, one assertion per element:
    assert follows(text, "Căn cứ tiến hành hòa giải", "Một bên hoặc các bên yêu cầu hòa giải")  # a
    assert follows(text, "Thông tin cơ bản về các bên", "Lò Văn Pấng") and "Quàng Thị Xuân" in text  # b
    assert follows(text, "Nội dung chủ yếu của vụ, việc", "Tranh chấp ranh giới nương ngô")  # c
    assert follows(text, "Diễn biến của quá trình hòa giải", "hòa giải viên giải thích quy định")  # d
    assert follows(text, "Thỏa thuận đạt được và giải pháp thực hiện", "Dời cọc mốc về vị trí cũ")  # đ
    assert follows(text, "Quyền và nghĩa vụ của các bên", "bà Xuân không trồng lấn sang")  # e
    assert follows(text, "Phương thức, thời hạn thực hiện thỏa thuận", "Trước ngày 15/12/2026")  # g
    assert all(follows(text, "Chữ ký hoặc điểm chỉ của các bên và của hòa giải viên", who)  # h
               for who in ("BÊN THỨ NHẤT", "BÊN THỨ HAI", "HÒA GIẢI VIÊN", "điểm chỉ"))


async def test_the_reply_carries_the_plain_text_version_and_a_named_file(client) -> None:  # type: ignore[no-untyped-def]
    reply = await fill(client, "s1", "van-ban-hoa-giai-thanh", ANSWERS)
    assert "VĂN BẢN HÒA GIẢI THÀNH" in reply["text"]
    assert "- Bên thứ nhất: Lò Văn Pấng, sinh năm 1970, bản Nà Sản" in reply["text"]
    assert texts.PAPERWORK_DONE_LINK in reply["text"]
    filename = reply["link"]["filename"]
    assert filename.startswith("van-ban-hoa-giai-thanh-") and filename.endswith(".docx")


async def test_skipped_fields_stay_visibly_blank(client) -> None:  # type: ignore[no-untyped-def]
    answers = {**ANSWERS, "thoi-gian": SKIP, "thoi-han": SKIP}
    del answers["phuong-thuc"]  # typed "bỏ qua"
    reply = await fill(client, "s1", "van-ban-hoa-giai-thanh", answers)
    lines = docx_text((await download(client, reply["link"]["url"]))[1]).split("\n")
    for label in ("Thời gian lập văn bản", "Thời hạn thực hiện", "Phương thức thực hiện"):
        assert f"{label}: {texts.FORM_BLANK}" in lines
        assert f"- {label}: {texts.FORM_BLANK}" in reply["text"]
    assert "Lò Văn Pấng, sinh năm 1970, bản Nà Sản" in "\n".join(lines)


async def test_the_download_link_works_any_number_of_times_for_whoever_holds_it(client) -> None:  # type: ignore[no-untyped-def]
    url = (await fill(client, "s1", "so-theo-doi-hoa-giai", {}))["link"]["url"]
    assert url.startswith("/tai-ve/")
    for _ in range(2):  # a link preview fetching the page does not download the file
        page = await client.get(url)
        assert page.status == 200 and texts.BTN_DOWNLOAD in await page.text()
    for _ in range(3):  # opened again in Zalo's in-app browser, on another phone: still there
        resp = await client.post(url)
        assert resp.status == 200 and resp.content_type == DOCX_MIME
        assert resp.headers["Cache-Control"] == "no-store"
        assert "SỔ THEO DÕI HOẠT ĐỘNG HÒA GIẢI Ở CƠ SỞ" in docx_text(await resp.read())
    assert (await client.post("/tai-ve/khong-co-ma-nay")).status == 410


async def test_the_download_link_expires_after_24_hours(aiohttp_client, settings_for, tools_knowledge) -> None:  # type: ignore[no-untyped-def]
    now = [dt.datetime(2026, 11, 27, 3, 0, tzinfo=dt.UTC)]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=tools_knowledge), clock=lambda: now[0])
    client = await aiohttp_client(build_web_app(core))
    url = (await fill(client, "s1", "so-theo-doi-hoa-giai", {}))["link"]["url"]
    url_late = (await fill(client, "s2", "so-theo-doi-hoa-giai", {}))["link"]["url"]
    now[0] += dt.timedelta(hours=23, minutes=59)
    page = await client.get(url)
    assert page.status == 200 and "10:00 ngày 28/11/2026" in await page.text()  # shown in Vietnam time
    assert (await download(client, url))[0] == 200
    now[0] += dt.timedelta(minutes=2)
    assert (await client.get(url_late)).status == 410
    assert (await download(client, url_late))[0] == 410
    assert (await download(client, url))[0] == 410  # downloaded before, expired now
    assert core.db.call(documents_repo.purge_expired, now=now[0]) == 2  # both copies go at expiry
    rows = core.db.call(lambda *, session: session.exec(select(GeneratedDocument)).all())
    assert [r.content for r in rows] == [None, None]


def _everything_stored(core: Any) -> str:
    """Every value of every table, as text: what an attacker with the database would see."""
    def dump(*, session: Any) -> str:
        return "\n".join(repr(row) for table in SQLModel.metadata.sorted_tables
                         for row in session.execute(sa_select(table)).all())
    return core.db.call(dump)


async def test_form_answers_are_not_in_the_database_afterwards(aiohttp_client, settings_for, tools_knowledge,  # type: ignore[no-untyped-def]
                                                               database_url) -> None:
    # Two forms in a row from one session: more messages a minute than the flood limit lets a person send.
    core = build_core(settings_for(database_url, HOAGIAI_KNOWLEDGE_DIR=tools_knowledge, HOAGIAI_FLOOD_LIMIT=100))
    client = await aiohttp_client(build_web_app(core))
    marked = {**ANSWERS, "ben-thu-nhat": "Lò Văn Zyxwq", "ben-thu-hai": "Quàng Thị Qwzyx"}
    partial = {k: marked[k] for k in ("to-hoa-giai", "hoa-giai-vien", "can-cu", "ben-thu-nhat")}
    await chat(client, "p1", text="/vanban")
    await chat(client, "p1", action="v:d:van-ban-hoa-giai-thanh")
    for field in template_fields("van-ban-hoa-giai-thanh")[:6]:
        value = partial.get(field["id"], "bỏ qua")
        await chat(client, "p1", **({"action": "v:c:4:0"} if isinstance(value, tuple) else {"text": value}))
    assert "Lò Văn Zyxwq" in _everything_stored(core)  # while the form is open, the answer is in the state only
    await chat(client, "p1", text="/huy")
    reply = await fill(client, "p1", "van-ban-hoa-giai-thanh", marked)
    assert (await download(client, reply["link"]["url"]))[0] == 200
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=24, minutes=1)
    assert core.db.call(documents_repo.purge_expired, now=later) == 1  # the download copy lives 24 hours
    stored = _everything_stored(core)
    assert "Zyxwq" not in stored and "Qwzyx" not in stored
    rows = core.db.call(lambda *, session: session.exec(select(GeneratedDocument)).all())
    assert [(r.template, r.content) for r in rows] == [("van-ban-hoa-giai-thanh", None)]
    assert core.db.call(documents_repo.count_generated) == {"van-ban-hoa-giai-thanh": 1}
    assert core.db.call(lambda *, session: session.exec(select(QuestionLog)).all()) == []  # never searched
    state = core.db.call(lambda *, session: session.exec(select(Conversation)).one()).state
    assert "form" not in state and state.get("flow") is None


async def test_cancel_drops_the_answers(client) -> None:  # type: ignore[no-untyped-def]
    await chat(client, "c1", text="/vanban")
    await chat(client, "c1", action="v:d:bien-ban-hoa-giai-khong-thanh")
    await chat(client, "c1", text="Tổ hòa giải bản Qxzwy")
    cancelled = (await chat(client, "c1", text="/huy"))["replies"][0]
    assert cancelled["text"] == texts.PAPERWORK_CANCELLED
    assert "Qxzwy" not in _everything_stored(client.core)
    stale = (await chat(client, "c1", action="v:skip:1"))["replies"][0]
    assert stale["text"] == texts.EXPIRED_BUTTON
    nothing = (await chat(client, "c1", action="v:cancel"))["replies"][0]
    assert nothing["text"] == texts.PAPERWORK_NOTHING_OPEN


async def test_a_repeated_skip_press_skips_one_question_only(client) -> None:  # type: ignore[no-untyped-def]
    await chat(client, "r1", action="v:d:van-ban-hoa-giai-thanh")
    await chat(client, "r1", action="v:skip:0")
    again = (await chat(client, "r1", action="v:skip:0"))["replies"][0]
    assert again["text"].startswith("(2/16)")


async def test_an_over_long_answer_is_asked_again(client) -> None:  # type: ignore[no-untyped-def]
    await chat(client, "l1", action="v:d:van-ban-hoa-giai-thanh")
    reply = (await chat(client, "l1", text="x" * 1001))["replies"][0]
    assert reply["text"].startswith(texts.PAPERWORK_TOO_LONG.format(limit=1000)) and "(1/16)" in reply["text"]


CAPS = {"telegram": telegram_translate.CAPS, "zalo": zalo_bot.CAPS}  # as those doors declare them


async def _say(core: Any, channel: str, user: str, text: str = "", action: str = "") -> Reply:
    msg = Incoming(channel, user, "action" if action else "text", text, action, caps=CAPS[channel])
    return (await core.dialogue.handle(msg)).replies[0]


async def test_telegram_gets_the_file_itself_and_nothing_is_kept(settings_for, tools_knowledge: Path) -> None:
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=tools_knowledge))
    try:
        reply = await _say(core, "telegram", "42", action="v:d:so-theo-doi-hoa-giai")
        for _ in template_fields("so-theo-doi-hoa-giai"):
            reply = await _say(core, "telegram", "42", text="Lò Văn Telegramx")
        assert reply.text.startswith(texts.PAPERWORK_REVIEW)
        reply = await _say(core, "telegram", "42", action="v:make")
        assert reply.document is not None and reply.document.link is None
        assert "Lò Văn Telegramx" in docx_text(reply.document.content)
        assert texts.PAPERWORK_DONE_FILE in reply.text
        rows = core.db.call(lambda *, session: session.exec(select(GeneratedDocument)).all())
        assert [(r.template, r.content) for r in rows] == [("so-theo-doi-hoa-giai", None)]
    finally:
        await core.close()


async def test_zalo_gets_an_absolute_link_and_a_typed_number_stays_an_answer(settings_for, tools_knowledge) -> None:  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=tools_knowledge, HOAGIAI_PUBLIC_URL="https://hg.example.vn/"))
    try:
        menu = await _say(core, "zalo", "z1", text="/vanban")
        assert [b.label for b in menu.buttons][2] == "Trang Sổ theo dõi hòa giải"
        first = await _say(core, "zalo", "z1", text="3")
        assert first.buttons == () and texts.PAPERWORK_TEXT_HINT in first.text  # no numbers to mistake for answers
        typed = {"to-hoa-giai": "Tổ hòa giải bản Mé", "so-thu-tu": "1", "can-cu": "2", "ket-qua": "1"}
        reply = first
        for field in template_fields("so-theo-doi-hoa-giai"):
            reply = await _say(core, "zalo", "z1", text=typed.get(field["id"], "bỏ qua"))
        assert reply.text.startswith(texts.PAPERWORK_REVIEW) and reply.buttons[0].label == texts.BTN_FORM_MAKE
        reply = await _say(core, "zalo", "z1", text="1")  # the first numbered choice
        assert reply.document is not None and reply.document.link.startswith("https://hg.example.vn/tai-ve/")
        lines = docx_text(reply.document.content).split("\n")
        assert "Số thứ tự vụ, việc: 1" in lines
        assert "Căn cứ tiến hành hòa giải: Hòa giải viên chứng kiến hoặc biết vụ, việc" in lines
        assert "Kết quả hòa giải: Hòa giải thành" in lines
        assert f"Ngày hòa giải: {texts.FORM_BLANK}" in lines
    finally:
        await core.close()


async def test_a_template_edited_in_the_database_is_used(client) -> None:  # type: ignore[no-untyped-def]
    core = client.core
    name = "templates/so-theo-doi-hoa-giai.yaml"
    body = (BUNDLED_KNOWLEDGE / name).read_text(encoding="utf-8")
    changed = body.replace("title: SỔ THEO DÕI HOẠT ĐỘNG HÒA GIẢI Ở CƠ SỞ", "title: SỔ THEO DÕI HÒA GIẢI BẢN MÉ")
    core.db.call(knowledge_repo.put_file, name=name, author="editor", body=changed)
    core.db.call(knowledge_repo.bump_version)
    assert await core.refresh_knowledge()
    reply = await fill(client, "t1", "so-theo-doi-hoa-giai", {})
    assert "SỔ THEO DÕI HÒA GIẢI BẢN MÉ" in docx_text((await download(client, reply["link"]["url"]))[1])


async def test_simultaneous_downloads_all_get_the_file(settings_for, tools_knowledge, database_url) -> None:  # type: ignore[no-untyped-def]
    core = build_core(settings_for(database_url, HOAGIAI_KNOWLEDGE_DIR=tools_knowledge))
    try:
        now = dt.datetime.now(dt.UTC)
        await core.store.save_document(token="t" * 32, template="x", filename="x.docx", content=b"PK-docx",
                                       expires_at=now + dt.timedelta(hours=24))
        results = await asyncio.gather(*(core.db.run(documents_repo.fetch_document, token="t" * 32,
                                                     now=now + dt.timedelta(seconds=i)) for i in range(4)))
        assert [r.content if r else b"" for r in results] == [b"PK-docx"] * 4
        row = core.db.call(lambda *, session: session.exec(select(GeneratedDocument)).one())
        assert row.downloaded_at is not None and row.content == b"PK-docx"
    finally:
        await core.close()


def test_retention_deletes_expired_copies_and_keeps_the_count(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from bot.cli import main
    from bot.storage.database import Database
    from bot.storage.db import database_url, make_engine, migrate

    monkeypatch.setenv("HOAGIAI_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    db = Database(make_engine(database_url(None, tmp_path)))
    migrate(db.engine)
    now = dt.datetime.now(dt.UTC)
    for token, expires in (("old" * 8, now - dt.timedelta(minutes=1)), ("new" * 8, now + dt.timedelta(hours=1))):
        db.call(documents_repo.save_document, token=token, template="so-theo-doi-hoa-giai", filename="x.docx",
                content=b"PK", expires_at=expires)
    assert main(["retention"]) == 0
    assert "Đã xóa 1 tệp văn bản" in capsys.readouterr().out
    rows = db.call(lambda *, session: session.exec(select(GeneratedDocument).order_by(GeneratedDocument.expires_at)).all())
    assert [r.content for r in rows] == [None, b"PK"]  # the expired copy is gone, the live one kept
    assert db.call(documents_repo.count_generated) == {"so-theo-doi-hoa-giai": 2}
    assert db.call(documents_repo.count_generated, since=now + dt.timedelta(minutes=5)) == {}
    db.dispose()
