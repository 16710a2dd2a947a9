"""Calibrate the re-ranking weights and the answer / suggest / none decision on development sets (a developer
tool, not a test). Features are computed once per question; weights are then searched to maximize top-1 (+ top-3),
and the decision model is fitted on the features of the best hit.

Usage: python bench/tune_search.py ../shared/eval/dev.yaml bench/eval/real.yaml [--trials 3000] [--train DIR]
"""

import argparse
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.tune_decision import (  # noqa: E402
    fit_logistic,
    fit_right,
    fit_scope,
    out_of_fold,
    report_out_of_fold,
    sweep_question_threshold,
    sweep_thresholds,
)
from bot.core.basis import basis_signals, citation_keys  # noqa: E402
from bot.core.candidates import candidates, profile_scores  # noqa: E402
from bot.core.decide import DECISION_FEATURES, decision_vector  # noqa: E402
from bot.core.evaluate import is_right  # noqa: E402
from bot.core.knowledge import Entry, KnowledgeBase  # noqa: E402
from bot.core.normalize import Normalizer, fold  # noqa: E402
from bot.core.query import split_parts  # noqa: E402
from bot.core.ranking import RANK_FEATURES, features, phrase_leader, rank_matrix, story_share  # noqa: E402
from bot.core.render import hit_json  # noqa: E402
from bot.core.search import RIGHT_MODEL_FILE, Hit, SearchConfig, SearchIndex  # noqa: E402
from bot.core.validation import load_knowledge  # noqa: E402


@dataclass
class Row:
    item: dict
    query: str
    folded: bool
    cand: np.ndarray
    feats: np.ndarray
    slot: np.ndarray  # per candidate: 0 title, k alternate, BODY or EXAMPLE
    owner: np.ndarray
    right: dict[int, bool]
    domain: float
    domain_question: float
    terms: object
    index: SearchIndex  # the index the row was measured on (leave-out rows use their own)

    @property
    def ood(self) -> bool:
        return self.item["expect"] == "none"


def collect(index: SearchIndex, items: list[dict], fold_copies: bool = True) -> list[Row]:
    rows = []
    for it in items:
        queries = [(it["q"], False)]
        if fold_copies and it["expect"] != "none" and fold(it["q"]) != it["q"].lower():
            queries.append((fold(it["q"]), True))
        for q, folded in queries:
            terms = index.terms(split_parts(q)[0])
            profile = profile_scores(index.data, terms) if not terms.empty else np.zeros(0, dtype=np.float32)
            cand = candidates(index.data, terms, index.config.candidates, index.config.context_weight,
                              profile=profile) if not terms.empty else np.zeros(0, dtype=np.int64)
            feats = features(index.data, terms, cand, profile)
            owner = index.data.owner[cand].astype(np.int64)
            right: dict[int, bool] = {}
            if it["expect"] != "none":
                for e in set(owner.tolist()):
                    right[e] = "id" not in it["expect"] and is_right(hit_json(Hit(index.entries[e], 0.0)), it["expect"])
            rows.append(Row(it, q, folded, cand, feats, index.data.slot[cand], owner, right,
                            *index.domain.scores(terms.words, terms.ids, terms.n_question), terms, index))
    return rows


def left_out_examples(kb: KnowledgeBase, config: SearchConfig, folds: int = 5) -> list[Row]:
    """The entries' own examples (questions people asked) as questions the index never saw: in each fold every
    fifth example of every entry is taken out of the index and asked; right means its entry comes first."""
    rows: list[Row] = []
    published = kb.published()
    lex = kb.lexicon
    for k in range(folds):
        kept, asked = [], []
        for e in published:
            examples = list(e.examples)
            out = [q for i, q in enumerate(examples) if i % folds == k]
            kept.append(Entry(e.kind, {**e.data, "examples": [q for q in examples if q not in out]}) if out else e)
            asked += [(q, e.id) for q in out]
        index = SearchIndex.build_from(kept, Normalizer(lex), lex.synonyms, config, lex.weak_words, lex.out_of_scope)
        position = {e.id: i for i, e in enumerate(index.entries)}
        items = [{"q": q, "expect": {"id": eid}, "_file": "examples"} for q, eid in asked]
        for row in collect(index, items, fold_copies=False):
            source = index.entries[position[row.item["expect"]["id"]]]
            row.right = {e: e == position[source.id] or same_basis(index.entries[e], source) for e in row.right}
            rows.append(row)
    return rows


def same_basis(entry: Entry, source: Entry) -> bool:
    """Whether an entry answers on the same legal basis as the example's own entry (its first citation, the article
    that decides the matter): the evaluation sets count such an answer right too."""
    first = source.citations[:1]
    if not first or first[0].article is None:
        return False
    return citation_keys(source)[0] in citation_keys(entry)


def row_scores(index: SearchIndex, row: Row) -> np.ndarray:
    story = story_share(len(row.terms.words))
    return rank_matrix(row.feats, row.slot, story) @ np.asarray(index.config.rank_model, dtype=np.float32)


def ranked(index: SearchIndex, row: Row) -> list[tuple[int, float, np.ndarray]]:
    """(entry, score, features of its best phrasing), best first."""
    if not len(row.cand):
        return []
    scores = row_scores(index, row)
    best: dict[int, int] = {}
    for i in np.lexsort((row.cand, -scores)).tolist():
        best.setdefault(int(row.owner[i]), i)
    out = [(e, float(scores[i]), row.feats[i]) for e, i in best.items()]
    out.sort(key=lambda t: (-t[1], t[0]))
    return out


def ranking_quality(index: SearchIndex, rows: list[Row], file: str | None = None) -> tuple[float, float]:
    top1 = top3 = n = 0
    for row in rows:
        if row.ood or row.folded or (file is not None and row.item["_file"] != file):
            continue
        r = ranked(index, row)
        n += 1
        top1 += bool(r) and row.right.get(r[0][0], False)
        top3 += any(row.right.get(e, False) for e, _, _ in r[:3])
    return top1 / max(n, 1), top3 / max(n, 1)


def balanced_quality(index: SearchIndex, rows: list[Row]) -> tuple[float, float]:
    """Top-1 and top-3 averaged over the files, so that a large file does not outvote the others."""
    files = list(dict.fromkeys(r.item["_file"] for r in rows))
    q = [ranking_quality(index, rows, f) for f in files]
    return sum(a for a, _ in q) / len(q), sum(b for _, b in q) / len(q)


def fit_ranking(index: SearchIndex, rows: list[Row], rounds: int = 4) -> SearchConfig:
    """A pairwise linear ranker: for each in-scope question, the right entry's best phrasing must outscore every
    wrong entry's best phrasing. Best phrasings depend on the weights, so fit and re-pick a few times."""
    print("ranking now: top1={:.3f} top3={:.3f}".format(*ranking_quality(index, rows)))
    mats = [rank_matrix(r.feats, r.slot, story_share(len(r.terms.words))) if len(r.cand)
            else np.zeros((0, len(RANK_FEATURES))) for r in rows]
    best_cfg, best_val = index.config, balanced_quality(index, rows)
    per_file = {f: sum(1 for r in rows if r.item["_file"] == f) for f in {r.item["_file"] for r in rows}}
    for _ in range(rounds):
        w = np.asarray(index.config.rank_model, dtype=np.float64)
        diffs, weights = [], []
        for row, m in zip(rows, mats, strict=True):
            if row.ood or not any(row.right.values()):
                continue
            scores = m @ w
            best: dict[int, int] = {}
            for i in np.argsort(-scores).tolist():
                best.setdefault(int(row.owner[i]), i)
            good = [i for e, i in best.items() if row.right.get(e)]
            bad = sorted((i for e, i in best.items() if not row.right.get(e)), key=lambda i: -scores[i])[:10]
            if good:
                g = max(good, key=lambda i: scores[i])
                diffs += [m[g] - m[i] for i in bad]
                weights += [1.0 / per_file[row.item["_file"]]] * len(bad)
        d = np.asarray(diffs)
        x = np.vstack([d, -d])
        y = np.r_[np.ones(len(d)), np.zeros(len(d))]
        sw = np.asarray(weights * 2)
        w_new = fit_logistic(x, y, l2=0.02, bias=False, sample_weight=sw / sw.mean())
        w_new = w_new / max(float(np.abs(w_new).sum()), 1e-9) * 3.0  # scale: scores stay near 0..1.5
        index.config = replace(index.config, rank_model=tuple(round(float(v), 4) for v in w_new))
        val = balanced_quality(index, rows)
        print("  round (mean over files): top1={:.3f} top3={:.3f}".format(*val))
        if val[0] + 0.5 * val[1] > best_val[0] + 0.5 * best_val[1]:
            best_cfg, best_val = index.config, val
    index.config = best_cfg
    print("ranking best: top1={:.3f} top3={:.3f}".format(*best_val), dict(zip(RANK_FEATURES, best_cfg.rank_model, strict=True)))
    for f in dict.fromkeys(r.item["_file"] for r in rows):
        print("  {}: top1={:.3f} top3={:.3f}".format(f, *ranking_quality(index, rows, f)))
    return best_cfg


def refine_ranking(index: SearchIndex, rows: list[Row], passes: int = 3) -> SearchConfig:
    """Coordinate search on the ranking weights for the mean over files of top-1 (+ half of top-3): the pairwise fit
    optimizes a smooth stand-in, this checks the measure itself. Deterministic: fixed steps, fixed order."""
    def value() -> float:
        t1, t3 = balanced_quality(index, rows)
        return t1 + 0.5 * t3

    best = value()
    for _ in range(passes):
        improved = False
        for j in range(len(RANK_FEATURES)):
            for delta in (0.1, -0.1, 0.03, -0.03):
                w = list(index.config.rank_model)
                before = index.config
                w[j] = round(w[j] + delta, 4)
                index.config = replace(before, rank_model=tuple(w))
                v = value()
                if v > best + 1e-9:
                    best, improved = v, True
                    break
                index.config = before
        print("  refine pass: top1={:.3f} top3={:.3f}".format(*balanced_quality(index, rows)))
        if not improved:
            break
    return index.config


def decision_rows(index: SearchIndex, rows: list[Row]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per question: the decision vector, whether it is in scope, whether the first hit is right."""
    x, inscope, right = [], [], []
    for row in rows:
        r = ranked(index, row)
        hits = [(s, f) for _, s, f in r[:2]]
        top = [Hit(row.index.entries[e], s, position=e) for e, s, _ in r[:1]]
        leader = phrase_leader(row.feats, row.slot, story_share(len(row.terms.words)), index.config.rank_model,
                               row.owner.astype(np.int32)) if len(row.cand) else -1
        basis = basis_signals([(s, row.index.citation_keys[e]) for e, s, _ in r])
        x.append(decision_vector(hits, row.domain, row.index._pair_cover(row.terms, top), bool(r) and r[0][0] == leader,
                                 basis, row.domain_question))
        inscope.append(not row.ood)
        right.append(bool(r) and row.right.get(r[0][0], False))
    return np.asarray(x, dtype=np.float64), np.asarray(inscope), np.asarray(right)


PARAMS = ROOT / "bot" / "core" / "search_params.py"


def write_params(tuned: dict) -> None:
    """Rewrite bot/core/search_params.py: the defaults of SearchConfig come from there."""
    lines = ['"""Weights and decision models of search, written by bench/tune_search.py --write (do not edit by hand)."""',
             "", "TUNED: dict[str, float | tuple[float, ...]] = {"]
    for k, v in tuned.items():
        if isinstance(v, tuple):  # one weight per line keeps the file within the line length
            lines += [f"    {k!r}: ("] + [f"        {x!r}," for x in v] + ["    ),"]
        else:
            lines.append(f"    {k!r}: {v!r},")
    lines += ["}", ""]
    PARAMS.write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--rounds", type=int, default=4, help="rounds of the pairwise ranking fit (0: keep the ranking)")
    ap.add_argument("--write", action="store_true", help="write the result into bot/core/search_params.py")
    ap.add_argument("--train", help="folder with offtopic.yaml and inscope.yaml: extra questions for the in-scope model")
    ap.add_argument("--decision-only", nargs="*", metavar="FILE",
                    help="files that calibrate the answer / suggest / none decision but never fit the ranking, so "
                         "that the decision learns from rankings it was not fitted on")
    ap.add_argument("--max-wrong", type=float, default=0.02,
                    help="confidently wrong answers allowed per file (below the target leaves room for new questions)")
    ap.add_argument("--min-none", type=float, default=0.9,
                    help="share of off-topic questions that must get `none` in each set")
    ap.add_argument("--refine", type=int, default=0, help="passes of coordinate search on the ranking weights")
    ap.add_argument("--examples", action="store_true",
                    help="also learn from the entries' examples, each asked of an index without it (5 folds)")
    args = ap.parse_args()
    items = [{**it, "_file": f} for f in args.files for it in yaml.safe_load(Path(f).read_text(encoding="utf-8"))]
    kb = load_knowledge(ROOT / "knowledge").knowledge
    index = SearchIndex.build(kb, SearchConfig())
    rows = collect(index, items)
    files = list(args.files)
    if args.examples:
        rows += left_out_examples(kb, index.config)
        files.append("examples")
    rank_rows = [r for r in rows if r.item["_file"] not in (args.decision_only or [])]
    cfg = fit_ranking(index, rank_rows, args.rounds) if args.rounds else index.config
    if args.refine:
        cfg = refine_ranking(index, rank_rows, args.refine)
        print("refined ranking:", dict(zip(RANK_FEATURES, cfg.rank_model, strict=True)))
        for f in dict.fromkeys(r.item["_file"] for r in rows):
            print("  {}: top1={:.3f} top3={:.3f}".format(f, *ranking_quality(index, rows, f)))
    x, inscope, right = decision_rows(index, rows)
    ex, ein = np.zeros((0, x.shape[1])), np.zeros(0, dtype=bool)
    if args.train:
        extra = [{"q": q, "expect": "none"} for q in yaml.safe_load(Path(args.train, "offtopic.yaml").read_text())]
        extra += [{"q": q, "expect": {"kind": "none-such"}} for q in yaml.safe_load(Path(args.train, "inscope.yaml").read_text())]
        ex, ein, _ = decision_rows(index, collect(index, extra))
    w_scope = fit_scope(np.vstack([x, ex]), np.r_[inscope, ein])
    w_right = fit_right(x[inscope], right[inscope], np.asarray([r.item["_file"] for r in rows])[inscope])
    print("decision features:", DECISION_FEATURES)
    print("scope model:", np.round(w_scope, 3).tolist())
    print(f"right model: {len(w_right.trees)} trees")
    p_scope, p_right = out_of_fold(rows, x, inscope, right, ex, ein)
    th_scope, th_answer_scope, th_answer, min_lead = sweep_thresholds(rows, x, inscope, right, p_scope, p_right, files,
                                                                       args.max_wrong, args.min_none)
    th_question = sweep_question_threshold(rows, inscope, right, p_scope, p_right, files,
                                           (th_scope, th_answer_scope, th_answer, min_lead), x, args.max_wrong)
    report_out_of_fold(rows, x, inscope, right, p_scope, p_right, files,
                       (th_scope, th_answer_scope, th_answer, min_lead), th_question)
    tuned: dict = {"rank_model": cfg.rank_model, "suggest_threshold": th_scope, "answer_scope": th_answer_scope,
                   "answer_threshold": th_answer, "question_threshold": th_question,
                   "min_lead": min_lead,
                   "scope_model": tuple(round(float(v), 4) for v in w_scope)}
    if args.write:
        write_params(tuned)
        RIGHT_MODEL_FILE.write_text(w_right.to_json(), encoding="utf-8")
        print(f"written to {PARAMS} and {RIGHT_MODEL_FILE}")
    else:
        print(tuned)
    return 0


if __name__ == "__main__":
    sys.exit(main())
