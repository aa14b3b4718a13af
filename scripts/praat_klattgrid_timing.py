#!/usr/bin/env python3
"""Times Praat's KlattGrid (praat-parselmouth) `To Sound` and prints samples per second of one
core, for bench-speech.sh's same-run comparison.

    pip install praat-parselmouth
    python3 scripts/praat_klattgrid_timing.py [--vowels VOWELS.json] [--runs 20]

With --vowels (written by `synbench-speech-bench --vowels-json`), Praat renders the same
sustained vowels as the benchmark: per vowel a KlattGrid as long as our item (silence, vowel,
silence), the same sample rate, the same F0, the same oral formants and bandwidths (F1..F5 of
the vowel's frames plus our cascade's fixed higher formants, so the same number of formant
filters) and the same open quotient. Without it, one 1 s steady /a/ with 8 oral formants.
Each figure is the minimum over the runs (the machine may be shared); the thread's CPU time is
printed beside the wall time (on a loaded machine the better estimate of one core's speed).
"""
import argparse
import json
import time

from parselmouth.praat import call

parser = argparse.ArgumentParser()
parser.add_argument("--vowels", help="JSON from synbench-speech-bench --vowels-json")
parser.add_argument("--runs", type=int, default=20)
args = parser.parse_args()


def klatt_grid(duration, start, end, f0, av_db, open_phase, formants):
    # Oral formants as given; 1 nasal formant and antiformant, 6 frication formants, 1 tracheal
    # formant and antiformant, 1 delta formant, as Praat's default grid (none of them gets a
    # point, so they do not filter).
    grid = call("Create KlattGrid", "vowel", 0, duration, len(formants), 1, 1, 6, 1, 1, 1)
    call(grid, "Add pitch point", 0.5 * (start + end), f0)
    # Silence, then the vowel at a steady level, then silence (Praat holds the outer values).
    call(grid, "Add voicing amplitude point", start - 0.001, 0)
    call(grid, "Add voicing amplitude point", start, av_db)
    call(grid, "Add voicing amplitude point", end, av_db)
    call(grid, "Add voicing amplitude point", end + 0.001, 0)
    if open_phase is not None:
        call(grid, "Add open phase point", 0.5 * (start + end), open_phase)
    for number, (frequency, bandwidth) in enumerate(formants, 1):
        call(grid, "Add oral formant frequency point", number, 0.5 * (start + end), frequency)
        call(grid, "Add oral formant bandwidth point", number, 0.5 * (start + end), bandwidth)
    return grid


if args.vowels:
    spec = json.load(open(args.vowels))
    rate = float(spec["sample_rate"])
    grids = [(klatt_grid(v["duration_s"], v["speech_start_s"], v["speech_end_s"], v["f0_hz"], 90,
                         v["oq_percent"] / 100, v["formants_hz"]), len(v["formants_hz"])) for v in spec["vowels"]]
    label = f"{len(grids)} vowels of synbench-speech-bench"
else:
    rate = 16000.0
    a = [(730, 60), (1090, 90), (2440, 120), (3300, 150), (3750, 200), (4900, 200), (6250, 300), (7250, 300)]
    grids = [(klatt_grid(1.0, 0.001, 0.999, 120, 90, None, a), len(a))]
    label = "1 s /a/, 8 oral formants"

# "To Sound" renders at 44.1 kHz; "To Sound (special)" sets the rate. Its arguments: time range
# (0, 0 = all), sampling frequency, scale peak (no: synthesis alone); phonation options (voicing,
# flutter, double pulsing, collision phase, spectral tilt, flow function, flow derivative,
# aspiration, breathiness); the filter model and the oral, nasal and nasal antiformant ranges (all
# oral formants); tracheal, tracheal antiformant, delta formant and delta bandwidth ranges;
# frication formant range and bypass.
def render(grid, oral):
    return call(grid, "To Sound (special)", 0, 0, rate, "no",
                "yes", "yes", "yes", "yes", "yes", "Powers in tiers", "yes", "yes", "yes",
                "Cascade", 1, oral, 1, 1, 1, 1,
                1, 1, 1, 1, 1, 1, 1, 1,
                1, 6, "yes")


samples = 0
for grid, oral in grids:
    sound = render(grid, oral)
    samples += call(sound, "Get number of samples")
    assert abs(call(sound, "Get sampling frequency") - rate) < 1e-6
best = float("inf")
best_cpu = float("inf")
for _ in range(args.runs):
    start, start_cpu = time.perf_counter(), time.thread_time()
    for grid, oral in grids:
        render(grid, oral)
    best = min(best, time.perf_counter() - start)
    best_cpu = min(best_cpu, time.thread_time() - start_cpu)
audio = samples / rate
print(f"praat: {label}, {rate:.0f} Hz, audio {audio:.2f} s, min of {args.runs} runs")
print(f"praat_seconds={best:.6f} sample_rate={rate:.0f} samples={samples} "
      f"samples_per_second={samples / best:.0f} realtime={audio / best:.1f} "
      f"cpu_seconds={best_cpu:.6f} realtime_per_cpu_second={audio / best_cpu:.1f}")
