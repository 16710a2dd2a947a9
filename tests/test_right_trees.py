"""The right-entry model is a small forest of boosted trees: fitted offline, stored as JSON, read back the same, and
able to learn what a weighted sum cannot (a signal that matters only together with another)."""

import numpy as np

from bench.boosting import BoostParams, fit_forest, predict
from bot.core.decide import DECISION_FEATURES
from bot.core.search import RIGHT_MODEL_FILE
from bot.core.trees import Forest, Tree

SMALL = BoostParams(trees=60, depth=2, learning_rate=0.3, min_weight=1.0)


def _xor(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.random((n, 3))
    return x, ((x[:, 0] > 0.5) ^ (x[:, 1] > 0.5)).astype(float)


def test_trees_learn_a_signal_that_counts_only_together_with_another() -> None:
    x, y = _xor(600, 1)
    forest = fit_forest(x, y, ("a", "b", "noise"), SMALL)
    x_new, y_new = _xor(300, 2)
    accuracy = float(((predict(forest, x_new) >= 0.5) == (y_new == 1)).mean())
    assert accuracy > 0.9


def test_a_forest_read_back_from_json_gives_the_same_probabilities() -> None:
    x, y = _xor(300, 3)
    forest = fit_forest(x, y, ("a", "b", "noise"), SMALL)
    again = Forest.from_json(forest.to_json())
    for row in x[:40]:
        assert abs(again.probability(row) - forest.probability(row)) < 1e-4
    assert np.allclose(predict(forest, x[:40]), [forest.probability(r) for r in x[:40]])


def test_weighted_rows_pull_the_forest_towards_their_label() -> None:
    x = np.zeros((200, 1))
    y = np.r_[np.ones(100), np.zeros(100)]
    heavy_yes = fit_forest(x, y, ("a",), SMALL, np.r_[np.full(100, 9.0), np.ones(100)])
    assert heavy_yes.probability([0.0]) > 0.85


def test_the_bundled_right_model_reads_every_decision_signal() -> None:
    forest = Forest.load(RIGHT_MODEL_FILE)
    assert forest.features == DECISION_FEATURES and len(forest.trees) > 0
    used = {f for t in forest.trees for f in t.feature if f >= 0}
    assert max(used) < len(DECISION_FEATURES)


def test_trees_of_uneven_depth_give_the_sum_of_each_trees_leaf() -> None:
    stump = Tree((-1,), (0.0,), (-1,), (-1,), (0.25,))
    one = Tree((0, -1, -1), (0.5, 0.0, 0.0), (1, -1, -1), (2, -1, -1), (0.0, -1.0, 2.0))
    lopsided = Tree((1, -1, 0, -1, -1), (0.3, 0.0, 0.7, 0.0, 0.0), (1, -1, 3, -1, -1), (2, -1, 4, -1, -1),
                    (0.0, 0.5, 0.0, -0.75, 1.5))
    forest = Forest(("a", "b"), -0.1, (stump, one, lopsided))
    for x in ([0.0, 0.0], [0.6, 0.2], [0.6, 0.5], [0.9, 0.9], [0.5, 0.3], [float("nan"), 1.0]):
        assert forest.log_odds(x) == -0.1 + sum(t.leaf(x) for t in forest.trees)
    assert forest.log_odds([0.9, 0.9]) == -0.1 + 0.25 + 2.0 + 1.5
