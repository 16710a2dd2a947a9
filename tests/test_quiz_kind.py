"""The quiz kind: `hoagiai check` refuses broken items (choices, correctness flags, explanations, citations) naming
file and line; valid items keep their canonical layout; quiz items stay out of search but show in the library."""

from pathlib import Path

import pytest

from bot.app import build_core, build_web_app
from bot.cli import main
from bot.core.canonical import dump_entry
from bot.core.validation import load_knowledge
from tests.conftest import SAMPLE
from tests.training_support import quiz_item


def run_check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "--knowledge", str(root)])
    out = capsys.readouterr()
    return code, out.out + out.err


def right(text: str = "Đúng") -> dict:
    return {"text": text, "correct": True, "explanation": "Vì luật nói vậy."}


def wrong(text: str, explanation: str | None = "Sai vì thế.") -> dict:
    return {"text": text, "correct": False, **({"explanation": explanation} if explanation is not None else {})}


@pytest.mark.parametrize(
    ("choices", "expected", "line"),
    [
        ([right(), wrong("B")], "từ 3 đến 4 lựa chọn", 3),
        ([right(), wrong("B"), wrong("C"), wrong("D"), wrong("E")], "từ 3 đến 4 lựa chọn", 3),
        ([wrong("A"), wrong("B"), wrong("C")], "ít nhất một lựa chọn đúng", 3),
        ([right(), wrong("B", None), wrong("C")], "lựa chọn 2 là lựa chọn sai nên phải có `explanation`", 7),
        ([right(), {"text": "B", "correct": "có", "explanation": "x"}, wrong("C")], "`correct` phải là true", 7),
        ([right(), wrong("B"), wrong("B")], "trùng nhau", 3),
        ([right(), {"text": "B", "correct": False, "explanation": "x", "diem": 1}, wrong("C")], "trường lạ", 7),
    ],
    ids=["two-choices", "five-choices", "none-right", "wrong-unexplained", "flag-not-bool", "duplicate",
         "unknown-key"],
)
def test_check_refuses_a_broken_quiz_item_naming_file_and_line(
        make_knowledge, capsys: pytest.CaptureFixture[str], choices: list, expected: str, line: int) -> None:
    root = make_knowledge([("qa", SAMPLE[1])])
    data = {**quiz_item(1, related="thu-lao-hoa-giai-vien"), "choices": choices}
    path = root / "quiz" / "q1.yaml"
    path.parent.mkdir()
    path.write_text(dump_entry("quiz", data), encoding="utf-8")
    code, out = run_check(root, capsys)
    assert code == 1
    assert f"{path}:{line}: " in out and expected in out, out


def test_a_quiz_item_without_a_citation_or_with_an_unknown_document_is_refused(
        make_knowledge, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_knowledge([("qa", SAMPLE[1]), ("quiz", quiz_item(1)), ("quiz", quiz_item(2))])
    for n, citations in ((1, []), (2, [{"doc": "99/2099/QH99", "article": 1}])):
        path = root / "quiz" / f"q{n}.yaml"
        path.write_text(dump_entry("quiz", {**quiz_item(n), "citations": citations}), encoding="utf-8")
    code, out = run_check(root, capsys)
    assert code == 1 and "q1.yaml" in out and "ít nhất một căn cứ" in out and "99/2099/QH99" in out


def test_a_valid_item_is_counted_and_a_right_choice_may_go_unexplained(
        make_knowledge, capsys: pytest.CaptureFixture[str]) -> None:
    data = quiz_item(1)
    data["choices"][0].pop("explanation")
    root = make_knowledge([("qa", SAMPLE[1]), ("quiz", data)])
    code, out = run_check(root, capsys)
    assert code == 0 and "Trắc nghiệm: 1" in out
    text = (root / "quiz" / "q1.yaml").read_text(encoding="utf-8")
    assert text == dump_entry("quiz", data) and "- text: Đáp án đúng của câu 1\n  correct: true\n- text:" in text


async def test_quiz_items_are_not_search_answers_but_are_self_tests_in_the_library(
        aiohttp_client, settings_for, make_knowledge) -> None:  # type: ignore[no-untyped-def]
    root = make_knowledge([("qa", e) for e in SAMPLE] + [("quiz", quiz_item(7))])
    assert "q7" in load_knowledge(root).knowledge.entries
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=root))
    client = await aiohttp_client(build_web_app(core))
    resp = await client.post("/api/chat", json={"session": "s", "text": "Câu hỏi kiểm tra số 7 hòa giải viên nên làm gì"})
    assert all(r["id"] != "q7" for r in (await resp.json())["results"])
    page = await (await client.get("/thu-vien/trac-nghiem/q7")).text()
    assert page.index("Đáp án sai 2 của câu 7") < page.index("Xem đáp án và giải thích") < page.index("Sai vì lý do 2")
    assert "Căn cứ: Luật HGCS (Điều 10)" in page
    shown = await client.post("/api/chat", json={"session": "s", "action": "e:q7"})
    reply = (await shown.json())["replies"][0]
    assert "1. Đáp án đúng của câu 7" in reply["text"] and "Sai vì lý do" not in reply["text"]
    more = await client.post("/api/chat", json={"session": "s", "action": "m:q7:1"})
    assert "❌ 2. Đáp án sai 2 của câu 7: Sai vì lý do 2 (7)." in (await more.json())["replies"][0]["text"]
