"""Editors manage the emergency block on the lexicon page: phrases, numbers and text, checked, applied at once on the
chat, audited; a number keeps its legal source through a save."""

import html
import re
from typing import Any

import yaml
from sqlmodel import col, select

from bot.domain.lexicon import SECTIONS
from bot.storage import knowledge_repo
from bot.storage.models import AuditLog


def form_values(page: str) -> dict[str, str]:
    found = {}
    for name in SECTIONS:
        match = re.search(rf'<textarea id="{name}"[^>]*>(.*?)</textarea>', page, re.S)
        assert match, f"no field {name}"
        found[name] = html.unescape(match.group(1))
    return found


async def first_reply(console: Any, text: str, session: str) -> str:
    data = await (await console.post("/api/chat", json={"session": session, "text": text})).json()
    return str(data["replies"][0]["text"])


async def test_an_editor_changes_phrases_numbers_and_text_and_the_chat_uses_them_at_once(console) -> None:  # type: ignore[no-untyped-def]
    assert not (await first_reply(console, "hàng xóm dọa chém bay đầu nhà tôi", "e1")).startswith("🚨")
    editor = await console.agent("editor")
    values = form_values(await (await editor.get("/admin/lexicon")).text())
    assert "dọa giết" in values["emergency_phrases"].split("\n")
    assert "113 | Công an (Cảnh sát 113)" in values["emergency_numbers"].split("\n")
    assert "Việc cần làm ngay" in values["emergency_advice"]
    changed = {**values,
               "emergency_phrases": values["emergency_phrases"] + "\nchém bay đầu",
               "emergency_text": "🚨 Có người gặp nguy hiểm? Gọi ngay:",
               "emergency_numbers": values["emergency_numbers"].replace("Cấp cứu y tế", "Cấp cứu (Trung tâm 115)")}
    saved = await editor.post("/admin/lexicon", changed)
    assert saved.status == 200, await saved.text()
    block = await first_reply(console, "hàng xóm dọa chém bay đầu nhà tôi", "e2")
    assert block.startswith("🚨 Có người gặp nguy hiểm? Gọi ngay:") and "📞 115 — Cấp cứu (Trung tâm 115)" in block
    stored = yaml.safe_load(console.core.db.call(knowledge_repo.get_file, name="lexicon.yaml"))
    kept = {n["number"]: n for n in stored["emergency"]["numbers"]}
    assert kept["115"]["source"].startswith("Nghị định 30/2017/NĐ-CP")  # not shown in the form, kept on save
    assert stored["shorthand"]["hgv"] == "hòa giải viên"  # the rest of the lexicon is untouched
    [audit] = console.core.db.call(lambda *, session: session.exec(
        select(AuditLog).where(col(AuditLog.action) == "lexicon.update")).all())
    assert audit.actor == "editor" and "- chém bay đầu" in (audit.after or "") and "chém bay đầu" not in (audit.before or "")


async def test_a_broken_section_is_refused_in_plain_words_beside_its_field(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    values = form_values(await (await editor.get("/admin/lexicon")).text())
    for field, value, message in (
        ("emergency_numbers", "11a | Công an", "Số điện thoại thứ 1: số gồm 3 đến 5 chữ số (11a)"),
        ("emergency_numbers", "113", "Số điện thoại thứ 1, tên gọi: chưa có nội dung"),
        ("emergency_phrases", " \n ", "Cần ít nhất một cụm từ báo nguy hiểm"),
        ("emergency_text", "", "Lời mở đầu: chưa có nội dung"),
    ):
        resp = await editor.post("/admin/lexicon", {**values, field: value})
        page = await resp.text()
        assert resp.status == 400 and message in html.unescape(page) and "`" not in message
        assert re.search(rf'id="{field}"[^>]*>[^<]*</textarea>\s*<p class="field-error">', page)
    assert console.core.db.call(lambda *, session: session.exec(select(AuditLog).where(
        col(AuditLog.action) == "lexicon.update")).all()) == []
