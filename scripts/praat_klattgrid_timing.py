#!/usr/bin/env python3
"""Times Praat's KlattGrid (praat-parselmouth) rendering a 1 s steady /a/ with 8 oral formants
and prints samples per second of one core, for bench-speech.sh's same-run comparison.

    pip install praat-parselmouth
    python3 scripts/praat_klattgrid_timing.py [--runs 50]
"""
import argparse
import time

from parselmouth.praat import call

parser = argparse.ArgumentParser()
parser.add_argument("--runs", type=int, default=50)
args = parser.parse_args()

grid = call("Create KlattGrid", "vowel", 0, 1, 8, 1, 1, 6, 1, 1, 1)
call(grid, "Add pitch point", 0.5, 120)
call(grid, "Add voicing amplitude point", 0.5, 90)
formants = [(730, 60), (1090, 90), (2440, 120), (3300, 150), (3750, 200), (4900, 200), (6250, 300), (7250, 300)]
for number, (frequency, bandwidth) in enumerate(formants, 1):
    call(grid, "Add oral formant frequency point", number, 0.5, frequency)
    call(grid, "Add oral formant bandwidth point", number, 0.5, bandwidth)
sound = call(grid, "To Sound")
rate = call(sound, "Get sampling frequency")
samples = call(sound, "Get number of samples")
start = time.perf_counter()
for _ in range(args.runs):
    call(grid, "To Sound")
seconds = (time.perf_counter() - start) / args.runs
print(f"praat_seconds_per_vowel={seconds:.6f} sample_rate={rate:.0f} samples={samples} "
      f"samples_per_second={samples / seconds:.0f} realtime={1 / seconds:.1f}")
