#!/usr/bin/env python3
"""Prints SynBench's metric scores and timings beside the reference's
(scripts/reference_metrics.py JSON), with the speed ratio reference seconds / SynBench seconds.

    compare_metrics.py [--reference REF.json] RUN.json [RUN.json ...]

Scores come from the first run (they are identical across runs); seconds are the median over
the runs.
"""
import argparse
import json
import statistics

ap = argparse.ArgumentParser()
ap.add_argument("--reference", default="")
ap.add_argument("runs", nargs="+")
args = ap.parse_args()
runs = [json.load(open(p))["metrics"] for p in args.runs]
ours = runs[0]
for name, obj in ours.items():
    times = [r[name]["seconds"] for r in runs if r.get(name, {}).get("seconds") is not None]
    if times:
        obj["seconds"] = statistics.median(times)
ref = json.load(open(args.reference)) if args.reference else None

# (metric, SynBench score key, reference score key)
pairs = [
    ("mig", "score", "score"),
    ("modularity", "score", "score"),
    ("dci", "disentanglement", "disentanglement"),
    ("dci", "completeness", "completeness"),
    ("dci", "informativeness_train", "informativeness_train"),
    ("dci", "informativeness_test", "informativeness_test"),
    ("sap", "score", "score"),
]


def fmt(x, w):
    return f"{x:>{w}.4f}" if isinstance(x, float) else f"{'-':>{w}}"


print(f"{'metric':<28}{'synbench':>12}{'reference':>12}{'|diff|':>10}")
for m, k, rk in pairs:
    v = ours.get(m, {}).get(k)
    r = ref["scores"].get(m, {}).get(rk) if ref else None
    d = abs(v - r) if (v is not None and r is not None) else None
    print(f"{m + '.' + k:<28}{fmt(v, 12)}{fmt(r, 12)}{fmt(d, 10)}")
print()
print(f"{'metric':<16}{'synbench s':>12}{'reference s':>13}{'ratio':>10}")
for name, obj in ours.items():
    s = obj.get("seconds")
    r = ref["seconds"].get(name) if ref else None
    ratio = f"{r / s:>9.0f}x" if (s and r) else f"{'-':>10}"
    s_txt = f"{s:>12.3f}" if s is not None else f"{'skipped':>12}"
    r_txt = f"{r:>13.2f}" if r is not None else f"{'-':>13}"
    print(f"{name:<16}{s_txt}{r_txt}{ratio}")
