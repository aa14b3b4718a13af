#!/usr/bin/env python3
"""Prints the figures of scripts/bench-analysis.sh from the JSON files it wrote.

  bench_analysis_summary.py timing REFERENCE_1THREAD.json REFERENCE_ALL.json ONE_THREAD_RUN.json... -- ALL_CORES_RUN.json...
  bench_analysis_summary.py readme SYNBENCH.json
  bench_analysis_summary.py seconds SYNBENCH.json
"""
import json
import sys


def mftma(path):
    d = json.load(open(path))
    return d, d["factors"]["factor0"][0]["mftma"]


def line(g):
    return (f"alpha {g['capacity']:.4f}  radius {g['radius']:.3f}  dimension {g['dimension']:.2f}  "
            f"rho_c {g['centre_correlation']:.4f}")


def median_seconds(paths):
    parsed = [mftma(p) for p in paths]
    seconds = sorted(d["seconds"]["mftma"] for d, _ in parsed)
    return seconds[len(seconds) // 2], parsed[0][1]


def timing(reference, reference_all, runs, all_cores):
    ref = json.load(open(reference))
    ref_all = json.load(open(reference_all))
    one, g = median_seconds(runs)
    every, _ = median_seconds(all_cores)
    best_ref = min(ref["seconds"], ref_all["seconds"])
    print(f"reference (numpy + scipy nnls, 1 thread):   {line(ref)}  {ref['seconds']:.3f} s")
    print(f"reference (BLAS on every core):             {ref_all['seconds']:.3f} s")
    print(f"synbench (1 thread, median of {len(runs)}):           {line(g)}  {one:.3f} s")
    print(f"synbench (every core, median of {len(all_cores)}):         {every:.3f} s")
    print(f"speed-up, one thread each: {ref['seconds'] / one:.1f}x; "
          f"whole machine each (against the reference's faster run): {best_ref / every:.1f}x (goal: at least 20x)")
    for k in ("capacity", "radius", "dimension", "centre_correlation"):
        print(f"  {k}: synbench / reference = {g[k] / ref[k]:.4f}")


def readme(path):
    _, g = mftma(path)
    print(f"synbench: {line(g)}")
    for k, v in (("capacity", 0.040), ("radius", 1.47), ("dimension", 36.2)):
        print(f"  {k}: {g[k]:.4f} vs published {v} ({100 * (g[k] / v - 1):+.1f} %)")
    predicted = (1 + g["radius"] ** -2) / g["dimension"]
    print(f"  self-consistency: alpha / ((1 + R^-2) / D) = {g['capacity'] / predicted:.4f}")


def seconds(path):
    d = json.load(open(path))
    print("  ".join(f"{k} {v:.3f} s" for k, v in d["seconds"].items()))


if __name__ == "__main__":
    mode, files = sys.argv[1], sys.argv[2:]
    if mode == "timing":
        split = files.index("--")
        timing(files[0], files[1], files[2:split], files[split + 1:])
    elif mode == "readme":
        readme(files[0])
    else:
        seconds(files[0])
