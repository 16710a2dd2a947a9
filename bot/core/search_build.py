"""Building a search index's arrays (`SearchData`) from the published entries, once per knowledge snapshot.

Every entry is read once: its rows (title, alternates, the starts of its answer and situation, the questions
people asked) and its whole text become word ids, numbered in reading order; everything else — each row's distinct
words, each entry's words and their counts, neighbouring word pairs, the BM25 posting lists — is computed from
those ids for all entries at once, with array operations, so that a publish rebuilds the bundled knowledge in a few
tenths of a second and 100,000 phrasings stay within memory.
"""

import contextlib
import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import cast

import numpy as np
import numpy.typing as npt

from bot.core.knowledge import Entry
from bot.core.normalize import Normalized, Normalizer, fold, folded_words, words
from bot.core.query import split_parts, strip_names
from bot.core.search_data import (
    BODY,
    EXAMPLE,
    WEAK_FACTOR,
    Csr,
    FloatArray,
    IntArray,
    Postings,
    SearchData,
    distinct_pairs,
    entry_text,
    sorted_unique,
)

BODY_CHARS = 600  # the start of an answer (and of a scenario's situation) is a phrasing too, at a lower weight
EXAMPLE_WORDS = 40  # words of an example indexed: its question first, then its story
_K1, _B = 1.2, 0.75


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
        bigrams=sorted_unique(entry_pairs.ids), entry_pairs=entry_pairs,
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
    """The folded words of an entry's whole text, remembered (a publish reads every entry again, most unchanged);
    interned, so that the remembered texts share one copy of each word (12 MB for the bundled knowledge otherwise)."""
    return tuple(map(sys.intern, folded_words(text)))


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
    n_words = max(len(read.vocab), 1)
    pairs = (read.ids[:-1] * n_words + read.ids[1:])[inside]  # a pair's rank in (a, b) order: a << 32 | b's order
    entry, pairs = distinct_pairs(read.seg_entry[segment[:-1][inside]], pairs)
    return _csr(((pairs // n_words) << 32) | (pairs % n_words), np.bincount(entry, minlength=n_entries))


def _distinct_per_row(rows: Csr) -> Csr:
    """Each row's distinct ids, sorted."""
    n_rows = len(rows.indptr) - 1
    row, ids = distinct_pairs(np.repeat(np.arange(n_rows), np.diff(rows.indptr)), rows.ids)
    return _csr(ids, np.bincount(row, minlength=n_rows))


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
    pair_codes = sorted_unique(codes.astype(np.int64))
    tokens = np.concatenate([ids, n_words + np.searchsorted(pair_codes, codes)])
    rows = np.concatenate([row, row[:-1][pair_ok] if len(pair_ok) else np.zeros(0, dtype=np.int64)])
    return rows, tokens, pair_codes


def _weigh(rows: IntArray, tokens: IntArray, n_all: int, n_tokens: int, kept: IntArray,
           factor: FloatArray) -> tuple[IntArray, FloatArray, IntArray]:
    """BM25 weights of (doc, token) occurrences, grouped by token: docs and weights in token order, and where each
    token's postings start (`indptr`)."""
    lengths = np.bincount(rows, minlength=n_all).astype(np.float32)
    # one sort, token first: each token's postings come out together, docs ascending
    keys, tf = np.unique(tokens * max(n_all, 1) + rows, return_counts=True)
    docs, toks = keys % max(n_all, 1), keys // max(n_all, 1)
    tf = tf.astype(np.float32)
    n = max(len(kept), 1)
    avg = float(lengths[kept].mean()) if len(kept) else 1.0
    norm = _K1 * (1 - _B + _B * lengths[docs] / avg)
    weights = tf * (_K1 + 1) / (tf + norm) * factor[docs]
    df = np.bincount(toks, minlength=n_tokens).astype(np.float32)
    weights *= np.log1p((n - df[toks] + 0.5) / (df[toks] + 0.5))
    indptr = np.zeros(n_tokens + 1, dtype=np.int64)
    np.cumsum(np.bincount(toks, minlength=n_tokens), out=indptr[1:])
    return docs, weights.astype(np.float32), indptr
