"""Picking the candidates a question is measured against: BM25 over the phrasings' words and word pairs, over the
examples (questions people asked before) by the question's heaviest words, and over the entries' profiles (all
their rows together) by every word of the message.
"""

import numpy as np

from bot.core.search_data import FloatArray, IntArray, Postings, SearchData, in_sorted, sorted_unique
from bot.core.terms import Terms
from bot.core.topk import top_rows

_EXAMPLE_WORDS = 16  # the question's heaviest words that look for examples
_PROFILE_ENTRIES = 8  # the entries whose profiles fit the message best are always candidates
_PROFILE_COMMON = 0.5  # profile words in more than this share of entries are left out (when others remain)
_PROFILE_TOKENS = 160  # of a long story's words and word pairs, at most this many (the rarest) meet the profiles
# of a message's tokens, at most this many look for phrasings: the question's own, then the rarest of the story's
# (the longest real question of the evaluation sets has 139 after common words are left out; a 2,000-character
# story about 230, which at 100,000 phrasings cost a third of its search)
_PHRASE_TOKENS = 160


def profile_scores(data: SearchData, terms: Terms) -> FloatArray:
    """Per entry: BM25 of the whole message (question and story alike, words and neighbouring pairs, synonyms
    lower) against the entry's profile, everything its rows say together."""
    index = data.profile_postings
    ids = terms.ids
    codes = (ids[:-1] << 32) | ids[1:]
    inside = (ids[:-1] >= 0) & (ids[1:] >= 0)
    if terms.n_question > 0:
        inside[terms.n_question - 1 : terms.n_question] = False  # no pair across the question and its story
    pairs = index.pair_tokens(codes[inside]) if len(codes) else np.zeros(0, dtype=np.int64)
    found = sorted_unique(np.concatenate([ids[ids >= 0], pairs[pairs >= 0]]))
    synonyms = terms.alt_ids[~in_sorted(terms.alt_ids, found)]  # alt_ids are sorted and distinct
    tokens = np.concatenate([found, synonyms])
    weights = np.concatenate([np.ones(len(found), dtype=np.float32), np.full(len(synonyms), 0.4, dtype=np.float32)])
    return index.scores(tokens, weights, index.n_docs, _PROFILE_COMMON, _PROFILE_TOKENS)


def candidates(data: SearchData, terms: Terms, k: int, context_weight: float, k_examples: int = 12,
               profile: FloatArray | None = None) -> IntArray:
    """The k phrasings (and k_examples examples) with the highest BM25 score for the question's words, bigrams and
    synonyms, and the first phrasing of each entry whose profile fits best."""
    weights, codes = _query_tokens(data, terms, context_weight)
    top = data.phrasing_rows[top_rows(_bm25(data.postings, weights, codes, data.postings.n_docs, _PHRASE_TOKENS), k)]
    if k_examples and len(data.example_rows):
        # examples have places of their own (long stories would crowd out the phrasings), found by the question's
        # heaviest words only, so that a 2,000-character story costs no more than a short question
        idf = data.idf_values
        words = {t: w for t, w in weights.items() if "_" not in t and codes[t] >= 0}
        heavy = sorted(words, key=lambda t: (-words[t] * idf[codes[t]], t))[:_EXAMPLE_WORDS]
        ex_scores = _bm25(data.example_postings, {t: words[t] for t in heavy}, codes, len(data.example_rows))
        top = np.concatenate([top, data.example_rows[top_rows(ex_scores, k_examples)]])
    profile = profile_scores(data, terms) if profile is None else profile
    if len(profile):
        top = np.concatenate([top, data.entry_starts[top_rows(profile, _PROFILE_ENTRIES)]])
    return sorted_unique(top.astype(np.int64))


def _query_tokens(data: SearchData, terms: Terms, context_weight: float) -> tuple[dict[str, float], dict[str, int]]:
    """The tokens that look for phrasings, with their weights: the message's words (the story's lower), the
    question's neighbouring pairs ("a_b"), and its synonyms lower still; and each token's vocabulary id (a word) or
    code (a << 32 | b, a pair), -1 when the knowledge never uses a word of it."""
    weights: dict[str, float] = {}
    codes: dict[str, int] = {}
    ids = terms.ids.tolist()
    for pos, (w, tid) in enumerate(zip(terms.words, ids, strict=True)):
        role = 1.0 if pos < terms.n_question else context_weight
        weights[w] = max(weights.get(w, 0.0), role)
        codes[w] = tid
    q = terms.words[: terms.n_question]
    for i, (a, b) in enumerate(zip(q, q[1:], strict=False)):
        pair = f"{a}_{b}"
        weights[pair] = weights.get(pair, 0.0) + 1.0
        codes[pair] = (ids[i] << 32) | ids[i + 1] if ids[i] >= 0 and ids[i + 1] >= 0 else -1
    for tid in terms.alt_ids.tolist():
        w = data.words[tid]
        if w not in weights:
            weights[w], codes[w] = 0.4, tid
    return weights, codes


def _bm25(index: Postings, weights: dict[str, float], codes: dict[str, int], n_rows: int,
          limit: int | None = None) -> FloatArray:
    """Per row: the BM25 score of the weighted tokens (words and "a_b" pairs, `codes` as `_query_tokens` gives
    them), tokens in a fixed order; with `limit`, at most that many tokens: the question's own first, then the
    rarest of the story's."""
    ordered = sorted(weights)
    ids = np.asarray([codes[t] for t in ordered], dtype=np.int64)
    pairs = np.asarray(["_" in t for t in ordered], dtype=bool)
    if pairs.any():
        ids[pairs] = index.pair_tokens(ids[pairs])  # a code -1 matches no pair
    found = ids >= 0
    return index.scores(ids[found], np.asarray([weights[t] for t in ordered], dtype=np.float32)[found], n_rows, 0.25,
                        limit, 1.0)
