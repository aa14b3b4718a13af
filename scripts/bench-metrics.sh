#!/usr/bin/env bash
# Benchmark: every metric on synthetic codes of the reference's sizes (N = 15000 -> 10000
# train / 5000 test, 10 codes, factor sizes 3,6,40,32,32), and, when Python with numpy,
# scipy and scikit-learn is available, the reference algorithms on the same file, printing
# scores side by side and the speed ratio. Not a test: nothing here fails on a slow machine.
#
#   make bench-metrics                      # full run (the reference DCI alone takes ~6 min)
#   BENCH_REF_SKIP=dci make bench-metrics   # skip the slow reference DCI
#   BENCH_REF=0 make bench-metrics          # SynBench only
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench-out/metrics
mkdir -p "$out"
bin=.build/release/synbench
tools=${SYNBENCH_REFERENCE_TOOLS:-../shared/tools}
data=$out/synthetic.npz

if [ -f "$tools/make_synthetic.py" ]; then
  python3 "$tools/make_synthetic.py" "$data" --n 15000 --latents 10 --sizes 3,6,40,32,32 --noise 0.1 --seed 0
else
  echo "reference tools not found at $tools (set SYNBENCH_REFERENCE_TOOLS); making the same kind of data inline" >&2
  python3 scripts/make_codes.py "$data" --n 15000 --latents 10 --sizes 3,6,40,32,32
fi

echo "== SynBench ($(nproc) cores, release build; 3 runs, median seconds per metric)"
runs=()
for r in 1 2 3; do
  /usr/bin/time -f "synbench metrics --metrics all, run $r: %e s wall, %M KB peak" \
    "$bin" metrics --codes "$data" --metrics all --json --seed 0 > "$out/synbench-$r.json"
  runs+=("$out/synbench-$r.json")
done

ref_json=""
if [ "${BENCH_REF:-1}" != 0 ] && [ -f "$tools/metrics_ref.py" ] \
   && python3 -c "import numpy, scipy, sklearn" 2>/dev/null; then
  echo "== reference ($tools/metrics_ref.py --backend reimpl${BENCH_REF_SKIP:+, skipping $BENCH_REF_SKIP})"
  skip=()
  [ -n "${BENCH_REF_SKIP:-}" ] && skip=(--skip $BENCH_REF_SKIP)
  python3 "$tools/metrics_ref.py" "$data" --backend reimpl "${skip[@]}" --out "$out/reference.json" > /dev/null
  ref_json="$out/reference.json"
else
  echo "== reference skipped (needs python3 with numpy, scipy, scikit-learn and $tools/metrics_ref.py)"
fi
python3 scripts/compare_metrics.py --reference "$ref_json" "${runs[@]}"
