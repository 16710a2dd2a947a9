"""Does a question sound like the knowledge at all? A naive Bayes model of words and word pairs.

The knowledge's own phrasings and answer starts are the examples of what the assistant covers; the lexicon's
`out_of_scope` list (prices, weather, farming, paperwork such as land certificates and ID cards: questions editors
saw the assistant should not answer) gives the examples of what it does not. The score is the mean log-odds of
the question's words and pairs, so a question about "thủ tục làm sổ đỏ" leans out even though "sổ đỏ" also
appears in land-dispute answers. It is one signal of the decision (`decide.py`), never the only one.

The inside counts come from the index's own arrays (one document per phrasing), so the model costs a few array
operations to build even for 100,000 phrasings.
"""

import math
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from bot.core.normalize import Normalizer
from bot.core.search_data import IntArray, SearchData

_SMOOTH = 0.5


def _features(words: Sequence[str]) -> set[str]:
    return set(words) | {f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)}


class DomainModel:
    """Document counts of words and word pairs inside the knowledge and in the out-of-scope examples."""

    def __init__(self, data: SearchData, outside: Iterable[str], normalizer: Normalizer) -> None:
        self._data = data
        self._n_in = len(data.texts)
        self._word_in = np.bincount(data.uniq.ids, minlength=len(data.vocab)) if len(data.uniq.ids) else \
            np.zeros(len(data.vocab), dtype=np.int64)
        self._pair_codes, self._pair_in = _pair_document_counts(data)
        self._out: Counter[str] = Counter()
        self._n_out = 0
        for text in outside:
            self._out.update(_features(normalizer(text).folded))
            self._n_out += 1
        # The pseudo-count of a feature inside the knowledge: the usual one when the knowledge has at least as many
        # phrasings as there are out-of-scope examples (any real knowledge base); proportionally smaller below that,
        # or a word seen only off-topic ("thời tiết") would look nearly as likely inside a five-entry knowledge base
        # as outside it.
        self._smooth_in = _SMOOTH * min(1.0, self._n_in / self._n_out) if self._n_out else _SMOOTH

    @property
    def trained(self) -> bool:
        return self._n_out > 0 and self._n_in > 0

    def _inside(self, features: Sequence[str]) -> IntArray:
        """In how many phrasings each feature (a word, or a pair "a_b") occurs, looked up for all at once."""
        vocab = self._data.vocab
        word_ids = np.zeros(len(features), dtype=np.int64)
        codes = np.zeros(len(features), dtype=np.int64)
        kind = np.zeros(len(features), dtype=np.int8)  # 1 word, 2 pair, 0 unknown to the knowledge
        for i, f in enumerate(features):
            a, sep, b = f.partition("_")
            if not sep:
                if (tid := vocab.get(f)) is not None:
                    word_ids[i], kind[i] = tid, 1
            elif (ia := vocab.get(a)) is not None and (ib := vocab.get(b)) is not None:
                codes[i], kind[i] = (ia << 32) | ib, 2
        counts = np.zeros(len(features), dtype=np.int64)
        known = kind == 1
        counts[known] = self._word_in[word_ids[known]]
        pairs = np.flatnonzero(kind == 2)
        if len(pairs) and len(self._pair_codes):
            pos = np.minimum(np.searchsorted(self._pair_codes, codes[pairs]), len(self._pair_codes) - 1)
            counts[pairs] = np.where(self._pair_codes[pos] == codes[pairs], self._pair_in[pos], 0)
        return counts

    def scores(self, words: Sequence[str], question: Sequence[str]) -> tuple[float, float]:
        """The score of the whole message and of its question part, `question` being its first words: the question's
        features are among the message's, so their counts are looked up once."""
        if not self.trained:
            return 0.0, 0.0
        features = list(_features(words))
        inside = self._inside(features)
        whole = self._mean_log_odds(features, inside)
        if len(question) == len(words):
            return whole, whole
        own = _features(question)
        mine = np.fromiter((f in own for f in features), dtype=bool, count=len(features))
        return whole, self._mean_log_odds([f for f, m in zip(features, mine.tolist(), strict=True) if m], inside[mine])

    def _mean_log_odds(self, features: Sequence[str], inside: IntArray) -> float:
        """Mean log-odds (inside over outside) of the features seen in training; 0 when none was seen."""
        outside = np.fromiter(map(self._out.__getitem__, features), dtype=np.float64, count=len(features))
        seen = (inside > 0) | (outside > 0)
        if not seen.any():
            return 0.0
        odds = ((inside[seen] + self._smooth_in) / (self._n_in + 1)) / ((outside[seen] + _SMOOTH) / (self._n_out + 1))
        # an exact sum: the same whatever order the set of features comes in (it depends on the hash seed)
        return math.fsum(np.log(odds).tolist()) / math.sqrt(int(seen.sum()))


def _pair_document_counts(data: SearchData) -> tuple[IntArray, IntArray]:
    """Sorted codes of neighbouring word pairs and in how many phrasings each occurs."""
    seq, starts = data.seq.ids, data.seq.indptr
    if len(seq) < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    row = np.repeat(np.arange(len(starts) - 1, dtype=np.int64), np.diff(starts))
    same_row = row[:-1] == row[1:]
    codes = ((seq[:-1] << 32) | seq[1:])[same_row]
    rows = row[:-1][same_row]
    # one count per phrasing: drop repeats of a (row, code) pair
    order = np.lexsort((codes, rows))
    codes, rows = codes[order], rows[order]
    first = np.ones(len(codes), dtype=bool)
    first[1:] = (codes[1:] != codes[:-1]) | (rows[1:] != rows[:-1])
    unique_codes, counts = np.unique(codes[first], return_counts=True)
    return unique_codes.astype(np.int64), counts.astype(np.int64)
