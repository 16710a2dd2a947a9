"""The bundled quiz items meet the training brief: enough of them, every article of chapters I-IV of the Law tested
and none of chapter V, each pointing to the published entry that teaches it, written with Vietnamese marks."""

from collections import Counter

from bot.core.knowledge import BUNDLED_KNOWLEDGE
from bot.core.normalize import fold
from bot.core.validation import load_knowledge

KB = load_knowledge(BUNDLED_KNOWLEDGE).knowledge
QUIZ = [e for e in KB.published() if e.kind == "quiz"]
LAW = "35/2013/QH13"


def test_there_are_at_least_eighty_published_items() -> None:
    assert len(QUIZ) >= 80


def test_every_article_of_chapters_one_to_four_is_tested_and_chapter_five_is_not() -> None:
    cited = {c.article for e in QUIZ for c in e.citations if c.doc == LAW}
    assert set(range(1, 31)) <= cited
    assert not cited & {31, 32, 33}


def test_each_item_points_to_a_published_entry_that_teaches_it() -> None:
    for e in QUIZ:
        assert e.related, e.id
        taught = [KB.entries[r] for r in e.related if r in KB.entries]
        assert taught and all(t.status == "published" and t.kind != "quiz" for t in taught), e.id


def test_each_item_cites_an_article_and_explains_every_choice() -> None:
    for e in QUIZ:
        assert any(c.article for c in e.citations), e.id
        assert all(c.get("explanation") for c in e.data["choices"]), e.id


def test_questions_and_choices_carry_vietnamese_marks() -> None:
    bare = [e.id for e in QUIZ if fold(e.title) == e.title.lower()
            or any(fold(c["text"]) == c["text"].lower() and not c["text"].isdigit() for c in e.data["choices"]
                   if len(c["text"].split()) > 2)]
    assert not bare


def test_the_right_answer_is_not_always_in_the_same_place() -> None:
    places = Counter(next(i for i, c in enumerate(e.data["choices"]) if c["correct"]) for e in QUIZ)
    assert len(places) >= 3 and max(places.values()) < 0.5 * len(QUIZ)


def test_practice_covers_safety_and_village_disputes() -> None:
    topics = Counter(t for e in QUIZ for t in e.topics)
    assert topics["bao-luc-an-toan"] >= 8
    assert topics["dat-dai"] + topics["dan-su-lang-xom"] + topics["hon-nhan-gia-dinh"] >= 15
