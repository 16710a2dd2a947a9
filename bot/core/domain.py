"""Does a question sound like the knowledge at all? A naive Bayes model of words and word pairs.

The knowledge's own phrasings and answers are the examples of what the assistant covers; the lexicon's
`out_of_scope` list (prices, weather, farming, paperwork such as land certificates and ID cards: questions editors
saw the assistant should not answer) gives the examples of what it does not. The score is the mean log-odds of
the question's words and pairs, so a question about "thủ tục làm sổ đỏ" leans out even though "sổ đỏ" also
appears in land-dispute answers. It is one signal of the decision (`decide.py`), never the only one.
"""

import math
from collections import Counter
from collections.abc import Iterable, Sequence

from bot.core.normalize import Normalizer

_SMOOTH = 0.5


def _features(words: Sequence[str]) -> set[str]:
    return set(words) | {f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)}


class DomainModel:
    """Counts of words and word pairs in and out of the domain; immutable once built."""

    def __init__(self, inside: Iterable[str], outside: Iterable[str], normalizer: Normalizer) -> None:
        self._in: Counter[str] = Counter()
        self._out: Counter[str] = Counter()
        self._n_in = self._n_out = 0
        for text in inside:
            self._in.update(_features(normalizer(text).folded))
            self._n_in += 1
        for text in outside:
            self._out.update(_features(normalizer(text).folded))
            self._n_out += 1

    @property
    def trained(self) -> bool:
        return self._n_out > 0 and self._n_in > 0

    def score(self, words: Sequence[str]) -> float:
        """Mean log-odds (inside over outside) of the features seen in training; 0 when none was seen."""
        if not self.trained:
            return 0.0
        total, seen = 0.0, 0
        for f in _features(words):
            a, b = self._in.get(f, 0), self._out.get(f, 0)
            if a or b:
                total += math.log(((a + _SMOOTH) / (self._n_in + 1)) / ((b + _SMOOTH) / (self._n_out + 1)))
                seen += 1
        return total / math.sqrt(seen) if seen else 0.0
