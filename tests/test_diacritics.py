"""Marks put back on a message typed without diacritics, learned from the knowledge's own marked text."""

from pathlib import Path

import pytest

from bot.core.diacritics import BREAK, MarkRestorer
from bot.core.normalize import fold, words
from bot.core.query import split_parts
from bot.core.search import SearchIndex
from bot.core.validation import load_knowledge

TEXTS = [
    "Hàng xóm mượn máy cày làm ruộng, trả máy bị gãy trục.",
    "Máy cày cũ bị hỏng thì người mượn có phải đền không?",
    "Mượn máy cày bị gãy trục, máy cày bị hỏng bơm dầu.",
    "Cho mượn máy cày, máy cày bị hỏng.",
    "Cây nhà bên đổ vào mái nhà tôi, cây to rễ ăn sang đất.",
    "Cây xoài trồng sát ranh giới, cành cây chìa sang vườn.",
    "Trồng cây trên đất của người khác.",
    "Cây nhà bên chìa cành sang, cây nhà bên đổ sang sân.",
    *["Bão to, cây nhà bên đổ vào bếp."] * 3,
    "Ông ấy cấy lúa ở ruộng dưới.",
]


def _plain(text: str) -> list[str]:
    return [fold(w) for w in words(text)]


def test_neighbours_decide_which_marked_word_an_unmarked_one_is() -> None:
    restorer = MarkRestorer.from_texts(TEXTS)
    assert restorer.restore(_plain("muon may cay bi gay truc")) == ("mượn", "máy", "cày", "bị", "gãy", "trục")
    assert restorer.restore(_plain("cay nha ben do sang")) == ("cây", "nhà", "bên", "đổ", "sang")


def test_texts_restored_in_one_call_across_a_break_read_as_if_restored_apart() -> None:
    restorer = MarkRestorer.from_texts(TEXTS)
    question, story = _plain("muon may cay trong"), _plain("cay xoai")
    together = restorer.restore([*question, BREAK, *story])
    assert together[: len(question)] == restorer.restore(question)
    assert together[len(question) + 1 :] == restorer.restore(story) == ("cay", "xoài")
    # without the break the words meet: "trồng" on its left makes "cay" the tree
    assert restorer.restore([*question, *story])[len(question)] == "cây"


def test_a_word_whose_reading_stays_uncertain_keeps_no_marks() -> None:
    restorer = MarkRestorer.from_texts(["Cây đổ.", "Cày ruộng.", "Cấy lúa."])
    assert restorer.restore(["cay"]) == ("cay",)


def test_words_the_knowledge_never_uses_come_back_unchanged() -> None:
    restorer = MarkRestorer.from_texts(TEXTS)
    assert restorer.restore(["xyz", "may", "cay", "abc"])[::3] == ("xyz", "abc")
    assert MarkRestorer.from_texts([]).restore(["may", "cay"]) == ("may", "cay")


def test_texts_typed_without_marks_teach_nothing() -> None:
    unmarked = ["hoa giai vien co duoc tra tien khong"] * 50
    restorer = MarkRestorer.from_texts([*unmarked, "Hòa giải viên được hỗ trợ thù lao."])
    assert restorer.restore(_plain("hoa giai vien")) == ("hòa", "giải", "viên")


@pytest.fixture(scope="module")
def bundled() -> SearchIndex:
    return SearchIndex.build(load_knowledge(Path(__file__).parents[1] / "knowledge").knowledge.for_search())


def test_search_reads_an_unmarked_message_with_the_marks_the_knowledge_makes_likely(bundled: SearchIndex) -> None:
    part = split_parts("hang xom muon may cay roi lam hong")[0]
    assert bundled.terms(part).accented == ("hàng", "xóm", "mượn", "máy", "cày", "rồi", "làm", "hỏng")


def test_a_message_typed_with_marks_is_read_as_typed(bundled: SearchIndex) -> None:
    part = split_parts("nhà tôi cho hàng xóm mượn máy cay")[0]
    assert bundled.terms(part).accented == ("nhà", "tôi", "cho", "hàng", "xóm", "mượn", "máy", "cay")


def test_a_message_typed_without_marks_but_a_pasted_name_gets_them_back(bundled: SearchIndex) -> None:
    part = split_parts("hang xom Lò Văn Sắt muon may cay roi lam hong")[0]
    accented = bundled.terms(part).accented
    assert accented[accented.index("máy") + 1] == "cày"
    assert accented[-1] == "hỏng"


def test_marks_a_shorthand_gives_are_kept(bundled: SearchIndex) -> None:
    terms = bundled.terms(split_parts("hgv duoc tra tien ko")[0])
    assert terms.accented[:3] == ("hòa", "giải", "viên")
    assert terms.accented[-1] == "không"


def test_an_unmarked_story_about_a_borrowed_tractor_finds_the_borrowing_entry(bundled: SearchIndex) -> None:
    story = ("Vu mua vua roi nha toi cho ong hang xom muon cai may cay tay de lam ruong, hen muoi ngay tra. "
             "Hai thang sau ong ay moi tra, may bi gay truc, hong bom dau, sua het 6 trieu. Ong ay bao may cu "
             "thi tu hong chu khong phai do ong, khong den. Toi co doi duoc tien sua may khong?")
    outcome = bundled.search(story)
    assert outcome.kind in ("answer", "suggest")
    assert outcome.hits[0].entry.id == "muon-tai-san-bi-hu-hong"
