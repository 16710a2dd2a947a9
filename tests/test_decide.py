"""The answer / suggest / none rule: a question of a few words and a story are held to their own right-entry
thresholds, and one to three words (often ambiguous) to the stricter one."""

import math

from bot.core.decide import DECISION_FEATURES, QUESTION_WORDS, SHORT, decide
from bot.core.trees import Forest


def _model(probability: float) -> list[float]:
    """A logistic model that says `probability` whatever the signals (zero weights, the bias only)."""
    return [0.0] * len(DECISION_FEATURES) + [math.log(probability / (1 - probability))]


def _forest(probability: float) -> Forest:
    """A right-entry forest that says `probability` whatever the signals (no trees, the base only)."""
    return Forest(DECISION_FEATURES, math.log(probability / (1 - probability)), ())


X = [0.5] * len(DECISION_FEATURES)
SURELY_IN_SCOPE = _model(0.99)
FAIRLY_SURE = _forest(0.9)  # above the question threshold below, under the story threshold


def _decide(n_words: int, question_threshold: float | None = 0.86) -> str:
    return decide(X, SURELY_IN_SCOPE, FAIRLY_SURE, 0.3, 0.97, 0.02, n_words, 0.3, question_threshold)


def test_a_short_question_is_answered_where_a_story_as_sure_gets_suggestions() -> None:
    assert _decide(QUESTION_WORDS) == "answer"
    assert _decide(QUESTION_WORDS + 1) == "suggest"


def test_one_to_three_words_keep_the_stricter_threshold() -> None:
    assert _decide(SHORT) == "suggest" and _decide(SHORT + 1) == "answer"


def test_without_a_question_threshold_short_questions_keep_the_story_threshold() -> None:
    assert _decide(QUESTION_WORDS, question_threshold=None) == "suggest"


def test_out_of_scope_is_none_whatever_the_length() -> None:
    assert decide(X, _model(0.1), FAIRLY_SURE, 0.3, 0.97, 0.02, 5, 0.3, 0.5) == "none"


def test_the_question_parts_own_domain_score_is_a_signal_of_its_own() -> None:
    from bot.core.decide import decision_vector

    hits = [(1.0, [0.0] * 64), (0.5, [0.0] * 64)]
    given = decision_vector(hits, 0.8, 0.5, domain_question=-1.5)
    assert given[DECISION_FEATURES.index("domain")] == 0.8
    assert given[DECISION_FEATURES.index("domain_question")] == -1.5
    assert decision_vector(hits, 0.8, 0.5)[DECISION_FEATURES.index("domain_question")] == 0.8  # one part: the same
    empty = decision_vector([], 0.8, 0.5, domain_question=-1.5)
    assert len(empty) == len(DECISION_FEATURES) and empty[-1] == -1.5 and empty[DECISION_FEATURES.index("domain")] == 0.8
