#!/usr/bin/env bash
# Benchmark: every metric on synthetic codes of the reference's sizes (N = 15000 -> 10000
# train / 5000 test, 10 codes, factor sizes 3,6,40,32,32), and, when Python with numpy, scipy
# and scikit-learn is available, the project's reference implementation
# (scripts/reference_metrics.py) on the same file in the same run, printing scores side by
# side and the speed ratios. Everything comes from this repository. Not a test: nothing here
# fails on a slow machine.
#
#   make bench-metrics                      # full run (the reference DCI alone takes minutes)
#   BENCH_REF_SKIP=dci make bench-metrics   # skip the slow reference DCI
#   BENCH_REF=0 make bench-metrics          # SynBench only
#   BENCH_N=6000 make bench-metrics         # a smaller data set
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench-out/metrics
mkdir -p "$out"
bin=.build/release/synbench
n=${BENCH_N:-15000}
data=$out/synthetic-$n.npz

python3 scripts/make_codes.py "$data" --n "$n" --latents 10 --sizes 3,6,40,32,32 --noise 0.1 --seed 0

echo "== SynBench ($(nproc) cores, release build; 3 runs, median seconds per metric)"
runs=()
for r in 1 2 3; do
  /usr/bin/time -f "synbench metrics --metrics all, run $r: %e s wall, %M KB peak" \
    "$bin" metrics --codes "$data" --metrics all --json --seed 0 > "$out/synbench-$r.json"
  runs+=("$out/synbench-$r.json")
done

ref_json=""
if [ "${BENCH_REF:-1}" != 0 ] && python3 -c "import numpy, scipy, sklearn" 2>/dev/null; then
  echo "== reference (scripts/reference_metrics.py${BENCH_REF_SKIP:+, skipping $BENCH_REF_SKIP})"
  python3 scripts/reference_metrics.py "$data" --skip "${BENCH_REF_SKIP:-}" --seed 0 --out "$out/reference.json"
  ref_json="$out/reference.json"
else
  echo "== reference skipped (needs python3 with numpy, scipy and scikit-learn)"
fi
python3 scripts/compare_metrics.py --reference "$ref_json" "${runs[@]}"
