#!/usr/bin/env bash
# Benchmark of SynSpeech, in one run:
#  1. synthesis alone: synbench-speech-bench times KlattSynthesizer.render on a fixed set of
#     utterances (200 sentences: 4 speakers x the first 50 built-in texts, default style; 12
#     sustained vowels of 1 s), single-threaded, minimum of repeats: real time per core
#     (goal >= 1000x at 16 kHz, specs/synspeech.md "Performance");
#  2. Praat's KlattGrid (praat-parselmouth, when installed) rendering the same 12 vowels at the
#     same rate with the same formants, and our synthesis / Praat's on those vowels;
#  3. Praat (when installed) measuring synspeech-vowels against its f0_hz..f3_hz labels
#     (scripts/measure_speech_vowels.py: median errors, spec thresholds F0 1 %, F1 5 %, F2/F3 3 %),
#     with the tract-scaled formant ceiling and with a fixed 5500 Hz one;
#  4. synspeech-small (25,000 utterances, 16 kHz PCM16 WAV and TextGrids) under /usr/bin/time:
#     wall time, peak memory, and real time per core of the whole pipeline (survey, synthesis,
#     encoding, hashing, writing), checked with `synbench verify`.
# Not a test: nothing here fails on a slow machine.
# Environment: SCRATCH (SwiftPM scratch path, default .build), REPEATS (default 5),
# BENCH_SMALL=0 (skip synspeech-small).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${SCRATCH:-.build}"
bin="$scratch/release/synbench"
bench="$scratch/release/synbench-speech-bench"
out=$(mktemp -d /tmp/synbench-speech.XXXXXX)
trap 'rm -rf "$out"' EXIT

"$bench" --repeats "${REPEATS:-5}" --vowels-json "$out/vowels.json" | tee "$out/synthesis"

if python3 -c "import parselmouth" 2>/dev/null; then
  echo "== Praat KlattGrid (praat-parselmouth), the same vowels, same run"
  python3 scripts/praat_klattgrid_timing.py --vowels "$out/vowels.json" | tee "$out/praat"
  python3 - "$out/synthesis" "$out/praat" <<'PY'
import re, sys
ours = open(sys.argv[1]).read()
praat = open(sys.argv[2]).read()
vowels = re.search(r"sustained vowels.*\n.*\n  synthesis: .*, (\d+)x real time per core "
                   r"\(thread CPU time .*, (\d+)x\)", ours)
overall = float(re.search(r"synthesis_realtime_per_core=(\d+)", ours).group(1))
overall_cpu = float(re.search(r"synthesis_realtime_per_cpu_second=(\d+)", ours).group(1))
wall, cpu = float(vowels.group(1)), float(vowels.group(2))
praat_wall = float(re.search(r" realtime=([0-9.]+)", praat).group(1))
praat_cpu = float(re.search(r"realtime_per_cpu_second=([0-9.]+)", praat).group(1))
print(f"real time per core on the same vowels, wall clock: SynSpeech {wall:.0f}x, Praat KlattGrid {praat_wall:.0f}x, "
      f"ratio {wall / praat_wall:.2f}")
print(f"real time per core on the same vowels, thread CPU time: SynSpeech {cpu:.0f}x, Praat KlattGrid {praat_cpu:.0f}x, "
      f"ratio {cpu / praat_cpu:.2f}")
print(f"SynSpeech synthesis over all utterances (sentences and vowels): {overall:.0f}x real time per core by wall "
      f"clock, {overall_cpu:.0f}x by thread CPU time (goal 1000x)")
PY
else
  echo "== Praat skipped (pip install praat-parselmouth for the same-run comparison)"
fi

if python3 -c "import parselmouth" 2>/dev/null; then
  echo "== Praat measures synspeech-vowels (2,160 sustained vowels) against their f0_hz..f3_hz labels"
  "$bin" generate synspeech-vowels --out "$out/vowels" --quiet
  python3 scripts/measure_speech_vowels.py "$out/vowels" || echo "(a median threshold failed)"
  echo "-- the same with one maximum formant of 5500 Hz for every item"
  python3 scripts/measure_speech_vowels.py "$out/vowels" --fixed-ceiling 5500 || echo "(a median threshold failed)"
fi

if [ "${BENCH_SMALL:-1}" != 0 ]; then
  echo "== SynBench: synspeech-small ($(nproc) cores, release build, whole pipeline)"
  /usr/bin/time -f "%e %U %M" -o "$out/time" "$bin" generate synspeech-small --out "$out/small" --quiet
  read -r wall user peak < "$out/time"
  audio=$(python3 -c "import csv; print(sum(float(r['duration_s']) for r in csv.DictReader(open('$out/small/metadata.csv'))))")
  python3 - "$wall" "$user" "$peak" "$audio" <<'PY'
import sys
wall, user, peak, audio = map(float, sys.argv[1:])
print(f"wall {wall:.1f} s, user {user:.1f} s, peak {peak / 1024:.1f} MB, audio {audio:.0f} s")
print(f"real time per core (whole pipeline): {audio / user:.0f}x; samples per core-second: {audio * 16000 / user:.0f}")
PY
  "$bin" verify "$out/small" --quiet
fi
