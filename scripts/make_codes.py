#!/usr/bin/env python3
"""Synthetic codes for a factor grid, as .npz (codes, factors): the benchmark's and the tests'
data maker, so nothing outside the project is needed.

    make_codes.py OUT.npz [--n 15000] [--latents 10] [--sizes 3,6,40,32,32] [--noise 0.1]
                  [--mix 0] [--n-test 0] [--seed 0]

Factor k is uniform on {0, ..., size_k - 1}; code k (k < K) is factor_k / (size_k - 1), plus
`mix` times the next factor scaled the same way (cyclically), plus `noise` N(0, 1); the
remaining codes are pure N(0, 1). With --n-test, a separate test set (codes_test,
factors_test) of that size is drawn the same way.
"""
import argparse

import numpy as np


def sample(rng, n, latents, sizes, noise, mix):
    factors = np.stack([rng.integers(s, size=n) for s in sizes], axis=1)
    codes = rng.standard_normal((n, latents))
    scaled = factors / np.maximum(sizes - 1, 1)
    k = len(sizes)
    codes[:, :k] = scaled + mix * np.roll(scaled, -1, axis=1) + noise * rng.standard_normal((n, k))
    return codes, factors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=15000)
    ap.add_argument("--latents", type=int, default=10)
    ap.add_argument("--sizes", default="3,6,40,32,32")
    ap.add_argument("--noise", type=float, default=0.1)
    ap.add_argument("--mix", type=float, default=0.0)
    ap.add_argument("--n-test", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    sizes = np.array([int(s) for s in a.sizes.split(",")])
    if a.latents < len(sizes):
        ap.error(f"--latents {a.latents} is below the number of factors {len(sizes)}")
    rng = np.random.default_rng(a.seed)
    codes, factors = sample(rng, a.n, a.latents, sizes, a.noise, a.mix)
    out = {"codes": codes, "factors": factors}
    if a.n_test:
        out["codes_test"], out["factors_test"] = sample(rng, a.n_test, a.latents, sizes, a.noise, a.mix)
    np.savez(a.out, **out)


if __name__ == "__main__":
    main()
