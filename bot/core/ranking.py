"""Measuring how well each candidate (`candidates.py`) fits a question (`FEATURES`), all with numpy.

Every feature is a share of the question's slot weights (see `terms.py`), so a long story and a three-word question
are measured on one scale; the ranking model combines them (`rank_matrix`).
"""

from functools import lru_cache

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from bot.core.candidates import profile_scores
from bot.core.normalize import fold_word
from bot.core.search_data import BODY, EXAMPLE, FloatArray, IntArray, SearchData, first_of_each, in_sorted, sorted_unique
from bot.core.terms import FUZZY_CHARS, Terms

FEATURES = ("recall", "precision", "bigram", "ratio", "partial", "marks", "union", "focus", "known", "pairs", "qrecall",
            "about", "exact", "votes", "profile", "profile_lead")
# The ranking model's inputs: phrasing rows and body rows (the start of an answer) use different features.
RANK_FEATURES = ("recall", "precision", "bigram", "ratio", "partial", "qrecall", "exact",
                 "body", "body_recall", "body_bigram", "body_qrecall",
                 "union", "focus", "about", "marks",
                 "example", "ex_recall", "ex_precision", "ex_bigram", "ex_qrecall",
                 "ex_story", "ex_story_recall", "ex_story_precision", "ex_story_bigram",
                 "votes", "votes_story", "profile", "profile_story")
_PHRASE_COLS = ("recall", "precision", "bigram", "ratio", "partial", "qrecall", "exact")
_BODY_COLS = ("recall", "bigram", "qrecall")
_SHARED_COLS = ("union", "focus", "about", "marks")
_EXAMPLE_COLS = ("recall", "precision", "bigram", "qrecall")
_STORY_COLS = ("recall", "precision", "bigram")
STORY_WORDS = 25  # a message of this many words (after fillers) is a whole story: examples weigh in fully
_FUZZY_CANDIDATES = 24
_VOTERS = 7  # the examples nearest to the question that vote for their entries
_ENTRY_CANDIDATES = 40
_EXACT = 0.92  # rapidfuzz ratio from which a phrasing counts as the question itself


def _slot_masks(terms: Terms, ids: IntArray) -> npt.NDArray[np.uint64]:
    """Per id: the bitmask of slots it satisfies (zero for ids no slot accepts)."""
    masks: npt.NDArray[np.uint64] = terms.alt_bits[terms.alt_row[ids]]
    return masks


_BYTE_BITS = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1, bitorder="little").astype(np.float32)


class _BitWeights:
    """Sums of slot weights over rows of slot bitmasks, through a byte-wise lookup table (no bit loops); the table is
    built once per weight vector and mask width."""

    def __init__(self, slot_weight: FloatArray, words_per_mask: int) -> None:
        n_bytes = words_per_mask * 8
        padded = np.zeros(n_bytes * 8, dtype=np.float32)
        padded[: len(slot_weight)] = slot_weight[: n_bytes * 8]
        table = padded.reshape(n_bytes, 8) @ _BYTE_BITS.T  # (byte position, byte value) -> weight
        self._flat = table.ravel()
        self._base = np.arange(n_bytes, dtype=np.int64) * 256
        self._n_bytes = n_bytes

    def __call__(self, masks: npt.NDArray[np.uint64]) -> FloatArray:
        as_bytes = masks.view(np.uint8).reshape(len(masks), self._n_bytes)
        weights: FloatArray = self._flat[as_bytes + self._base].sum(axis=1, dtype=np.float32)
        return weights


def _or_rows(values: npt.NDArray[np.uint64], offsets: IntArray) -> npt.NDArray[np.uint64]:
    if not len(values):
        return np.zeros((len(offsets), values.shape[1]), dtype=np.uint64)
    return np.bitwise_or.reduceat(values, offsets, axis=0)


def features(data: SearchData, terms: Terms, cand: IntArray,
             profile: FloatArray | None = None) -> npt.NDArray[np.float32]:
    """One row per candidate phrasing, one column per name in FEATURES (each 0..1; `partial` on phrasings only)."""
    n = len(cand)
    out = np.zeros((n, len(FEATURES)), dtype=np.float32)
    if not n:
        return out
    profile = profile_scores(data, terms) if profile is None else profile
    out[:, 14], out[:, 15] = _profile_columns(profile, data.owner[cand])
    total = terms.total or 1.0
    # recall: how much of the question (by weight) the phrasing contains
    ids, offsets = data.uniq.gather(cand)
    masks = _slot_masks(terms, ids)
    row_masks = _or_rows(masks, offsets)
    weigh = _BitWeights(terms.slot_weight, masks.shape[1])
    out[:, 0] = weigh(row_masks) / total
    # precision: how much of the phrasing (by idf) the question contains
    tw = data.idf[ids]
    on_query_side = masks.any(axis=1).astype(np.float32)
    out[:, 1] = np.add.reduceat(tw * on_query_side, offsets) / np.maximum(np.add.reduceat(tw, offsets), 1e-6)
    seq_at, seq_offsets = data.seq.positions(cand)
    seq = data.seq.ids[seq_at]
    out[:, 2] = _bigram_share(data, terms, seq, seq_offsets)
    out[:, 5] = _marks(data, terms, seq, data.acc.ids[seq_at], seq_offsets)  # acc is aligned with seq
    # The whole-text features cost the most (an entry has hundreds of words): only the entries of the candidates that
    # already share the most words are read; the others keep zeros and cannot win.
    prelim = np.argsort(-(out[:, 0] + out[:, 1] + out[:, 14]), kind="stable")
    entries = data.owner[cand].astype(np.int64)
    distinct, first_seen = first_of_each(entries[prelim])
    chosen = np.sort(distinct[np.argsort(first_seen)[:_ENTRY_CANDIDATES]])  # the first so many entries met
    is_chosen = np.zeros(int(entries.max()) + 1, dtype=bool)
    is_chosen[chosen] = True
    rows_in = is_chosen[entries]
    uniq_entries = chosen
    back = np.searchsorted(chosen, entries[rows_in])
    # each chosen entry's words, as rows of the question's slot-mask table (the last row, zero, for words no slot
    # takes); an entry's text has hundreds of words, few of them the question's: only those are weighed (`about`)
    e_at, e_off = data.entry_words.positions(uniq_entries)
    e_rows = terms.alt_row[data.entry_words.ids[e_at]]
    e_masks = _or_rows(terms.alt_bits[e_rows], e_off)
    hit = np.flatnonzero(e_rows != len(terms.alt_ids))  # the other words have the zero row
    hit_masks = terms.alt_bits[e_rows[hit]]
    out[rows_in, 6] = (weigh(e_masks) / total)[back]
    # rapidfuzz is the dearest feature: only the candidates that already share the most words are compared
    likely = np.argsort(-(out[:, 0] + out[:, 1] + out[:, 6]), kind="stable")[:_FUZZY_CANDIDATES]
    ratio, partial = _fuzzy(data, terms, cand[likely])
    out[likely, 3], out[likely, 4] = ratio, partial
    # exact: the question itself is (nearly) one of the entry's phrasings, whatever the story around it says
    out[likely, 12] = (ratio >= _EXACT).astype(np.float32)
    out[rows_in, 7] = _focus(terms, e_masks)[back]
    out[:, 8] = float(terms.slot_weight[terms.slot_known].sum()) / total
    out[:, 9] = _known_pairs(data, terms)
    # qrecall: the question's own words (not the story's) that the phrasing contains
    q_weight = _question_weights(terms)
    out[:, 10] = _BitWeights(q_weight, masks.shape[1])(row_masks) / float(q_weight.sum() or 1.0)
    # about: how much the entry's whole text is about the question's words (BM25 over the entry), relative to the
    # best candidate entry; only the words the question uses are weighed
    tok_w = np.zeros(len(e_at), dtype=np.float32)  # zeros kept: the sums below add in the same order as ever
    if len(hit):
        tok_w[hit] = weigh(hit_masks) * data.entry_tf[e_at[hit]]
    about = np.add.reduceat(tok_w, e_off) if len(e_at) else np.zeros(len(uniq_entries), dtype=np.float32)
    out[rows_in, 11] = (about / max(float(about.max()), 1e-6))[back]
    out[:, 13] = _votes(data, cand, out)
    return out


def _profile_columns(profile: FloatArray, owners: npt.NDArray[np.int32]) -> tuple[FloatArray, float]:
    """Each candidate's entry profile score relative to the best entry's, and how far the best profile leads the
    second (relative to its score)."""
    best = float(profile.max()) if len(profile) else 0.0
    if best <= 0:
        return np.zeros(len(owners), dtype=np.float32), 0.0
    second = float(np.partition(profile, -2)[-2]) if len(profile) > 1 else 0.0
    return (profile[owners] / best).astype(np.float32), (best - second) / best


def _votes(data: SearchData, cand: IntArray, out: npt.NDArray[np.float32]) -> FloatArray:
    """Per candidate: the share of the examples nearest to the question (by words and word pairs shared) that
    belong to its entry — the stories people told before, voting like neighbours."""
    ex = np.flatnonzero(data.slot[cand] == EXAMPLE)
    if not len(ex):
        return np.zeros(len(cand), dtype=np.float32)
    sim = out[ex, 0] + out[ex, 1] + out[ex, 2]
    near = ex[np.argsort(-sim, kind="stable")[:_VOTERS]]
    owners = data.owner[cand]
    votes: FloatArray = (owners[:, None] == owners[near][None, :]).sum(axis=1).astype(np.float32) / _VOTERS
    return votes


def _question_weights(terms: Terms) -> FloatArray:
    weight = np.zeros(terms.n_slots, dtype=np.float32)
    q_slots = sorted({s for s in terms.slot_of[: terms.n_question] if s >= 0})
    weight[q_slots] = terms.slot_weight[q_slots]
    return weight


def _bigram_share(data: SearchData, terms: Terms, seq: IntArray, offsets: IntArray) -> FloatArray:
    """Share of the question's neighbouring word pairs (at most 64) that each phrasing also has."""
    q_codes = sorted_unique(terms.pair_codes())[:64]
    if not len(q_codes):
        return np.zeros(len(offsets), dtype=np.float32)
    codes = np.empty(len(seq), dtype=np.int64)
    codes[:-1] = (seq[:-1] << 32) | seq[1:]
    codes[-1] = -1
    codes[offsets[1:] - 1] = -1  # the last word of each phrasing pairs with nothing
    pos = np.minimum(np.searchsorted(q_codes, codes), len(q_codes) - 1)
    bits = np.where(q_codes[pos] == codes, np.left_shift(np.uint64(1), pos.astype(np.uint64)), np.uint64(0))
    found = _or_rows(bits.reshape(-1, 1), offsets)[:, 0]
    return (_popcount(found) / np.float32(len(q_codes))).astype(np.float32)


def _fuzzy(data: SearchData, terms: Terms, cand: IntArray) -> tuple[FloatArray, FloatArray]:
    """How alike the question and each candidate read (rapidfuzz ratio) and how well the shorter fits inside the
    longer (partial ratio). The ranking reads the partial ratio of phrasings only (`rank_matrix`), and the decision
    never: bodies and examples, often long and the dearest to compare, keep 0 there."""
    ratio = np.zeros(len(cand), dtype=np.float32)
    partial = np.zeros(len(cand), dtype=np.float32)
    if not terms.fuzzy_text:
        return ratio, partial
    choices = [data.texts[i][:FUZZY_CHARS] for i in cand.tolist()]
    ratio[:] = process.cdist([terms.fuzzy_text], choices, scorer=fuzz.QRatio, dtype=np.float32)[0] / 100
    phrasings = np.flatnonzero(data.slot[cand] >= 0)
    if len(phrasings):
        partial[phrasings] = process.cdist([terms.fuzzy_text], [choices[i] for i in phrasings.tolist()],
                                           scorer=fuzz.partial_ratio, dtype=np.float32)[0] / 100
    return ratio, partial


def _marks(data: SearchData, terms: Terms, seq: IntArray, acc: IntArray, offsets: IntArray) -> FloatArray:
    """Share of the diacritics the user typed that the phrasing has on the same words (1 when none typed); `seq` and
    `acc` are the candidates' folded and accented ids, rows starting at `offsets`."""
    pairs = [(a, f) for a, f in zip(terms.accented[: terms.n_question], terms.words[: terms.n_question], strict=False)
             if a != f and fold_word(a) == f][:64]
    out = np.ones(len(offsets), dtype=np.float32)
    if not pairs:
        return out
    folded_bits = _or_rows(_pair_bits([data.vocab.get(f, -1) for _, f in pairs], seq, len(data.words)), offsets)[:, 0]
    accent_bits = _or_rows(_pair_bits([data.accents.get(a, -1) for a, _ in pairs], acc, len(data.accents)),
                           offsets)[:, 0]
    present = _popcount(folded_bits)
    both = _popcount(folded_bits & accent_bits)
    has = present > 0
    out[has] = both[has] / present[has]
    return out


def _pair_bits(pair_ids: list[int], tokens: IntArray, n_ids: int) -> npt.NDArray[np.uint64]:
    """Per token (an id below n_ids): bit j set when the token is the j-th pair's id (-1: no id)."""
    bits: dict[int, int] = {}
    for j, tid in enumerate(pair_ids):
        if tid >= 0:
            bits[tid] = bits.get(tid, 0) | (1 << j)
    table = np.zeros(n_ids, dtype=np.uint64)
    table[list(bits)] = np.asarray(list(bits.values()), dtype=np.uint64)
    return table[tokens].reshape(-1, 1)


def _popcount(values: npt.NDArray[np.uint64]) -> FloatArray:
    counts: FloatArray = np.bitwise_count(values).astype(np.float32)
    return counts


def _focus(terms: Terms, entry_masks: npt.NDArray[np.uint64]) -> FloatArray:
    """Share of the question's three heaviest words (of the question itself) that the entry's text contains."""
    slot_weight = terms.slot_weight.tolist()
    q_slots = sorted({s for s in terms.slot_of[: terms.n_question] if s >= 0}, key=lambda s: -slot_weight[s])[:3]
    if not q_slots:
        return np.zeros(len(entry_masks), dtype=np.float32)
    weight = np.zeros(terms.n_slots, dtype=np.float32)
    weight[q_slots] = terms.slot_weight[q_slots]
    return _BitWeights(weight, entry_masks.shape[1])(entry_masks) / float(weight.sum() or 1.0)


def _known_pairs(data: SearchData, terms: Terms) -> float:
    """Share of the question's neighbouring pairs of known words that occur together somewhere in the knowledge."""
    codes = terms.pair_codes()
    if not len(codes):
        return 1.0
    return float(in_sorted(codes, data.bigrams).mean())


def story_share(n_words: int) -> float:
    """How much a message reads as a story rather than a short question (0..1, by its number of words)."""
    return min(n_words / STORY_WORDS, 1.0)


def phrase_leader(f: npt.NDArray[np.float32], slot: npt.NDArray[np.int16], story: float, model: tuple[float, ...],
                  owners: npt.NDArray[np.int32], matrix: npt.NDArray[np.float32] | None = None) -> int:
    """The entry the ranking would put first without the entry profiles (-1 without candidates): when the best
    single phrasing and the profiles point to the same entry, a direct answer is far more often right. `matrix` is
    `rank_matrix(f, slot, story)` when the caller has it already."""
    if not len(f):
        return -1
    scores = (rank_matrix(f, slot, story) if matrix is None else matrix) @ _without_profiles(model)
    return int(owners[int(np.argmax(scores))])


def model_vector(model: tuple[float, ...]) -> npt.NDArray[np.float32]:
    """The ranking model as an array (made once per model: read only)."""
    return _as_vector(model, False)


def _without_profiles(model: tuple[float, ...]) -> npt.NDArray[np.float32]:
    return _as_vector(model, True)


@lru_cache(maxsize=8)
def _as_vector(model: tuple[float, ...], drop_profiles: bool) -> npt.NDArray[np.float32]:
    vector = np.asarray([0.0 if drop_profiles and name.startswith("profile") else w
                         for name, w in zip(RANK_FEATURES, model, strict=True)], dtype=np.float32)
    vector.setflags(write=False)
    return vector


def _rank_layout() -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """For each RANK_FEATURES column: the FEATURES column it reads (len(FEATURES): a column of ones) and the row
    factor it is multiplied by (0 ones, 1 phrasing rows, 2 body rows, 3 example rows, 4 example rows scaled by the
    story share, 5 the story share)."""
    col = {name: i for i, name in enumerate(FEATURES)}
    ones = len(FEATURES)
    layout = [(col[c], 1) for c in _PHRASE_COLS] + [(ones, 2)] + [(col[c], 2) for c in _BODY_COLS] + \
        [(col[c], 0) for c in _SHARED_COLS] + [(ones, 3)] + [(col[c], 3) for c in _EXAMPLE_COLS] + [(ones, 4)] + \
        [(col[c], 4) for c in _STORY_COLS] + [(col["votes"], 0), (col["votes"], 5), (col["profile"], 0),
                                              (col["profile"], 5)]
    assert len(layout) == len(RANK_FEATURES)
    return np.asarray([c for c, _ in layout], dtype=np.int64), np.asarray([k for _, k in layout], dtype=np.int64)


_RANK_SOURCE, _RANK_FACTOR = _rank_layout()


def rank_matrix(f: npt.NDArray[np.float32], slot: npt.NDArray[np.int16], story: float = 0.0) -> npt.NDArray[np.float32]:
    """The features rearranged as RANK_FEATURES: each kind of row (phrasing, body, example) has its own columns,
    zero on the other kinds of rows; example columns come twice, once scaled by how much the message is a story
    (a short question is best matched by phrasings, a long story by the stories people told before)."""
    n = len(f)
    example = (slot == EXAMPLE).astype(np.float32)
    factors = np.empty((n, 6), dtype=np.float32)
    factors[:, 0] = 1
    factors[:, 1] = slot >= 0
    factors[:, 2] = slot == BODY
    factors[:, 3] = example
    factors[:, 4] = example * story
    factors[:, 5] = np.float32(story)
    values = np.empty((n, len(FEATURES) + 1), dtype=np.float32)
    values[:, :-1] = f
    values[:, -1] = 1
    matrix: npt.NDArray[np.float32] = values[:, _RANK_SOURCE] * factors[:, _RANK_FACTOR]
    return matrix

