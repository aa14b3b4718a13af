#!/usr/bin/env python3
"""Writes Tests/AnalysisTests/Fixtures/probes.npz: features, labels, a train/test split and
scikit-learn's predictions and scores for the probes of Sources/Analysis/Probes.

Each probe z-scores the features with the training split's mean and population standard
deviation (StandardScaler), then:
  linear: LogisticRegression(C=1) (lbfgs, multinomial for 3+ classes), run to a tight
          tolerance; test accuracy and predictions
  knn:    KNeighborsClassifier(n_neighbors=k, weights="uniform", algorithm="brute") with the
          euclidean and cosine metrics, k = 30 and k = 4 (k = 4 makes vote ties between
          classes happen); predictions
  ridge:  Ridge(alpha=1) on a continuous target; test r2_score, once with more rows than
          features (primal) and once with more features than training rows (dual)

Run: python3 Tests/AnalysisTests/References/make_probe_fixtures.py
"""
import os

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import r2_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler

rng = np.random.default_rng(20261129)
n, d, classes = 300, 12, 4
centres = rng.normal(0, 1.2, (classes, d))
labels = rng.integers(0, classes, n)
features = centres[labels] + rng.normal(0, 1.5, (n, d)) * rng.uniform(0.2, 3, d)
features[:, 3] *= 50  # a badly scaled feature, which the z-scoring must absorb
order = rng.permutation(n)
test = np.sort(order[:60])
train = np.sort(order[60:])

scaler = StandardScaler().fit(features[train])
xtr, xte = scaler.transform(features[train]), scaler.transform(features[test])
out = {"features": features, "labels": labels.astype(np.int64), "train": train.astype(np.int64),
       "test": test.astype(np.int64)}

logistic = LogisticRegression(C=1.0, tol=1e-10, max_iter=100000).fit(xtr, labels[train])
out["logistic_predictions"] = logistic.predict(xte).astype(np.int64)
out["logistic_accuracy"] = np.array(logistic.score(xte, labels[test]))

for metric in ("euclidean", "cosine"):
    for k in (30, 4):
        knn = KNeighborsClassifier(n_neighbors=k, metric=metric, algorithm="brute").fit(xtr, labels[train])
        out[f"knn_{metric}_{k}_predictions"] = knn.predict(xte).astype(np.int64)

target = features @ rng.normal(0, 1, d) / 10 + rng.normal(0, 1, n)
out["target"] = target
ridge = Ridge(alpha=1.0).fit(xtr, target[train])
out["ridge_r2"] = np.array(r2_score(target[test], ridge.predict(xte)))

# Wide: 40 training rows, 100 features.
wide = rng.normal(0, 1, (60, 100))
wide_target = wide[:, :5].sum(axis=1) + rng.normal(0, 0.5, 60)
wide_scaler = StandardScaler().fit(wide[:40])
wide_ridge = Ridge(alpha=1.0).fit(wide_scaler.transform(wide[:40]), wide_target[:40])
out["wide_features"] = wide
out["wide_target"] = wide_target
out["wide_ridge_r2"] = np.array(r2_score(wide_target[40:], wide_ridge.predict(wide_scaler.transform(wide[40:]))))

here = os.path.dirname(os.path.abspath(__file__))
np.savez(os.path.join(here, "..", "Fixtures", "probes.npz"), **out)
print("scikit-learn", sklearn.__version__, {k: float(v) for k, v in out.items() if v.ndim == 0})
