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
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from bot.core.normalize import Normalizer
from bot.core.search_data import IntArray, SearchData, distinct_pairs, sorted_lookup, sorted_unique

_SMOOTH = 0.5
Counts = npt.NDArray[np.float64]


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
        self._out_word, self._out_pair_codes, self._out_pair_counts = _split_outside(self._out, data.vocab)

    @property
    def trained(self) -> bool:
        return self._n_out > 0 and self._n_in > 0

    def scores(self, words: Sequence[str], ids: IntArray, n_question: int) -> tuple[float, float]:
        """The score of the whole message and of its question part (its first `n_question` words; the whole message
        when that is 0 or all of it). `ids` are the words' vocabulary ids (-1 for words the knowledge never uses):
        known words and pairs are counted through arrays, only the others through strings."""
        if not self.trained:
            return 0.0, 0.0
        whole = self._mean_log_odds(*self._counts(words, ids))
        if not 0 < n_question < len(words):
            return whole, whole
        return whole, self._mean_log_odds(*self._counts(words[:n_question], ids[:n_question]))

    def _counts(self, words: Sequence[str], ids: IntArray) -> tuple[IntArray, Counts]:
        """Inside and outside counts of each distinct feature of the words: every word, every neighbouring pair."""
        word_ids = sorted_unique(ids[ids >= 0])
        both = (ids[:-1] >= 0) & (ids[1:] >= 0)
        codes = sorted_unique(((ids[:-1] << 32) | ids[1:])[both])
        inside = [self._word_in[word_ids], sorted_lookup(self._pair_codes, self._pair_in, codes)]
        outside = [self._out_word[word_ids], sorted_lookup(self._out_pair_codes, self._out_pair_counts, codes).astype(float)]
        unknown = np.flatnonzero(ids < 0).tolist()
        if unknown:
            rest = {words[i] for i in unknown}
            rest |= {f"{words[i - 1]}_{words[i]}" for i in unknown if i > 0}
            rest |= {f"{words[i]}_{words[i + 1]}" for i in unknown if i + 1 < len(words)}
            inside.append(np.zeros(len(rest), dtype=np.int64))
            outside.append(np.fromiter(map(self._out.__getitem__, rest), dtype=np.float64, count=len(rest)))
        return np.concatenate(inside), np.concatenate(outside)

    def _mean_log_odds(self, inside: IntArray, outside: Counts) -> float:
        """Mean log-odds (inside over outside) of the features seen in training; 0 when none was seen."""
        seen = (inside > 0) | (outside > 0)
        if not seen.any():
            return 0.0
        odds = ((inside[seen] + self._smooth_in) / (self._n_in + 1)) / ((outside[seen] + _SMOOTH) / (self._n_out + 1))
        # an exact sum: the same whatever order the features come in
        return math.fsum(np.log(odds).tolist()) / math.sqrt(int(seen.sum()))


def _split_outside(counts: Counter[str], vocab: Mapping[str, int]) -> tuple[Counts, IntArray, IntArray]:
    """The out-of-scope counts of known words as an array by vocabulary id, and of pairs of known words as sorted
    codes (a << 32 | b) with their counts; features with a word the knowledge never uses stay in the Counter."""
    by_word = np.zeros(len(vocab), dtype=np.float64)
    pairs: dict[int, int] = {}
    for feature, n in counts.items():
        a, sep, b = feature.partition("_")
        if not sep:
            if (tid := vocab.get(a)) is not None:
                by_word[tid] = n
        elif (ia := vocab.get(a)) is not None and (ib := vocab.get(b)) is not None:
            pairs[(ia << 32) | ib] = n
    codes = np.asarray(sorted(pairs), dtype=np.int64)
    return by_word, codes, np.asarray([pairs[c] for c in codes.tolist()], dtype=np.int64)


def _pair_document_counts(data: SearchData) -> tuple[IntArray, IntArray]:
    """Sorted codes of neighbouring word pairs and in how many phrasings each occurs."""
    seq, starts = data.seq.ids, data.seq.indptr
    if len(seq) < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    row = np.repeat(np.arange(len(starts) - 1, dtype=np.int64), np.diff(starts))
    same_row = row[:-1] == row[1:]
    n_words = max(len(data.vocab), 1)
    # one count per phrasing: repeats of a (row, pair) dropped; a pair's rank a * n + b keeps a << 32 | b's order
    _, pairs = distinct_pairs(row[:-1][same_row], (seq[:-1] * n_words + seq[1:])[same_row])
    unique_pairs, counts = np.unique(pairs, return_counts=True)
    return ((unique_pairs // n_words) << 32) | (unique_pairs % n_words), counts.astype(np.int64)
