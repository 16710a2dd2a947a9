"""Gradient-boosted trees for a yes/no target (logistic loss, Newton steps), small and deterministic: the right-entry
model of the decision (bot/core/trees.py evaluates it). A developer tool run by tune_search.py, not at run time.

Each tree is grown depth-first to `depth` levels; splits are tried at up to `bins` quantiles of each feature and
kept when they gain more than `min_gain` with at least `min_weight` of Hessian on both sides."""

from dataclasses import dataclass

import numpy as np

from bot.core.trees import Forest, Tree


@dataclass(frozen=True)
class BoostParams:
    trees: int = 300
    depth: int = 3
    learning_rate: float = 0.05
    l2: float = 1.0
    min_weight: float = 2.0  # Hessian on each side of a split (samples weigh about p(1-p) each, weighted)
    min_gain: float = 0.0
    bins: int = 32


def _cuts(x: np.ndarray, bins: int) -> list[np.ndarray]:
    """Candidate thresholds per feature: midpoints between neighbouring distinct quantiles."""
    cuts = []
    for col in x.T:
        q = np.unique(np.quantile(col, np.linspace(0, 1, bins + 1)))
        cuts.append((q[:-1] + q[1:]) / 2 if len(q) > 1 else np.zeros(0))
    return cuts


class _Grower:
    def __init__(self, binned: np.ndarray, cuts: list[np.ndarray], params: BoostParams) -> None:
        self.binned, self.cuts, self.p = binned, cuts, params
        self.nodes: list[list[float]] = []  # feature, threshold, left, right, value of the tree being grown

    def grow(self, g: np.ndarray, h: np.ndarray) -> Tree:
        self.nodes = []
        self._node(np.arange(len(g)), g, h, 0)
        cols = list(zip(*self.nodes, strict=True))
        return Tree(tuple(int(v) for v in cols[0]), tuple(float(v) for v in cols[1]), tuple(int(v) for v in cols[2]),
                    tuple(int(v) for v in cols[3]), tuple(float(v) for v in cols[4]))

    def _node(self, idx: np.ndarray, g: np.ndarray, h: np.ndarray, level: int) -> int:
        me = len(self.nodes)
        self.nodes.append([-1, 0.0, -1, -1, 0.0])
        G, H = float(g[idx].sum()), float(h[idx].sum())
        split = self._best_split(idx, g, h, G, H) if level < self.p.depth else None
        if split is None:
            self.nodes[me][4] = -G / (H + self.p.l2) * self.p.learning_rate
            return me
        f, b = split
        go_left = self.binned[idx, f] <= b
        left = self._node(idx[go_left], g, h, level + 1)
        right = self._node(idx[~go_left], g, h, level + 1)
        self.nodes[me][:4] = [f, float(self.cuts[f][b]), left, right]
        return me

    def _best_split(self, idx: np.ndarray, g: np.ndarray, h: np.ndarray, G: float, H: float) -> tuple[int, int] | None:
        lam, best, where = self.p.l2, self.p.min_gain, None
        parent = G * G / (H + lam)
        for f, cuts in enumerate(self.cuts):
            if not len(cuts):
                continue
            b = self.binned[idx, f]
            gl = np.cumsum(np.bincount(b, weights=g[idx], minlength=len(cuts) + 1))[:-1]
            hl = np.cumsum(np.bincount(b, weights=h[idx], minlength=len(cuts) + 1))[:-1]
            gr, hr = G - gl, H - hl
            ok = (hl >= self.p.min_weight) & (hr >= self.p.min_weight)
            if not ok.any():
                continue
            gain = np.where(ok, gl * gl / (hl + lam) + gr * gr / (hr + lam) - parent, -np.inf)
            k = int(np.argmax(gain))
            if gain[k] > best:
                best, where = float(gain[k]), (f, k)
        return where


def fit_forest(x: np.ndarray, y: np.ndarray, features: tuple[str, ...], params: BoostParams = BoostParams(),
               sample_weight: np.ndarray | None = None) -> Forest:
    """Boosted trees whose summed leaves estimate the log-odds that y is true."""
    w = np.ones(len(y)) if sample_weight is None else sample_weight / sample_weight.mean()
    cuts = _cuts(x, params.bins)
    binned = np.stack([np.searchsorted(c, col, side="left") for c, col in zip(cuts, x.T, strict=True)], axis=1)
    prior = float(np.clip(np.average(y, weights=w), 1e-4, 1 - 1e-4))
    base = float(np.log(prior / (1 - prior)))
    z = np.full(len(y), base)
    grower, trees = _Grower(binned, cuts, params), []
    for _ in range(params.trees):
        p = 1 / (1 + np.exp(-z))
        tree = grower.grow(w * (p - y), w * p * (1 - p))
        trees.append(tree)
        z += _leaves(tree, x)
    return Forest(features, base, tuple(trees))


def _leaves(tree: Tree, x: np.ndarray) -> np.ndarray:
    """A tree's leaf values for many rows at once."""
    node = np.zeros(len(x), dtype=np.int64)
    feature, threshold = np.asarray(tree.feature), np.asarray(tree.threshold)
    left, right, value = np.asarray(tree.left), np.asarray(tree.right), np.asarray(tree.value)
    for _ in range(64):
        inner = feature[node] >= 0
        if not inner.any():
            break
        rows = np.nonzero(inner)[0]
        f = feature[node[rows]]
        go_left = x[rows, f] <= threshold[node[rows]]
        node[rows] = np.where(go_left, left[node[rows]], right[node[rows]])
    return value[node]


def predict(forest: Forest, x: np.ndarray) -> np.ndarray:
    """Probabilities for many rows (the same as Forest.probability row by row)."""
    z = np.full(len(x), forest.base) + sum((_leaves(t, x) for t in forest.trees), np.zeros(len(x)))
    return 1 / (1 + np.exp(-np.clip(z, -40, 40)))
