#!/usr/bin/env python3
"""Measures synspeech-vowels with Praat (praat-parselmouth) and checks the audio against the
f0_hz..f3_hz columns of metadata.csv (specs/synspeech.md, "Checks that must hold": at F0 <= 150
Hz the median error of F0 is below 1 %, of F1 below 5 %, of F2 and F3 below 3 %).

    pip install praat-parselmouth numpy
    python3 scripts/measure_speech_vowels.py [DATASET_DIR] [--synbench .build/release/synbench]

Without DATASET_DIR the preset synspeech-vowels (2,160 sustained vowels) is generated into a
temporary folder with the synbench binary first.

Each item is a sustained vowel between 0.1 s of silence on either side (metadata duration_s).
Measured over the middle half of the vowel, a window centred on the vowel's middle, where
f0_hz is defined: with a linear intonation slope (in semitones) the median F0 over a centred
window is the F0 at the middle.
  F0      Sound: To Pitch (ac), time step 5 ms, floor 60 Hz, ceiling 400 Hz; median of the voiced
          frames.
  F1..F3  Sound: To Formant (burg), time step 5 ms, 5 formants, window 25 ms, pre-emphasis from
          50 Hz, maximum formant 4675 Hz x 17.5 cm / L, L the item's vocal-tract length (the
          vocal_tract_length column); median over the frames.
Why that ceiling: Burg's method fits the number of formants asked for into 0..ceiling, so the
ceiling must enclose exactly five of the synthesizer's resonances. SynSpeech's are F1..F3 of the
vowel, F4 3300 and F5 3850 Hz, then the cascade's fixed formants from 5500 Hz, all times
17.5 / L; 4675 Hz is half way between F5 and 5500 Hz. (Praat's usual 5000 Hz for a male voice
assumes a uniform tube's formants, 500, 1500, ..., 4500 Hz; here 5000 Hz comes within 500 Hz of
the sixth resonance and F3 of the front vowels is misread: median F3 error 5 %, 90th percentile
23 %.) The ceiling uses the synthesizer's fixed layout and the tract length, never the formant
labels being checked.

Prints the median and 90th percentile of the absolute relative error per measure, over all
items and over the items at F0 <= 150 Hz, the worst vowels, and exits 1 if a median threshold
fails.
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import parselmouth

MEASURES = ["f0", "f1", "f2", "f3"]
# Median relative error thresholds (fraction) at F0 <= 150 Hz (specs/synspeech.md).
THRESHOLDS = {"f0": 0.01, "f1": 0.05, "f2": 0.03, "f3": 0.03}
LEADING_SILENCE = 0.1
TRAILING_SILENCE = 0.1
REFERENCE_LENGTH_CM = 17.5
# Half way between SynSpeech's F5 (3850 Hz) and its first fixed cascade formant (5500 Hz) at
# 17.5 cm: five resonances below it (see the notes above).
CEILING_HZ = 0.5 * (3850.0 + 5500.0)


def measure(job):
    path, duration, tract_length, fixed_ceiling = job
    sound = parselmouth.Sound(path)
    start, end = LEADING_SILENCE, duration - TRAILING_SILENCE
    quarter = 0.25 * (end - start)
    lo, hi = start + quarter, end - quarter

    pitch = sound.to_pitch_ac(time_step=0.005, pitch_floor=60.0, pitch_ceiling=400.0)
    f0 = pitch.selected_array["frequency"]
    t = pitch.xs()
    voiced = (t >= lo) & (t <= hi) & (f0 > 0)
    f0_median = float(np.median(f0[voiced])) if voiced.any() else float("nan")

    ceiling = fixed_ceiling or CEILING_HZ * REFERENCE_LENGTH_CM / tract_length
    formant = sound.to_formant_burg(time_step=0.005, max_number_of_formants=5, maximum_formant=ceiling,
                                    window_length=0.025, pre_emphasis_from=50.0)
    times = [x for x in formant.xs() if lo <= x <= hi]
    values = np.array([[formant.get_value_at_time(i, x) for i in (1, 2, 3)] for x in times], dtype=float)
    medians = [float(np.nanmedian(values[:, k])) if np.isfinite(values[:, k]).any() else float("nan")
               for k in range(3)]
    return [f0_median] + medians


def generate(synbench, out):
    print(f"generating synspeech-vowels into {out} ...", flush=True)
    subprocess.run([synbench, "generate", "synspeech-vowels", "--out", out, "--quiet"], check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", nargs="?", help="a generated synspeech-vowels folder (default: generate one)")
    parser.add_argument("--synbench", default=".build/release/synbench")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--per-item", help="write the measurements per item to this CSV")
    parser.add_argument("--fixed-ceiling", type=float, metavar="HZ",
                        help="one maximum formant for every item (e.g. 5500, Praat's usual female/child "
                             "setting) instead of 4675 Hz x 17.5 / L")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="synspeech-vowels.") as temporary:
        root = args.dataset
        if root is None:
            root = os.path.join(temporary, "vowels")
            generate(args.synbench, root)
        with open(os.path.join(root, "metadata.csv"), newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        missing = [c for c in ("file_name", "duration_s", "vocal_tract_length", "f0_hz", "f1_hz", "f2_hz", "f3_hz")
                   if rows and c not in rows[0]]
        if not rows or missing:
            sys.exit(f"{root}/metadata.csv: no rows or missing columns {missing}")
        jobs = [(os.path.join(root, r["file_name"]), float(r["duration_s"]), float(r["vocal_tract_length"]),
                 args.fixed_ceiling) for r in rows]
        with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            measured = np.array(list(pool.map(measure, jobs, chunksize=16)), dtype=float)

    labels = np.array([[float(r[f"{m}_hz"]) for m in MEASURES] for r in rows], dtype=float)
    errors = np.abs(measured - labels) / labels
    low = labels[:, 0] <= 150.0
    failed = np.isnan(errors)

    print(f"items: {len(rows)} ({int(low.sum())} at F0 <= 150 Hz); Praat {parselmouth.PRAAT_VERSION}; "
          f"pitch ac 60-400 Hz; formants burg, 5 in 0.."
          f"{f'{args.fixed_ceiling:.0f} Hz' if args.fixed_ceiling else f'{CEILING_HZ:.0f} Hz x 17.5 / L'}, window 25 ms; "
          f"middle half of the vowel")
    print(f"{'measure':8s} {'subset':12s} {'n':>5s} {'no value':>8s} {'median %':>9s} {'p90 %':>7s} {'max %':>7s}"
          f" {'threshold %':>11s}")
    ok = True
    for subset, mask in (("all", np.ones(len(rows), dtype=bool)), ("F0 <= 150", low)):
        for k, m in enumerate(MEASURES):
            e = errors[mask, k]
            e_valid = e[np.isfinite(e)]
            if len(e_valid) == 0:
                print(f"{m:8s} {subset:12s} {0:5d} {int(mask.sum()):8d}         -       -       -")
                ok = ok and subset == "all"
                continue
            median = float(np.median(e_valid))
            line = (f"{m:8s} {subset:12s} {len(e_valid):5d} {int(failed[mask, k].sum()):8d} {100 * median:9.3f}"
                    f" {100 * np.percentile(e_valid, 90):7.3f} {100 * e_valid.max():7.3f}")
            if subset == "F0 <= 150":
                passed = median < THRESHOLDS[m]
                ok = ok and passed
                line += f" {'<':>5s} {100 * THRESHOLDS[m]:4.1f} {'ok' if passed else 'FAIL'}"
            print(line)

    # The vowels with the largest median error per formant, to show where the error sits.
    vowels = sorted({r["vowel"] for r in rows}) if "vowel" in rows[0] else []
    if vowels:
        print("median % per vowel (F0 <= 150 Hz):  " + "  ".join(f"{m.upper():>5s}" for m in MEASURES))
        for v in vowels:
            mask = low & np.array([r["vowel"] == v for r in rows])
            cells = [np.nanmedian(errors[mask, k]) * 100 for k in range(4)]
            print(f"  {v:32s}  " + "  ".join(f"{c:5.2f}" for c in cells))

    if args.per_item:
        with open(args.per_item, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["file_name"] + [f"{m}_hz" for m in MEASURES] + [f"{m}_measured_hz" for m in MEASURES])
            for r, x in zip(rows, measured):
                writer.writerow([r["file_name"]] + [r[f"{m}_hz"] for m in MEASURES] + [f"{v:.2f}" for v in x])
    print("PASS" if ok else "FAIL: a median error at F0 <= 150 Hz is over its threshold")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
