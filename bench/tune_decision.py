"""The answer / suggest / none decision of search, fitted on development questions (a developer tool used by
tune_search.py): a logistic in-scope model, boosted trees for the right entry (bench/boosting.py) and the thresholds
that answer the most questions directly and rightly within the bounds on confidently wrong answers and off-topic
`none`."""

import itertools
from typing import TYPE_CHECKING

import numpy as np

from bench.boosting import BoostParams, fit_forest, predict
from bot.core.decide import DECISION_FEATURES, QUESTION_WORDS, SHORT, lead
from bot.core.trees import Forest

_ANSWER_STEPS = np.r_[np.arange(0.3, 0.96, 0.02), 0.97, 0.98, 0.99]  # right-entry thresholds tried

if TYPE_CHECKING:
    from bench.tune_search import Row


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 0.05, steps: int = 30, bias: bool = True,
                 sample_weight: np.ndarray | None = None) -> np.ndarray:
    """Weights (bias last when `bias`, on the raw feature scale) of an L2-regularized logistic regression, by
    Newton's method on standardized features; small, deterministic, no new library."""
    mu = x.mean(axis=0) if bias else np.zeros(x.shape[1])
    sd = x.std(axis=0) + 1e-9
    xs = (x - mu) / sd
    xb = np.hstack([xs, np.ones((len(x), 1))]) if bias else xs
    w = np.zeros(xb.shape[1])
    reg = np.eye(xb.shape[1]) * l2 * len(y)
    if bias:
        reg[-1, -1] = 0
    sw = np.ones(len(y)) if sample_weight is None else sample_weight
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(xb @ w, -30, 30)))
        grad = xb.T @ (sw * (p - y)) + reg @ w
        hess = (xb * (sw * p * (1 - p))[:, None]).T @ xb + reg
        w -= np.linalg.solve(hess, grad)
    if not bias:
        return w / sd
    raw = w[:-1] / sd
    return np.r_[raw, w[-1] - float(raw @ mu)]


def _predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(np.hstack([x, np.ones((len(x), 1))]) @ w)))


def out_of_fold(rows: "list[Row]", x: np.ndarray, inscope: np.ndarray, right: np.ndarray, x_extra: np.ndarray,
                y_extra: np.ndarray, folds: int = 5, repeats: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Each question's in-scope and right-entry probabilities from models fitted without it (a question and its
    copy without diacritics are left out together; the extra in-scope training questions always stay in), averaged
    (as log-odds) over `repeats` different splits into folds: with one split the chosen thresholds moved widely
    with the split (answer scope 0.32-0.84 on the same questions), not with the questions."""
    source = np.asarray([r.item["_file"] for r in rows])
    groups = list(dict((id(r.item), r) for r in rows))
    index = {key: i for i, key in enumerate(groups)}
    group_of = np.asarray([index[id(r.item)] for r in rows])
    z_scope, z_right = np.zeros(len(rows)), np.zeros(len(rows))
    for rep in range(repeats):
        order = np.random.default_rng(rep).permutation(len(groups)) if rep else np.arange(len(groups))
        fold_of = order[group_of] % folds
        for k in range(folds):
            train, test = fold_of != k, fold_of == k
            w_scope = fit_scope(np.vstack([x[train], x_extra]), np.r_[inscope[train], y_extra])
            w_right = fit_right(x[train & inscope], right[train & inscope], source[train & inscope])
            z_scope[test] += _logit(_predict(w_scope, x[test]))
            z_right[test] += _logit(predict(w_right, x[test]))
    return _sigmoid(z_scope / repeats), _sigmoid(z_right / repeats)


def _logit(p: np.ndarray) -> np.ndarray:
    q = np.clip(p, 1e-9, 1 - 1e-9)
    return np.log(q / (1 - q))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


RIGHT_TREES = BoostParams(trees=300, depth=3, learning_rate=0.05, min_weight=10.0)


def fit_right(x: np.ndarray, right: np.ndarray, source: np.ndarray) -> Forest:
    """The right-entry model; every file weighs alike, so that thousands of examples do not drown the real
    questions whose first hits it must judge. Trees, not a weighted sum: measured out of fold on the development
    sets, a logistic model over the same signals answered 23-38 % of the real questions directly within 1 % wrong,
    the trees 53-63 %."""
    _, inverse, counts = np.unique(source, return_inverse=True, return_counts=True)
    weight = 1.0 / counts[inverse]
    return fit_forest(x, right.astype(float), DECISION_FEATURES, RIGHT_TREES, weight / weight.mean())


def fit_scope(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The in-scope model; in and out of scope weigh alike however many questions each side has."""
    balance = np.where(y, 0.5 / max(float(y.mean()), 1e-9), 0.5 / max(1 - float(y.mean()), 1e-9))
    return fit_logistic(x, y.astype(float), sample_weight=balance)


def _file_masks(rows: "list[Row]", x: np.ndarray, inscope: np.ndarray,
                files: list[str]) -> tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray]:
    """Per file: its in-scope questions as asked (not their copies without diacritics) and its off-topic ones; and
    per question the lead of its best entry when it has at most SHORT words (1 otherwise: the lead rule is off)."""
    source = np.asarray([files.index(r.item["_file"]) for r in rows])
    unfolded = np.asarray([not r.folded for r in rows])
    leads = np.asarray([lead(v) if len(r.terms.words) <= SHORT else 1.0 for v, r in zip(x, rows, strict=True)])
    return [((source == f) & inscope & unfolded, (source == f) & ~inscope) for f in range(len(files))], leads


def sweep_thresholds(rows: "list[Row]", x: np.ndarray, inscope: np.ndarray, right: np.ndarray, p_scope: np.ndarray,
                     p_right: np.ndarray, files: list[str], max_wrong: float = 0.02,
                     min_none: float = 0.9) -> tuple[float, float, float, float]:
    """The thresholds that answer the most questions directly and right while every file keeps confidently wrong
    answers ≤ 2 %, out-of-scope questions never answered, and ≥ 90 % of them given `none`: the in-scope probability
    below which the outcome is `none`, the (higher or equal) one a direct answer needs, the right-entry probability
    of a direct answer and the lead of a short question's best entry. The probabilities are out-of-fold
    (`out_of_fold`): thresholds read on a model's own training questions would be too bold on new ones."""
    masks, leads = _file_masks(rows, x, inscope, files)
    best: tuple[float, float, float, float, float] = (-1.0, 0.5, 0.5, 0.6, 0.0)
    for ts in np.arange(0.2, 0.81, 0.02):
        none = p_scope < ts
        for tsa, ta, tl in itertools.product(np.arange(ts, 0.951, 0.05), _ANSWER_STEPS, (0.02, 0.04, 0.06)):
            answer = ~none & (p_scope >= tsa) & (p_right >= ta) & (leads >= tl)
            ok, value = True, 0.0
            for m_in, m_out in masks:
                n_in = max(int(m_in.sum()), 1)
                sure = float((answer & right & m_in).sum()) / n_in
                wrong = float((answer & ~right & m_in).sum()) / n_in
                none_rate = float((none & m_out).sum()) / int(m_out.sum()) if m_out.any() else 1.0
                top1 = float((~none & right & m_in).sum()) / n_in
                ok &= wrong <= max_wrong and not (answer & m_out).any() and none_rate >= min_none
                if not ok:
                    break
                value += sure + 0.5 * top1
            if ok and value >= best[0]:  # of equally good settings, the last tried: the most careful
                best = (value, round(float(ts), 2), round(float(tsa), 2), round(float(ta), 2), float(tl))
    if best[0] < 0:
        for f, (m_in, m_out) in enumerate(masks):  # why: the most careful setting, file by file
            answer = (p_scope >= 0.8) & (p_right >= 0.95)
            print(f"  {files[f]}: wrong {float((answer & ~right & m_in).sum()) / max(int(m_in.sum()), 1):.3f}, "
                  f"out-of-scope answered {int((answer & m_out).sum())}, "
                  f"none {float(((p_scope < 0.8) & m_out).sum()) / max(int(m_out.sum()), 1):.3f}")
        raise SystemExit("no thresholds keep every file within the bounds; nothing written")
    print(f"thresholds: scope={best[1]:.2f} answer scope={best[2]:.2f} answer={best[3]:.2f} lead={best[4]:.2f} "
          f"(value {best[0]:.3f})")
    return best[1], best[2], best[3], best[4]


def sweep_question_threshold(rows: "list[Row]", inscope: np.ndarray, right: np.ndarray, p_scope: np.ndarray,
                             p_right: np.ndarray, files: list[str], chosen: tuple[float, float, float, float],
                             x: np.ndarray, max_wrong: float = 0.02) -> float:
    """With the other thresholds chosen, the right-entry threshold for questions of SHORT+1 to QUESTION_WORDS words
    that answers the most questions directly and right within the same bounds (the stories keep theirs)."""
    ts, tsa, ta, tl = chosen
    masks, leads = _file_masks(rows, x, inscope, files)
    words = np.asarray([len(r.terms.words) for r in rows])
    base = (p_scope >= ts) & (p_scope >= tsa) & (leads >= tl)
    best = (-1.0, ta)
    for tq in _ANSWER_STEPS:
        answer = base & (p_right >= np.where((words > SHORT) & (words <= QUESTION_WORDS), tq, ta))
        value, ok = 0.0, True
        for m_in, m_out in masks:
            n_in = max(int(m_in.sum()), 1)
            ok &= float((answer & ~right & m_in).sum()) / n_in <= max_wrong and not (answer & m_out).any()
            value += float((answer & right & m_in).sum()) / n_in
        if ok and value >= best[0]:  # of equally good thresholds, the highest
            best = (value, round(float(tq), 2))
    print(f"question threshold ({SHORT + 1}–{QUESTION_WORDS} words): {best[1]:.2f}")
    return best[1]


def report_out_of_fold(rows: "list[Row]", x: np.ndarray, inscope: np.ndarray, right: np.ndarray,
                       p_scope: np.ndarray, p_right: np.ndarray, files: list[str],
                       chosen: tuple[float, float, float, float], question_threshold: float) -> None:
    """Print, per file, what the chosen thresholds do to out-of-fold probabilities: the share of in-scope questions
    answered directly and right, answered wrongly, and of off-topic ones given `none` — the figures to compare fits
    by, since each fit's own training questions would flatter it."""
    ts, tsa, ta, tl = chosen
    masks, leads = _file_masks(rows, x, inscope, files)
    words = np.asarray([len(r.terms.words) for r in rows])
    threshold = np.where((words > SHORT) & (words <= QUESTION_WORDS), question_threshold, ta)
    answer = (p_scope >= ts) & (p_scope >= tsa) & (p_right >= threshold) & (leads >= tl)
    for name, (m_in, m_out) in zip(files, masks, strict=True):
        n_in, n_out = max(int(m_in.sum()), 1), int(m_out.sum())
        none = f"{float(((p_scope < ts) & m_out).sum()) / n_out:.3f}" if n_out else "-"
        print(f"  out of fold {name}: sure {float((answer & right & m_in).sum()) / n_in:.3f} "
              f"wrong {float((answer & ~right & m_in).sum()) / n_in:.3f} none {none} ({int(m_in.sum())} in scope)")
