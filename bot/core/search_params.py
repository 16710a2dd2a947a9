"""Weights and decision models of search, written by bench/tune_search.py --write (do not edit by hand)."""

TUNED: dict[str, float | tuple[float, ...]] = {
    'rank_model': (0.4455, 0.5348, 0.091, 0.2115, 0.2788, -0.1052, -0.0197, -0.063, -0.2564, -0.0323, 0.4085, 0.0114, 0.4845, 0.0573),
    'suggest_threshold': 0.66,
    'answer_threshold': 0.86,
    'scope_model': (1.1718, 0.0425, 0.8374, 0.8024, -0.0661, 2.3064, 1.2383, 1.225, 0.1698, 0.2647, 0.8667, -5.7468),
    'right_model': (1.6179, 0.7958, 1.6833, -0.4205, 0.9022, 2.1457, -7.1759, -1.0408, 0.7779, 0.0642, 0.7366, 2.8535),
}
