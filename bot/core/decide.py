"""Answer, suggest, or say honestly that nothing fits: decided from how well the best entry covers the question.

Two models read the same few signals of the best hit (its score and lead over the runner-up and over the first
entry that answers on another legal basis, how much of the question the entry explains, whether its three heaviest
words are there, whether the question's words and word pairs occur in the knowledge at all): a logistic model
estimates that the question is within what the assistant knows, boosted trees (`trees.Forest`) that the best entry
is the right one. Both are fitted on the development sets by bench/tune_search.py and kept in SearchConfig.
"""

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from bot.core.basis import BASIS_SIGNALS
from bot.core.ranking import FEATURES
from bot.core.trees import Forest

OutcomeKind = Literal["answer", "suggest", "none"]
DECISION_FEATURES = ("score", "margin", "union", "focus", "recall", "precision", "known", "pairs", "ratio", "domain",
                     "pair_cover", "agree", "profile", "profile_lead", "phrase_agree") + BASIS_SIGNALS + ("domain_question",)
_F = {name: i for i, name in enumerate(FEATURES)}


def decision_vector(hits: Sequence[tuple[float, npt.NDArray[np.float32] | Sequence[float]]],
                    domain: float, pair_cover: float, phrase_agree: bool = False,
                    basis: Sequence[float] = (0.0, 0.0, 0.0), domain_question: float | None = None) -> list[float]:
    """The signals of the best hit (score, features, among them how many of the nearest examples are its own), its
    lead over the second, the domain score, whether the ranking without entry profiles puts the same entry first,
    its lead over other legal bases (`basis.basis_signals`) and the domain score of the question part alone (a story
    of village life that asks about paperwork or prices leans out only there; the whole message's score when not
    given), in DECISION_FEATURES order."""
    own = domain if domain_question is None else domain_question
    if not hits:
        before = DECISION_FEATURES.index("domain")
        return [0.0] * before + [domain, pair_cover] + [0.0] * (len(DECISION_FEATURES) - before - 3) + [own]
    score, f = hits[0]
    second = hits[1][0] if len(hits) > 1 else 0.0
    return [float(score), float(score - second), float(f[_F["union"]]), float(f[_F["focus"]]),
            float(f[_F["recall"]]), float(f[_F["precision"]]), float(f[_F["known"]]), float(f[_F["pairs"]]),
            float(f[_F["ratio"]]), domain, pair_cover, float(f[_F["votes"]]), float(f[_F["profile"]]),
            float(f[_F["profile_lead"]]), float(phrase_agree), *map(float, basis), own]


def probability(weights: Sequence[float], x: Sequence[float]) -> float:
    """A logistic model: weights in DECISION_FEATURES order, bias last."""
    z = sum(w * v for w, v in zip(weights, x, strict=False)) + weights[-1]
    return 1 / (1 + math.exp(-max(min(z, 40.0), -40.0)))


def lead(x: Sequence[float]) -> float:
    """How far the best hit leads the second, relative to its score."""
    return x[1] / x[0] if x[0] > 0 else 0.0


SHORT = 3  # a question of at most this many words that fits two entries alike is ambiguous ("ma": ghost or funeral)
QUESTION_WORDS = 12  # a message of SHORT+1 to this many words is a question, not a story: it has its own threshold


def decide(x: Sequence[float], scope_model: Sequence[float], right_model: Forest,
           scope_threshold: float, answer_threshold: float, min_lead: float, n_words: int,
           answer_scope_threshold: float = 0.0, question_threshold: float | None = None) -> OutcomeKind:
    """None below the in-scope threshold; an answer when the question is surely in scope (`answer_scope_threshold`)
    and the right-entry model is sure enough (and, for a question of a few words, no other entry fits within
    `min_lead` of the best); suggestions otherwise. Two scope thresholds: a village story that fits no entry well
    still gets suggestions, while only a question surely within the knowledge gets a direct answer. A question of
    more than SHORT and at most QUESTION_WORDS words is judged against `question_threshold` when given: the
    right-entry model is surer of such questions than of stories, and one threshold for both would be too bold for
    one or too shy for the other; one to three words ("ma") are often ambiguous and keep the stricter one."""
    in_scope = probability(scope_model, x)
    if in_scope < scope_threshold:
        return "none"
    threshold = question_threshold if question_threshold is not None and SHORT < n_words <= QUESTION_WORDS \
        else answer_threshold
    if in_scope >= answer_scope_threshold and right_model.probability(x) >= threshold and \
            (n_words > SHORT or lead(x) >= min_lead):
        return "answer"
    return "suggest"
