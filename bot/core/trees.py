"""A small ensemble of decision trees whose summed leaves give a log-odds (gradient-boosted, fitted offline by
bench/boosting.py): the right-entry model of the decision. Trees read combinations a single weighted sum cannot —
a wide lead means little when the runner-up answers on the same article, a story needs other signals than a
question of five words — and evaluating a few hundred shallow trees costs well under a millisecond."""

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


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

    def log_odds(self, x: Sequence[float]) -> float:
        return self.base + sum(t.leaf(x) for t in self.trees)

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
