"""The k highest positive scores of a long array, fast when the scores tie by the thousand.

A knowledge base of near-identical phrasings (a province's Q&A copied per commune, or the benchmark's clones) gives
long score arrays with few distinct values; a full selection (`argpartition`) over 100,000 such rows cost more than
the rest of a search. Long arrays are first cut, in one comparison pass, to the rows at least as high as the k-th
best of a sample: the k best are among them, whatever the ties.
"""

import numpy as np

from bot.core.search_data import FloatArray, IntArray

SAMPLE_STRIDE = 16
SAMPLED_FROM = 20_000  # shorter arrays are selected directly (the bundled knowledge, bit for bit as before)


def top_rows(scores: FloatArray, k: int) -> IntArray:
    """Positions of the k highest positive scores (any order; fewer when fewer are positive). Among rows tied at the
    k-th score, which ones are kept is unspecified."""
    k = min(k, len(scores))
    if len(scores) >= SAMPLED_FROM and 0 < k < len(scores) // SAMPLE_STRIDE:
        pool = _pool(scores, k)
        if len(pool) > k:
            pool = pool[np.argpartition(-scores[pool], k - 1)[:k]]
        return pool.astype(np.int64)
    top = np.argpartition(-scores, k - 1)[:k] if 0 < k < len(scores) else np.arange(len(scores))
    return top[scores[top] > 0].astype(np.int64)


def _pool(scores: FloatArray, k: int) -> IntArray:
    """The positive rows scoring at least the k-th best of every SAMPLE_STRIDE-th row: a superset of the k best
    (the sample alone has k rows that high). The sample is sorted, not partitioned: selection slows on ties."""
    sample = np.sort(scores[::SAMPLE_STRIDE])
    kth = float(sample[len(sample) - k])
    return np.flatnonzero(scores >= kth) if kth > 0 else np.flatnonzero(scores > 0)
