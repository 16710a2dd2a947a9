"""Put the marks back on a message typed without diacritics, from the knowledge's own text.

Without marks one syllable stands for many words ("may cay" is "máy cày", a tractor, but "cay" is also "cây", a
tree; "de" is "đề" in "đề nghị" and "dê", a goat, which brings in the livestock synonyms), and a story typed on a
phone keyboard without marks was ranked less well than the same story with them. The restorer learns, from every
marked text of the published entries, how often each marked word stands for its unmarked form and which unmarked
words stand on its left, on its right and on both sides; a word gets its marks back only when its neighbours make
one reading at least `MIN_SHARE` likely, and keeps none otherwise. Texts without a single mark (questions people
typed, kept as examples) teach nothing: in them every word looks unmarked.

Everything is arrays, so that a 2,000-character story is restored in a few vectorised steps and a knowledge of
100,000 phrasings is counted without a Python loop per pair.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat

import numpy as np
import numpy.typing as npt

from bot.core.normalize import fold_word, has_marks, words
from bot.core.search_data import sorted_lookup

MARKED_TEXT = 1 / 3  # a message with marks on fewer of its words was typed without them
MIN_SHARE = 0.9  # on the evaluation sets' marked questions: 81 % of marked words restored rightly, 1 % wrongly
PAIR_PRIOR = 1.0  # weight of a word's overall share against what one neighbour says
TRIO_PRIOR = 1.0  # weight of the pairwise reading against what both neighbours together say

BREAK = ""  # no text has this word: texts restored in one call with it between them are read apart

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class _Counts:
    """Sorted codes and how often each occurs."""

    codes: IntArray
    counts: FloatArray

    @classmethod
    def of(cls, codes: IntArray) -> "_Counts":
        unique, counts = np.unique(codes, return_counts=True)
        return cls(unique.astype(np.int64), counts.astype(np.float64))

    def get(self, codes: IntArray) -> FloatArray:
        """The count of each code (0 for codes never seen, and for negative codes: a missing neighbour)."""
        counts: FloatArray = np.where(codes >= 0, sorted_lookup(self.codes, self.counts, codes), 0.0)
        return counts


@dataclass(frozen=True)
class MarkRestorer:
    """Counts from marked text, by id: `plain` numbers unmarked words, `marked` the marked words of each."""

    plain: Mapping[str, int]  # unmarked word -> plain id
    form_start: IntArray  # plain id -> its first marked id; marked ids of one plain word are consecutive
    marked: tuple[str, ...]  # marked id -> the word with its marks
    share: FloatArray  # marked id -> its share of its unmarked word's occurrences
    left: _Counts  # plain left neighbour * n_marked + marked id
    right: _Counts  # marked id * n_plain + plain right neighbour
    both: _Counts  # (plain left * n_marked + marked id) * n_plain + plain right

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "MarkRestorer":
        runs = [run for run in map(_marked_words, texts) if run]
        folded = {w: fold_word(w) for w in dict.fromkeys(chain.from_iterable(runs))}
        by_plain = sorted(folded, key=lambda w: (folded[w], w))  # each unmarked word's marked words together
        ids = {w: i for i, w in enumerate(by_plain)}
        ids[BREAK] = -1  # the end of a text
        mark = np.fromiter(map(ids.__getitem__, chain.from_iterable(run + (BREAK,) for run in runs)), dtype=np.int64)
        plain: dict[str, int] = {}
        plain_of_marked = np.fromiter((plain.setdefault(folded[w], len(plain)) for w in by_plain), dtype=np.int64,
                                      count=len(by_plain))
        return cls._counted(plain, tuple(by_plain), plain_of_marked, mark)

    @classmethod
    def _counted(cls, plain: dict[str, int], marked: tuple[str, ...], plain_of_marked: IntArray,
                 mark: IntArray) -> "MarkRestorer":
        n_marked, n_plain = max(len(marked), 1), max(len(plain), 1)
        count = np.bincount(mark[mark >= 0], minlength=len(marked)).astype(np.float64)
        total = np.bincount(plain_of_marked, weights=count, minlength=len(plain))
        share = count / np.maximum(total[plain_of_marked], 1.0)
        form_start = np.searchsorted(plain_of_marked, np.arange(len(plain) + 1))
        p = np.where(mark >= 0, plain_of_marked[np.maximum(mark, 0)] if len(marked) else mark, -1)
        pair = (mark[:-1] >= 0) & (mark[1:] >= 0)
        left = _Counts.of((p[:-1] * n_marked + mark[1:])[pair])
        right = _Counts.of((mark[:-1] * n_plain + p[1:])[pair])
        trio = pair[:-1] & pair[1:]
        both = _Counts.of(((p[:-2] * n_marked + mark[1:-1]) * n_plain + p[2:])[trio])
        return cls(plain, form_start.astype(np.int64), marked, share, left, right, both)

    def restore(self, words_plain: Sequence[str]) -> tuple[str, ...]:
        """The words (folded, lower case) with the marks their neighbours make likely; a word the knowledge never
        uses, or whose reading stays uncertain, comes back as it came. Words on either side of a `BREAK` are not
        each other's neighbours."""
        out = list(words_plain)
        pid = np.asarray(list(map(self.plain.get, words_plain, repeat(-1))), dtype=np.int64)
        known = np.flatnonzero(pid >= 0)
        if not len(known):
            return tuple(out)
        first_form = self.form_start[pid[known]]
        n_forms = self.form_start[pid[known] + 1] - first_form  # every unmarked word has at least one marked form
        group = np.repeat(np.arange(len(known)), n_forms)  # candidate -> its position among the known words
        starts = np.zeros(len(known), dtype=np.int64)
        np.cumsum(n_forms[:-1], out=starts[1:])
        form = first_form[group] + np.arange(len(group)) - starts[group]
        pos = known[group]
        before = np.concatenate(([-1], pid))[pos]  # -1 before the first word
        after = np.concatenate((pid, [-1]))[pos + 1]  # -1 after the last word
        shares = self._shares(form, before, after, _Groups(starts, n_forms))
        best = np.maximum.reduceat(shares, starts)
        tops = np.flatnonzero(shares == best[group])
        first = np.ones(len(tops), dtype=bool)  # the first best form of each word
        first[1:] = group[tops[1:]] != group[tops[:-1]]
        winners = tops[first]
        for g, cand in zip(group[winners].tolist(), winners.tolist(), strict=True):
            if best[g] >= MIN_SHARE:
                out[int(known[g])] = self.marked[int(form[cand])]
        return tuple(out)

    def _shares(self, form: IntArray, before: IntArray, after: IntArray, groups: "_Groups") -> FloatArray:
        """Per candidate marked form: its probability among its word's forms, each neighbour read as independent
        evidence, then both neighbours together where the knowledge has seen them together."""
        n_marked, n_plain = max(len(self.marked), 1), max(len(self.plain), 1)
        share = self.share[form]
        on_left = self._neighbour(self.left.get(np.where(before >= 0, before * n_marked + form, -1)), share, groups)
        on_right = self._neighbour(self.right.get(np.where(after >= 0, form * n_plain + after, -1)), share, groups)
        score = on_left * on_right / share
        shares = score / groups.totals(score)
        trio = self.both.get(np.where((before >= 0) & (after >= 0), (before * n_marked + form) * n_plain + after, -1))
        trio_total = groups.totals(trio)
        return np.where(trio_total > 0, (trio + TRIO_PRIOR * shares) / (trio_total + TRIO_PRIOR), shares)

    @staticmethod
    def _neighbour(counts: FloatArray, share: FloatArray, groups: "_Groups") -> FloatArray:
        return (counts + PAIR_PRIOR * share) / (groups.totals(counts) + PAIR_PRIOR)


@lru_cache(maxsize=65_536)
def _marked_words(text: str) -> tuple[str, ...]:
    """The words of a text that carries marks (none for a text without any), remembered: the index is rebuilt on
    every publish, and its texts rarely change."""
    return tuple(words(text)) if has_marks(text) else ()


@dataclass(frozen=True)
class _Groups:
    """Consecutive runs of candidates (one run per word): where each begins and how long it is."""

    starts: IntArray
    sizes: IntArray

    def totals(self, values: FloatArray) -> FloatArray:
        """Each candidate's group total."""
        return np.repeat(np.add.reduceat(values, self.starts), self.sizes)


def typed_without_marks(text: str) -> bool:
    """True when fewer than MARKED_TEXT of the message's words carry marks: typed on a keyboard without them, perhaps
    with a name pasted or a word an autocorrector marked ("bui tre nha ong Cầm moc lan sang nuong nha e"). In text
    typed with marks most words carry them (at least 60 % of the words of every marked question of the evaluation
    sets), and a word typed without them there is meant so."""
    typed = [w for w in words(text) if w.isalpha()]
    return sum(fold_word(w) != w for w in typed) < MARKED_TEXT * len(typed) if typed else False
