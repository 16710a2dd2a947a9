"""Two-stage search over every phrasing of every published entry.

Stage 1: BM25 over folded syllables and syllable bigrams (numpy posting lists) picks a few dozen candidate phrasings,
so the cost grows with the postings a query touches, not with the size of the knowledge base.
Stage 2: each candidate is re-scored with rapidfuzz similarity and an idf-weighted coverage of the query's words;
hits are collapsed by entry and the outcome (answer / suggest / none) follows configured thresholds.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from rapidfuzz import fuzz

from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.normalize import Normalized, Normalizer, fold, has_marks, words

OutcomeKind = Literal["answer", "suggest", "none"]

_BODY_CHARS = 600  # the start of an answer (and of a scenario's situation) is indexed too, at a lower weight
_K1, _B = 1.2, 0.75
_WEAK = 0.2  # idf factor of the lexicon's weak words


@dataclass(frozen=True)
class SearchConfig:
    """Thresholds on the final score (0..1); calibrated on shared/eval/dev.yaml."""

    answer_threshold: float = 0.64
    answer_margin: float = 0.01
    suggest_threshold: float = 0.3
    candidates: int = 60
    max_results: int = 5
    max_suggestions: int = 3
    # weights of the re-ranking features (see `_features`); tuned with bench/tune_search.py
    w_recall: float = 0.15
    w_precision: float = 0.178
    w_bigram: float = 0.018
    w_ratio: float = 0.29
    w_partial: float = 0.364
    w_body: float = 0.219
    w_marks: float = 0.04
    w_union: float = 0.03


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float


@dataclass(frozen=True)
class Outcome:
    kind: OutcomeKind
    hits: tuple[Hit, ...]
    normalized: str


@dataclass(frozen=True)
class _Postings:
    """BM25 posting lists in compressed-sparse-row form: token -> slice of (phrasing ids, weights)."""

    token_ids: dict[str, int]
    indptr: np.ndarray
    docs: np.ndarray
    weights: np.ndarray

    def get(self, token: str) -> tuple[np.ndarray, np.ndarray] | None:
        tid = self.token_ids.get(token)
        if tid is None:
            return None
        lo, hi = self.indptr[tid], self.indptr[tid + 1]
        return self.docs[lo:hi], self.weights[lo:hi]


class SearchIndex:
    """An immutable index of one knowledge snapshot. Build once, search from any thread.

    Per phrasing only two strings are kept (folded and accented); token sets are rebuilt for the few
    candidates a query re-ranks, which keeps 100,000 phrasings well under the memory budget.
    """

    def __init__(
        self,
        entries: Sequence[Entry],
        texts: list[str],
        accented: list[str],
        owner: np.ndarray,
        starts: np.ndarray,
        is_body: np.ndarray,
        postings: _Postings,
        entry_idf: dict[str, float],
        n_entries: int,
        normalizer: Normalizer,
        synonyms: Sequence[tuple[tuple[str, ...], ...]],
        config: SearchConfig,
    ) -> None:
        self.entries = entries
        self._texts = texts
        self._accented = accented
        self._owner = owner
        self._starts = starts
        # every word of each entry (all phrasings and bodies), for the entry-level recall of a query
        self._entry_tokens = [frozenset(" ".join(texts[starts[i] : starts[i + 1]]).split()) for i in range(len(entries))]
        self._is_body = is_body
        self._postings = postings
        self._idf = entry_idf
        self._unknown_idf = math.log(1 + n_entries / 0.5)
        self._normalize = normalizer
        self._synonyms = synonyms
        self._deletes = _delete_index(entry_idf)
        self.config = config

    @property
    def size(self) -> int:
        """Number of indexed phrasings (questions, titles and alternates)."""
        return int(len(self._texts) - int(self._is_body.sum()))

    @classmethod
    def build(cls, kb: KnowledgeBase, config: SearchConfig | None = None) -> "SearchIndex":
        lex = kb.lexicon
        return cls.build_from(kb.published(), Normalizer(lex), lex.synonyms, config or SearchConfig(), lex.weak_words)

    @classmethod
    def build_from(
        cls,
        entries: Sequence[Entry],
        normalizer: Normalizer,
        synonym_groups: Iterable[Sequence[str]] = (),
        config: SearchConfig | None = None,
        weak_words: Iterable[str] = (),
    ) -> "SearchIndex":
        texts: list[str] = []
        accented: list[str] = []
        owner: list[int] = []
        starts: list[int] = []
        is_body: list[bool] = []
        df: dict[str, int] = defaultdict(int)
        for i, entry in enumerate(entries):
            starts.append(len(texts))
            union: set[str] = set()
            phrasings = [(entry.title, False), *((q, False) for q in entry.alt_questions), (entry.answer[:_BODY_CHARS], True)]
            if entry.kind == "scenario":
                phrasings.append((str(entry.data.get("situation", ""))[:_BODY_CHARS], True))
            for text, body in phrasings:
                norm = normalizer(text, drop_fillers=not body)
                if not norm.folded:
                    continue
                union.update(norm.folded)
                texts.append(norm.text)
                accented.append(" ".join(norm.accented))
                owner.append(i)
                is_body.append(body)
            for t in union:
                df[t] += 1
        starts.append(len(texts))
        n = max(len(entries), 1)
        idf = {t: math.log(1 + n / d) for t, d in df.items()}
        for w in {fold(w) for phrase in weak_words for w in words(phrase)}:
            idf[w] = idf.get(w, math.log(1 + n)) * _WEAK
        body_mask = np.asarray(is_body, dtype=bool)
        synonyms = tuple(
            tuple(tuple(fold(w) for w in words(p)) for p in group) for group in synonym_groups if len(group) > 1
        )
        return cls(list(entries), texts, accented, np.asarray(owner, dtype=np.int32), np.asarray(starts, dtype=np.int64),
                   body_mask,
                   _bm25_postings(texts, body_mask), idf, n, normalizer, synonyms, config or SearchConfig())

    # -- query side -------------------------------------------------------------------------------------------------

    def search(self, query: str) -> Outcome:
        norm = self._normalize(query)
        if not norm.folded or not self._texts:
            return Outcome("none", (), norm.text)
        terms = [self._correct(t) for t in norm.folded]
        alternatives = self._alternatives(terms)
        candidates = self._candidates(terms, alternatives)
        hits = self._rerank(candidates, norm, terms, alternatives)
        return Outcome(self._decide(hits), tuple(hits[: self.config.max_results]), " ".join(terms))

    def _correct(self, token: str) -> str:
        """Replace an unknown word by a known one within one edit (missing, extra, swapped or wrong letter)."""
        if token in self._idf or len(token) < 3:
            return token
        best: tuple[float, str] | None = None
        for key in (token, *_deletions(token)):
            for cand in self._deletes.get(key, ()):
                if _within_one_edit(token, cand):
                    rank = (-self._idf[cand], cand)  # the more common word; ties by spelling, never by hash order
                    if best is None or rank < best:
                        best = rank
        return best[1] if best else token

    def _alternatives(self, terms: list[str]) -> list[set[str]]:
        """For each query word, the words that may stand for it (itself and synonym phrases)."""
        alts = [{t} for t in terms]
        for group in self._synonyms:
            for phrase in group:
                n = len(phrase)
                for i in range(len(terms) - n + 1):
                    if tuple(terms[i : i + n]) == phrase:
                        extra = {w for other in group if other != phrase for w in other}
                        for k in range(i, i + n):
                            alts[k] |= extra
        return alts

    def _candidates(self, terms: list[str], alternatives: list[set[str]]) -> list[int]:
        weights: dict[str, float] = {}
        for t in terms:
            weights[t] = weights.get(t, 0.0) + 1.0
        for a, b in zip(terms, terms[1:], strict=False):
            key = f"{a}_{b}"
            weights[key] = weights.get(key, 0.0) + 1.0
        for t, alts in zip(terms, alternatives, strict=True):
            for alt in sorted(alts - {t}):  # a fixed order: float sums must not depend on hash seeds
                weights.setdefault(alt, 0.4)
        scores = np.zeros(len(self._texts), dtype=np.float32)
        for token, w in weights.items():
            posting = self._postings.get(token)
            if posting is not None:
                ids, vals = posting
                scores[ids] += vals * w
        k = min(self.config.candidates, len(scores))
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        return [int(i) for i in top if scores[i] > 0]

    def _rerank(self, candidates: list[int], norm: Normalized, terms: list[str], alternatives: list[set[str]]) -> list[Hit]:
        best: dict[int, float] = {}
        for pid, features in self.features(candidates, norm, terms, alternatives):
            score = self._combine(features, bool(self._is_body[pid]))
            entry = int(self._owner[pid])
            if score > best.get(entry, -1.0):
                best[entry] = score
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
        return [Hit(self.entries[i], round(s, 4)) for i, s in ranked]

    def features(
        self, candidates: list[int], norm: Normalized, terms: list[str], alternatives: list[set[str]]
    ) -> Iterable[tuple[int, tuple[float, ...]]]:
        """Per candidate phrasing: idf-weighted recall of the query, precision, bigram recall, rapidfuzz ratio and
        partial ratio (0..1), the share of typed diacritics that match (1.0 when none were typed), and the recall
        of the query over every phrasing and body of the entry together."""
        weights = [self._idf.get(t, self._unknown_idf) for t in terms]
        total = sum(weights) or 1.0
        qtext = " ".join(terms)
        q_bigrams = set(zip(terms, terms[1:], strict=False))
        marked = has_marks(" ".join(norm.accented))
        accent_pairs = [(a, f) for a, f in zip(norm.accented, norm.folded, strict=True) if a != f]
        query_side = set().union(*alternatives) if alternatives else set()
        idf, unknown = self._idf, self._unknown_idf

        def recall_of(tokens: set[str] | frozenset[str]) -> float:
            return sum(w for w, alts in zip(weights, alternatives, strict=True) if not alts.isdisjoint(tokens)) / total

        union_recall: dict[int, float] = {}
        for pid in candidates:
            entry = int(self._owner[pid])
            if entry not in union_recall:
                union_recall[entry] = recall_of(self._entry_tokens[entry])
            text = self._texts[pid]
            toks = text.split()
            tokens = set(toks)
            recall = recall_of(tokens)
            p_total = p_covered = 0.0
            for t in tokens:
                w = idf.get(t, unknown)
                p_total += w
                if t in query_side:
                    p_covered += w
            precision = p_covered / (p_total or 1.0)
            bigram = len(q_bigrams & set(zip(toks, toks[1:], strict=False))) / len(q_bigrams) if q_bigrams else recall
            ratio = fuzz.QRatio(qtext, text) / 100
            partial = fuzz.partial_ratio(qtext, text) / 100
            marks = 1.0
            if marked and accent_pairs:
                accents = set(self._accented[pid].split())
                present = [a in accents for a, f in accent_pairs if f in tokens]
                if present:
                    marks = sum(present) / len(present)
            yield pid, (recall, precision, bigram, ratio, partial, marks, union_recall[entry])

    def _combine(self, f: tuple[float, ...], is_body: bool) -> float:
        c = self.config
        recall, precision, bigram, ratio, partial, marks, union = f
        if is_body:
            base = c.w_body * (0.7 * recall + 0.3 * bigram)
        else:
            base = (c.w_recall * recall + c.w_precision * precision + c.w_bigram * bigram
                    + c.w_ratio * ratio + c.w_partial * partial)
        return base + c.w_union * union - c.w_marks * (1 - marks)

    def _decide(self, hits: list[Hit]) -> OutcomeKind:
        cfg = self.config
        if not hits or hits[0].score < cfg.suggest_threshold:
            return "none"
        second = hits[1].score if len(hits) > 1 else 0.0
        if hits[0].score >= cfg.answer_threshold and hits[0].score - second >= cfg.answer_margin:
            return "answer"
        return "suggest"


def _bm25_postings(texts: Sequence[str], is_body: np.ndarray) -> _Postings:
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
    del doc_col, tok_col, tf_col
    n = max(len(texts), 1)
    avg = float(lengths.mean()) if len(texts) else 1.0
    norm = _K1 * (1 - _B + _B * lengths[docs] / avg)
    weights = tf * (_K1 + 1) / (tf + norm) * np.where(is_body[docs], 0.5, 1.0).astype(np.float32)
    df = np.bincount(toks_arr, minlength=len(token_ids)).astype(np.float32)
    weights *= np.log1p((n - df[toks_arr] + 0.5) / (df[toks_arr] + 0.5))
    order = np.argsort(toks_arr, kind="stable")
    indptr = np.zeros(len(token_ids) + 1, dtype=np.int64)
    np.cumsum(np.bincount(toks_arr, minlength=len(token_ids)), out=indptr[1:])
    return _Postings(token_ids, indptr, docs[order], weights[order].astype(np.float32))


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _delete_index(vocabulary: Iterable[str]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = defaultdict(list)
    for w in vocabulary:
        if len(w) < 3 or not w.isalpha():
            continue
        index[w].append(w)
        for d in _deletions(w):
            index[d].append(w)
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
