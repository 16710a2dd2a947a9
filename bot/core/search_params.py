"""Weights and decision models of search, written by bench/tune_search.py --write (do not edit by hand)."""

TUNED: dict[str, float | tuple[float, ...]] = {
    'rank_model': (0.3147, 0.4556, 0.1989, 0.1892, 0.4547, -0.2077, 0.0, 0.0, 0.0, 0.0, 0.6043, -0.0063, 0.5134, 0.0551),
    'suggest_threshold': 0.56,
    'answer_threshold': 0.88,
    'scope_model': (1.2065, -0.9512, 0.6234, 0.5329, 0.1845, 2.1958, 1.3149, 1.2332, 0.6419, 0.2882, 1.1211, -6.1797),
    'right_model': (1.233, 1.0574, 0.5633, -0.066, 1.1211, 1.5959, 3.4033, -0.2527, -0.5868, 0.0213, 1.1841, -6.0439),
}
