"""A small ensemble of decision trees whose summed leaves give a log-odds (gradient-boosted, fitted offline by
bench/boosting.py): the right-entry model of the decision. Trees read combinations a single weighted sum cannot —
a wide lead means little when the runner-up answers on the same article, a story needs other signals than a
question of five words — and evaluating a few hundred shallow trees costs well under a millisecond."""

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class Tree:
    """Nodes in arrays: an inner node sends x to `left` when x[feature] <= threshold, else to `right`; a leaf has
    feature -1 and its log-odds contribution in `value`."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    def leaf(self, x: Sequence[float]) -> float:
        node = 0
        while self.feature[node] >= 0:
            node = self.left[node] if x[self.feature[node]] <= self.threshold[node] else self.right[node]
        return self.value[node]


@dataclass(frozen=True)
class Forest:
    """Boosted trees over a vector of named features; `base` is the log-odds before any tree."""

    features: tuple[str, ...]
    base: float
    trees: tuple[Tree, ...]
    _flat: "_FlatTrees" = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_flat", _FlatTrees.of(self.trees))

    def log_odds(self, x: Sequence[float]) -> float:
        return self.base + self._flat.leaf_sum(x)

    def probability(self, x: Sequence[float]) -> float:
        z = max(min(self.log_odds(x), 40.0), -40.0)
        return 1 / (1 + math.exp(-z))

    def to_json(self) -> str:
        """One tree per line, so that a refit shows in a diff as the trees it changed."""
        head = json.dumps({"features": list(self.features), "base": round(self.base, 6)}, ensure_ascii=False)
        lines = [json.dumps([list(t.feature), [round(v, 6) for v in t.threshold], list(t.left), list(t.right),
                             [round(v, 6) for v in t.value]]) for t in self.trees]
        return "{\n\"head\": " + head + ",\n\"trees\": [\n" + ",\n".join(lines) + "\n]}\n"

    @classmethod
    def from_json(cls, text: str) -> "Forest":
        data = json.loads(text)
        trees = tuple(Tree(*(tuple(part) for part in t)) for t in data["trees"])
        return cls(tuple(data["head"]["features"]), float(data["head"]["base"]), trees)

    @classmethod
    def load(cls, path: Path) -> "Forest":
        return cls.from_json(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class _FlatTrees:
    """All trees' nodes in shared arrays, walked one level at a time for every tree at once (a leaf points to
    itself), so a few hundred trees cost a dozen array operations instead of a Python loop per node. The leaves are
    summed in tree order, as the loop would, so the result is the same to the last bit."""

    feature: npt.NDArray[np.int64]  # a leaf's feature is 0 and its threshold +inf: it sends x to itself
    threshold: npt.NDArray[np.float64]
    left: npt.NDArray[np.int64]
    right: npt.NDArray[np.int64]
    value: npt.NDArray[np.float64]
    roots: npt.NDArray[np.int64]
    depth: int

    @classmethod
    def of(cls, trees: Sequence[Tree]) -> "_FlatTrees":
        feature: list[int] = []
        threshold: list[float] = []
        left: list[int] = []
        right: list[int] = []
        value: list[float] = []
        roots: list[int] = []
        for t in trees:
            start = len(feature)
            roots.append(start)
            for i, f in enumerate(t.feature):
                leaf = f < 0
                feature.append(0 if leaf else f)
                threshold.append(math.inf if leaf else t.threshold[i])
                left.append(start + (i if leaf else t.left[i]))
                right.append(start + (i if leaf else t.right[i]))
                value.append(t.value[i])
        return cls(np.asarray(feature, dtype=np.int64), np.asarray(threshold, dtype=np.float64),
                   np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64),
                   np.asarray(value, dtype=np.float64), np.asarray(roots, dtype=np.int64),
                   max((_depth(t) for t in trees), default=0))

    def leaf_sum(self, x: Sequence[float]) -> float:
        if not len(self.roots):
            return 0.0
        xs = np.asarray(x, dtype=np.float64)
        node = self.roots
        for _ in range(self.depth):
            node = np.where(xs[self.feature[node]] <= self.threshold[node], self.left[node], self.right[node])
        leaves: list[float] = self.value[node].tolist()
        return sum(leaves)


def _depth(tree: Tree, node: int = 0) -> int:
    if tree.feature[node] < 0:
        return 0
    return 1 + max(_depth(tree, tree.left[node]), _depth(tree, tree.right[node]))
