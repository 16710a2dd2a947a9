"""The arrays behind a search index, built once per knowledge snapshot.

Every phrasing (an entry's question or title, each alternate, and the start of its answer and situation as
"bodies") and every example (a question people asked, read as a message is read) becomes a row of token ids in
compressed-sparse-row form, examples with posting lists of their own; every entry also gets the set of words of its
whole text. Ranking reads these arrays with numpy, so a question costs a few array operations per candidate
instead of Python loops.
"""

import contextlib
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from bot.core.knowledge import Entry
from bot.core.normalize import Normalized, Normalizer, fold, fold_word, words
from bot.core.query import split_parts, strip_names

BODY_CHARS = 600  # the start of an answer (and of a scenario's situation) is a phrasing too, at a lower weight
WEAK_FACTOR = 0.2  # idf factor of the lexicon's weak words
_K1, _B = 1.2, 0.75
# Fields that never describe what an entry is about.
# Examples (questions people asked) are rows of their own, not words of what the entry says.
META_FIELDS = frozenset(("id", "topics", "citations", "sources", "related", "note", "reviewed", "status", "examples"))
BODY, EXAMPLE = -1, -2  # slots of the rows that are not phrasings
EXAMPLE_WORDS = 40  # words of an example indexed: its question first, then its story

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


def sorted_unique(values: IntArray) -> IntArray:
    """`np.unique` of a short integer array, without its general machinery (a few microseconds per call saved on
    arrays of tens of values, several times per question)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


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


def phrasings_of(entry: Entry) -> list[tuple[str, int]]:
    """(text, slot): the title (0), each alternate (1…), the starts of the answer and situation (BODY) and the
    questions people asked (EXAMPLE), read as search reads a message: names dropped, the first question and its
    story."""
    out = [(entry.title, 0), *((q, k) for k, q in enumerate(entry.alt_questions, 1)), (entry.answer[:BODY_CHARS], BODY)]
    if entry.kind == "scenario":
        out.append((str(entry.data.get("situation", ""))[:BODY_CHARS], BODY))
    out += [(example_text(text), EXAMPLE) for text in entry.examples]
    return out


@lru_cache(maxsize=65_536)
def example_text(text: str) -> str:
    """An example as search reads a message: its first question, then its story, names dropped. Remembered:
    examples change rarely, and reading them is most of the cost of rebuilding the index on publish. Read without
    the "xin hỏi" rule of messages, as the ranking model was fitted (see `query.split_parts`)."""
    part = split_parts(text, as_message=False)[0]
    return strip_names(f"{part.question} {part.context}")


def build_data(entries: Sequence[Entry], normalizer: Normalizer, weak_words: Iterable[str]) -> SearchData:
    read = _read(entries, normalizer)
    n = max(len(entries), 1)
    words_csr, tf_all, entry_lengths = _entry_words(read)
    df = np.bincount(words_csr.ids, minlength=len(read.vocab)).astype(np.float32)
    idf = np.where(df > 0, np.log1p(n / np.maximum(df, 1)), 0).astype(np.float32)
    for w in {fold(w) for phrase in weak_words for w in words(phrase)}:
        if w in read.vocab:
            idf[read.vocab[w]] *= WEAK_FACTOR
    seq_csr = read.rows()
    lengths = np.repeat(entry_lengths.astype(np.float32), np.diff(words_csr.indptr))
    avg = float(np.mean(entry_lengths)) if len(entry_lengths) else 1.0
    entry_tf = (tf_all * (_K1 + 1) / (tf_all + _K1 * (1 - _B + _B * lengths / avg))).astype(np.float32)
    slots = np.asarray(read.slot, dtype=np.int16)
    entry_pairs = _entry_pairs(read)
    owner = np.asarray(read.owner, dtype=np.int64)
    return SearchData(
        vocab=read.vocab, words=tuple(read.vocab), accents=read.accents, idf=idf, unknown_idf=math.log(1 + n / 0.5),
        texts=read.texts, owner=owner.astype(np.int32), slot=slots, seq=seq_csr, acc=read.accented_rows(),
        uniq=_distinct_per_row(seq_csr), entry_words=words_csr, entry_tf=entry_tf,
        entry_starts=np.asarray(read.entry_starts, dtype=np.int64),
        postings=_bm25_postings(seq_csr, slots == BODY, read.vocab, np.flatnonzero(slots != EXAMPLE), ordinal=True),
        example_postings=_bm25_postings(seq_csr, slots == BODY, read.vocab, np.flatnonzero(slots == EXAMPLE),
                                        pairs=False, ordinal=True),
        profile_postings=_profile_postings(seq_csr, owner, read.vocab, len(entries)),
        bigrams=np.unique(entry_pairs.ids), entry_pairs=entry_pairs,
    )


@dataclass
class _Read:
    """Every entry read into word ids. `ids` holds, entry after entry, the folded ids of its rows and then of its
    whole text (`segments` gives each piece's length, `whole` whether it is the whole text, `seg_entry` its
    entry); `accent_ids` the rows' accented ids, aligned with the rows' part of `ids`."""

    vocab: dict[str, int]
    accents: dict[str, int]
    texts: list[str]
    owner: list[int]
    slot: list[int]
    entry_starts: list[int]
    ids: IntArray
    accent_ids: IntArray
    segments: IntArray
    whole: npt.NDArray[np.bool_]
    seg_entry: IntArray

    @cached_property
    def element_whole(self) -> npt.NDArray[np.bool_]:
        """Per element of `ids`: whether it belongs to a whole text."""
        flags: npt.NDArray[np.bool_] = np.repeat(self.whole, self.segments)
        return flags

    def rows(self) -> Csr:
        return _csr(self.ids[~self.element_whole], self.segments[~self.whole])

    def accented_rows(self) -> Csr:
        return _csr(self.accent_ids, self.segments[~self.whole])


def _csr(ids: IntArray, lengths: IntArray) -> Csr:
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    return Csr(indptr, ids.astype(np.int64))


def _read(entries: Sequence[Entry], normalizer: Normalizer) -> _Read:
    """Word ids are given in reading order (an entry's rows, then its whole text, then the next entry): the same
    ids whatever else changes in how the index is built. The words of an entry are numbered in one pass, not row
    by row: a row costs a list, not an array."""
    vocab: dict[str, int] = {}
    accents: dict[str, int] = {}
    read = _Read(vocab, accents, [], [], [], [], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64),
                 np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool), np.zeros(0, dtype=np.int64))
    # Arrays per entry, not lists of Python ints for all of them: 100,000 phrasings must fit in a few hundred MB.
    chunks: list[IntArray] = []
    accent_chunks: list[IntArray] = []
    segments: list[int] = []
    whole: list[bool] = []
    seg_entry: list[int] = []
    for i, entry in enumerate(entries):
        read.entry_starts.append(len(read.texts))
        folded: list[str] = []
        accented: list[str] = []
        for text, k in phrasings_of(entry):
            norm = normalizer.cached(text, drop_fillers=k != BODY)
            if k == EXAMPLE:  # the question and the start of its story: enough to recognise it, at a bounded cost
                norm = Normalized(norm.accented[:EXAMPLE_WORDS], norm.folded[:EXAMPLE_WORDS])
            if not norm.folded:
                continue
            folded += norm.folded
            accented += norm.accented
            segments.append(len(norm.folded))
            whole.append(False)
            seg_entry.append(i)
            read.texts.append(norm.text)
            read.owner.append(i)
            read.slot.append(k)
        text_words = _folded_words(entry_text(entry))
        folded += text_words
        segments.append(len(text_words))
        whole.append(True)
        seg_entry.append(i)
        chunks.append(np.asarray(_numbered(folded, vocab), dtype=np.int64))
        accent_chunks.append(np.asarray(_numbered(accented, accents), dtype=np.int64))
    read.entry_starts.append(len(read.texts))
    if chunks:
        read.ids, read.accent_ids = np.concatenate(chunks), np.concatenate(accent_chunks)
    read.segments = np.asarray(segments, dtype=np.int64)
    read.whole = np.asarray(whole, dtype=bool)
    read.seg_entry = np.asarray(seg_entry, dtype=np.int64)
    return read


def _numbered(tokens: list[str], ids: dict[str, int]) -> list[int]:
    """The id of each token, new tokens numbered in the order they come: looked up all at once, then the new ones
    (a word recurs far more often than it first appears)."""
    out: list[int | None] = list(map(ids.get, tokens))
    at = -1
    with contextlib.suppress(ValueError):
        while True:
            at = out.index(None, at + 1)
            out[at] = ids.setdefault(tokens[at], len(ids))
    return cast(list[int], out)  # no None is left


@lru_cache(maxsize=4096)
def _folded_words(text: str) -> tuple[str, ...]:
    """The folded words of an entry's whole text, remembered (a publish reads every entry again, most unchanged)."""
    return tuple(map(fold_word, words(text)))


def _entry_words(read: _Read) -> tuple[Csr, FloatArray, IntArray]:
    """Per entry: its distinct word ids (sorted), each one's count in the whole text (1 for a word only its rows
    have), and the length of its whole text (at least 1)."""
    n_entries = len(read.entry_starts) - 1
    entry = np.repeat(read.seg_entry, read.segments)
    keys = entry * max(len(read.vocab), 1) + read.ids
    order = np.argsort(keys, kind="stable")
    keys, in_whole = keys[order], read.element_whole[order]
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    starts = np.flatnonzero(first)
    counts = np.add.reduceat(in_whole.astype(np.int64), starts) if len(starts) else np.zeros(0, dtype=np.int64)
    tf = np.where(counts > 0, counts, 1).astype(np.float32)
    owner = entry[order][starts]
    words_csr = _csr(read.ids[order][starts], np.bincount(owner, minlength=n_entries))
    whole_lengths = np.zeros(n_entries, dtype=np.int64)
    whole_lengths[read.seg_entry[read.whole]] = read.segments[read.whole]
    return words_csr, tf, np.maximum(whole_lengths, 1)


def _entry_pairs(read: _Read) -> Csr:
    """Per entry: the sorted distinct codes (a << 32 | b) of neighbouring words in its rows and its whole text."""
    n_entries = len(read.entry_starts) - 1
    if len(read.ids) < 2:
        return _csr(np.zeros(0, dtype=np.int64), np.zeros(n_entries, dtype=np.int64))
    segment = np.repeat(np.arange(len(read.segments)), read.segments)
    inside = segment[:-1] == segment[1:]
    codes = ((read.ids[:-1] << 32) | read.ids[1:])[inside]
    entry = read.seg_entry[segment[:-1][inside]]
    order = np.lexsort((codes, entry))
    codes, entry = codes[order], entry[order]
    first = np.ones(len(codes), dtype=bool)
    first[1:] = (codes[1:] != codes[:-1]) | (entry[1:] != entry[:-1])
    return _csr(codes[first], np.bincount(entry[first], minlength=n_entries))


def _distinct_per_row(rows: Csr) -> Csr:
    """Each row's distinct ids, sorted."""
    n_rows = len(rows.indptr) - 1
    row = np.repeat(np.arange(n_rows), np.diff(rows.indptr))
    order = np.lexsort((rows.ids, row))
    ids, row = rows.ids[order], row[order]
    first = np.ones(len(ids), dtype=bool)
    first[1:] = (ids[1:] != ids[:-1]) | (row[1:] != row[:-1])
    return _csr(ids[first], np.bincount(row[first], minlength=n_rows))


def pair_codes(ids: IntArray) -> IntArray:
    """Codes of neighbouring id pairs: a << 32 | b."""
    return (ids[:-1] << 32) | ids[1:] if len(ids) > 1 else np.zeros(0, dtype=np.int64)


def _bm25_postings(seq: Csr, is_body: npt.NDArray[np.bool_], vocab: Mapping[str, int], kept: IntArray,
                   pairs: bool = True, ordinal: bool = False) -> Postings:
    """Posting lists over words (and, with `pairs`, word pairs) of the rows `kept`, with precomputed BM25 weights
    (bodies: words only, half weight), built with array operations from the rows' word ids. With `ordinal` a
    posting names the row's position in `kept` (a compact score array per question)."""
    rows, tokens, pair_codes = _row_tokens(seq, kept, len(vocab), ~is_body if pairs else np.zeros_like(is_body))
    docs, weights, indptr = _weigh(rows, tokens, len(seq.indptr) - 1, len(vocab) + len(pair_codes), kept,
                                   np.where(is_body, 0.5, 1.0).astype(np.float32))
    if ordinal:
        docs = np.searchsorted(kept, docs)
    return Postings(vocab, len(kept), pair_codes, indptr, docs.astype(np.int32), weights)


def _profile_postings(seq: Csr, owner: IntArray, vocab: Mapping[str, int], n_entries: int) -> Postings:
    """Posting lists over entries: every word and word pair of an entry's rows (title, alternates, bodies and
    examples) counts for the entry as a whole. One entry's fifteen stories together know a matter's village
    words (dog, bite, rabies shots) that no single phrasing has; matched as BM25, this profile finds the right
    entry for a long story far more often than the best single row does."""
    every_row = np.arange(len(seq.indptr) - 1, dtype=np.int64)
    rows, tokens, pair_codes = _row_tokens(seq, every_row, len(vocab), np.ones(len(every_row), dtype=bool))
    docs, weights, indptr = _weigh(owner[rows], tokens, n_entries, len(vocab) + len(pair_codes),
                                   np.arange(n_entries, dtype=np.int64), np.ones(n_entries, dtype=np.float32))
    return Postings(vocab, n_entries, pair_codes, indptr, docs.astype(np.int32), weights)


def _row_tokens(seq: Csr, kept: IntArray, n_words: int,
                pairs_in: npt.NDArray[np.bool_]) -> tuple[IntArray, IntArray, IntArray]:
    """The tokens of the rows `kept`: each word id, and each pair of neighbouring words within a row whose
    `pairs_in` is set (as n_words + its position in the sorted pair codes); with the row of each token and the
    pair codes."""
    ids, _ = seq.gather(kept)
    row = np.repeat(kept, np.diff(seq.indptr)[kept])
    pair_ok = (row[:-1] == row[1:]) & pairs_in[row[:-1]] if len(row) > 1 else np.zeros(0, dtype=bool)
    codes = ((ids[:-1] << 32) | ids[1:])[pair_ok] if len(pair_ok) else np.zeros(0, dtype=np.int64)
    pair_codes = np.unique(codes).astype(np.int64)
    tokens = np.concatenate([ids, n_words + np.searchsorted(pair_codes, codes)])
    rows = np.concatenate([row, row[:-1][pair_ok] if len(pair_ok) else np.zeros(0, dtype=np.int64)])
    return rows, tokens, pair_codes


def _weigh(rows: IntArray, tokens: IntArray, n_all: int, n_tokens: int, kept: IntArray,
           factor: FloatArray) -> tuple[IntArray, FloatArray, IntArray]:
    """BM25 weights of (doc, token) occurrences, grouped by token: docs and weights in token order, and where each
    token's postings start (`indptr`)."""
    lengths = np.bincount(rows, minlength=n_all).astype(np.float32)
    keys, tf = np.unique(rows * n_tokens + tokens, return_counts=True)
    docs, toks = keys // n_tokens, keys % n_tokens
    tf = tf.astype(np.float32)
    n = max(len(kept), 1)
    avg = float(lengths[kept].mean()) if len(kept) else 1.0
    norm = _K1 * (1 - _B + _B * lengths[docs] / avg)
    weights = tf * (_K1 + 1) / (tf + norm) * factor[docs]
    df = np.bincount(toks, minlength=n_tokens).astype(np.float32)
    weights *= np.log1p((n - df[toks] + 0.5) / (df[toks] + 0.5))
    order = np.argsort(toks, kind="stable")
    indptr = np.zeros(n_tokens + 1, dtype=np.int64)
    np.cumsum(np.bincount(toks, minlength=n_tokens), out=indptr[1:])
    return docs[order], weights[order].astype(np.float32), indptr
