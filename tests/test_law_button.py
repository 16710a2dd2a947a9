""""📖 Xem điều luật" under every answer, on the web chat (HTTP), Telegram and Zalo (fake platform APIs on loopback):
the cited articles verbatim, the cited clause first, paged to each channel's limit; a missing text is said so."""

import datetime as dt
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.app import build_core, build_web_app
from bot.channels.base import numbered_text
from bot.core import texts
from bot.core.actions import parse
from bot.core.knowledge import BUNDLED_KNOWLEDGE
from bot.core.law_view import law_reply
from bot.core.validation import load_knowledge
from bot.core.views import answers_together, short
from tests.conftest import write_knowledge
from tests.fakes.telegram_api import FakeTelegram, buttons_of, wait_until
from tests.fakes.zalo_api import FakeZaloBotApi, text_update, wait_for

LAW_35 = {a["article"]: a for a in yaml.safe_load((BUNDLED_KNOWLEDGE / "articles" / "35-2013-qh13.yaml").read_text(
    encoding="utf-8"))}
MANY = (9, 10, 14, 15, 16, 20, 21, 24, 26, 27)  # long enough for several pages on Zalo


def qa(entry_id: str, question: str, alts: list[str], answer: str, citations: list[dict[str, Any]]) -> tuple[str, dict]:
    return ("qa", {"id": entry_id, "question": question, "alt_questions": alts, "answer": answer,
                   "topics": ["quy-dinh-chung"], "citations": citations, "sources": [],
                   "reviewed": dt.date(2026, 12, 1), "status": "published"})


ENTRIES = [
    qa("ky-van-ban-hoa-giai-thanh", "Ai ký văn bản hòa giải thành?",
       ["ai ky van ban hoa giai thanh", "ký văn bản hòa giải", "người không biết chữ điểm chỉ", "văn bản hòa giải ký"],
       "Các bên và hòa giải viên ký hoặc điểm chỉ.",
       [{"doc": "35/2013/QH13", "article": 24, "clause": 2, "point": "h"}, {"doc": "35/2013/QH13", "article": 4,
                                                                           "clause": 1}]),
    qa("dat-dai-hoa-giai-xa", "Tranh chấp đất đai có phải hòa giải ở xã trước không?",
       ["tranh chap dat dai hoa giai o xa", "đất đai hòa giải xã", "kiện đất có cần hòa giải", "đất hòa giải ubnd"],
       "Tranh chấp đất đai được khuyến khích tự hòa giải hoặc hòa giải ở cơ sở.",
       [{"doc": "31/2024/QH15", "article": 235, "clause": 1}, {"doc": "35/2013/QH13", "article": 3}]),
    qa("hoa-giai-vien-nhieu-dieu", "Hòa giải viên làm những việc gì từ đầu đến cuối vụ việc?",
       ["hoa giai vien lam gi tu dau den cuoi", "việc của hòa giải viên", "hgv làm những gì", "trình tự hòa giải"],
       "Nhận vụ việc, tìm hiểu, hòa giải, lập văn bản và theo dõi thực hiện.",
       [{"doc": "35/2013/QH13", "article": n} for n in MANY]),
]
ENTRIES[2][1]["details"] = "Các bước theo Chương III Luật Hòa giải ở cơ sở."


def knowledge_at(root: Path) -> Path:
    write_knowledge(root, ENTRIES)
    (root / "articles").mkdir()
    shutil.copy(BUNDLED_KNOWLEDGE / "articles" / "35-2013-qh13.yaml", root / "articles")
    return root


def law_page_text(body: str) -> str:
    """A page without its page note."""
    return re.sub(r"\n\(trang \d+/\d+\)$", "", body)


# --- the web chat ------------------------------------------------------------------------------------------------------


@pytest.fixture
async def web(aiohttp_client, settings_for, tmp_path: Path):  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=knowledge_at(tmp_path / "kb")))
    return await aiohttp_client(build_web_app(core))


async def chat(client, **body: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    resp = await client.post("/api/chat", json={"session": "s1", **body})
    assert resp.status == 200, await resp.text()
    data: dict[str, Any] = await resp.json()
    return data


async def test_web_chat_answer_offers_the_article_button_after_feedback_and_before_help(web) -> None:  # type: ignore[no-untyped-def]
    answer = (await chat(web, text="Ai ký văn bản hòa giải thành?"))["replies"][0]
    assert answer["text"].endswith("\n\nCăn cứ: Luật HGCS (Điều 4, 24)")
    actions = [b["action"] for b in answer["buttons"]]
    assert actions == ["up:ky-van-ban-hoa-giai-thanh", "dn:ky-van-ban-hoa-giai-thanh", "law:ky-van-ban-hoa-giai-thanh:1",
                       "chuyen"]
    assert [b["label"] for b in answer["buttons"]][2] == texts.BTN_LAW == "📖 Xem điều luật"
    # With "📖 Xem thêm" as well, the five fit: 👍 👎 📖 Xem thêm 📖 Xem điều luật 🆘, nothing behind "⋯ Thêm".
    detailed = (await chat(web, text="Hòa giải viên làm những việc gì từ đầu đến cuối vụ việc?"))["replies"][0]
    assert [b["action"] for b in detailed["buttons"]] == [
        "up:hoa-giai-vien-nhieu-dieu", "dn:hoa-giai-vien-nhieu-dieu", "m:hoa-giai-vien-nhieu-dieu:1",
        "law:hoa-giai-vien-nhieu-dieu:1", "chuyen"]


async def test_web_chat_article_button_shows_the_cited_clause_first_then_the_rest_verbatim(web) -> None:  # type: ignore[no-untyped-def]
    shown = (await chat(web, action="law:ky-van-ban-hoa-giai-thanh:1"))["replies"][0]
    text = shown["text"]
    art24, art4 = LAW_35[24]["text"], LAW_35[4]["text"]
    clause_2 = art24[art24.index("2. Các bên"):]
    assert text.index(clause_2) < text.index(art4.split("\n")[0]) < text.index(art24.split("\n")[0])
    assert "📜 Điều 24. Hòa giải thành\n(Luật Hòa giải ở cơ sở số 35/2013/QH13)\n" in text
    assert "Phần được dẫn: điểm h khoản 2" in text
    for line in (*art24.split("\n"), *art4.split("\n")):  # nothing left out, nothing changed
        assert line in text.split("\n"), line
    assert [b["action"] for b in shown["buttons"]] == ["e:ky-van-ban-hoa-giai-thanh"]  # one page: only the way back


async def test_web_chat_an_article_not_bundled_names_its_document_and_number(web) -> None:  # type: ignore[no-untyped-def]
    answer = (await chat(web, text="tranh chap dat dai hoa giai o xa"))["replies"][0]
    law = next(b["action"] for b in answer["buttons"] if b["action"].startswith("law:"))
    text = (await chat(web, action=law))["replies"][0]["text"]
    assert f"📜 Điều 235 Luật Đất đai 2024 số 31/2024/QH15\nPhần được dẫn: khoản 1\n{texts.LAW_NOT_BUNDLED}" in text
    assert LAW_35[3]["text"] in text


async def test_web_chat_pages_long_texts_and_refuses_a_malformed_press(web) -> None:  # type: ignore[no-untyped-def]
    first = (await chat(web, action="law:hoa-giai-vien-nhieu-dieu:1"))["replies"][0]
    next_page = next(b for b in first["buttons"] if b["action"] == "law:hoa-giai-vien-nhieu-dieu:2")
    pages = int(re.search(r"\((\d+)/(\d+)\)", next_page["label"]).group(2))  # type: ignore[union-attr]
    assert next_page["label"] == f"Xem tiếp ▶ (2/{pages})" and pages >= 2
    bodies = [first["text"]]
    for page in range(2, pages + 1):
        bodies.append((await chat(web, action=f"law:hoa-giai-vien-nhieu-dieu:{page}"))["replies"][0]["text"])
    assert all(len(b) <= 4000 for b in bodies)
    joined = "\n".join(law_page_text(b) for b in bodies)
    assert all(LAW_35[n]["title"] in joined for n in MANY)
    stale = await chat(web, action="law:hoa-giai-vien-nhieu-dieu:abc")
    assert stale["replies"][0]["text"] == texts.STALE_BUTTON


def test_the_longest_article_action_fits_telegrams_64_bytes() -> None:
    longest = f"law:{'a' * 56}:99"
    assert len(longest.encode()) <= 64 and parse(longest) is not None and parse(f"law:{'a' * 56}:100") is None


# --- Telegram ------------------------------------------------------------------------------------------------------


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = await FakeTelegram().start()
    yield fake
    await fake.close()


async def test_telegram_article_button_pages_within_the_message_limit(telegram: FakeTelegram, aiohttp_client,  # type: ignore[no-untyped-def]
                                                                       settings_for, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    settings = settings_for(HOAGIAI_KNOWLEDGE_DIR=knowledge_at(tmp_path / "kb"), TELEGRAM_BOT_TOKEN=telegram.token,
                            TELEGRAM_API_BASE_URL=telegram.base_url)
    await aiohttp_client(build_web_app(build_core(settings)))
    await wait_until(lambda: telegram.calls_to("getUpdates"), what="the bot to poll")
    telegram.send_text(501, "Hòa giải viên làm những việc gì từ đầu đến cuối vụ việc?")
    answer = await telegram.next_message(501)
    assert (texts.BTN_LAW, "law:hoa-giai-vien-nhieu-dieu:1") in buttons_of(answer)
    assert all(len(data.encode()) <= 64 for _, data in buttons_of(answer))
    pressed = telegram.press(501, "law:hoa-giai-vien-nhieu-dieu:1")
    first = await telegram.next_message(501)
    await telegram.wait_for_call("answerCallbackQuery", callback_query_id=f"cq{pressed}")
    assert first["text"].startswith(texts.LAW_INTRO.format(title="Hòa giải viên làm những việc gì từ đầu đến cuối vụ việc?"))
    assert LAW_35[9]["text"] in first["text"] and len(first["text"]) <= 4096
    labels = dict((data, label) for label, data in buttons_of(first))
    assert labels["law:hoa-giai-vien-nhieu-dieu:2"].startswith("Xem tiếp ▶ (2/")
    telegram.press(501, "law:hoa-giai-vien-nhieu-dieu:2")
    second = await telegram.next_message(501)
    assert re.search(r"\(trang 2/\d+\)$", second["text"]) and (texts.BTN_PREV, "law:hoa-giai-vien-nhieu-dieu:1") in \
        buttons_of(second)


# --- Zalo (no buttons: numbered choices) -------------------------------------------------------------------------------


@pytest.fixture
async def zalo() -> AsyncIterator[FakeZaloBotApi]:
    fake = await FakeZaloBotApi("1234567890:fake-zalo-bot-token").start()
    yield fake
    await fake.close()


async def test_zalo_article_button_is_a_numbered_choice_and_pages_fit_2000_characters(  # type: ignore[no-untyped-def]
        zalo: FakeZaloBotApi, aiohttp_client, settings_for, tmp_path: Path) -> None:
    settings = settings_for(HOAGIAI_KNOWLEDGE_DIR=knowledge_at(tmp_path / "kb"), ZALO_BOT_TOKEN=zalo.token,
                            ZALO_API_BASE_URL=zalo.base_url)
    await aiohttp_client(build_web_app(build_core(settings)))
    await wait_for(lambda: "getUpdates" in zalo.methods(), what="the bot to poll")
    zalo.push(text_update("z1", "hoa giai vien lam gi tu dau den cuoi"))
    [answer] = await zalo.wait_sent("z1")
    choice = re.search(rf"^(\d)\. {re.escape(texts.BTN_LAW)}$", answer, re.M)
    assert choice and "Căn cứ: Luật HGCS (Điều 9, 10, 14–16, 20, 21, 24, 26, 27)" in answer
    zalo.push(text_update("z1", choice.group(1)))
    first = (await zalo.wait_sent("z1", 2))[1]
    more = re.search(r"^(\d)\. Xem tiếp ▶ \(2/(\d+)\)$", first, re.M)
    assert more and int(more.group(2)) >= 3 and len(first) <= 2000
    assert LAW_35[9]["text"] in first and "(trang 1/" in first
    zalo.push(text_update("z1", more.group(1)))
    second = (await zalo.wait_sent("z1", 3))[2]
    assert "(trang 2/" in second and len(second) <= 2000 and f". {texts.BTN_PREV}" in second
    assert len(zalo.texts_to("z1")) == 3  # each page one message, its choices included


# --- every published entry of the bundled knowledge -------------------------------------------------------------------


def test_every_published_entry_pages_its_articles_within_each_channels_limit() -> None:
    """With Zalo's 2,000 characters (its numbered choices included) and Telegram's 4,096, every page of every
    published entry fits one message, and every line of every bundled cited article appears on some page."""
    kb = load_knowledge(BUNDLED_KNOWLEDGE).knowledge
    for limit, numbered in ((2000, True), (4096, False)):
        for entry in kb.published():
            first = law_reply(entry, kb, 1, limit)
            total = int(m.group(1)) if (m := re.search(r"\(trang 1/(\d+)\)$", first.text)) else 1
            bodies = [law_reply(entry, kb, page, limit) for page in range(1, total + 1)]
            for reply in bodies:
                shown = numbered_text(reply)[0] if numbered else reply.text
                assert len(shown) <= limit, (entry.id, len(shown))
            lines = {line for reply in bodies for line in reply.text.split("\n")}
            for c in entry.citations:
                article = kb.articles.get((c.doc, c.article or 0))
                assert article is None or set(article.text.split("\n")) <= lines, (entry.id, c)


def test_answers_given_together_offer_the_articles_of_each(tmp_path: Path) -> None:
    kb = load_knowledge(knowledge_at(tmp_path / "kb")).knowledge
    first, second = kb.entries["ky-van-ban-hoa-giai-thanh"], kb.entries["dat-dai-hoa-giai-xa"]
    reply = answers_together([first, second], kb, (), 4000)
    assert reply is not None
    assert [(b.label, b.action) for b in reply.buttons if b.action.startswith("law:")] == [
        (texts.BTN_LAW_OF.format(title="Ai ký văn bản hòa giải thành?"), "law:ky-van-ban-hoa-giai-thanh:1"),
        (texts.BTN_LAW_OF.format(title=short(second.title, 40)), "law:dat-dai-hoa-giai-xa:1")]
