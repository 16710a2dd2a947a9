"""Calibrate the re-ranking weights and outcome thresholds on evaluation files (a developer tool, not a test).

Features are computed once per question; then a random search over weights maximizes top-1 (+ top-3) and a sweep
picks thresholds that keep out-of-scope questions from being answered. Prints a SearchConfig to paste.
Usage: python bench/tune_search.py ../shared/eval/dev.yaml tests/data/eval_private.yaml [--trials 3000]
"""

import argparse
import random
import sys
from dataclasses import asdict, replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core.evaluate import is_right  # noqa: E402
from bot.core.normalize import fold  # noqa: E402
from bot.core.render import hit_json  # noqa: E402
from bot.core.search import Hit, SearchConfig, SearchIndex  # noqa: E402
from bot.core.validation import load_knowledge  # noqa: E402

WEIGHTS = ("w_recall", "w_precision", "w_bigram", "w_ratio", "w_partial", "w_body", "w_union")


def collect(index: SearchIndex, items: list[dict]) -> list[tuple[dict, list[tuple[int, tuple[float, ...], bool]], dict]]:
    rows = []
    for it in items:
        queries = [it["q"]]
        if it["expect"] != "none" and fold(it["q"]) != it["q"].lower():
            queries.append(fold(it["q"]))
        for q in queries:
            norm = index._normalize(q)
            if not norm.folded:
                rows.append((it, [], {}))
                continue
            terms = [index._correct(t) for t in norm.folded]
            alts = index._alternatives(terms)
            cands = index._candidates(terms, alts)
            feats = [(int(index._owner[pid]), f, bool(index._is_body[pid]))
                     for pid, f in index.features(cands, norm, terms, alts)]
            right = {}
            if it["expect"] != "none":
                for e, _, _ in feats:
                    if e not in right:
                        right[e] = is_right(hit_json(Hit(index.entries[e], 0.0)), it["expect"])
            rows.append((it, feats, right))
    return rows


def rank(index: SearchIndex, cfg: SearchConfig, feats: list) -> list[tuple[int, float]]:
    index.config = cfg  # _combine only reads the weights from the config
    best: dict[int, float] = {}
    for e, f, body in feats:
        s = index._combine(f, body)
        if s > best.get(e, -9):
            best[e] = s
    return sorted(best.items(), key=lambda kv: -kv[1])


def score(index: SearchIndex, cfg: SearchConfig, rows: list) -> tuple[float, float, float, float, float]:
    top1 = top3 = n = ood_ok = ood_n = sure = wrong = 0
    for it, feats, right in rows:
        ranked = rank(index, cfg, feats)
        outcome = "none"
        if ranked and ranked[0][1] >= cfg.suggest_threshold:
            second = ranked[1][1] if len(ranked) > 1 else 0
            sure = ranked[0][1] >= cfg.answer_threshold and ranked[0][1] - second >= cfg.answer_margin
            outcome = "answer" if sure else "suggest"
        if it["expect"] == "none":
            ood_n += 1
            ood_ok += outcome != "answer"
            continue
        n += 1
        ok1 = outcome != "none" and bool(ranked) and right.get(ranked[0][0], False)
        top1 += ok1
        top3 += outcome != "none" and any(right.get(e, False) for e, _ in ranked[:3])
        sure += outcome == "answer" and ok1
        wrong += outcome == "answer" and not ok1
    return top1 / n, top3 / n, ood_ok / max(ood_n, 1), sure / n, wrong / n


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--trials", type=int, default=2000)
    args = ap.parse_args()
    items = [it for f in args.files for it in yaml.safe_load(Path(f).read_text(encoding="utf-8"))]
    index = SearchIndex.build(load_knowledge(ROOT / "knowledge").knowledge, SearchConfig(candidates=80))
    rows = collect(index, items)
    base = replace(SearchConfig(), suggest_threshold=0.0, answer_threshold=9.0)
    best_cfg, best_val = base, score(index, base, rows)
    print("current weights:", score(index, replace(SearchConfig()), rows))
    rng = random.Random(1)
    for _ in range(args.trials):
        w = {k: rng.uniform(0, 0.5 if k in ("w_body", "w_union") else 1) for k in WEIGHTS}
        total = sum(w[k] for k in WEIGHTS if k not in ("w_body", "w_union"))
        w = {k: (v / total if k not in ("w_body", "w_union") else v) for k, v in w.items()}
        cfg = replace(base, **w)
        val = score(index, cfg, rows)
        if val[0] + 0.5 * val[1] > best_val[0] + 0.5 * best_val[1]:
            best_cfg, best_val = cfg, val
    print("best ranking:", {k: round(getattr(best_cfg, k), 3) for k in WEIGHTS}, best_val)
    results = []
    for st in [x / 100 for x in range(20, 70, 2)]:
        for at in [x / 100 for x in range(40, 110, 2)]:
            for m in (0.0, 0.02, 0.04, 0.06, 0.08):
                cfg = replace(best_cfg, suggest_threshold=st, answer_threshold=at, answer_margin=m)
                v = score(index, cfg, rows)
                if v[2] >= 0.96 and v[4] <= 0.04:
                    results.append((v[0] + 0.3 * v[3], cfg, v))
    results.sort(key=lambda r: -r[0])
    for _, cfg, v in results[:5]:
        print(f"suggest={cfg.suggest_threshold} answer={cfg.answer_threshold} margin={cfg.answer_margin} "
              f"top1={v[0]:.3f} top3={v[1]:.3f} ood={v[2]:.3f} sure={v[3]:.3f} wrong={v[4]:.3f}")
    if results:
        print({k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(results[0][1]).items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
