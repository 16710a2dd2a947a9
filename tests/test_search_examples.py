"""An entry's examples (questions people really asked) teach search to recognise stories told in other words, and
are never shown to anyone: not as the matched phrasing, not in the library."""

import json
import subprocess
import sys
from pathlib import Path

from bot.core.search import SearchIndex
from bot.core.validation import load_knowledge
from tests.conftest import SAMPLE, qa

STORY_EXAMPLE = ("Nhà tôi ở bản Púng, đàn vịt nhà ông Khu hàng xóm cứ sáng ra là lội xuống ruộng mạ nhà tôi mới "
                 "gieo, mổ sạch mạ non, tôi nói mấy lần ông bảo vịt thì biết đâu mà giữ. Tôi có được bắt đền không?")
ASKED = ("Bà con cho hỏi, mấy con vịt nhà bên cạnh cứ lội vào ruộng mạ mổ hết mạ non mới gieo của nhà tôi, "
         "chủ vịt bảo vịt không biết đường, vậy tôi đòi đền được không ạ?")
ENTRY = qa("gia-cam-pha-ma", "Vật nuôi nhà người khác làm hỏng cây trồng thì ai chịu?",
           ["gia súc phá hoa màu ai đền", "trâu bò ăn lúa"],
           "Chủ vật nuôi phải bồi thường thiệt hại do vật nuôi gây ra, trừ khi người bị thiệt hại có lỗi.",
           article=3)


def _index(make_knowledge, examples: list[str]) -> SearchIndex:
    root = make_knowledge([("qa", e) for e in SAMPLE] + [("qa", {**ENTRY, "examples": examples})])
    return SearchIndex.build(load_knowledge(root).knowledge)


def test_a_story_told_like_an_example_finds_the_entry_the_example_belongs_to(make_knowledge) -> None:
    without = _index(make_knowledge, []).search(ASKED)
    with_examples = _index(make_knowledge, [STORY_EXAMPLE]).search(ASKED)
    assert with_examples.hits and with_examples.hits[0].entry.id == "gia-cam-pha-ma"
    best_without = without.hits[0].score if without.hits and without.hits[0].entry.id == "gia-cam-pha-ma" else 0.0
    assert with_examples.hits[0].score > best_without


def test_an_example_is_never_the_matched_phrasing_nor_a_phrasing_counted(make_knowledge) -> None:
    index = _index(make_knowledge, [STORY_EXAMPLE])
    hit = index.search(STORY_EXAMPLE).hits[0]
    assert hit.entry.id == "gia-cam-pha-ma"
    assert hit.matched in (ENTRY["question"], *ENTRY["alt_questions"])
    assert index.size == sum(1 + len(e["alt_questions"]) for e in [*SAMPLE, ENTRY])


def test_ask_json_never_returns_an_example(make_knowledge, tmp_path: Path) -> None:
    root = make_knowledge([("qa", e) for e in SAMPLE] + [("qa", {**ENTRY, "examples": [STORY_EXAMPLE]})])
    out = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", "--knowledge", str(root), STORY_EXAMPLE],
                         capture_output=True, text=True, check=True, cwd=Path(__file__).parents[1]).stdout
    result = json.loads(out)["results"][0]
    assert result["matched"] != STORY_EXAMPLE and "vịt nhà ông Khu" not in json.dumps(result, ensure_ascii=False)


def test_examples_are_checked_like_other_lines(make_knowledge) -> None:
    root = make_knowledge([("qa", {**ENTRY, "examples": [STORY_EXAMPLE, STORY_EXAMPLE]})])
    problems = load_knowledge(root).errors
    assert any(p.field.startswith("examples") and "hai mục giống nhau" in p.message for p in problems), problems
