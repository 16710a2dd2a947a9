"""The arrays behind a search index, built once per knowledge snapshot.

Every phrasing (an entry's question or title, each alternate, and the start of its answer and situation as
"bodies") becomes a row of token ids in compressed-sparse-row form; every entry also gets the set of words of its
whole text. Ranking reads these arrays with numpy, so a question costs a few array operations per candidate
instead of Python loops.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.core.knowledge import Entry
from bot.core.normalize import Normalizer, fold, words

BODY_CHARS = 600  # the start of an answer (and of a scenario's situation) is a phrasing too, at a lower weight
WEAK_FACTOR = 0.2  # idf factor of the lexicon's weak words
_K1, _B = 1.2, 0.75
# Fields that never describe what an entry is about.
_META_FIELDS = frozenset(("id", "topics", "citations", "sources", "related", "note", "reviewed", "status"))

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]


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
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        lengths = ends - starts
        offsets = np.zeros(len(rows), dtype=np.int64)
        np.cumsum(lengths[:-1], out=offsets[1:])
        flat = np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()), dtype=np.int64)
        return self.ids[flat], offsets


@dataclass(frozen=True)
class Postings:
    """BM25 posting lists: token -> slice of (phrasing ids, weights)."""

    token_ids: Mapping[str, int]
    indptr: IntArray
    docs: npt.NDArray[np.int32]
    weights: FloatArray

    def get(self, token: str) -> tuple[npt.NDArray[np.int32], FloatArray] | None:
        tid = self.token_ids.get(token)
        if tid is None:
            return None
        lo, hi = self.indptr[tid], self.indptr[tid + 1]
        return self.docs[lo:hi], self.weights[lo:hi]


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
    slot: npt.NDArray[np.int16]  # phrasing -> 0 title, k alternate k, -1 body
    seq: Csr  # phrasing -> folded ids in order
    acc: Csr  # phrasing -> accented ids in order (aligned with seq)
    uniq: Csr  # phrasing -> distinct folded ids
    entry_words: Csr  # entry -> distinct folded ids of its whole text
    entry_tf: FloatArray  # aligned with entry_words.ids: saturated term frequency in the whole text (BM25 style)
    entry_starts: IntArray  # entry -> first phrasing row
    entry_pairs: Csr  # entry -> sorted codes of neighbouring word pairs in its phrasings and whole text
    postings: Postings
    bigrams: IntArray  # sorted codes (a << 32 | b) of every pair of neighbouring words in the knowledge

    @property
    def is_body(self) -> npt.NDArray[np.bool_]:
        return self.slot < 0


def entry_text(entry: Entry) -> str:
    """Every descriptive text of an entry (all fields except ids, topics, citations and editor notes)."""
    return " ".join(_strings(v) for k, v in entry.data.items() if k not in _META_FIELDS)


def _strings(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return " ".join(_strings(v) for v in value.values())
    if isinstance(value, list | tuple):
        return " ".join(_strings(v) for v in value)
    return ""


def phrasings_of(entry: Entry) -> list[tuple[str, int]]:
    """(text, slot): the title (0), each alternate (1…), and the starts of the answer and situation (-1)."""
    out = [(entry.title, 0), *((q, k) for k, q in enumerate(entry.alt_questions, 1)), (entry.answer[:BODY_CHARS], -1)]
    if entry.kind == "scenario":
        out.append((str(entry.data.get("situation", ""))[:BODY_CHARS], -1))
    return out


def build_data(entries: Sequence[Entry], normalizer: Normalizer, weak_words: Iterable[str]) -> SearchData:
    vocab: dict[str, int] = {}
    accents: dict[str, int] = {}
    texts: list[str] = []
    owner: list[int] = []
    slot: list[int] = []
    seq: list[list[int]] = []
    acc: list[list[int]] = []
    entry_words: list[list[int]] = []
    entry_counts: list[list[int]] = []
    entry_lengths: list[int] = []
    entry_starts: list[int] = []
    df: dict[int, int] = {}
    pairs: list[IntArray] = []
    per_entry_pairs: list[IntArray] = []
    folded_words: dict[str, int] = {}  # word as typed -> folded id; folding is the cost of building
    for i, entry in enumerate(entries):
        entry_starts.append(len(texts))
        union: set[int] = set()
        first_pair = len(pairs)
        for text, k in phrasings_of(entry):
            norm = normalizer(text, drop_fillers=k >= 0)
            if not norm.folded:
                continue
            ids = [vocab.setdefault(w, len(vocab)) for w in norm.folded]
            union.update(ids)
            pairs.append(pair_codes(np.asarray(ids, dtype=np.int64)))
            texts.append(norm.text)
            owner.append(i)
            slot.append(k)
            seq.append(ids)
            acc.append([accents.setdefault(w, len(accents)) for w in norm.accented])
        whole = [_folded_id(w, folded_words, vocab) for w in words(entry_text(entry))]
        pairs.append(pair_codes(np.asarray(whole, dtype=np.int64)))
        per_entry_pairs.append(np.unique(np.concatenate(pairs[first_pair:])))
        union.update(whole)
        counts: dict[int, int] = {}
        for t in whole:
            counts[t] = counts.get(t, 0) + 1
        entry_words.append(sorted(union))
        entry_counts.append([counts.get(t, 1) for t in entry_words[-1]])
        entry_lengths.append(max(len(whole), 1))
        for t in union:
            df[t] = df.get(t, 0) + 1
    entry_starts.append(len(texts))
    n = max(len(entries), 1)
    idf = np.zeros(len(vocab), dtype=np.float32)
    for t, d in df.items():
        idf[t] = math.log(1 + n / d)
    for w in {fold(w) for phrase in weak_words for w in words(phrase)}:
        if w in vocab:
            idf[vocab[w]] *= WEAK_FACTOR
    seq_csr = Csr.from_rows(seq)
    words_csr = Csr.from_rows(entry_words)
    tf = np.fromiter((c for row in entry_counts for c in row), dtype=np.float32, count=int(words_csr.indptr[-1]))
    lengths = np.repeat(np.asarray(entry_lengths, dtype=np.float32), np.diff(words_csr.indptr))
    avg = float(np.mean(entry_lengths)) if entry_lengths else 1.0
    entry_tf = (tf * (_K1 + 1) / (tf + _K1 * (1 - _B + _B * lengths / avg))).astype(np.float32)
    slots = np.asarray(slot, dtype=np.int16)
    return SearchData(
        vocab=vocab, words=tuple(vocab), accents=accents, idf=idf, unknown_idf=math.log(1 + n / 0.5), texts=texts,
        owner=np.asarray(owner, dtype=np.int32), slot=slots, seq=seq_csr, acc=Csr.from_rows(acc),
        uniq=Csr.from_rows([sorted(set(r)) for r in seq]), entry_words=words_csr, entry_tf=entry_tf,
        entry_starts=np.asarray(entry_starts, dtype=np.int64), postings=_bm25_postings(texts, slots < 0),
        bigrams=np.unique(np.concatenate(pairs)) if pairs else np.zeros(0, dtype=np.int64),
        entry_pairs=Csr.from_arrays(per_entry_pairs),
    )


def _folded_id(word: str, cache: dict[str, int], vocab: dict[str, int]) -> int:
    tid = cache.get(word)
    if tid is None:
        tid = cache[word] = vocab.setdefault(fold(word), len(vocab))
    return tid


def pair_codes(ids: IntArray) -> IntArray:
    """Codes of neighbouring id pairs: a << 32 | b."""
    return (ids[:-1] << 32) | ids[1:] if len(ids) > 1 else np.zeros(0, dtype=np.int64)


def _bm25_postings(texts: Sequence[str], is_body: npt.NDArray[np.bool_]) -> Postings:
    """Posting lists over unigrams and bigrams with precomputed BM25 weights (bodies: unigrams, half weight)."""
    token_ids: dict[str, int] = {}
    doc_col: list[int] = []
    tok_col: list[int] = []
    tf_col: list[int] = []
    lengths = np.zeros(len(texts), dtype=np.float32)
    for i, text in enumerate(texts):
        toks = text.split()
        if not is_body[i]:
            toks += [f"{a}_{b}" for a, b in zip(toks, toks[1:], strict=False)]
        lengths[i] = len(toks)
        counts: dict[str, int] = {}
        for t in toks:
            counts[t] = counts.get(t, 0) + 1
        for t, count in counts.items():
            doc_col.append(i)
            tok_col.append(token_ids.setdefault(t, len(token_ids)))
            tf_col.append(count)
    docs = np.asarray(doc_col, dtype=np.int32)
    toks_arr = np.asarray(tok_col, dtype=np.int32)
    tf = np.asarray(tf_col, dtype=np.float32)
    n = max(len(texts), 1)
    avg = float(lengths.mean()) if len(texts) else 1.0
    norm = _K1 * (1 - _B + _B * lengths[docs] / avg)
    weights = tf * (_K1 + 1) / (tf + norm) * np.where(is_body[docs], 0.5, 1.0).astype(np.float32)
    df = np.bincount(toks_arr, minlength=len(token_ids)).astype(np.float32)
    weights *= np.log1p((n - df[toks_arr] + 0.5) / (df[toks_arr] + 0.5))
    order = np.argsort(toks_arr, kind="stable")
    indptr = np.zeros(len(token_ids) + 1, dtype=np.int64)
    np.cumsum(np.bincount(toks_arr, minlength=len(token_ids)), out=indptr[1:])
    return Postings(token_ids, indptr, docs[order], weights[order].astype(np.float32))
