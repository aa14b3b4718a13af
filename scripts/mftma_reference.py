#!/usr/bin/env python3
"""Reference MFTMA (capacity, radius, dimension, centre correlation) with numpy and
scipy.optimize.nnls, following neural_manifolds_replicaMFT's
mftma/manifold_analysis_correlation.py (manifold_analysis_corr, each_manifold_analysis_D1,
maxproj) step by step, with the cvxopt QP replaced by its kappa = 0 dual: the weights z of
min ||S z - t|| subject to z >= 0 (scipy's Lawson-Hanson NNLS), v = t - S z, anchor S z / sum(z).
The low-rank centre-correlation removal (pymanopt) is not applied: synbench's default.

Used by scripts/bench-analysis.sh (timing against `synbench analyze` in the same run) and to
compute the reference values of Tests/AnalysisTests (see --gaussian).

Usage:
  mftma_reference.py --layer X.npy --labels y.npy [--n-t 300] [--seed 0] [--json]
      manifolds = the classes of y (rows of X sharing a label), as synbench would get them
      with --manifolds/--points-per-class covering every class and item
  mftma_reference.py --gaussian P M N --n-t 200 [--repeats 5] [--seed 0]
      the README example's random data (P manifolds of M N(0,1) points in N dimensions),
      averaged over repeats with fresh data
"""
import argparse
import json
import time

import numpy as np
from scipy.linalg import qr
from scipy.optimize import nnls


def maxproj(t_vec, sD1):
    D = sD1.shape[0] - 1
    idx = np.argmax(t_vec[:D].T @ sD1[:D], axis=1)
    s0 = np.vstack([sD1[:D, idx], np.ones((1, t_vec.shape[1]))])
    gt = np.sum(t_vec * s0, axis=0)
    return s0, gt


def each_manifold(sD1, kappa, n_t, rng, eps=1e-8):
    D1, m = sD1.shape
    D = D1 - 1
    t_vec = rng.standard_normal((D1, n_t))
    ss, gg = maxproj(t_vec, sD1)
    s_all = np.empty((D1, n_t))
    for i in range(n_t):
        t = t_vec[:, i]
        if gg[i] + kappa < 0:
            s_all[:, i] = ss[:, i]
            continue
        if kappa != 0:
            raise SystemExit("this reference solves kappa = 0 only (the NNLS dual)")
        z, _ = nnls(sD1, t, maxiter=50 * m)
        v = t - sD1 @ z
        if np.linalg.norm(v - t) < eps or z.sum() <= 0:
            s_all[:, i] = ss[:, i]
        else:
            s_all[:, i] = (t - v) / z.sum()
    max_ts = np.maximum(np.sum(t_vec * s_all, axis=0) + kappa, 0)
    s_sum = np.sum(np.square(s_all), axis=0)
    lamb = np.where(s_sum > 0, max_ts / np.where(s_sum > 0, s_sum, 1), 0)
    a = 1 / np.mean(np.square(lamb) * s_sum)
    ds = (s_all - s_all.mean(axis=1, keepdims=True))[:-1] / s_all[-1]
    radius = np.sqrt(np.mean(np.sum(np.square(ds), axis=0)))
    t_hat = t_vec[:D] / np.sqrt(np.sum(np.square(t_vec[:D]), axis=0, keepdims=True))
    s_hat = s_all[:D] / np.sqrt(np.sum(np.square(s_all[:D]), axis=0, keepdims=True) + 1e-12)
    dimension = D * np.square(np.mean(np.sum(t_hat * s_hat, axis=0)))
    return a, radius, dimension


def centre_correlation(centers):
    xb = centers.T - centers.T.mean(axis=0, keepdims=True)
    norms = np.linalg.norm(xb, axis=1, keepdims=True)
    c = (xb @ xb.T) / (norms @ norms.T)
    p = c.shape[0]
    return (np.sum(np.abs(c)) - p) / (p * (p - 1))


def manifold_analysis(XtotT, kappa, n_t, rng):
    """XtotT: list of (N, P_i) arrays, as the reference takes them."""
    origin = np.mean(np.concatenate(XtotT, axis=1), axis=1, keepdims=True)
    xtot0 = [x - origin for x in XtotT]
    centers = np.stack([np.mean(x, axis=1) for x in XtotT], axis=1)
    rho = centre_correlation(centers)
    caps, radii, dims = [], [], []
    for xr in xtot0:
        c = xr.mean(axis=1, keepdims=True)
        s_r = (xr - c) / np.linalg.norm(c)
        D, m = s_r.shape
        if D > m:
            q, _ = qr(s_r, mode="economic")
            s_r = q.T @ s_r
            m = s_r.shape[1]
        sD1 = np.vstack([s_r, np.ones((1, m))])
        a, r, d = each_manifold(sD1, kappa, n_t, rng)
        caps.append(a)
        radii.append(r)
        dims.append(d)
    caps = np.array(caps)
    return {"capacity": float(1 / np.mean(1 / caps)), "radius": float(np.mean(radii)),
            "dimension": float(np.mean(dims)), "centre_correlation": float(rho)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--layer")
    ap.add_argument("--labels")
    ap.add_argument("--gaussian", nargs=3, type=int, metavar=("P", "M", "N"))
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--n-t", type=int, default=300)
    ap.add_argument("--kappa", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    if args.gaussian:
        p, m, n = args.gaussian
        runs = []
        for _ in range(args.repeats):
            data = [rng.standard_normal((n, m)) for _ in range(p)]
            runs.append(manifold_analysis(data, args.kappa, args.n_t, rng))
        out = {k: float(np.mean([r[k] for r in runs])) for k in runs[0]}
        out.update({k + "_sd": float(np.std([r[k] for r in runs])) for k in runs[0]})
        out.update({"P": p, "M": m, "N": n, "n_t": args.n_t, "repeats": args.repeats})
    else:
        x = np.load(args.layer).astype(np.float64)
        x = x.reshape(x.shape[0], -1)
        y = np.load(args.labels).reshape(-1)
        data = [x[y == c].T for c in np.unique(y)]
        start = time.perf_counter()
        out = manifold_analysis(data, args.kappa, args.n_t, rng)
        out["seconds"] = time.perf_counter() - start
    print(json.dumps(out) if args.json else out)


if __name__ == "__main__":
    main()
