#!/usr/bin/env python3
"""Prints SynBench's metric scores and timings beside the reference's (metrics_ref.py JSON)."""
import json
import sys

ours = json.load(open(sys.argv[1]))["metrics"]
ref = json.load(open(sys.argv[2]))["reimpl"] if len(sys.argv) > 2 else None

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
