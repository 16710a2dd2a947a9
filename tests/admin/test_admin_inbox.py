"""The unanswered inbox: clustering, "Tạo hỏi đáp mới", "Thêm làm cách hỏi khác", "Bỏ qua", 👎 feedback."""

import datetime as dt
import html
import re
from typing import Any

from sqlmodel import select

from bot.core import texts
from bot.domain.inbox import cluster
from bot.storage.models import InboxDecision
from bot.storage.questions_repo import UnansweredGroup
from tests.admin_support import entry_form

FORM_RE = re.compile(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', re.S)
INPUT_RE = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')

# Questions whose outcome (suggest) is stable: the search's spelling correction can vary with the hash seed.
BUFFALO = "trâu nhà bên phá hết nương ngô, bắt đền bao nhiêu là đúng"
BUFFALO_PLAIN = "trau nha ben pha het nuong ngo thi bat den bao nhieu"
FUNERAL = "đám ma làm mấy ngày liền"
WEATHER = "thời tiết Sơn La ngày mai"


async def ask(console, text: str, session: str = "inbox") -> dict[str, Any]:  # type: ignore[no-untyped-def]
    resp = await console.post("/api/chat", json={"session": session, "text": text})
    return await resp.json()  # type: ignore[no-any-return]


def forms(page: str, action: str) -> list[list[tuple[str, str]]]:
    """The hidden fields of every form on the page posting to `action`, as a browser would send them."""
    return [[(n, html.unescape(v)) for n, v in INPUT_RE.findall(body) if n != "_csrf"]
            for act, body in FORM_RE.findall(page) if act == action]


def group(text: str, count: int = 1, source: str = "none") -> UnansweredGroup:
    return UnansweredGroup(text, text, count, dt.datetime(2026, 11, 20, tzinfo=dt.UTC), ("web",), source)


def test_similar_questions_share_a_cluster_and_short_ones_are_not_swallowed() -> None:
    clusters = cluster([
        group("hoa giai vien co duoc tra luong khong", 3),
        group("hoa giai vien co duoc tra luong khong vay", 1),
        group("luong hoa giai vien co duoc tra khong", 2),
        group("hoa giai", 2),
        group("thoi tiet son la ngay mai", 1),
        group("👎 ma-chai", 1, "feedback"),
    ])
    assert [(c.example, c.count, len(c.keys)) for c in clusters] == [
        ("hoa giai vien co duoc tra luong khong", 6, 3), ("hoa giai", 2, 1), ("thoi tiet son la ngay mai", 1, 1),
        ("👎 ma-chai", 1, 1)]


async def test_a_cluster_turned_into_a_new_qa_leaves_the_inbox_and_is_answered(console) -> None:  # type: ignore[no-untyped-def]
    await ask(console, BUFFALO, "a")
    await ask(console, BUFFALO_PLAIN, "b")
    editor = await console.agent("editor")
    page = await (await editor.get("/admin/inbox")).text()
    assert BUFFALO in page and "2 lần" in page
    (new_form,) = [f for f in forms(page, "/admin/inbox/new") if ("example", BUFFALO) in f]
    prefilled = await (await editor.post("/admin/inbox/new", new_form)).text()
    assert f'value="{BUFFALO}"' in prefilled and BUFFALO_PLAIN in prefilled  # question and alternate phrasings
    keys = [v for n, v in INPUT_RE.findall(prefilled) if n == "inbox_key"]
    assert len(keys) == 2
    answer = "Gia súc phá hoại hoa màu thì chủ gia súc phải bồi thường; tổ hòa giải giúp hai bên thỏa thuận mức đền."
    saved = await editor.post("/admin/entries/new", [
        *entry_form("Trâu bò nhà bên phá nương ngô thì bắt đền thế nào?", answer, article=3,
                    entry_id="trau-an-lua", alts=(BUFFALO, BUFFALO_PLAIN), topic="dan-su-lang-xom"),
        *(("inbox_key", k) for k in keys)])
    assert saved.status == 200
    assert BUFFALO not in await (await editor.get("/admin/inbox")).text()
    reply = await ask(console, BUFFALO, "c")
    assert reply["outcome"] == "answer" and reply["results"][0]["id"] == "trau-an-lua"
    decisions = console.core.db.call(lambda *, session: session.exec(select(InboxDecision)).all())
    assert sorted((d.action, d.entry_id) for d in decisions) == [("new", "trau-an-lua")] * 2


async def test_adding_a_cluster_as_an_alternate_question_publishes_it_at_once(console) -> None:  # type: ignore[no-untyped-def]
    before = await ask(console, FUNERAL)
    assert before["outcome"] != "answer"
    editor = await console.agent("editor")
    page = await (await editor.get("/admin/inbox")).text()
    proposals = [f for f in forms(page, "/admin/inbox/alternate") if ("question", FUNERAL) in f and
                 any(n == "entry_id" for n, _ in f)]
    assert proposals and ("entry_id", "ma-chay") in proposals[0]  # the likeliest entry is proposed first
    done = await editor.post("/admin/inbox/alternate", proposals[0])
    assert texts.ADMIN_FLASH["alt_added"] in await done.text()
    assert FUNERAL not in await (await editor.get("/admin/inbox")).text()
    after = await ask(console, FUNERAL, "again")
    assert after["outcome"] == "answer" and after["results"][0]["id"] == "ma-chay"
    entry = console.core.service.snapshot.knowledge.entries["ma-chay"]
    assert entry.alt_questions[-1] == FUNERAL and entry.status == "published"


async def test_the_same_alternate_is_not_added_twice_and_unknown_entries_are_refused(console) -> None:  # type: ignore[no-untyped-def]
    await ask(console, "ma chay keo dai")
    editor = await console.agent("editor")
    unknown = await editor.post("/admin/inbox/alternate",
                                {"key": "x", "question": "ma chay keo dai", "entry_id": "khong-co"})
    assert unknown.status == 404
    same = await editor.post("/admin/inbox/alternate", {"key": "ma chay keo dai", "question": "Ma chay kéo dài",
                                                        "entry_id": "ma-chay"})
    assert same.status == 200
    assert console.core.service.snapshot.knowledge.entries["ma-chay"].alt_questions.count("ma chay keo dai") == 1


async def test_ignoring_a_cluster_needs_a_reason_and_keeps_it(console) -> None:  # type: ignore[no-untyped-def]
    await ask(console, WEATHER)
    editor = await console.agent("editor")
    page = await (await editor.get("/admin/inbox")).text()
    (form,) = [f for f in forms(page, "/admin/inbox/ignore")]
    refused = await editor.post("/admin/inbox/ignore", [*form, ("reason", "  ")])
    assert refused.status == 400 and texts.ADMIN_REASON_REQUIRED in await refused.text()
    await editor.post("/admin/inbox/ignore", [*form, ("reason", "ngoài phạm vi hòa giải")])
    assert WEATHER not in await (await editor.get("/admin/inbox")).text()
    (decision,) = console.core.db.call(lambda *, session: session.exec(select(InboxDecision)).all())
    assert (decision.action, decision.reason, decision.author) == ("ignore", "ngoài phạm vi hòa giải", "editor")


async def test_thumbs_down_with_its_reason_shows_in_the_inbox(console) -> None:  # type: ignore[no-untyped-def]
    await ask(console, "bi noi la ma chai", "fb")
    resp = await console.post("/api/feedback", json={"session": "fb", "entry_id": "ma-chai", "helpful": False,
                                                    "reason": "outdated"})
    assert resp.status == 200
    page = await (await (await console.agent("editor")).get("/admin/inbox")).text()
    assert "bi noi la ma chai" in page
    assert texts.REASONS["outdated"] in page and texts.SOURCE_LABELS["feedback"] in page


FUNERAL_STORY = ("Nhà ông Lường ở bản tôi cả tuần rồi chưa chôn người mất vì thầy mo bảo chưa được ngày, "
                 "hàng xóm kêu hôi lắm, ông trưởng bản nói mãi không nghe. Chúng tôi phải làm sao?")


async def test_a_long_story_is_proposed_as_an_example_and_stays_out_of_the_alternates(console) -> None:  # type: ignore[no-untyped-def]
    await ask(console, FUNERAL_STORY)
    editor = await console.agent("editor")
    page = await (await editor.get("/admin/inbox")).text()
    assert '<option value="example" selected>câu hỏi thực tế</option>' in page  # a story: the example is preselected
    proposals = [f for f in forms(page, "/admin/inbox/alternate") if ("entry_id", "ma-chay") in f]
    assert proposals
    stored = dict(proposals[0])["question"]  # as the log keeps it: names masked
    assert "tuần rồi chưa chôn" in stored and "Lường" not in stored
    done = await editor.post("/admin/inbox/alternate", [*proposals[0], ("as", "example")])
    assert texts.ADMIN_FLASH["example_added"] in await done.text()
    entry = console.core.service.snapshot.knowledge.entries["ma-chay"]
    assert entry.examples[-1] == stored and stored not in entry.alt_questions
    decisions = console.core.db.call(lambda *, session: session.exec(select(InboxDecision)).all())
    assert [d.action for d in decisions] == ["example"]
    again = await editor.post("/admin/inbox/alternate", {"key": "k", "question": stored, "entry_id": "ma-chay",
                                                          "as": "example"})
    assert again.status == 200
    assert console.core.service.snapshot.knowledge.entries["ma-chay"].examples.count(stored) == 1
