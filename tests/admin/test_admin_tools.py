"""Dashboard and CSV, test panel, lexicon, citation index, stale list, zip export/import, audit page."""

import csv
import datetime as dt
import html
import io
import re
import zipfile
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.core import texts
from bot.domain.lexicon import SECTIONS
from bot.storage.models import AuditLog, KnowledgeEntry, QuestionLog
from tests.admin_support import entry_form


async def ask(console, text: str, session: str = "tools") -> dict[str, Any]:  # type: ignore[no-untyped-def]
    resp = await console.post("/api/chat", json={"session": session, "text": text})
    return await resp.json()  # type: ignore[no-any-return]


async def test_dashboard_counts_questions_and_rates_and_gives_the_same_numbers_as_csv(console) -> None:  # type: ignore[no-untyped-def]
    outcomes = [(await ask(console, q, f"d{i}"))["outcome"] for i, q in enumerate(
        ["hoa giai vien co duoc tra thu lao khong", "bi noi la ma chai", "thời tiết Sơn La ngày mai"])]
    editor = await console.agent("editor")
    page = await (await editor.get("/admin/dashboard?days=7")).text()
    assert '<svg class="chart"' in page and "Câu hỏi<b>3</b>" in page
    answered = outcomes.count("answer")
    assert f"Tỷ lệ trả lời<b>{100 * answered / 3:.1f}%</b>" in page
    assert "Hòa giải ở cơ sở là gì, phạm vi, nguyên tắc" in page  # the answered entry's topic, in the topic chart
    resp = await editor.get("/admin/dashboard.csv?days=7")
    assert resp.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO((await resp.read()).decode("utf-8-sig"))))
    assert rows[0][:5] == ["Ngày", "Tổng câu hỏi", "Trả lời", "Gợi ý", "Không tìm thấy"]
    today = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date().isoformat()  # days are Vietnam days
    (row,) = [r for r in rows if r and r[0] == today]
    assert [int(x) for x in row[1:5]] == [3, answered, outcomes.count("suggest"), outcomes.count("none")]
    assert rows[8][:2] == ["Cộng", "3"]
    assert rows[9] == ["Vụ việc đang mở (lúc xuất tệp)", "0"]


async def test_the_test_panel_shows_the_outcome_and_the_top_candidates_without_logging(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    page = await (await editor.get("/admin/test?q=hoa+giai+vien+co+duoc+tra+thu+lao+khong")).text()
    assert f'id="outcome">{texts.OUTCOME_LABELS["answer"]}<' in page
    rows = re.findall(r'<span class="muted">([a-z0-9-]+)</span></td><td>[^<]+</td><td class="score">([0-9.]+)<', page)
    assert rows[0][0] == "thu-lao-hoa-giai-vien" and 1 < len(rows) <= 5
    scores = [float(s) for _, s in rows]
    assert scores == sorted(scores, reverse=True)
    assert console.core.db.call(lambda *, session: session.exec(select(QuestionLog)).all()) == []


async def test_a_lexicon_change_is_validated_and_applied_at_once(console) -> None:  # type: ignore[no-untyped-def]
    assert (await ask(console, "tlhgv"))["outcome"] == "none"
    editor = await console.agent("editor")
    page = await (await editor.get("/admin/lexicon")).text()
    values = {name: html.unescape(re.search(rf'<textarea id="{name}"[^>]*>(.*?)</textarea>', page, re.S).group(1))  # type: ignore[union-attr]
              for name in SECTIONS}
    assert "hgv = hòa giải viên" in values["shorthand"]
    assert "sổ đỏ = sổ hồng = bìa đỏ = giấy chứng nhận quyền sử dụng đất" in values["synonyms"]
    bad = await editor.post("/admin/lexicon", {**values, "shorthand": values["shorthand"] + "\nkhông có dấu bằng"})
    assert bad.status == 400 and "Dòng" in await bad.text()
    lonely = await editor.post("/admin/lexicon", {**values, "synonyms": "nương"})
    assert lonely.status == 400
    shorthand = values["shorthand"] + "\ntlhgv = thù lao hòa giải viên"
    ok = await editor.post("/admin/lexicon", {**values, "shorthand": shorthand})
    assert texts.ADMIN_FLASH["lexicon"] in await ok.text()
    assert (await ask(console, "tlhgv", "after"))["results"][0]["id"] == "thu-lao-hoa-giai-vien"
    saved = await (await editor.get("/admin/lexicon")).text()
    for name in ("danger_words", "out_of_scope"):  # a save keeps the lists it did not change
        kept = html.unescape(re.search(rf'<textarea id="{name}"[^>]*>(.*?)</textarea>', saved, re.S).group(1))  # type: ignore[union-attr]
        assert kept == values[name] and kept.strip()


async def test_the_citation_index_marks_every_entry_citing_an_article_for_review(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    page = await (await editor.get("/admin/citations?doc=35/2013/QH13&article=3")).text()
    ids = re.findall(r'name="id" value="([^"]+)"', page)
    assert sorted(ids) == ["ma-chay", "pham-vi-hoa-giai"]
    done = await editor.post("/admin/citations/review", [("doc", "35/2013/QH13"), ("article", "3"),
                                                         ("note", "Luật sửa đổi"), *(("id", i) for i in ids)])
    assert texts.ADMIN_FLASH["marked"] in await done.text()
    listing = await (await editor.get("/admin/entries?status=review")).text()
    assert "ma-chay" in listing and "pham-vi-hoa-giai" in listing
    assert (await ask(console, "ma chay keo dai"))["results"][0]["id"] == "ma-chay"  # still served meanwhile
    form = await (await editor.get("/admin/entries/ma-chay")).text()
    assert "Cần rà soát: Luật sửa đổi" in form
    await editor.post("/admin/citations/review", [("note", "Ngừng ngay"), ("unpublish", "1"), ("id", "ma-chay")])
    assert all(r["id"] != "ma-chay" for r in (await ask(console, "ma chay keo dai", "later"))["results"])


async def test_entries_not_reviewed_for_the_configured_age_are_listed(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    await editor.post("/admin/entries/new", entry_form("Tổ hòa giải có con dấu không?", "Không có con dấu riêng.",
                                                       entry_id="con-dau", action="save", reviewed="2020-01-15"))
    page = await (await editor.get("/admin/stale")).text()
    assert "/admin/entries/con-dau" in page and "quá 12 tháng" in page


def _zip(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return buf.getvalue()


async def test_export_and_import_show_a_report_before_anything_is_applied(console) -> None:  # type: ignore[no-untyped-def]
    admin = await console.agent("admin")
    resp = await admin.get("/admin/transfer/export.zip")
    assert resp.headers["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(await resp.read())) as zf:
        files = {n: zf.read(n).decode() for n in zf.namelist()}
    assert {"topics.yaml", "documents.yaml", "lexicon.yaml", "qa/ma-chai.yaml"} <= set(files)
    files["qa/ma-chai.yaml"] = files["qa/ma-chai.yaml"].replace("Không có căn cứ khoa học", "Chưa có căn cứ khoa học")
    files["qa/con-trau.yaml"] = files["qa/ma-chay.yaml"].replace("id: ma-chay", "id: con-trau").replace(
        "Tổ chức ma chay kéo dài có được hòa giải không?", "Con trâu lạc vào vườn nhà khác thì sao?")
    files["qa/hong.yaml"] = "id: hong\nquestion: [\n"
    files["README.txt"] = "not knowledge"
    body = _zip({f"knowledge/{n}": t for n, t in files.items()})  # zipped folder: one top directory
    report = await admin.http.post(admin.url("/admin/transfer/upload"), data=_multipart(admin.csrf, body))
    page = await report.text()
    assert report.status == 200 and "1 nội dung mới, 1 nội dung thay đổi" in page
    assert "qa/hong.yaml" in page and "knowledge/README.txt" in page
    assert console.core.db.call(lambda *, session: session.get(KnowledgeEntry, "con-trau")) is None  # not yet
    payload = html.unescape(re.search(r'name="payload" value="([^"]+)"', page).group(1))  # type: ignore[union-attr]
    digest = re.search(r'name="digest" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    applied = await admin.post("/admin/transfer/apply", {"payload": payload, "digest": digest})
    assert texts.ADMIN_FLASH["imported"] in await applied.text()
    assert (await ask(console, "con trâu lạc vào vườn nhà khác thì sao"))["results"][0]["id"] == "con-trau"
    actions = console.core.db.call(lambda *, session: [a.action for a in session.exec(select(AuditLog)).all()])
    assert "import.apply" in actions


def _multipart(csrf: str, body: bytes) -> Any:
    import aiohttp

    data = aiohttp.FormData()
    data.add_field("_csrf", csrf)
    data.add_field("file", body, filename="tri-thuc.zip", content_type="application/zip")
    return data


async def test_uploads_are_for_admins_and_unsafe_or_broken_zips_are_refused(console) -> None:  # type: ignore[no-untyped-def]
    editor, admin = await console.agent("editor"), await console.agent("admin")
    refused = await editor.http.post(editor.url("/admin/transfer/upload"), data=_multipart(editor.csrf, _zip({})))
    assert refused.status == 403
    unsafe = await admin.http.post(admin.url("/admin/transfer/upload"),
                                   data=_multipart(admin.csrf, _zip({"../evil.yaml": "x", "topics.yaml": "[]"})))
    assert unsafe.status == 400 and "../evil.yaml" in await unsafe.text()
    broken = await admin.http.post(admin.url("/admin/transfer/upload"), data=_multipart(admin.csrf, b"not a zip"))
    assert broken.status == 400 and texts.ADMIN_ZIP_INVALID in await broken.text()
    tampered = await admin.post("/admin/transfer/apply", {"payload": "aGVsbG8=", "digest": "0" * 64})
    assert tampered.status == 400


async def test_the_audit_page_shows_who_changed_what_with_before_and_after(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    await editor.post("/admin/entries/ma-chai/archive")
    page = await (await (await console.agent("admin")).get("/admin/audit?target=ma-chai")).text()
    assert "<b>editor</b> · entry.archive · ma-chai" in page
    assert "status: published" in page and "status: archived" in page
