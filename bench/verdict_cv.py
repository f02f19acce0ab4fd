"""Cross-validation machinery for the verdict: grouped folds, standardised logistic
regression, stacked hidden-state probes, Platt calibration inside the folds, metrics.

Nothing about a test document reaches its prediction: the standardisation, the
regularisation strength, the probes and the calibration are all fitted on the training
folds only (probe scores for training rows come from an inner cross-validation).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold

SEED = 20220
FOLDS = 5
C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3)
TARGET_FPR = 0.02
MT = "machine_translation"
# The fold seeds an idea is measured over against the fitted model.
FOLD_SEEDS = (SEED, SEED + 11, SEED + 23, SEED + 37)
# The least MT-vs-human AUC gain, on every fold seed, for an idea to be kept.
KEEP_GAIN = 0.01


class Standardiser:
    def fit(self, x: np.ndarray) -> Standardiser:
        self.mean = x.mean(axis=0)
        sd = x.std(axis=0)
        self.scale = np.where(sd > 1e-12, sd, 1.0)
        return self

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return (x - self.mean) / self.scale


@dataclass
class Linear:
    std: Standardiser
    lr: LogisticRegression

    def decision(self, x: np.ndarray) -> np.ndarray:
        return self.lr.decision_function(self.std(x))


@dataclass(frozen=True)
class SlopeFloor:
    """Keeps each stage's slope at or above 0 over the length factors a document can have.

    The last ``2 * stages`` columns are the stage scores and then the same times the
    length factor (``with_length``), so a stage's slope is a straight line in the factor.
    Left free, the line crossed 0 inside the range: the no-LM "machine?" slope was -0.12
    at 40 words, a stage that reads "machine" pushing P towards "not machine". A stage
    score is fitted to say "machine" (or "translated"); on a short text it may say little,
    never the opposite. A line is at or above 0 over the range where it is at both ends.
    """

    stages: int
    low: float
    high: float

    def rows(self, n_columns: int, scale: np.ndarray) -> np.ndarray:
        """Constraint rows ``a`` with ``a @ coef >= 0`` (coef on standardised columns)."""
        out = []
        for j in range(self.stages):
            plain, scaled = n_columns - 2 * self.stages + j, n_columns - self.stages + j
            for factor in (self.low, self.high):
                a = np.zeros(n_columns)
                a[plain], a[scaled] = 1.0 / scale[plain], factor / scale[scaled]
                out.append(a)
        return np.array(out)


def fit_lr(
    x: np.ndarray,
    y: np.ndarray,
    c: float,
    weight: np.ndarray | None = None,
    floor: SlopeFloor | None = None,
) -> Linear:
    std = Standardiser().fit(x)
    lr = LogisticRegression(C=c, max_iter=5000)
    lr.fit(std(x), y, sample_weight=weight)
    if floor is not None:
        _hold_floor(lr, std(x), y, c, weight, floor.rows(x.shape[1], std.scale))
    return Linear(std, lr)


def _hold_floor(
    lr: LogisticRegression,
    z: np.ndarray,
    y: np.ndarray,
    c: float,
    weight: np.ndarray | None,
    rows: np.ndarray,
) -> None:
    """Refit ``lr`` under ``rows @ coef >= 0`` where its free fit breaks that; the same
    objective as scikit-learn's (C times the weighted log-loss plus half the squared
    coefficients, intercept free), so a fit that keeps the floor is left as it is."""
    if np.all(rows @ lr.coef_[0] >= -1e-9):
        return
    n = z.shape[1]
    sign = np.where(y == 1, 1.0, -1.0)
    w = np.ones(len(y)) if weight is None else np.asarray(weight, np.float64)

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        margin = sign * (z @ theta[:n] + theta[n])
        loss = c * float(w @ np.logaddexp(0.0, -margin))
        d = -c * w * sign * expit(-margin)
        grad = np.append(theta[:n] + z.T @ d, d.sum())
        return loss + 0.5 * float(theta[:n] @ theta[:n]), grad

    floor_rows = np.hstack([rows, np.zeros((len(rows), 1))])
    start = np.append(lr.coef_[0], lr.intercept_[0])
    res = minimize(
        objective,
        start,
        jac=True,
        method="SLSQP",
        constraints=[
            {"type": "ineq", "fun": lambda t: floor_rows @ t, "jac": lambda t: floor_rows}
        ],
        options={"maxiter": 1000, "ftol": 1e-12},
    )
    if not res.success:
        raise RuntimeError(f"slope floor fit did not converge: {res.message}")
    lr.coef_[0] = res.x[:n]
    lr.intercept_[0] = res.x[n]


def class_weights(labels: np.ndarray) -> np.ndarray:
    """Original, human and machine translation each weigh the same in total."""
    w = np.ones(len(labels))
    for lab in np.unique(labels):
        m = labels == lab
        w[m] = len(labels) / (3.0 * m.sum())
    return w


def folds(labels: np.ndarray, groups: np.ndarray, seed: int = SEED, k: int = FOLDS):
    return list(
        StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed).split(
            np.zeros(len(labels)), labels, groups
        )
    )


def folds_with_extra(
    labels: np.ndarray, groups: np.ndarray, dev: np.ndarray, extra: np.ndarray, seed: int = SEED
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Grouped folds over the ``dev`` documents; the ``extra`` ones join every training fold
    (they are never tested in CV: a later year, measured out of year instead)."""
    return [
        (np.concatenate([tr, extra]), te) for tr, te in folds(labels[dev], groups[dev], seed=seed)
    ]


def platt(
    scores: np.ndarray, y: np.ndarray, weight: np.ndarray | None = None
) -> tuple[float, float]:
    lr = LogisticRegression(C=1e6, max_iter=5000)
    lr.fit(scores[:, None], y, sample_weight=weight)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def auc_between(scores: np.ndarray, labels: np.ndarray, pos: str, neg: str | None) -> float:
    m = ((labels == pos) | ((labels == neg) if neg else (labels != pos))) & np.isfinite(scores)
    if m.sum() == 0 or len(set(labels[m])) < 2:
        return float("nan")
    return float(roc_auc_score(labels[m] == pos, scores[m]))


def mt_vs_human(scores: np.ndarray, labels: np.ndarray) -> float:
    return auc_between(scores, labels, MT, "human_translation")


def balanced_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Mean of AUC(MT vs original) and AUC(MT vs human): both halves of the task count."""
    return 0.5 * (
        auc_between(scores, labels, MT, "original")
        + auc_between(scores, labels, MT, "human_translation")
    )


# A probe: documents x features (one pooled hidden layer, say) -> one stacked score.
# ``fit(train_idx) -> predict(idx) -> scores``; it may use whatever rows it wants for
# training as long as they are in train_idx.
ProbeFit = Callable[[np.ndarray], Callable[[np.ndarray], np.ndarray]]


def stacked(
    probes: Sequence[ProbeFit],
    tr: np.ndarray,
    te: np.ndarray,
    labels: np.ndarray,
    groups: np.ndarray,
    memo: dict | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Probe scores: inner-CV (out-of-fold) for training rows, a fit on all training rows
    for test rows."""
    out_tr = np.zeros((len(tr), len(probes)))
    out_te = np.zeros((len(te), len(probes)))
    inner = folds(labels[tr], groups[tr], seed=SEED + 1)
    for j, probe in enumerate(probes):
        key = (id(probe), hashlib.sha1(tr.tobytes() + te.tobytes()).hexdigest())
        if memo is not None and key in memo:
            out_tr[:, j], out_te[:, j] = memo[key]
            continue
        for itr, ite in inner:
            out_tr[ite, j] = probe(tr[itr])(tr[ite])
        out_te[:, j] = probe(tr)(te)
        if memo is not None:
            memo[key] = (out_tr[:, j].copy(), out_te[:, j].copy())
    return out_tr, out_te


def choose_c(
    x: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    labels: np.ndarray,
    groups: np.ndarray,
    grid,
    floor: SlopeFloor | None = None,
) -> tuple[float, np.ndarray]:
    """C by inner grouped CV (balanced AUC); returns it and its inner out-of-fold scores."""
    inner = folds(labels, groups, seed=SEED + 2)
    best, best_auc, best_oof = grid[0], -1.0, np.zeros(len(y))
    for c in grid:
        oof = np.zeros(len(y))
        for itr, ite in inner:
            oof[ite] = fit_lr(x[itr], y[itr], c, w[itr], floor).decision(x[ite])
        auc = balanced_auc(oof, labels)
        if auc > best_auc:
            best, best_auc, best_oof = c, auc, oof
    return best, best_oof


def with_length(cols: np.ndarray, length_factor: np.ndarray | None) -> np.ndarray:
    """Stage scores, then each times the documents' length factor (``LengthScale``)."""
    if length_factor is None:
        return cols
    return np.hstack([cols, cols * length_factor[:, None]])


def cross_validate(
    x: np.ndarray,
    labels: np.ndarray,
    groups: np.ndarray,
    probes: Sequence[ProbeFit] = (),
    split: list[tuple[np.ndarray, np.ndarray]] | None = None,
    grid: Sequence[float] = C_GRID,
    memo: dict | None = None,
    length_factor: np.ndarray | None = None,
    factor_range: tuple[float, float] | None = None,
) -> dict:
    """Out-of-fold calibrated P(MT) for every document (NaN where never tested).
    ``length_factor``: per document; the probes' scores also enter times it, and with
    ``factor_range`` (the factors a document can have) each probe's slope is held at or
    above 0 over it (``SlopeFloor``)."""
    floor = None
    if length_factor is not None and factor_range is not None and probes:
        floor = SlopeFloor(len(probes), *factor_range)
    y = (labels == MT).astype(int)
    w = class_weights(labels)
    p = np.full(len(y), np.nan)
    cs = []
    for tr, te in split or folds(labels, groups):
        xtr, xte = x[tr], x[te]
        if probes:
            ptr, pte = stacked(probes, tr, te, labels, groups, memo)
            if length_factor is not None:
                ptr = with_length(ptr, length_factor[tr])
                pte = with_length(pte, length_factor[te])
            xtr = np.hstack([xtr, ptr]) if xtr.size else ptr
            xte = np.hstack([xte, pte]) if xte.size else pte
        c, inner_oof = choose_c(xtr, y[tr], w[tr], labels[tr], groups[tr], tuple(grid), floor)
        a, b = platt(inner_oof, y[tr])
        model = fit_lr(xtr, y[tr], c, w[tr], floor)
        p[te] = sigmoid(a * model.decision(xte) + b)
        cs.append(c)
    return {"p": p, "C": cs}


def metrics(p: np.ndarray, labels: np.ndarray, mask: np.ndarray | None = None) -> dict:
    if mask is not None:
        p, labels = p[mask], labels[mask]
    keep = np.isfinite(p)
    p, labels = p[keep], labels[keep]
    out = {
        "auc_mt_vs_original": auc_between(p, labels, MT, "original"),
        "auc_mt_vs_human": auc_between(p, labels, MT, "human_translation"),
        "auc_mt_vs_all": auc_between(p, labels, MT, None),
        "n": len(p),
    }
    orig = p[labels == "original"]
    if len(orig):
        thr = threshold_at_fpr(orig)
        out["threshold_2fpr"] = thr
        out["fpr_original"] = float(np.mean(orig >= thr))
        out["tpr_at_2fpr"] = float(np.mean(p[labels == MT] >= thr))
        out["fpr_human_at_thr"] = float(np.mean(p[labels == "human_translation"] >= thr))
    return out


def threshold_at_fpr(original_scores: np.ndarray, fpr: float = TARGET_FPR) -> float:
    """The lowest threshold (P >= t flags) that flags at most ``fpr`` of the originals."""
    s = np.sort(np.asarray(original_scores, np.float64))
    allowed = math.floor(fpr * len(s))
    # Flag at most `allowed` originals: the threshold sits just above the
    # (len - allowed)-th smallest score.
    return float(np.nextafter(s[len(s) - allowed - 1], np.inf))


def fmt(m: dict) -> str:
    def f(k: str) -> str:
        v = m.get(k)
        return "  -  " if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.3f}"

    return (
        f"orig {f('auc_mt_vs_original')}  human {f('auc_mt_vs_human')}  "
        f"all {f('auc_mt_vs_all')}  TPR@2%FPR {f('tpr_at_2fpr')}  n={m['n']}"
    )
