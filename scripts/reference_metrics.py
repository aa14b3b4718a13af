#!/usr/bin/env python3
"""SynBench's own reference implementation of the supervised disentanglement metrics, in
NumPy and scikit-learn, following the definitions of disentanglement_lib (Locatello et al.
2019) as written in SynBench's metrics spec. The benchmark (scripts/bench-metrics.sh) times it
against `synbench metrics`, and the scripts under Tests/MetricsTests regenerate the test
fixtures' expected values with it.

    reference_metrics.py DATA.npz [--out REF.json] [--skip dci,sap] [--seed 0] [--seeds 0,1,2]

DATA.npz holds `codes` [N, L] and `factors` [N, K] (integer labels), and optionally
`codes_test` / `factors_test`. Without test arrays, MIG uses all rows and the split metrics
train on the first ceil(2N/3) rows and test on the rest.

Metrics (logs are natural):
  mig        histogram-binned codes (20 equal-width bins per code), plug-in mutual information
             with each factor, mean over factors of (largest - second largest) / H(factor)
  sap        per (code, factor) a LinearSVC(C=0.01, class_weight="balanced") on that single
             code; S = test accuracy; mean over factors of (top - second top)
  dci        per factor a GradientBoostingClassifier() with default settings; importance =
             |feature_importances_|; disentanglement / completeness = 1 - entropy of the
             importance rows / columns (+1e-11) in base K / L, weighted by row / column mass;
             informativeness = mean accuracy on train and test
  modularity from the MIG matrix: per code 1 - (sum_k M^2 - max M^2) / (max M^2 (K - 1))

The JSON written with --out: {"input": ..., "scores": {metric: {...}}, "seconds": {metric: s},
"matrices": {...}}; with --seeds, also "spread_over_seeds" for the DCI scores (the reference
model is unseeded in disentanglement_lib, so its own spread is part of the comparison).
"""
import argparse
import json
import math
import platform
import sys
import time

import numpy as np

BINS = 20


# ---------------------------------------------------------------- information -------------
def histogram_labels(x, bins=BINS):
    """Equal-width bins over [min, max] of one code; label = number of left edges <= x (1..bins).
    A constant code gets the range [x - 0.5, x + 0.5], as np.histogram does."""
    x = np.asarray(x, dtype=np.float64)
    lo, hi = float(x.min()), float(x.max())
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    left_edges = np.arange(bins) * ((hi - lo) / bins) + lo
    return np.searchsorted(left_edges, x, side="right")


def mutual_information(a, b):
    """Plug-in mutual information (nats) of two integer labelings, clipped at 0."""
    _, ia = np.unique(a, return_inverse=True)
    _, ib = np.unique(b, return_inverse=True)
    n = len(ia)
    table = np.zeros((ia.max() + 1, ib.max() + 1))
    np.add.at(table, (ia, ib), 1.0)
    pij = table / n
    pi = pij.sum(axis=1, keepdims=True)
    pj = pij.sum(axis=0, keepdims=True)
    nz = pij > 0
    value = float(np.sum(pij[nz] * np.log(pij[nz] / (pi @ pj)[nz])))
    return max(value, 0.0)


def entropy(labels):
    """Plug-in entropy (nats) of one integer labeling."""
    _, counts = np.unique(labels, return_counts=True)
    p = counts / counts.sum()
    return float(-np.sum(p * np.log(p)))


def information_matrix(codes, factors, bins=BINS):
    """M[l, k] = I(code_l binned; factor_k) and H(factor_k)."""
    binned = [histogram_labels(codes[:, l], bins) for l in range(codes.shape[1])]
    m = np.array([[mutual_information(b, factors[:, k]) for k in range(factors.shape[1])] for b in binned])
    h = np.array([entropy(factors[:, k]) for k in range(factors.shape[1])])
    return m, h


def mig(codes, factors, bins=BINS):
    m, h = information_matrix(codes, factors, bins)
    top = np.sort(m, axis=0)[::-1]
    gaps = (top[0] - top[1]) / h
    return {"score": float(np.mean(gaps)), "per_factor": gaps.tolist()}, {"mi_matrix": m.tolist(), "factor_entropy": h.tolist()}


def modularity(m):
    """Ridgeway & Mozer's modularity from an MI matrix M [codes, factors]."""
    sq = np.asarray(m) ** 2
    mx = sq.max(axis=1)
    k = sq.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        per_code = np.where(mx > 0, 1 - (sq.sum(axis=1) - mx) / (mx * (k - 1)), 0.0)
    return float(per_code.mean())


# ---------------------------------------------------------------- SAP ---------------------
def sap(z_train, y_train, z_test, y_test):
    from sklearn.svm import LinearSVC
    n_codes, n_factors = z_train.shape[1], y_train.shape[1]
    s = np.zeros((n_codes, n_factors))
    for l in range(n_codes):
        for k in range(n_factors):
            model = LinearSVC(C=0.01, class_weight="balanced")
            model.fit(z_train[:, l:l + 1], y_train[:, k])
            s[l, k] = np.mean(model.predict(z_test[:, l:l + 1]) == y_test[:, k])
    top = np.sort(s, axis=0)[::-1]
    return {"score": float(np.mean(top[0] - top[1]))}, {"sap_score_matrix": s.tolist()}


# ---------------------------------------------------------------- DCI ---------------------
def normalised_entropy(p, base):
    p = np.asarray(p, dtype=np.float64)
    p = p / p.sum()
    nz = p > 0
    return float(-np.sum(p[nz] * np.log(p[nz])) / math.log(base))


def dci_from_importance(r):
    """Disentanglement and completeness of an importance matrix R [codes, factors]."""
    r = np.asarray(r, dtype=np.float64)
    n_codes, n_factors = r.shape
    total = r.sum()
    d_per_code = np.array([1 - normalised_entropy(r[l] + 1e-11, n_factors) for l in range(n_codes)])
    c_per_factor = np.array([1 - normalised_entropy(r[:, k] + 1e-11, n_codes) for k in range(n_factors)])
    code_weight = r.sum(axis=1) / total if total > 0 else np.ones(n_codes) / n_codes
    factor_weight = r.sum(axis=0) / total if total > 0 else np.ones(n_factors) / n_factors
    return float(np.sum(d_per_code * code_weight)), float(np.sum(c_per_factor * factor_weight))


def dci(z_train, y_train, z_test, y_test, seed=None):
    from sklearn.ensemble import GradientBoostingClassifier
    n_codes, n_factors = z_train.shape[1], y_train.shape[1]
    r = np.zeros((n_codes, n_factors))
    train_acc, test_acc = [], []
    for k in range(n_factors):
        model = GradientBoostingClassifier(random_state=seed)
        model.fit(z_train, y_train[:, k])
        r[:, k] = np.abs(model.feature_importances_)
        train_acc.append(float(np.mean(model.predict(z_train) == y_train[:, k])))
        test_acc.append(float(np.mean(model.predict(z_test) == y_test[:, k])))
    d, c = dci_from_importance(r)
    scores = {"disentanglement": d, "completeness": c,
              "informativeness_train": float(np.mean(train_acc)), "informativeness_test": float(np.mean(test_acc)),
              "informativeness_train_per_factor": train_acc, "informativeness_test_per_factor": test_acc}
    return scores, {"importance_matrix": r.tolist()}


# ---------------------------------------------------------------- driver ------------------
def load(path):
    """codes, factors, train/test split (as SynBench and disentanglement_lib split)."""
    data = np.load(path)
    codes = np.asarray(data["codes"], dtype=np.float64)
    factors = np.asarray(data["factors"]).astype(np.int64)
    if "codes_test" in data.files:
        split = {"rule": "separate test arrays"}
        train = (codes, factors)
        test = (np.asarray(data["codes_test"], dtype=np.float64), np.asarray(data["factors_test"]).astype(np.int64))
    else:
        n_train = math.ceil(len(codes) * 2 / 3)
        split = {"rule": "first ceil(2N/3) rows train, rest test; MIG on all rows"}
        train = (codes[:n_train], factors[:n_train])
        test = (codes[n_train:], factors[n_train:])
    split.update({"n_train": len(train[0]), "n_test": len(test[0]), "n_mig": len(codes)})
    return codes, factors, train, test, split


def evaluate(path, skip=(), seed=0, spread_seeds=()):
    codes, factors, (zt, yt), (ze, ye), split = load(path)
    out = {"input": {"path": str(path), "N": int(codes.shape[0]), "L": int(codes.shape[1]), "K": int(factors.shape[1]),
                     "factor_cardinalities": [int(len(np.unique(factors[:, k]))) for k in range(factors.shape[1])]},
           "split": split, "settings": {"bins": BINS, "seed": seed},
           "versions": versions(), "scores": {}, "seconds": {}, "matrices": {}}

    def run(name, fn):
        if name in skip:
            return
        start = time.perf_counter()
        scores, matrices = fn()
        out["seconds"][name] = time.perf_counter() - start
        out["scores"][name] = scores
        out["matrices"].update(matrices)

    run("mig", lambda: mig(codes, factors))
    # Modularity bins the train rows and takes their MI matrix, as disentanglement_lib does.
    run("modularity", lambda: ({"score": modularity(information_matrix(zt, yt)[0])}, {}))
    run("sap", lambda: sap(zt, yt, ze, ye))
    run("dci", lambda: dci(zt, yt, ze, ye, seed=seed))
    if spread_seeds and "dci" not in skip:
        runs = [dci(zt, yt, ze, ye, seed=s)[0] for s in spread_seeds]
        stats = {}
        for key in ("disentanglement", "completeness", "informativeness_train", "informativeness_test"):
            v = np.array([r[key] for r in runs])
            stats[f"dci.{key}"] = {"mean": float(v.mean()), "std": float(v.std()), "min": float(v.min()), "max": float(v.max()),
                                   "values": v.tolist()}
        out["spread_over_seeds"] = {"seeds": list(spread_seeds), "stats": stats}
    return out


def versions():
    import scipy
    import sklearn
    return {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
            "sklearn": sklearn.__version__}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data")
    ap.add_argument("--out", default="")
    ap.add_argument("--skip", default="", help="comma-separated metrics to leave out (mig, sap, dci, modularity)")
    ap.add_argument("--seed", type=int, default=0, help="random_state of the DCI classifiers")
    ap.add_argument("--seeds", default="", help="also DCI's spread over these random_states, e.g. 0,1,2")
    a = ap.parse_args(argv)
    skip = {s for s in a.skip.split(",") if s}
    seeds = [int(s) for s in a.seeds.split(",") if s]
    out = evaluate(a.data, skip=skip, seed=a.seed, spread_seeds=seeds)
    text = json.dumps(out, indent=1)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text + "\n")
    else:
        print(text)
    for name, s in out["seconds"].items():
        print(f"reference {name}: {s:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
