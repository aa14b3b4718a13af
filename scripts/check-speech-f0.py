#!/usr/bin/env python3
"""Measures the F0 of SynSpeech utterances with Praat (praat-parselmouth) and compares each
utterance's median F0 with its speaker's base F0 recorded in dataset.json.

    pip install praat-parselmouth numpy
    python3 scripts/check-speech-f0.py data/synspeech-small [--every 1250]

Prosody (declination, accents, final contours) moves an utterance's median a little away from
the base, so this is a check that the speaker factor is in the audio, not an exact equality.
Prints one line per measured item and the median and range of measured / base.
"""
import argparse, csv, json, sys

import numpy as np
import parselmouth

parser = argparse.ArgumentParser()
parser.add_argument("root")
parser.add_argument("--every", type=int, default=1250)
args = parser.parse_args()

meta = json.load(open(f"{args.root}/dataset.json"))
speakers = meta["config"]["speakers"]
rows = list(csv.DictReader(open(f"{args.root}/metadata.csv")))
ratios = []
for i in range(0, len(rows), max(1, args.every)):
    row = rows[i]
    speaker = speakers[int(float(row["speaker"]))]
    pitch = parselmouth.Sound(f"{args.root}/{row['file_name']}").to_pitch(time_step=0.01, pitch_floor=60, pitch_ceiling=400)
    f0 = pitch.selected_array["frequency"]
    f0 = f0[f0 > 0]
    if len(f0) == 0:
        print(f"item {i}: style {row['style']}, no voiced frames")
        continue
    median = float(np.median(f0))
    ratios.append(median / speaker["base_f0_hz"])
    print(f"item {i}: speaker {speaker['id']} ({speaker['gender']}) base {speaker['base_f0_hz']} Hz, "
          f"Praat median F0 {median:.1f} Hz, {len(f0)} voiced frames")
if not ratios:
    sys.exit("no voiced items measured")
print(f"median F0 / base F0: median {np.median(ratios):.4f}, range {min(ratios):.4f} to {max(ratios):.4f}")
