#!/usr/bin/env python3
"""Expected values of the reference fixtures Fixtures/{tiny,split,mixed}.npz, recomputed with
NumPy and scikit-learn by scripts/reference_metrics.py (the project's reference definitions).

    python3 Tests/MetricsTests/Fixtures/fixture_expected.py           # compare with the JSON
    python3 Tests/MetricsTests/Fixtures/fixture_expected.py --write   # rewrite the JSON

What the Swift tests read from `NAME.expected.json` (key `dlib`, named after the reference
definitions of disentanglement_lib):
  scores.mig.discrete_mig, matrices.mi_matrix, matrices.factor_entropy   (InformationFixtureTests,
      MetricsCLITests: within 1e-9 / 1e-12)
  scores.sap.SAP_score, matrices.sap_score_matrix                         (InformationFixtureTests,
      MetricsCLITests: within 1e-3)
  scores.dci.{disentanglement, completeness, informativeness_train, informativeness_test} with
      GradientBoostingClassifier(random_state=0), spread_over_seeds.stats["dci.*"].std over
      random_state 0, 1, 2, matrices.importance_matrix                   (DCIFixtureTests)
The check mode prints the largest difference per group and exits 1 when one exceeds what the
tests allow.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import reference_metrics as ref  # noqa: E402

FIXTURES = HERE
NAMES = ["tiny", "split", "mixed"]


def expected(name):
    out = ref.evaluate(os.path.join(FIXTURES, f"{name}.npz"), skip={"modularity"}, seed=0, spread_seeds=[0, 1, 2])
    s = out["scores"]
    return {
        "input": {k: out["input"][k] for k in ("N", "L", "K", "factor_cardinalities")},
        "split": out["split"],
        "settings": {"num_bins": ref.BINS, "sap_continuous_factors": False, "seed": 0,
                     "dci_model": "sklearn GradientBoostingClassifier(random_state=seed)",
                     "sap_model": "sklearn LinearSVC(C=0.01, class_weight='balanced')",
                     "made_by": "Tests/MetricsTests/Fixtures/fixture_expected.py (scripts/reference_metrics.py)"},
        "versions": out["versions"],
        "dlib": {
            "scores": {"mig": {"discrete_mig": s["mig"]["score"]},
                       "dci": {k: s["dci"][k] for k in ("informativeness_train", "informativeness_test",
                                                         "disentanglement", "completeness")},
                       "sap": {"SAP_score": s["sap"]["score"]}},
            "seconds": out["seconds"],
            "spread_over_seeds": out["spread_over_seeds"],
            "matrices": {k: out["matrices"][k] for k in ("mi_matrix", "factor_entropy", "importance_matrix",
                                                         "sap_score_matrix")},
        },
    }


def max_diff(a, b):
    if isinstance(a, list):
        return max((max_diff(x, y) for x, y in zip(a, b)), default=0.0)
    return abs(a - b)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true")
    ap.add_argument("names", nargs="*", default=NAMES)
    a = ap.parse_args()
    bad = False
    for name in a.names:
        new = expected(name)
        path = os.path.join(FIXTURES, f"{name}.expected.json")
        if a.write:
            with open(path, "w") as f:
                json.dump(new, f, indent=1)
                f.write("\n")
            print(f"wrote {path}")
            continue
        old = json.load(open(path))["dlib"]
        n = new["dlib"]
        checks = [
            ("mig", old["scores"]["mig"]["discrete_mig"], n["scores"]["mig"]["discrete_mig"], 1e-9),
            ("mi_matrix", old["matrices"]["mi_matrix"], n["matrices"]["mi_matrix"], 1e-12),
            ("factor_entropy", old["matrices"]["factor_entropy"], n["matrices"]["factor_entropy"], 1e-12),
            ("sap", old["scores"]["sap"]["SAP_score"], n["scores"]["sap"]["SAP_score"], 1e-3),
            ("sap_score_matrix", old["matrices"]["sap_score_matrix"], n["matrices"]["sap_score_matrix"], 1e-3),
            ("importance_matrix", old["matrices"]["importance_matrix"], n["matrices"]["importance_matrix"], 0.03),
        ] + [(f"dci.{k}", old["scores"]["dci"][k], n["scores"]["dci"][k], 0.005)
             for k in ("disentanglement", "completeness", "informativeness_train", "informativeness_test")]
        for label, x, y, tol in checks:
            d = max_diff(x, y)
            bad |= d > tol
            print(f"{name:6s} {label:28s} max |diff| {d:.3g} (tests allow {tol:g})")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
