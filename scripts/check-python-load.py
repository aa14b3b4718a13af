#!/usr/bin/env python3
"""Loads a SynBench dataset the way a Python user would and cross-checks it.

    python3 scripts/check-python-load.py data/syntone-small

- NumPy: factors.npy / factor_values.npy shapes and dtypes against dataset.json and
  metadata.csv; for `layout: npy`, waveforms.npy memory-mapped.
- soundfile: every audio file's sample rate and length; the FFT peak of a spread of items
  against their `frequency` label, and peak ratios against `amplitude` labels.
- Hugging Face `datasets` (if installed): load_dataset("audiofolder") row count and columns.
Prints one line per check and exits 1 if any fails.
"""
import csv
import json
import os
import sys

import numpy as np

root = sys.argv[1]
meta = json.load(open(os.path.join(root, "dataset.json")))
names = [f["name"] for f in meta["factors"]]
rows = list(csv.DictReader(open(os.path.join(root, "metadata.csv"))))
factors = np.load(os.path.join(root, "factors.npy"))
values = np.load(os.path.join(root, "factor_values.npy"))
failures = 0


def check(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    failures += not ok


n = len(rows)
check(factors.shape == (n, len(names)) and factors.dtype == np.int32, f"factors.npy int32 {factors.shape}")
check(values.shape == (n, len(names)) and values.dtype == np.float64, f"factor_values.npy float64 {values.shape}")
check(all(int(rows[i][f"{k}_idx"]) == factors[i, j] for i in range(n) for j, k in enumerate(names)),
      "metadata.csv <name>_idx columns equal factors.npy")

rate = meta["sample_rate"]
extra = [c["name"] for c in meta.get("columns", [])]
if extra:
    check(all(c in rows[0] for c in extra), f"metadata.csv has the extra columns {extra} dataset.json declares")
for side in meta.get("side_files", []):
    listed = [line.split("  ", 1)[1] for line in open(os.path.join(root, "SHA256SUMS")).read().splitlines()]
    mine = [f for f in listed if f.startswith(side["folder"] + "/") and f.endswith("." + side["extension"])]
    check(len(mine) == n and all(os.path.exists(os.path.join(root, f)) for f in mine),
          f"{n} {side['folder']} side files listed in SHA256SUMS and present")
if os.path.exists(os.path.join(root, "offsets.npy")):
    # Ragged: items of different lengths, concatenated; item i is waves[offsets[i]:offsets[i+1]].
    waves = np.load(os.path.join(root, "waveforms.npy"), mmap_mode="r")
    offsets = np.load(os.path.join(root, "offsets.npy"))
    check(waves.ndim == 1 and waves.dtype == np.float32 and offsets.dtype == np.int64
          and offsets.shape == (n + 1,) and offsets[0] == 0 and offsets[-1] == len(waves)
          and bool(np.all(np.diff(offsets) >= 0)),
          f"ragged waveforms.npy float32 {waves.shape} with offsets.npy int64 {offsets.shape}")
    audio = lambda i: np.asarray(waves[offsets[i]:offsets[i + 1]], dtype=np.float64)
elif os.path.exists(os.path.join(root, "waveforms.npy")):
    waves = np.load(os.path.join(root, "waveforms.npy"), mmap_mode="r")
    check(waves.shape[0] == n and waves.dtype == np.float32, f"waveforms.npy float32 {waves.shape} (memory-mapped)")
    audio = lambda i: np.asarray(waves[i], dtype=np.float64)
else:
    import soundfile as sf
    info = [sf.info(os.path.join(root, r["file_name"])) for r in rows[:: max(1, n // 200)]]
    check(all(x.samplerate == rate for x in info), f"audio files at {rate} Hz (soundfile)")
    audio = lambda i: sf.read(os.path.join(root, rows[i]["file_name"]), dtype="float64")[0]

if "frequency" in names:
    fi = names.index("frequency")
    worst = 0.0
    for i in np.linspace(0, n - 1, min(n, 60)).astype(int):
        x = audio(i)
        spec = np.abs(np.fft.rfft(x * np.blackman(len(x)), 8 * len(x)))
        f0 = np.argmax(spec) * rate / (8 * len(x))
        label = values[i, fi]
        if "waveform" not in names or rows[i]["waveform"] == "sine":
            worst = max(worst, abs(f0 - label) / label)
    check(worst < 2e-3, f"FFT peak of sine items within {worst:.1e} of their frequency label")

if "amplitude" in names:
    ai = names.index("amplitude")
    others = [j for j in range(len(names)) if j != ai]
    key = {}
    for i in range(n):
        key.setdefault(tuple(factors[i, others]), []).append(i)
    ratios = []
    for group in list(key.values())[:20]:
        if len(group) >= 2:
            a, b = group[0], group[-1]
            measured = np.max(np.abs(audio(b))) / np.max(np.abs(audio(a)))
            ratios.append(abs(measured / (values[b, ai] / values[a, ai]) - 1))
    check(not ratios or max(ratios) < 1e-3, f"peak ratios equal amplitude ratios (worst relative error {max(ratios or [0]):.1e}; 16-bit rounding included)")

try:
    from datasets import load_dataset
except ImportError:
    print("skip Hugging Face datasets is not installed")
else:
    if not os.path.exists(os.path.join(root, "waveforms.npy")):
        ds = load_dataset("audiofolder", data_dir=root, split="train")
        check(len(ds) == n and all(k in ds.column_names for k in names),
              f"datasets.load_dataset('audiofolder'): {len(ds)} rows, columns {ds.column_names}")
        clip = ds[n // 2]["audio"]
        check(clip["sampling_rate"] == rate, f"decoded clip at {clip['sampling_rate']} Hz, {len(clip['array'])} samples")
sys.exit(1 if failures else 0)
