"""The arrays behind a search index (built by `search_build.py`, once per knowledge snapshot).

Every phrasing (an entry's question or title, each alternate, and the start of its answer and situation as
"bodies") and every example (a question people asked, read as a message is read) becomes a row of token ids in
compressed-sparse-row form, examples with posting lists of their own; every entry also gets the set of words of its
whole text. Ranking reads these arrays with numpy, so a question costs a few array operations per candidate
instead of Python loops.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.core.knowledge import Entry

WEAK_FACTOR = 0.2  # idf factor of the lexicon's weak words
# Fields that never describe what an entry is about.
# Examples (questions people asked) are rows of their own, not words of what the entry says.
META_FIELDS = frozenset(("id", "topics", "citations", "sources", "related", "note", "reviewed", "status", "examples"))
BODY, EXAMPLE = -1, -2  # slots of the rows that are not phrasings

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]


def in_sorted(values: IntArray, sorted_set: IntArray) -> npt.NDArray[np.bool_]:
    """Per value: whether it is in `sorted_set` (sorted ascending). A binary search: `np.isin` sorts both arrays
    again on every call, which cost a quarter of a millisecond per question on 64-bit pair codes."""
    if not len(sorted_set) or not len(values):
        return np.zeros(len(values), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)
    found: npt.NDArray[np.bool_] = sorted_set[pos] == values
    return found


def sorted_lookup(keys: IntArray, values: npt.NDArray[Any], codes: IntArray) -> npt.NDArray[Any]:
    """The value of each code among `keys` (sorted ascending, aligned with `values`); 0 for codes not there."""
    if not len(keys) or not len(codes):
        return np.zeros(len(codes), dtype=values.dtype)
    pos = np.minimum(np.searchsorted(keys, codes), len(keys) - 1)
    found: npt.NDArray[Any] = np.where(keys[pos] == codes, values[pos], 0)
    return found


def sorted_unique(values: IntArray) -> IntArray:
    """`np.unique` of an integer array: a sort and one comparison. Asked for the values alone, numpy 2.4's
    `np.unique` takes a hash-based path that is far slower (measured: 2 ms for 60 values, 230 ms for 400,000,
    against 0.002 and 19 ms sorted)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def first_of_each(values: npt.NDArray[np.signedinteger[Any]]) -> tuple[npt.NDArray[np.signedinteger[Any]], IntArray]:
    """`np.unique(values, return_index=True)` of a short array without its general machinery: the distinct values,
    sorted, and where each first occurs."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    return ordered[first], order[first]


def distinct_pairs(major: IntArray, minor: IntArray) -> tuple[IntArray, IntArray]:
    """The distinct pairs of two aligned arrays of non-negative ints, sorted by `major`, then `minor`: one sort of
    a combined key when it fits in 63 bits (a lexsort of the two arrays costs about twice as much), a lexsort
    otherwise."""
    if not len(major):
        return major.astype(np.int64), minor.astype(np.int64)
    span = int(minor.max()) + 1
    if int(major.max()) < (2**63 - 1) // span - 1:
        keys = sorted_unique(major.astype(np.int64) * span + minor)
        return keys // span, keys % span
    order = np.lexsort((minor, major))
    major, minor = major[order], minor[order]
    first = np.ones(len(major), dtype=bool)
    first[1:] = (major[1:] != major[:-1]) | (minor[1:] != minor[:-1])
    return major[first].astype(np.int64), minor[first].astype(np.int64)


@dataclass(frozen=True)
class Csr:
    """Rows of ids: row i is `ids[indptr[i]:indptr[i + 1]]`."""

    indptr: IntArray
    ids: IntArray

    @classmethod
    def from_rows(cls, rows: Sequence[Sequence[int]]) -> "Csr":
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([len(r) for r in rows], out=indptr[1:])
        flat = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(indptr[-1]))
        return cls(indptr, flat)

    @classmethod
    def from_arrays(cls, rows: Sequence[IntArray]) -> "Csr":
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([len(r) for r in rows], out=indptr[1:])
        flat = np.concatenate(rows).astype(np.int64) if rows else np.zeros(0, dtype=np.int64)
        return cls(indptr, flat)

    def row(self, i: int) -> IntArray:
        return self.ids[self.indptr[i] : self.indptr[i + 1]]

    def gather(self, rows: IntArray) -> tuple[IntArray, IntArray]:
        """The ids of the given rows, concatenated, and where each row starts in that concatenation."""
        flat, offsets = self.positions(rows)
        return self.ids[flat], offsets

    def positions(self, rows: IntArray) -> tuple[IntArray, IntArray]:
        """Where the given rows' ids lie in `ids`, concatenated, and where each row starts in that concatenation:
        one computation for several arrays aligned with `ids`."""
        starts = self.indptr[rows]
        lengths = self.indptr[rows + 1] - starts
        offsets = np.zeros(len(rows), dtype=np.int64)
        np.cumsum(lengths[:-1], out=offsets[1:])
        return np.repeat(starts - offsets, lengths) + np.arange(int(offsets[-1] + lengths[-1]) if len(rows) else 0,
                                                                 dtype=np.int64), offsets


@dataclass(frozen=True)
class Postings:
    """BM25 posting lists: token -> slice of (phrasing ids, weights). A token is a folded word ("hoa") or a pair of
    neighbouring words ("hoa_giai"); words are vocabulary ids, pairs come after them in the order of their codes."""

    vocab: Mapping[str, int]
    n_docs: int  # rows indexed (docs are positions in `kept` when `ordinal`, rows otherwise)
    pair_codes: IntArray  # sorted codes (a << 32 | b) of the word pairs indexed
    indptr: IntArray
    docs: npt.NDArray[np.int32]
    weights: FloatArray

    def pair_tokens(self, codes: IntArray) -> IntArray:
        """Token ids of word pairs given as codes (a << 32 | b); -1 for pairs not indexed."""
        if not len(self.pair_codes) or not len(codes):
            return np.full(len(codes), -1, dtype=np.int64)
        pos = np.minimum(np.searchsorted(self.pair_codes, codes), len(self.pair_codes) - 1)
        return np.where(self.pair_codes[pos] == codes, len(self.vocab) + pos, -1).astype(np.int64)

    def scores(self, tokens: IntArray, weights: FloatArray, n_rows: int, common_share: float,
               limit: int | None = None, first_from: float | None = None) -> FloatArray:
        """Per doc (n_rows of them): the BM25 score of the weighted token ids, in one pass in C over their postings
        (in the order given: float sums must not depend on hash seeds). Tokens in more than `common_share` of the
        docs are left out when others remain (they barely change the score and cost the most to add), and with
        `limit` only that many of the rarest count (a long story's cost stays bounded) — with `first_from`, every
        token weighing at least that much (the question's own words) before the rarest of the others."""
        if not len(tokens):
            return np.zeros(n_rows, dtype=np.float32)
        starts, ends = self.indptr[tokens], self.indptr[tokens + 1]
        lengths = ends - starts
        rare = lengths <= int(self.n_docs * common_share)
        if rare.any():
            starts, lengths, weights = starts[rare], lengths[rare], weights[rare]
        if limit is not None and len(lengths) > limit:
            order = np.argsort(lengths, kind="stable") if first_from is None else \
                np.lexsort((lengths, weights < first_from))
            keep = np.sort(order[:limit])
            starts, lengths, weights = starts[keep], lengths[keep], weights[keep]
        spans = list(zip(starts.tolist(), (starts + lengths).tolist(), strict=True))
        docs = np.concatenate([self.docs[a:b] for a, b in spans])  # each list is contiguous: copied, not gathered
        values = np.concatenate([self.weights[a:b] for a, b in spans])
        values *= np.repeat(weights.astype(np.float32), lengths)
        return np.bincount(docs, weights=values, minlength=n_rows).astype(np.float32)


@dataclass(frozen=True)
class SearchData:
    """Everything ranking needs, as arrays; immutable once built."""

    vocab: Mapping[str, int]  # folded word -> id
    words: tuple[str, ...]  # id -> folded word
    accents: Mapping[str, int]  # accented word -> id
    idf: FloatArray  # per folded id (weak words already scaled down)
    unknown_idf: float
    texts: list[str]  # folded phrasing text, for rapidfuzz
    owner: npt.NDArray[np.int32]  # phrasing -> entry index
    slot: npt.NDArray[np.int16]  # phrasing -> 0 title, k alternate k, BODY, EXAMPLE
    seq: Csr  # phrasing -> folded ids in order
    acc: Csr  # phrasing -> accented ids in order (aligned with seq)
    uniq: Csr  # phrasing -> distinct folded ids
    entry_words: Csr  # entry -> distinct folded ids of its whole text
    entry_tf: FloatArray  # aligned with entry_words.ids: saturated term frequency in the whole text (BM25 style)
    entry_starts: IntArray  # entry -> first phrasing row
    entry_pairs: Csr  # entry -> sorted codes of neighbouring word pairs in its phrasings and whole text
    postings: Postings  # phrasings and bodies (docs are positions in `phrasing_rows`): words and word pairs
    example_postings: Postings  # examples: words only (stories are long; pairs would double the index)
    profile_postings: Postings  # entries: the words and word pairs of all their rows together (`_profile_postings`)
    bigrams: IntArray  # sorted codes (a << 32 | b) of every pair of neighbouring words in the knowledge

    @cached_property
    def idf_values(self) -> list[float]:
        """`idf` as Python floats (the same values), for loops over a question's words."""
        values: list[float] = self.idf.tolist()
        return values

    @cached_property
    def example_rows(self) -> IntArray:
        """Row of each doc of `example_postings`."""
        return np.flatnonzero(self.slot == EXAMPLE).astype(np.int64)

    @cached_property
    def phrasing_rows(self) -> IntArray:
        """Row of each doc of `postings` (phrasings and bodies)."""
        return np.flatnonzero(self.slot != EXAMPLE).astype(np.int64)


def entry_text(entry: Entry) -> str:
    """Every descriptive text of an entry (all fields except ids, topics, citations and editor notes)."""
    return " ".join(entry_texts(entry))


def entry_texts(entry: Entry, skip: Iterable[str] = META_FIELDS) -> Iterator[str]:
    """Each string of an entry's fields on its own (nested lists and mappings included), except the fields in `skip`."""
    skipped = frozenset(skip)
    for key, value in entry.data.items():
        if key not in skipped:
            yield from _leaves(value)


def _leaves(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _leaves(v)
