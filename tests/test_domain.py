"""Whether a message sounds like the knowledge at all (`domain.py`): the mean log-odds of its words and neighbouring
pairs, inside the knowledge against the lexicon's out-of-scope examples."""

from pathlib import Path

import pytest

from bot.core.query import Part
from bot.core.search import SearchIndex
from bot.core.validation import load_knowledge

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bundled() -> SearchIndex:
    return SearchIndex.build(load_knowledge(ROOT / "knowledge").knowledge)


def _scores(index: SearchIndex, question: str, context: str = "") -> tuple[float, float]:
    terms = index.terms(Part(question, context))
    return index.domain.scores(terms.words, terms.ids, terms.n_question)


def test_a_question_about_mediation_leans_in_and_a_price_question_leans_out(bundled: SearchIndex) -> None:
    inside, _ = _scores(bundled, "hòa giải viên có những nghĩa vụ gì")
    outside, _ = _scores(bundled, "giá lúa hôm nay bao nhiêu")
    assert inside > 0 > outside
    assert _scores(bundled, "gia lua hom nay bao nhieu") == _scores(bundled, "giá lúa hôm nay bao nhiêu")


def test_a_word_only_the_out_of_scope_examples_use_still_counts(bundled: SearchIndex) -> None:
    assert bundled.terms(Part("tộp")).ids.tolist() == [-1]  # the knowledge never uses it
    assert _scores(bundled, "tộp")[0] < 0
    assert _scores(bundled, "xyzqw") == (0.0, 0.0)  # nobody uses it: no evidence either way


def test_the_question_part_scores_as_the_question_alone_and_the_story_moves_only_the_whole(
        bundled: SearchIndex) -> None:
    alone, _ = _scores(bundled, "hòa giải viên có những nghĩa vụ gì")
    whole, question = _scores(bundled, "hòa giải viên có những nghĩa vụ gì", "nhà tôi bán lúa ở chợ, giá lúa hôm nay")
    assert question == alone
    assert whole < alone
