"""A long story's search stays bounded: of its many tokens only so many are scored, the question's own first."""

import numpy as np

from bot.core.search_data import Postings


def _postings() -> Postings:
    # token 0 (a question word) is in docs 0-3, token 1 (a story word) in doc 5 only, token 2 in docs 6-7
    docs = np.asarray([0, 1, 2, 3, 5, 6, 7], dtype=np.int32)
    return Postings(vocab={"a": 0, "b": 1, "c": 2}, n_docs=20, pair_codes=np.zeros(0, dtype=np.int64),
                    indptr=np.asarray([0, 4, 5, 7], dtype=np.int64), docs=docs,
                    weights=np.ones(len(docs), dtype=np.float32))


def _scored_docs(scores: np.ndarray) -> list[int]:
    return np.flatnonzero(scores > 0).tolist()


def test_without_a_limit_every_token_counts() -> None:
    scores = _postings().scores(np.asarray([0, 1, 2]), np.asarray([1.0, 0.35, 0.35], dtype=np.float32), 20, 1.0)
    assert _scored_docs(scores) == [0, 1, 2, 3, 5, 6, 7]


def test_a_limit_keeps_the_rarest_tokens() -> None:
    scores = _postings().scores(np.asarray([0, 1, 2]), np.asarray([1.0, 0.35, 0.35], dtype=np.float32), 20, 1.0,
                                limit=1)
    assert _scored_docs(scores) == [5]


def test_the_questions_own_words_come_before_the_rarest_of_the_story() -> None:
    scores = _postings().scores(np.asarray([0, 1, 2]), np.asarray([1.0, 0.35, 0.35], dtype=np.float32), 20, 1.0,
                                limit=2, first_from=1.0)
    assert _scored_docs(scores) == [0, 1, 2, 3, 5]
