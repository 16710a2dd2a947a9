"""The bundled knowledge meets the content brief: counts, coverage of every article, phrasings, citations."""

from collections import Counter

import pytest

from bot.core.knowledge import BUNDLED_KNOWLEDGE
from bot.core.normalize import fold
from bot.core.validation import load_knowledge

KB = load_knowledge(BUNDLED_KNOWLEDGE).knowledge
PUBLISHED = KB.published()


def test_counts_per_kind_meet_the_brief() -> None:
    counts = Counter(e.kind for e in PUBLISHED)
    assert counts["qa"] >= 150 and counts["scenario"] >= 30 and counts["leaflet"] >= 6 and counts["skit"] >= 3


def test_every_article_of_the_law_is_cited_by_a_published_entry() -> None:
    cited = {c.article for e in PUBLISHED for c in e.citations if c.doc == "35/2013/QH13"}
    assert set(range(1, 34)) <= cited


def test_the_topic_tree_has_eight_to_twelve_top_level_topics() -> None:
    top = [t for t in KB.topics.values() if t.parent is None]
    assert 8 <= len(top) <= 12


@pytest.mark.parametrize("entry", [e for e in PUBLISHED if e.kind == "qa"], ids=lambda e: e.id)
def test_each_qa_has_varied_phrasings_including_one_without_diacritics(entry) -> None:  # type: ignore[no-untyped-def]
    alts = entry.alt_questions
    assert len(alts) >= 4
    assert any(fold(q) == q.lower() for q in alts), "one alternate question typed without diacritics"
    # a keyword phrase: 2–4 Vietnamese words are up to about 9 syllables ("giá trị pháp lý văn bản hòa giải thành")
    assert any(len(q.split()) <= 9 for q in alts), "one alternate question of a few keywords"
    assert len(entry.answer) <= 900 and "Căn cứ:" not in entry.answer


@pytest.mark.parametrize("entry", [e for e in PUBLISHED if e.kind in ("scenario", "leaflet", "skit")],
                         ids=lambda e: e.id)
def test_scenarios_leaflets_and_skits_have_at_least_three_phrasings(entry) -> None:  # type: ignore[no-untyped-def]
    assert len(entry.alt_questions) >= 3


def test_every_entry_cites_at_least_one_document_and_article() -> None:
    assert all(any(c.article for c in e.citations) or e.citations for e in PUBLISHED)
    uncited = [e.id for e in PUBLISHED if not any(c.article for c in e.citations)]
    assert not uncited, f"entries citing only whole documents: {uncited}"


def test_user_visible_text_carries_vietnamese_diacritics() -> None:
    """Titles and answers are written with marks (only alternate questions may be typed without)."""
    bare = [e.id for e in PUBLISHED if fold(e.title) == e.title.lower() or fold(e.answer) == e.answer.lower()]
    assert not bare
