#!/usr/bin/env python3
"""Makes Fixtures/dci_seeds.npz and records scikit-learn's per-factor DCI train accuracy for
several random_states in Fixtures/dci_seeds.expected.json (DCISeedFixtureTests reads both).

    python3 Tests/MetricsTests/Fixtures/make_dci_seed_fixture.py [--search]

Data: 1500 points (the first 1000 train DCI's classifiers, as `synbench metrics` splits), 12
codes, factors of 4, 4, 20 and 16 classes drawn uniformly; code k < 4 is factor k scaled to
[0, 1] plus 0.3 times factor k+1 scaled (cyclically) plus 0.35 N(0, 1) noise, the other codes
N(0, 1). For each factor and random_state 0..SEEDS-1 the script fits
GradientBoostingClassifier(random_state=s) on the train rows and records the train accuracy.

The data seed is chosen (--search tries 0, 1, ...) so that factor 0's accuracy depends on
random_state (an exact tie between features at some node that sklearn breaks by its random
feature order) while factor 1's does not: the test asserts equality where sklearn agrees with
itself over every random_state, and membership in sklearn's set of outcomes where it does not.
"""
import argparse
import json
import math
import os

import numpy as np
import sklearn
from sklearn.ensemble import GradientBoostingClassifier

HERE = os.path.dirname(os.path.abspath(__file__))
N, CODES, SIZES, MIX, NOISE, SEEDS = 1500, 12, [4, 4, 20, 16], 0.3, 0.35, 10
DATA_SEED = 2


def make(seed):
    rng = np.random.default_rng(seed)
    sizes = np.array(SIZES)
    factors = np.stack([rng.integers(s, size=N) for s in sizes], axis=1)
    codes = rng.standard_normal((N, CODES))
    scaled = factors / (sizes - 1)
    k = len(sizes)
    codes[:, :k] = scaled + MIX * np.roll(scaled, -1, axis=1) + NOISE * rng.standard_normal((N, k))
    return codes, factors


def train_accuracies(codes, factors, k, seeds):
    n_train = math.ceil(N * 2 / 3)
    x, y = codes[:n_train], factors[:n_train, k]
    return [float(np.mean(GradientBoostingClassifier(random_state=s).fit(x, y).predict(x) == y)) for s in seeds]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--search", action="store_true", help="look for a data seed with the wanted behaviour")
    a = ap.parse_args()
    seed = DATA_SEED
    if a.search:
        for seed in range(50):
            codes, factors = make(seed)
            f0 = train_accuracies(codes, factors, 0, range(6))
            f1 = train_accuracies(codes, factors, 1, range(6))
            print(seed, sorted(set(f0)), sorted(set(f1)), flush=True)
            if len(set(f0)) > 1 and len(set(f1)) == 1:
                break
    codes, factors = make(seed)
    np.savez(os.path.join(HERE, "dci_seeds.npz"), codes=codes, factors=factors)
    per_factor = [train_accuracies(codes, factors, k, range(SEEDS)) for k in range(len(SIZES))]
    out = {"made_by": "Tests/MetricsTests/Fixtures/make_dci_seed_fixture.py", "data_seed": seed,
           "n": N, "n_train": math.ceil(N * 2 / 3), "factor_sizes": SIZES,
           "model": "sklearn GradientBoostingClassifier(random_state=s), train accuracy",
           "sklearn": sklearn.__version__, "numpy": np.__version__,
           "random_states": list(range(SEEDS)), "train_accuracy": per_factor}
    with open(os.path.join(HERE, "dci_seeds.expected.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    for k, v in enumerate(per_factor):
        print(f"factor {k} ({SIZES[k]} classes): {v}")


if __name__ == "__main__":
    main()
