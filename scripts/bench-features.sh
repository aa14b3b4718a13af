#!/usr/bin/env bash
# Benchmark: `synbench features` (release build, --jobs 1 and --jobs 2) against librosa
# computing the same log-mel features (scripts/librosa_features.py, one process) on a
# 1,000-item SynTone dataset (4 waveforms x 5 amplitudes x 50 frequencies, 1 s at 16 kHz,
# 16-bit WAV files), in the same run; prints the seconds of each, the speed ratios and the
# largest difference between the two outputs. Not a test: nothing fails on a slow machine.
#
#   make bench-features                   # preset paper
#   BENCH_PRESET=mel64 make bench-features
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench-out/features
mkdir -p "$out"
bin=${SYNBENCH_BIN:-.build/release/synbench}
preset=${BENCH_PRESET:-paper}
data=$out/syntone-1000

if [ ! -f "$data/dataset.json" ]; then
  cat > "$out/syntone-1000.yaml" <<'YAML'
generator: syntone
name: syntone-1000
seed: 0
sample_rate: 16000
duration: 1.0
format: pcm16
layout: files
factors:
  - name: waveform
    values: [sine, triangle, sawtooth, square]
  - name: amplitude
    linear: {start: 0.2, stop: 1.0, count: 5}
  - name: frequency
    log: {start: 110, stop: 1500, count: 50}
YAML
  "$bin" generate "$out/syntone-1000.yaml" --out "$data" --quiet
fi

declare -A secs
for jobs in 1 2; do
  best=""
  for run in 1 2 3; do
    t0=$(date +%s.%N)
    "$bin" features "$data" --preset "$preset" --out "$out/synbench-$jobs.npy" --jobs "$jobs" --quiet
    t1=$(date +%s.%N)
    s=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || (( $(echo "$s < $best" | bc -l) )); then best=$s; fi
  done
  secs[$jobs]=$best
  printf 'synbench features --preset %s --jobs %d: %.3f s (best of 3, wall, process start included)\n' "$preset" "$jobs" "$best"
done
cmp "$out/synbench-1.npy" "$out/synbench-2.npy" && echo "--jobs 1 and --jobs 2 wrote the same bytes"

if python3 -c "import librosa, soundfile" 2>/dev/null; then
  t0=$(date +%s.%N)
  python3 scripts/librosa_features.py "$data" --preset "$preset" --out "$out/librosa.npy" --compare "$out/synbench-1.npy" | tee "$out/librosa.txt"
  t1=$(date +%s.%N)
  total=$(echo "$t1 - $t0" | bc -l)
  inner=$(sed -n 's/.* in \([0-9.]*\) s .*/\1/p' "$out/librosa.txt" | head -1)
  printf 'librosa: %.3f s computing (%.3f s with interpreter start and imports)\n' "$inner" "$total"
  printf 'ratio librosa / synbench: %.1fx (--jobs 1, against librosa computing only), %.1fx (--jobs 2)\n' \
    "$(echo "$inner / ${secs[1]}" | bc -l)" "$(echo "$inner / ${secs[2]}" | bc -l)"
else
  echo "librosa not installed (pip install librosa): reference skipped"
fi
