"""The k highest positive scores of a long array, fast when the scores tie by the thousand.

A knowledge base of near-identical phrasings (a province's Q&A copied per commune, or the benchmark's clones) gives
long score arrays with few distinct values; a full selection (`argpartition`) over 100,000 such rows cost more than
the rest of a search. Long arrays are first cut, in one comparison pass, to the rows at least as high as the k-th
best of a sample: the k best are among them, whatever the ties. Rows tied at the k-th score are taken by position,
so the candidates never depend on the selection algorithm's order of equal values nor on the array's layout (on
the bundled knowledge the last candidate place ties often).
"""

import numpy as np

from bot.core.search_data import FloatArray, IntArray

SAMPLE_STRIDE = 16
SAMPLED_FROM = 4_096  # shorter arrays are selected directly (the same rows either way: ties go by position)


def top_rows(scores: FloatArray, k: int) -> IntArray:
    """Positions of the k highest positive scores (any order; fewer when fewer are positive). Rows tied at the k-th
    score are taken by position, first rows first: the result never depends on how a selection algorithm happens to
    order equal values, nor on how the scores are laid out (rows or compact positions in row order)."""
    k = min(k, len(scores))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    pool = _pool(scores, k) if len(scores) >= SAMPLED_FROM and k < len(scores) // SAMPLE_STRIDE else None
    values = scores if pool is None else scores[pool]
    n = len(values)
    if k >= n:
        rows: IntArray = np.arange(n, dtype=np.int64) if pool is None else pool.astype(np.int64)
        return rows[scores[rows] > 0]
    kth = np.partition(values, n - k)[n - k]  # the k-th highest value
    if kth <= 0:  # fewer than k positive: all of them
        chosen = np.flatnonzero(values > 0)
    else:
        above = np.flatnonzero(values > kth)
        chosen = np.concatenate([above, np.flatnonzero(values == kth)[: k - len(above)]])
    picked: IntArray = (chosen if pool is None else pool[chosen]).astype(np.int64)
    return picked


def _pool(scores: FloatArray, k: int) -> IntArray:
    """The positive rows scoring at least the k-th best of every SAMPLE_STRIDE-th row: a superset of the k best
    (the sample alone has k rows that high). The sample is sorted, not partitioned: selection slows on ties."""
    sample = np.sort(scores[::SAMPLE_STRIDE])
    kth = float(sample[len(sample) - k])
    return np.flatnonzero(scores >= kth) if kth > 0 else np.flatnonzero(scores > 0)
