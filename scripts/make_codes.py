#!/usr/bin/env python3
"""Noisy-copy codes for a factor grid as .npz (codes, factors): code k = factor_k/(size_k-1)
+ 0.1 N(0,1) for k < K, the remaining codes pure N(0,1). For benchmarks without ../shared."""
import argparse

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--n", type=int, default=15000)
ap.add_argument("--latents", type=int, default=10)
ap.add_argument("--sizes", default="3,6,40,32,32")
ap.add_argument("--seed", type=int, default=0)
a = ap.parse_args()
sizes = np.array([int(s) for s in a.sizes.split(",")])
rng = np.random.default_rng(a.seed)
factors = np.stack([rng.integers(s, size=a.n) for s in sizes], axis=1)
codes = rng.standard_normal((a.n, a.latents))
codes[:, :len(sizes)] = factors / np.maximum(sizes - 1, 1) + 0.1 * rng.standard_normal((a.n, len(sizes)))
np.savez(a.out, codes=codes, factors=factors)
