"""Weights and decision models of search, written by bench/tune_search.py --write (do not edit by hand)."""

TUNED: dict[str, float | tuple[float, ...]] = {
    'rank_model': (0.806, 0.595, 0.178, 0.195, 0.349, 0.016, -0.04, 0.298, 0.128, 0.0, 0.694, 0.0, 0.064, 0.04),
    'suggest_threshold': 0.66,
    'answer_threshold': 0.88,
    'scope_model': (0.8183, -0.0425, 0.9047, 0.6021, -0.2085, 2.3431, 1.4346, 1.374, 0.2194, 0.2259, 1.1967, -5.4499),
    'right_model': (0.7678, 2.0307, 2.6476, 0.1739, 0.3191, 2.0991, -0.6417, -0.5596, -0.7243, 0.0291, 0.2681, -2.7958),
}
