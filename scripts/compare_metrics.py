#!/usr/bin/env python3
"""Prints SynBench's metric scores and timings beside the reference's (metrics_ref.py JSON).

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
ref = json.load(open(args.reference))["reimpl"] if args.reference else None

# (synbench metric, synbench score key, reference metric, reference score key)
pairs = [
    ("mig", "score", "mig", "discrete_mig"),
    ("dci", "disentanglement", "dci", "disentanglement"),
    ("dci", "completeness", "dci", "completeness"),
    ("dci", "informativeness_train", "dci", "informativeness_train"),
    ("dci", "informativeness_test", "dci", "informativeness_test"),
    ("sap", "score", "sap", "SAP_score"),
]
print(f"{'metric':<28}{'synbench':>12}{'reference':>12}{'|diff|':>10}")
for m, k, rm, rk in pairs:
    v = ours.get(m, {}).get(k)
    r = ref["scores"].get(rm, {}).get(rk) if ref else None
    d = abs(v - r) if (v is not None and r is not None) else None
    fmt = lambda x, w: f"{x:>{w}.4f}" if isinstance(x, float) else f"{'-':>{w}}"
    print(f"{m + '.' + k:<28}{fmt(v, 12)}{fmt(r, 12)}{fmt(d, 10)}")
print()
print(f"{'metric':<16}{'synbench s':>12}{'reference s':>13}{'speed-up':>10}")
for name, obj in ours.items():
    s = obj.get("seconds")
    r = ref["seconds"].get(name) if ref else None
    ratio = f"{r / s:>9.0f}x" if (s and r) else f"{'-':>10}"
    s_txt = f"{s:>12.3f}" if s is not None else f"{'skipped':>12}"
    r_txt = f"{r:>13.2f}" if r is not None else f"{'-':>13}"
    print(f"{name:<16}{s_txt}{r_txt}{ratio}")
