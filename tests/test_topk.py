"""The k best rows of a score array: the same scores as a full sort, on short arrays and on long ones whose scores
tie by the thousand (near-identical phrasings), positives only."""

import numpy as np
import pytest

from bot.core.topk import SAMPLED_FROM, top_rows


def _tied_scores(n: int, distinct: int, zero_share: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    values = rng.random(distinct).astype(np.float32) * 10
    scores = values[rng.integers(0, distinct, n)]
    scores[rng.random(n) < zero_share] = 0.0
    return scores


def _best_scores(scores: np.ndarray, k: int) -> list[float]:
    positive = np.sort(scores[scores > 0])[::-1]
    return sorted(positive[:k].tolist())


@pytest.mark.parametrize("n", [500, SAMPLED_FROM - 1, SAMPLED_FROM, 354_000])
@pytest.mark.parametrize(("distinct", "zero_share"), [(300, 0.9), (5, 0.5), (100_000, 0.0)])
@pytest.mark.parametrize("k", [1, 12, 60])
def test_the_k_rows_found_hold_the_k_best_scores(n: int, distinct: int, zero_share: float, k: int) -> None:
    scores = _tied_scores(n, distinct, zero_share, seed=n + k)
    rows = top_rows(scores, k)
    assert len(set(rows.tolist())) == len(rows) == min(k, int((scores > 0).sum()))
    assert sorted(scores[rows].tolist()) == _best_scores(scores, k)


@pytest.mark.parametrize("n", [50, 100_000])
def test_only_positive_scores_are_rows_worth_returning(n: int) -> None:
    scores = np.zeros(n, dtype=np.float32)
    scores[[3, 17, 40]] = [0.5, 2.0, 1.0]
    assert sorted(top_rows(scores, 10).tolist()) == [3, 17, 40]
    assert top_rows(np.zeros(n, dtype=np.float32), 10).tolist() == []


def test_asking_for_more_rows_than_there_are_returns_every_positive_row() -> None:
    scores = np.asarray([0.0, 3.0, 1.0], dtype=np.float32)
    assert sorted(top_rows(scores, 10).tolist()) == [1, 2]


@pytest.mark.parametrize("n", [500, SAMPLED_FROM, 100_000])
def test_rows_tied_at_the_kth_score_are_taken_first_rows_first(n: int) -> None:
    scores = np.zeros(n, dtype=np.float32)
    scores[::7] = 1.0  # hundreds of rows tie
    scores[[5, 300]] = 2.0
    rows = sorted(top_rows(scores, 12).tolist())
    assert rows == sorted([5, 300, *range(0, 70, 7)])
