#!/usr/bin/env python3
"""NumPy/SciPy values behind the hard-coded constants of InformationFixtureTests:
`modularityFromFixtureMatrix` (split fixture) and `crossChecksOnTiny` (tiny fixture).

    python3 Tests/MetricsTests/Fixtures/information_cross_checks.py

Each value follows the definition in the Swift type's documentation, computed here
independently: histogram bins and plug-in MI from scripts/reference_metrics.py, everything else
spelled out below. MIG-sup, DCIMIG, JEMMIG, MIG (Miller-Madow) and the unsupervised scores use
all rows; Modularity and SAP (continuous) use the train rows (first ceil(2N/3)).
"""
import math
import os
import sys

import numpy as np
import scipy.linalg

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "scripts"))
import reference_metrics as ref  # noqa: E402

FIXTURES = HERE


def top_two(v):
    order = np.argsort(-np.asarray(v), kind="stable")
    return v[order[0]], v[order[1]], order[0]


def miller_madow_mi(a, b):
    """I + (m_a + m_b - m_ab - 1) / (2n), clipped at 0 (m = non-empty cells)."""
    n = len(a)
    m_a, m_b = len(np.unique(a)), len(np.unique(b))
    m_ab = len(np.unique(np.stack([a, b], axis=1), axis=0))
    return max(ref.mutual_information(a, b) + (m_a + m_b - m_ab - 1) / (2 * n), 0.0)


def miller_madow_entropy(y):
    return ref.entropy(y) + (len(np.unique(y)) - 1) / (2 * len(y))


def main():
    split = np.load(os.path.join(FIXTURES, "split.npz"))
    m_split, _ = ref.information_matrix(split["codes"], split["factors"])
    print(f"split modularity (train = MIG sample): {ref.modularity(m_split)!r}")

    tiny = np.load(os.path.join(FIXTURES, "tiny.npz"))
    z, y = tiny["codes"], tiny["factors"]
    n_train = math.ceil(len(z) * 2 / 3)
    zt, yt = z[:n_train], y[:n_train]
    n_codes, n_factors = z.shape[1], y.shape[1]
    binned = [ref.histogram_labels(z[:, l]) for l in range(n_codes)]
    m, h = ref.information_matrix(z, y)
    code_h = np.array([ref.entropy(b) for b in binned])

    values = {}
    values["modularity"] = ref.modularity(ref.information_matrix(zt, yt)[0])
    # MIG-sup: per code, (top - second over factors) / H(code binned), mean over codes
    values["mig_sup"] = float(np.mean([(top_two(m[l])[0] - top_two(m[l])[1]) / code_h[l] for l in range(n_codes)]))
    # DCIMIG: each code's gap credited to its best factor; per factor the largest; / sum H
    best = np.zeros(n_factors)
    for l in range(n_codes):
        a, b, k = top_two(m[l])
        best[k] = max(best[k], a - b)
    values["dcimig"] = float(best.sum() / h.sum())
    # JEMMIG: 1 - (H(v, z*) - I(v; z*) + I(v; z°)) / (H(v) + log B), mean over factors
    per = []
    for k in range(n_factors):
        a, b, l = top_two(m[:, k])
        joint = h[k] + code_h[l] - a
        per.append(1 - (joint - a + b) / (h[k] + math.log(ref.BINS)))
    values["jemmig"] = float(np.mean(per))
    # MIG with Miller-Madow corrected MI and factor entropies
    mm = np.array([[miller_madow_mi(binned[l], y[:, k]) for k in range(n_factors)] for l in range(n_codes)])
    hm = np.array([miller_madow_entropy(y[:, k]) for k in range(n_factors)])
    srt = np.sort(mm, axis=0)[::-1]
    values["mig miller-madow"] = float(np.mean((srt[0] - srt[1]) / hm))
    # SAP continuous: Pearson r^2 of each code with each factor on the train rows
    s = np.zeros((n_codes, n_factors))
    for l in range(n_codes):
        for k in range(n_factors):
            c = np.cov(zt[:, l], yt[:, k])
            s[l, k] = 0.0 if c[0, 0] <= 1e-12 else c[0, 1] ** 2 / (c[0, 0] * c[1, 1])
    srt = np.sort(s, axis=0)[::-1]
    values["sap continuous"] = float(np.mean(srt[0] - srt[1]))
    # unsupervised scores on all rows
    cov = np.cov(z.T)
    values["gaussian_total_correlation"] = float(0.5 * (np.sum(np.log(np.diag(cov))) - np.linalg.slogdet(cov)[1]))
    root = scipy.linalg.sqrtm(cov * np.diag(cov)[:, None])
    values["gaussian_wasserstein_correlation"] = float(2 * np.trace(cov) - 2 * np.real(np.trace(root)))
    pair = [ref.mutual_information(binned[i], binned[j]) for i in range(n_codes) for j in range(n_codes) if i != j]
    values["mutual_info_score"] = float(np.mean(pair))
    for k, v in values.items():
        print(f"tiny {k}: {v!r}")


if __name__ == "__main__":
    main()
