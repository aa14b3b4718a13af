#!/usr/bin/env bash
# Benchmark: SynSpeech generation (synspeech-small: 25,000 utterances, 16 kHz PCM16 WAV and
# TextGrids) under /usr/bin/time -v, with the real-time factor per core of the whole pipeline
# (survey, synthesis, encoding, hashing, writing), and, when praat-parselmouth is installed,
# Praat's KlattGrid rendering a vowel in the same run for a samples-per-second comparison.
# Not a test: nothing here fails on a slow machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/synbench
out=$(mktemp -d /tmp/synbench-speech.XXXXXX)
trap 'rm -rf "$out"' EXIT

echo "== SynBench: synspeech-small ($(nproc) cores, release build)"
/usr/bin/time -f "%e %U %M" -o "$out/time" "$bin" generate synspeech-small --out "$out/small" --quiet
read -r wall user peak < "$out/time"
audio=$(python3 -c "import csv; print(sum(float(r['duration_s']) for r in csv.DictReader(open('$out/small/metadata.csv'))))")
python3 - "$wall" "$user" "$peak" "$audio" <<'PY' > "$out/ours"
import sys
wall, user, peak, audio = map(float, sys.argv[1:])
print(f"wall {wall:.1f} s, user {user:.1f} s, peak {peak / 1024:.1f} MB, audio {audio:.0f} s")
print(f"real time per core (whole pipeline): {audio / user:.0f}x; samples per core-second: {audio * 16000 / user:.0f}")
PY
cat "$out/ours"
"$bin" verify "$out/small" --quiet

if python3 -c "import parselmouth" 2>/dev/null; then
  echo "== Praat KlattGrid (praat-parselmouth), same run"
  python3 scripts/praat_klattgrid_timing.py | tee "$out/praat"
  python3 - "$out/ours" "$out/praat" <<'PY'
import re, sys
ours = float(re.search(r"samples per core-second: (\d+)", open(sys.argv[1]).read()).group(1))
praat = float(re.search(r"samples_per_second=(\d+)", open(sys.argv[2]).read()).group(1))
print(f"samples per core-second, SynBench whole pipeline / Praat KlattGrid synthesis alone: {ours / praat:.2f}x")
PY
else
  echo "== Praat skipped (pip install praat-parselmouth for the same-run comparison)"
fi
