"""Why an entry is refused, in plain Vietnamese with the form's own labels: beside the field in the console, in the
JSON API and in the import report; never a YAML key in backticks."""

import io
import re
import zipfile
from typing import Any

import aiohttp
import yaml

from bot.core.knowledge import BUNDLED_KNOWLEDGE
from bot.domain import accounts
from tests.admin_support import entry_form
from tests.conftest import REGISTRY_FILES, qa

FIELD_ERRORS = re.compile(r'data-field="(\w+)">([^<]+)<')


def _zip(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return buf.getvalue()


def _upload(csrf: str, body: bytes) -> Any:
    data = aiohttp.FormData()
    data.add_field("_csrf", csrf)
    data.add_field("file", body, filename="tri-thuc.zip", content_type="application/zip")
    return data


async def test_an_empty_form_says_what_is_missing_with_the_forms_labels(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    form = [(k, v) for k, v in entry_form("Hòa giải viên có thẻ không?", "", entry_id="the-hgv")
            if k not in ("topics", "cite_doc")]
    resp = await editor.post("/admin/entries/new", form)
    assert resp.status == 400
    errors = dict(FIELD_ERRORS.findall(await resp.text()))
    assert errors == {"answer": "Chưa có câu trả lời", "topics": "Chọn ít nhất một chủ đề",
                      "citations": "Thêm ít nhất một căn cứ: văn bản và điều"}


async def test_wrong_values_are_named_by_their_labels(console) -> None:  # type: ignore[no-untyped-def]
    editor = await console.agent("editor")
    form = entry_form("Một câu\nhai dòng?", "x" * 901, entry_id="hai-dong", alts=("giống nhau", "giống nhau"),
                      reviewed="2026-13-45")
    form = [(k, "0" if (k, v) == ("cite_article", "9") else v) for k, v in form]
    resp = await editor.post("/admin/entries/new", form)
    errors = dict(FIELD_ERRORS.findall(await resp.text()))
    assert errors == {
        "question": "“Câu hỏi” chỉ viết trên một dòng",
        "alt_questions": "“Cách hỏi khác” có hai mục giống nhau: giống nhau",
        "answer": "“Câu trả lời ngắn” dài 901 ký tự, tối đa 900",
        "citations": "Căn cứ 1: điều phải là một số nguyên dương (để trống khi dẫn cả văn bản)",
        "reviewed": "“Ngày rà soát” không phải một ngày hợp lệ (vd. 2026-11-20)",
    }


async def test_the_api_reports_the_same_sentence_and_the_field(console) -> None:  # type: ignore[no-untyped-def]
    token, _ = console.core.db.call(accounts.create_api_token, username="editor", actor="test")
    body = {"kind": "qa", "id": "khong-chu-de", "question": "Câu hỏi?", "alt_questions": [], "answer": "Đáp.",
            "topics": [], "citations": [{"doc": "35/2013/QH13", "article": 3}], "sources": [], "reviewed": "2026-11-20"}
    resp = await console.post("/admin/api/entries", json=body, headers={"Authorization": f"Bearer {token}"})
    assert resp.status == 400
    assert await resp.json() == {"error": "Chọn ít nhất một chủ đề", "field": "topics"}


async def test_the_import_report_uses_the_same_plain_sentences(console) -> None:  # type: ignore[no-untyped-def]
    admin = await console.agent("admin")
    broken = qa("hong", "Câu hỏi hỏng?", ["a b"], "")
    broken["topics"], broken["citations"] = [], [{"doc": "99/2099/QH99", "article": 1}]
    registry = {name: (BUNDLED_KNOWLEDGE / name).read_text(encoding="utf-8") for name in REGISTRY_FILES}
    body = _zip({**registry, "qa/hong.yaml": yaml.safe_dump(broken, allow_unicode=True, sort_keys=False)})
    page = await (await admin.http.post(admin.url("/admin/transfer/upload"), data=_upload(admin.csrf, body))).text()
    report = page[page.index('id="report"'):]
    for sentence in ("qa/hong.yaml:", "Chưa có câu trả lời", "Chọn ít nhất một chủ đề",
                     "Căn cứ 1: văn bản 99/2099/QH99 chưa có trong danh mục văn bản"):
        assert sentence in report, sentence
    assert "`" not in report
