"""Content pages over real HTTP: create, validate, preview, publish into the live bot, review, history, archive."""

import datetime as dt
import re
from typing import Any

import pytest
from sqlmodel import select

from bot.core import texts
from bot.domain.entries import months_before
from bot.storage.models import AuditLog, KnowledgeEntry
from tests.admin_support import entry_form


async def ask(console, text: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    resp = await console.post("/api/chat", json={"session": "content-test", "text": text})
    return await resp.json()  # type: ignore[no-any-return]


QUESTION = "Hòa giải viên có được cấp thẻ không?"
ANSWER = "Luật không quy định thẻ riêng; quyết định công nhận hòa giải viên là giấy tờ chứng minh."


async def test_a_qa_created_and_published_in_the_console_is_answered_by_the_web_chat_at_once(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    resp = await editor.post("/admin/entries/new", entry_form(QUESTION, ANSWER, alts=("hgv co the ko",), article=8))
    assert resp.status == 200
    assert resp.url.path == "/admin/entries/hoa-giai-vien-co-duoc-cap-the-khong"  # the id is made from the question
    assert texts.ADMIN_FLASH["published"] in await resp.text()
    reply = await ask(console, "hgv có được cấp thẻ không")
    assert reply["outcome"] == "answer" and reply["results"][0]["id"] == "hoa-giai-vien-co-duoc-cap-the-khong"
    assert reply["replies"][0]["text"].endswith("Căn cứ: Luật HGCS (Điều 8)")


async def test_the_form_names_every_invalid_field_and_saves_nothing(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    form = [(k, v) for k, v in entry_form(QUESTION, "", entry_id="the-hgv") if k != "topics"]
    form = [(k, "99/2099/QH99" if (k, v) == ("cite_doc", "35/2013/QH13") else v) for k, v in form]
    resp = await editor.post("/admin/entries/new", form)
    assert resp.status == 400
    html = await resp.text()
    errors = dict(re.findall(r'data-field="(\w+)">([^<]+)<', html))
    assert set(errors) == {"answer", "topics", "citations"}
    assert "99/2099/QH99" in errors["citations"]
    assert QUESTION in html  # what the editor typed is kept
    assert console.core.db.call(lambda *, session: session.get(KnowledgeEntry, "the-hgv")) is None


async def test_the_phone_preview_shows_the_reply_as_the_bot_renders_it(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    resp = await editor.post("/admin/entries/preview", entry_form(QUESTION, ANSWER, article=8, action="preview"))
    html = await resp.text()
    assert resp.status == 200 and ANSWER in html
    assert '<span class="cite">Căn cứ: Luật HGCS (Điều 8)</span>' in html
    assert "👍 Hữu ích" in html


async def test_an_edit_of_a_published_entry_waits_as_a_draft_until_published(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    page = await editor.get("/admin/entries/thu-lao-hoa-giai-vien")
    assert "thù lao theo vụ, việc" in await page.text()
    new_answer = "Có. Mức thù lao do Hội đồng nhân dân tỉnh quyết định."
    form = entry_form("Hòa giải viên có được trả thù lao không?", new_answer, action="save", topic="kinh-phi-che-do")
    saved = await editor.post("/admin/entries/thu-lao-hoa-giai-vien", form)
    assert saved.status == 200 and texts.ADMIN_FLASH["saved"] in await saved.text()
    served = await ask(console, "hòa giải viên có được trả thù lao không")
    assert "thù lao theo vụ, việc" in served["replies"][0]["text"]
    listing = await (await editor.get("/admin/entries?status=draft")).text()
    assert "thu-lao-hoa-giai-vien" in listing and "đang phục vụ bản đã xuất bản" in listing
    published = await editor.post("/admin/entries/thu-lao-hoa-giai-vien/publish")
    assert texts.ADMIN_FLASH["published"] in await published.text()
    assert new_answer in (await ask(console, "hòa giải viên có được trả thù lao không"))["replies"][0]["text"]


async def test_with_legal_review_a_second_editor_approves_before_the_bot_answers(make_console) -> None:  # type: ignore[no-untyped-def]
    console = await make_console(HOAGIAI_LEGAL_REVIEW="true")
    author, reviewer = await console.agent("editor"), await console.agent("editor2")
    sent = await author.post("/admin/entries/new", entry_form(QUESTION, ANSWER, article=8, action="submit",
                                                              entry_id="the-hgv"))
    html = await sent.text()
    assert texts.ADMIN_FLASH["submitted"] in html and "Duyệt và xuất bản" not in html
    refused = await author.post("/admin/entries/the-hgv/publish")
    assert refused.status == 409 and "khác người soạn" in await refused.text()
    assert (await ask(console, "hgv có được cấp thẻ không"))["results"][:1] != [{"id": "the-hgv"}]
    page = await (await reviewer.get("/admin/entries/the-hgv")).text()
    assert "Duyệt và xuất bản" in page
    approved = await reviewer.post("/admin/entries/the-hgv/publish")
    assert texts.ADMIN_FLASH["published"] in await approved.text()
    assert (await ask(console, "hgv có được cấp thẻ không"))["results"][0]["id"] == "the-hgv"


async def test_archiving_takes_an_entry_off_the_bot_but_keeps_it_and_its_history(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    assert (await ask(console, "bi noi la ma chai"))["results"][0]["id"] == "ma-chai"
    await editor.post("/admin/entries/ma-chai/archive")
    after = await ask(console, "bi noi la ma chai")
    assert all(r["id"] != "ma-chai" for r in after["results"])
    row = console.core.db.call(lambda *, session: session.get(KnowledgeEntry, "ma-chai"))
    assert row is not None and row.status == "archived"
    history = await (await editor.get("/admin/entries/ma-chai/history")).text()
    assert "Lưu trữ" in history and "Nhập từ tệp" in history


async def test_history_shows_what_changed_and_revert_serves_the_old_text_again(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    old = "Có. Hòa giải viên được hưởng thù lao theo vụ, việc."
    await editor.post("/admin/entries/thu-lao-hoa-giai-vien",
                      entry_form("Hòa giải viên có được trả thù lao không?", "Không còn thù lao.", action="publish"))
    assert "Không còn thù lao." in (await ask(console, "hòa giải viên có được trả thù lao không"))["replies"][0]["text"]
    history = await (await editor.get("/admin/entries/thu-lao-hoa-giai-vien/history")).text()
    links = re.findall(r'href="(/admin/entries/thu-lao-hoa-giai-vien/history/\d+)"', history)
    newest, imported = links[0], links[-1]
    diff = await (await editor.get(newest)).text()
    assert '<span class="del">-  Có. Hòa giải viên được hưởng thù lao theo vụ, việc.</span>' in diff
    assert '<span class="add">+  Không còn thù lao.</span>' in diff
    reverted = await editor.post(imported + "/revert")
    assert texts.ADMIN_FLASH["reverted"] in await reverted.text()
    assert old in (await ask(console, "hòa giải viên có được trả thù lao không"))["replies"][0]["text"]
    actions = console.core.db.call(lambda *, session: [a.action for a in session.exec(select(AuditLog).where(
        AuditLog.target == "thu-lao-hoa-giai-vien")).all()])
    assert actions == ["entry.update", "entry.publish", "entry.revert"]


async def test_the_list_searches_without_diacritics_and_filters_by_topic_status_and_review_age(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    await editor.post("/admin/entries/new", entry_form("Tổ hòa giải có con dấu không?", "Không có con dấu riêng.",
                                                       action="save", entry_id="con-dau", reviewed="2020-01-15"))

    async def ids(query: str) -> list[str]:
        html = await (await editor.get(f"/admin/entries?{query}")).text()
        return re.findall(r'<span class="muted">([a-z0-9-]+)</span></td>', html)

    assert await ids("q=thu+lao") == ["thu-lao-hoa-giai-vien"]
    assert await ids("q=con+dau") == ["con-dau"]
    assert await ids("status=draft") == ["con-dau"]
    assert set(await ids("topic=hoa-giai-vien")) == {"con-dau"}
    cutoff = months_before(dt.date.today(), 12)
    stale = await ids("months=12")
    assert "con-dau" in stale and (dt.date(2026, 11, 27) < cutoff) == ("ma-chai" in stale)


async def test_a_skit_is_edited_with_role_and_script_lines(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    base = [("kind", "skit"), ("id", "tieu-pham-bo-an-lua"), ("title", "Con bò ăn lúa"), ("alt_questions", ""),
            ("summary", "Hai nhà cãi nhau vì bò ăn lúa, hòa giải viên giúp thỏa thuận bồi thường."),
            ("roles", "Ông A: chủ ruộng\nBà B: chủ bò"), ("discussion", "Nên bồi thường thế nào?"),
            ("topics", "dan-su-lang-xom"), ("cite_doc", "35/2013/QH13"), ("cite_article", "3"), ("cite_clause", ""),
            ("cite_point", ""), ("sources", ""), ("reviewed", "2026-11-20"), ("action", "save")]
    bad = await editor.post("/admin/entries/new", [*base, ("script", "Ông A: Bò nhà bà ăn hết lúa!\nÔng C: Thôi mà.")])
    assert bad.status == 400 and "Lời thoại 2: vai “Ông C” không có trong “Vai diễn”" in await bad.text()
    script = "Ông A: Bò nhà bà ăn hết lúa!\nBà B: Tôi xin lỗi."
    good = await editor.post("/admin/entries/new", [*base, ("script", script)])
    assert good.status == 200
    page = await good.text()
    assert "Ông A: chủ ruộng\nBà B: chủ bò" in page and "Bà B: Tôi xin lỗi." in page


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_the_console_publishes_into_the_live_bot_on_postgresql_too(  # type: ignore[no-untyped-def]
    make_console, database_url: str
) -> None:
    console = await make_console(DATABASE_URL=database_url)
    editor = await console.agent("editor")
    resp = await editor.post("/admin/entries/new", entry_form(QUESTION, ANSWER, article=8, entry_id="the-hgv"))
    assert texts.ADMIN_FLASH["published"] in await resp.text()
    assert (await ask(console, "hgv có được cấp thẻ không"))["results"][0]["id"] == "the-hgv"
    await console.close()  # end the server's connections before the database is dropped
