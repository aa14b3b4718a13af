#!/usr/bin/env python3
"""scikit-learn / NumPy values behind the hard-coded constants of LogisticRegressionTests,
ROCAUCTests, ExplicitnessTests and IRSTests (the small inputs are rebuilt here exactly as the
Swift tests build them).

    python3 Tests/MetricsTests/Fixtures/small_cases.py
"""
import math

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import MultiLabelBinarizer

X = np.array([[0.5, 1.0], [1.5, -0.5], [-1.0, 0.25], [2.0, 1.5], [-0.5, -1.5], [0.0, 0.75],
              [1.0, 2.0], [-2.0, -0.5], [0.25, -1.0], [1.25, 0.5], [-1.5, 1.25], [0.75, -0.25]])


def logistic_regression():
    y = [0, 1, 2, 1, 2, 0, 0, 2, 1, 1, 2, 0]
    m = LogisticRegression(C=1.0, tol=1e-12, max_iter=100000).fit(X, y)
    print("LogisticRegressionTests multinomial coef_", repr(m.coef_.tolist()), "intercept_", repr(m.intercept_.tolist()))
    y = [0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0]
    m = LogisticRegression(C=0.5, tol=1e-12, max_iter=100000).fit(X, y)
    print("LogisticRegressionTests binary coef_", repr(m.coef_.tolist()), "intercept_", repr(m.intercept_.tolist()))


def roc_auc():
    print("ROCAUCTests binary", repr(roc_auc_score([0, 0, 1, 1, 1, 0, 1, 0], [0.1, 0.4, 0.35, 0.8, 0.4, 0.1, 0.7, 0.35])))
    p = np.array([[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.2, 0.3, 0.5], [0.5, 0.25, 0.25],
                  [0.3, 0.3, 0.4], [0.2, 0.6, 0.2], [0.4, 0.4, 0.2]])
    y = np.array([0, 1, 2, 1, 2, 1, 0])
    print("ROCAUCTests macro one-vs-rest", repr(roc_auc_score(MultiLabelBinarizer().fit_transform(y[:, None]), p)))


def explicitness():
    t = np.arange(90, dtype=np.float64)
    f = np.stack([np.arange(90) % 3, (np.arange(90) // 3) % 5], axis=1)
    z = np.stack([f[:, 0] + 0.8 * np.sin(1.3 * t), 0.5 * f[:, 1] + 0.9 * np.cos(0.7 * t), np.sin(0.37 * t + 1)], axis=1)
    n = math.ceil(90 * 2 / 3)
    mean, std = z[:n].mean(axis=0), z[:n].std(axis=0)
    zt, ze = (z[:n] - mean) / std, (z[n:] - mean) / std
    train, test = [], []
    for k in range(2):
        m = LogisticRegression(C=1.0, tol=1e-12, max_iter=100000).fit(zt, f[:n, k])
        mlb = MultiLabelBinarizer()
        train.append(roc_auc_score(mlb.fit_transform(f[:n, k][:, None]), m.predict_proba(zt)))
        test.append(roc_auc_score(mlb.fit_transform(f[n:, k][:, None]), m.predict_proba(ze)))
    print("ExplicitnessTests train", repr(float(np.mean(train))), "test", repr(float(np.mean(test))),
          "test per factor", repr([float(v) for v in test]))


def irs():
    # SamplingTestData.grid([3, 4], repeats: 2): mixed radix, last factor fastest, twice
    f = np.array([[i // 4, i % 4] for i in range(12)] * 2)
    t = np.arange(24, dtype=np.float64)
    z = np.stack([f[:, 0] + 0.1 * np.sin(1.7 * t), f[:, 1] * 0.5 + 0.2 * np.cos(0.9 * t),
                  np.sin(2.3 * t + 0.5), np.full(24, 5.0)], axis=1)
    z = z[:, z.std(axis=0) > 0]  # constant codes are left out
    # factors binned like codes (20 equal-width bins); groups are the bins' members
    groups = []
    for k in range(f.shape[1]):
        lo, hi = f[:, k].min(), f[:, k].max()
        edges = np.arange(20) * ((hi - lo) / 20) + lo
        groups.append(np.searchsorted(edges, f[:, k], side="right"))
    scale = np.max(np.abs(z - z.mean(axis=0)), axis=0)
    dev = np.zeros((z.shape[1], f.shape[1]))
    for k, g in enumerate(groups):
        values = np.unique(g)
        for v in values:
            members = z[g == v]
            dev[:, k] += np.percentile(np.abs(members - members.mean(axis=0)), 99, axis=0)
        dev[:, k] /= len(values)
    matrix = 1 - dev / scale[:, None]
    score = np.average(matrix.max(axis=1), weights=scale)
    print("IRSTests score", repr(float(score)), "matrix", repr(matrix.tolist()), "parents", matrix.argmax(axis=1).tolist())


if __name__ == "__main__":
    logistic_regression()
    roc_auc()
    explicitness()
    irs()
