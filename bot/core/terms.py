"""A question as search sees it: its words in order (the question's own first, then the story's), grouped into
weighted "slots" with their synonyms as alternatives, and a corrector for words typed with one slip.

A slot's weight is the word's idf, times 1 for words of the question itself and less for words of the story
around it, so every feature of `ranking.py` is a share of one total whatever the length of the message.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from bot.core.normalize import Normalized, fold, words
from bot.core.search_data import WEAK_FACTOR, FloatArray, IntArray, SearchData

_NUMBER = re.compile(r"\d")
FUZZY_CHARS = 160  # rapidfuzz compares at most this much of the question (the question, not the story)


@dataclass(frozen=True)
class Terms:
    """A question as search sees it: words in order (question first, then story) and their slots."""

    words: tuple[str, ...]  # folded, corrected
    accented: tuple[str, ...]
    n_question: int  # the first n words are the question itself
    slot_of: tuple[int, ...]  # word position -> slot
    slot_weight: FloatArray  # per slot
    slot_known: npt.NDArray[np.bool_]  # per slot: the word occurs somewhere in the knowledge
    alt_ids: IntArray  # sorted vocabulary ids that satisfy at least one slot
    alt_bits: npt.NDArray[np.uint64]  # (len(alt_ids) + 1, n_words) slot bitmasks; the last row is zero
    alt_row: npt.NDArray[np.int32]  # vocabulary id -> its row in alt_bits (the zero row when it fills no slot)
    fuzzy_text: str  # the question's folded words, for rapidfuzz
    ids: IntArray  # word position -> vocabulary id (-1 for words the knowledge never uses)

    @property
    def total(self) -> float:
        return float(self.slot_weight.sum())

    @property
    def n_slots(self) -> int:
        return len(self.slot_weight)

    @property
    def empty(self) -> bool:
        return not self.words

    @property
    def question_words(self) -> tuple[str, ...]:
        """The question's own words (all words when the message has no separate question part)."""
        return self.words[: self.n_question] or self.words

    def pair_codes(self, question_only: bool = True) -> IntArray:
        """Codes (a << 32 | b) of neighbouring pairs of known words, in order: of the question's own words, or of
        `question_words` (the whole message when it has no separate question part) with question_only False.
        Several features read them: made once (read only)."""
        return self._question_pairs if question_only or self.n_question else self._all_pairs

    @cached_property
    def _question_pairs(self) -> IntArray:
        return _pairs(self.ids[: self.n_question])

    @cached_property
    def _all_pairs(self) -> IntArray:
        return _pairs(self.ids)


def _pairs(ids: IntArray) -> IntArray:
    codes = (ids[:-1] << 32) | ids[1:]
    found: IntArray = codes[(ids[:-1] >= 0) & (ids[1:] >= 0)]
    found.setflags(write=False)
    return found


def make_terms(
    data: SearchData, question: Normalized, context: Normalized, synonyms: "SynonymIds",
    correct: "Corrector", context_weight: float, max_slots: int = 256,
) -> Terms:
    folded = [correct(w) for w in question.folded] + [correct(w) for w in context.folded]
    accented = list(question.accented) + list(context.accented)
    n_q = len(question.folded)
    tids = [data.vocab.get(w, -1) for w in folded]
    idf = data.idf_values
    with_digits = _NUMBER.search(" ".join(folded)) is not None
    slot_index: dict[str, int] = {}
    weights: list[float] = []
    slot_of: list[int] = []
    for pos, (w, tid) in enumerate(zip(folded, tids, strict=True)):
        base = idf[tid] if tid >= 0 else data.unknown_idf
        if with_digits and _NUMBER.search(w):
            base *= WEAK_FACTOR  # amounts, areas, dates and years ("200m2", "5tr") tell the story, rarely the issue
        weight = base * (1.0 if pos < n_q else context_weight)
        if w not in slot_index:
            slot_index[w] = len(weights)
            weights.append(weight)
        else:
            weights[slot_index[w]] = max(weights[slot_index[w]], weight)
        slot_of.append(slot_index[w])
    # keep the heaviest slots only: a 2,000-character story holds a few hundred distinct words
    order = sorted(range(len(weights)), key=lambda s: -weights[s])[:max_slots]
    remap = {old: new for new, old in enumerate(sorted(order))}
    alternatives: dict[int, set[int]] = {}
    for s, tid in zip(slot_of, tids, strict=True):
        if tid >= 0 and s in remap:
            alternatives.setdefault(tid, set()).add(remap[s])
    for s_pos, ids in _synonym_alternatives(folded, accented, synonyms).items():
        s = slot_of[s_pos]
        if s in remap:
            for tid in ids:
                alternatives.setdefault(tid, set()).add(remap[s])
    n_slots = len(remap)
    words_per_mask = max(1, -(-n_slots // 64))
    ordered_ids = sorted(alternatives)
    alt_ids = np.asarray(ordered_ids, dtype=np.int64)
    alt_row = np.full(len(data.words), len(alt_ids), dtype=np.int32)
    alt_row[alt_ids] = np.arange(len(alt_ids), dtype=np.int32)
    alt_bits = np.asarray([_slot_bits(alternatives[tid], words_per_mask) for tid in ordered_ids]
                          + [[0] * words_per_mask], dtype=np.uint64)
    kept = sorted(order)
    slot_weight = np.asarray([weights[s] for s in kept], dtype=np.float32)
    first_id: dict[int, int] = {}
    for s, tid in zip(slot_of, tids, strict=True):
        first_id.setdefault(s, tid)
    known = np.asarray([first_id[s] >= 0 for s in kept], dtype=np.bool_)
    slot_positions = tuple(remap.get(s, -1) for s in slot_of)
    word_ids = np.asarray(tids, dtype=np.int64)
    return Terms(tuple(folded), tuple(accented), n_q, slot_positions, slot_weight, known, alt_ids, alt_bits, alt_row,
                 " ".join(folded[:n_q])[:FUZZY_CHARS], word_ids)


def _slot_bits(slots: set[int], words_per_mask: int) -> list[int]:
    """The bitmask of the slots, as words_per_mask 64-bit words."""
    bits = [0] * words_per_mask
    for slot in slots:
        bits[slot // 64] |= 1 << (slot % 64)
    return bits


def _synonym_alternatives(folded: list[str], accented: list[str], synonyms: "SynonymIds") -> dict[int, set[int]]:
    """Word position -> vocabulary ids of the other phrases of each synonym group the question uses.

    A typed word matches a phrase's word with the same marks, or when typed without marks and equal once the
    phrase's are removed: "nó" never stands for "nợ", but "no" may.
    """
    out: dict[int, set[int]] = {}
    for i, first in enumerate(folded):
        rows = synonyms.get(first)
        if not rows:
            continue
        for marked, phrase, extra in rows:
            n = len(phrase)  # phrase[0] is `first`: the table is keyed by it
            if n > 1 and tuple(folded[i + 1 : i + n]) != phrase[1:]:
                continue
            if not all(accented[i + k] in (marked[k], folded[i + k]) for k in range(n) if i + k < len(accented)):
                continue
            for k in range(i, i + n):
                out.setdefault(k, set()).update(extra)
    return out


SynonymTable = dict[str, list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]]
# the same with the other phrases' words as the vocabulary ids of those the knowledge uses (`synonym_ids`)
SynonymIds = dict[str, list[tuple[tuple[str, ...], tuple[str, ...], frozenset[int]]]]


def synonym_table(groups: Sequence[Sequence[str]]) -> SynonymTable:
    """Folded first word -> (phrase as written, folded phrase, folded words of the group's other phrases)."""
    table: SynonymTable = {}
    for group in groups:
        phrases = [tuple(words(p)) for p in group]
        for marked in phrases:
            if not marked:
                continue
            phrase = tuple(fold(w) for w in marked)
            others = tuple(sorted({fold(w) for other in phrases if other != marked for w in other}))
            table.setdefault(phrase[0], []).append((marked, phrase, others))
    return table


def synonym_ids(table: SynonymTable, vocab: Mapping[str, int]) -> SynonymIds:
    """The table with each group's other words looked up once per index, not once per question."""
    return {first: [(marked, phrase, frozenset(vocab[w] for w in others if w in vocab))
                    for marked, phrase, others in rows] for first, rows in table.items()}


class Corrector:
    """Replaces an unknown word by a known one within one edit (missing, extra, swapped or wrong letter)."""

    def __init__(self, data: SearchData) -> None:
        self._data = data
        self._deletes: dict[str, tuple[str, ...]] = _delete_index(w for w in data.vocab if data.idf[data.vocab[w]] > 0)

    def __call__(self, token: str) -> str:
        if token in self._data.vocab or len(token) < 3 or not token.isalpha():
            return token
        telex = _telex_residue(token)
        if telex in self._data.vocab:
            return telex
        if len(token) < 5:
            # Vietnamese syllables are short: most 3-4 letter words are one edit away from several real ones
            # ("tuan" -> "thuan", "chua" -> "chuan"), so only longer words are guessed
            return token
        best: tuple[float, str] | None = None
        for key in (token, *_deletions(token)):
            for cand in self._deletes.get(key, ()):
                if _within_one_edit(token, cand):
                    rank = (-float(self._data.idf[self._data.vocab[cand]]), cand)  # the more common word
                    if best is None or rank < best:
                        best = rank
        return best[1] if best else token


# -- candidates -------------------------------------------------------------------------------------------------------


def _telex_residue(word: str) -> str:
    """A word typed with Telex whose tone or vowel keys were not converted: "hoaf" -> "hoa", "ddaats" -> "dat"."""
    out = word.replace("dd", "d")
    for doubled in ("aa", "ee", "oo", "aw", "ow", "uw"):
        out = out.replace(doubled, doubled[0])
    return out[:-1] if len(out) > 2 and out[-1] in "sfrxj" else out


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _delete_index(vocabulary: Iterable[str]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for w in sorted(vocabulary):
        if len(w) < 3 or not w.isalpha():
            continue
        index.setdefault(w, []).append(w)
        for d in _deletions(w):
            index.setdefault(d, []).append(w)
    return {k: tuple(v) for k, v in index.items()}


def _within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance ≤ 1, or one swap of neighbouring letters."""
    if a == b:
        return True
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
