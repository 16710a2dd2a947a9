"""Danger to life: the phrases trigger the emergency block, look-alikes and the real questions do not, the section is
validated by `hoagiai check`, and the block comes first in the web chat (over real HTTP)."""

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.app import build_core, build_web_app
from bot.core import texts
from bot.core.danger import DangerMatcher
from bot.core.knowledge import BUNDLED_KNOWLEDGE, KnowledgeError, load_lexicon
from bot.core.validation import load_knowledge
from tests.tools_support import add_tool_files, chat

ROOT = Path(__file__).resolve().parents[1]
REAL_SETS = [ROOT / "bench/eval/real.yaml", ROOT / "bench/eval/holdout.yaml", ROOT.parent / "shared/eval/dev.yaml"]
LEXICON = load_lexicon(BUNDLED_KNOWLEDGE / "lexicon.yaml")
MATCH = DangerMatcher(LEXICON.emergency.phrases)

THREATS = [
    "chong say ruou cam dao doa giet vo, vo chay sang nha toi",
    "chồng cầm dao dọa giết vợ",
    "chồng cầm dao doạ giết vợ",  # the tone mark on the other vowel
    "co nguoi uong thuoc sau vi cai nhau voi chong",
    "Em gái tôi vừa ăn lá ngón sau khi cãi nhau với chồng, giờ phải làm sao",
    "thang con say ruou vac dao doi chem bo no",
    "CHỒNG TÔI ĐANG CẦM DAO ĐUỔI CHÉM VỢ",
]
LOOK_ALIKES = [
    "dạo này hàng xóm hay sang chửi", "giá lúa dao động thất thường", "đám cưới nhà bên mở loa to",
    "hai bên đàm phán chia đất", "mâu thuẫn giữa hai nhà về con mương", "nhóm máu của con tôi",
    "bố tôi đi đâm đơn kiện", "cấm đào mương qua ruộng nhà tôi", "từ từ rồi tính", "dao", "dam cuoi o ban",
    "trời rét đậm", "bón đạm cho ngô", "hai ông cầm dao dọa nhau ở bờ mương",
]


def real_questions() -> list[str]:
    found = []
    for path in REAL_SETS:
        if path.exists():
            found += [str(item["q"]) for item in yaml.safe_load(path.read_text(encoding="utf-8"))]
    return found


@pytest.mark.parametrize("text", THREATS)
def test_a_threat_to_life_is_recognized_with_or_without_diacritics(text: str) -> None:
    assert MATCH.find(text) is not None


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alike_words_do_not_trigger(text: str) -> None:
    assert MATCH.find(text) is None


def test_no_question_of_the_evaluation_and_real_question_sets_triggers_the_block() -> None:
    questions = real_questions()
    assert len(questions) >= 240  # real.yaml and holdout.yaml are in the repository
    triggered = {q[:120]: MATCH.find(q) for q in questions if MATCH.find(q)}
    assert triggered == {}


def test_a_single_word_triggers_only_when_typed_with_its_marks() -> None:
    matcher = DangerMatcher(["giết", "cầm dao"])
    assert matcher.find("nó giết người") == "giết"
    assert matcher.find("no giet nguoi") is None  # folded, one word is too ambiguous
    assert matcher.find("no cam dao") == "cầm dao"  # folded inside a phrase it counts
    assert matcher.find("nhà tôi cấm đào") is None  # typed with other marks: another word


def test_the_bundled_section_has_the_verified_numbers_and_no_invented_hotline() -> None:
    numbers = {n.number: n for n in LEXICON.emergency.numbers}
    assert set(numbers) == {"113", "114", "115", "111"}
    assert all(n.source for n in numbers.values())
    block = LEXICON.emergency.block()
    assert block.index("113") < block.index("115") < block.index("111")
    assert "trẻ em" in numbers["111"].when and "hung khí" in block and "công an xã" in block


@pytest.mark.parametrize(("change", "message"), [
    (lambda e: e["numbers"][0].update(number="11a"), "Số điện thoại thứ 1: số gồm 3 đến 5 chữ số (11a)"),
    (lambda e: e.update(phrases=[]), "Cần ít nhất một cụm từ báo nguy hiểm"),
    (lambda e: e.update(text=""), "Lời mở đầu: chưa có nội dung"),
    (lambda e: e["numbers"][1].pop("label"), "Số điện thoại thứ 2, tên gọi: chưa có nội dung"),
])
def test_check_refuses_a_broken_emergency_section_naming_the_line(make_knowledge, change: Any, message: str) -> None:  # type: ignore[no-untyped-def]
    root = make_knowledge([])
    raw = yaml.safe_load((root / "lexicon.yaml").read_text(encoding="utf-8"))
    change(raw["emergency"])
    (root / "lexicon.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    assert caught.value.message == message and caught.value.line > 1


def test_a_lexicon_without_the_section_falls_back_to_the_bundled_one(make_knowledge) -> None:  # type: ignore[no-untyped-def]
    root = make_knowledge([])
    raw = yaml.safe_load((root / "lexicon.yaml").read_text(encoding="utf-8"))
    del raw["emergency"]
    (root / "lexicon.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert load_knowledge(root).knowledge.lexicon.emergency == LEXICON.emergency  # an older database stays safe


@pytest.fixture
async def client(aiohttp_client, settings_for, sample_knowledge: Path):  # type: ignore[no-untyped-def]
    core = build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=add_tool_files(sample_knowledge)))
    return await aiohttp_client(build_web_app(core))


async def test_the_block_comes_first_then_the_normal_answer(client) -> None:  # type: ignore[no-untyped-def]
    data = await chat(client, "w1", text="chồng cầm dao dọa giết vợ, hòa giải viên có được trả thù lao không")
    block, *rest = data["replies"]
    assert block["text"] == LEXICON.emergency.block()
    assert [b["label"] for b in block["buttons"]] == [texts.BTN_ESCALATE_URGENT]
    assert rest and data["outcome"] in ("answer", "suggest", "none")
    form = (await chat(client, "w1", action=block["buttons"][0]["action"]))["replies"][0]
    assert form["text"].startswith(texts.ESC_URGENT_FLAGGED)


async def test_an_ordinary_question_has_no_block(client) -> None:  # type: ignore[no-untyped-def]
    data = await chat(client, "w2", text="dạo này hàng xóm đám cưới mở loa to quá, đàm phán thế nào")
    assert not any(r["text"].startswith("🚨") for r in data["replies"])


async def test_inside_the_scope_check_the_same_question_comes_again(client) -> None:  # type: ignore[no-untyped-def]
    first = (await chat(client, "w3", text="/kiemtra"))["replies"][0]
    nxt = (await chat(client, "w3", action=first["buttons"][-1]["action"]))["replies"][0]
    data = await chat(client, "w3", text="co nguoi uong thuoc sau roi")
    block, again = data["replies"]
    assert block["text"].startswith("🚨")
    assert again["text"] == nxt["text"] and again["buttons"] == nxt["buttons"]


async def test_the_block_is_shown_even_past_the_flood_limit(aiohttp_client, settings_for, sample_knowledge) -> None:  # type: ignore[no-untyped-def]
    client = await aiohttp_client(build_web_app(build_core(settings_for(HOAGIAI_KNOWLEDGE_DIR=sample_knowledge,
                                                                        HOAGIAI_FLOOD_LIMIT=1))))
    await chat(client, "f1", text="thu lao hgv")
    [flooded] = (await chat(client, "f1", text="thu lao hgv"))["replies"]
    assert flooded["text"] == texts.FLOOD
    [block] = (await chat(client, "f1", text="nó đòi tự tử"))["replies"]
    assert block["text"].startswith("🚨")
