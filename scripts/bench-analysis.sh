#!/usr/bin/env bash
# Benchmark and verification of `synbench analyze`'s manifold analysis (MFTMA), with the
# numpy/scipy reference (scripts/mftma_reference.py: the algorithm of
# neural_manifolds_replicaMFT with scipy.optimize.nnls for the kappa = 0 problems) in the
# same run:
#   1. the spec's timing case: one layer, P = 50 classes x M = 50 Gaussian points, N = 5000
#      features, n_t = 300. Both sides on one thread (OPENBLAS_NUM_THREADS=1, --jobs 1), then
#      both on every core (the reference's BLAS threads; synbench's manifolds on every core),
#      synbench three times each way. Prints values side by side, seconds and the ratios: one
#      thread each, and the whole machine each (synbench against the faster of the
#      reference's two runs).
#   2. the reference README's example: P = 100, M = 50, N = 5000, n_t = 200, whose published
#      values are alpha 0.040, radius 1.47, dimension 36.2 (the reference on it takes minutes;
#      BENCH_README_REFERENCE=1 runs it too).
#   3. the whole default analysis (probes, MFTMA, participation ratio) of that layer with
#      --json, showing each measure's seconds.
# Not a test: nothing here fails on a slow machine. SYNBENCH_BIN overrides the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench-out/analysis
mkdir -p "$out"
bin=${SYNBENCH_BIN:-.build/release/synbench}

python3 - "$out" <<'PY'
import sys
import numpy as np
out = sys.argv[1]
for name, p, m, n, seed in (("bench", 50, 50, 5000, 0), ("readme", 100, 50, 5000, 1)):
    rng = np.random.default_rng(seed)
    np.save(f"{out}/{name}-x.npy", rng.standard_normal((p * m, n)))
    np.save(f"{out}/{name}-y.npy", np.repeat(np.arange(p), m).astype(np.int32))
PY

echo "== 1. P=50 M=50 N=5000 n_t=300 ($(nproc) cores)"
export OPENBLAS_NUM_THREADS=1
python3 scripts/mftma_reference.py --layer "$out/bench-x.npy" --labels "$out/bench-y.npy" --n-t 300 --json > "$out/reference.json"
for r in 1 2 3; do
  "$bin" analyze --layers "$out/bench-x.npy" --factors "$out/bench-y.npy" --measures mftma --t-vectors 300 --jobs 1 --quiet --json > "$out/synbench-1thread-$r.json"
done
unset OPENBLAS_NUM_THREADS
python3 scripts/mftma_reference.py --layer "$out/bench-x.npy" --labels "$out/bench-y.npy" --n-t 300 --json > "$out/reference-all.json"
for r in 1 2 3; do
  "$bin" analyze --layers "$out/bench-x.npy" --factors "$out/bench-y.npy" --measures mftma --t-vectors 300 --quiet --json > "$out/synbench-all-$r.json"
done
python3 scripts/bench_analysis_summary.py timing "$out/reference.json" "$out/reference-all.json" \
  "$out"/synbench-1thread-{1,2,3}.json -- "$out"/synbench-all-{1,2,3}.json

echo "== 2. README example: P=100 M=50 N=5000 n_t=200 (published: alpha 0.040, radius 1.47, dimension 36.2)"
"$bin" analyze --layers "$out/readme-x.npy" --factors "$out/readme-y.npy" --measures mftma --manifolds 100 --t-vectors 200 --quiet --json > "$out/readme.json"
python3 scripts/bench_analysis_summary.py readme "$out/readme.json"
if [ "${BENCH_README_REFERENCE:-0}" = 1 ]; then
  python3 scripts/mftma_reference.py --layer "$out/readme-x.npy" --labels "$out/readme-y.npy" --n-t 200
fi

echo "== 3. default measures on the timing layer (--json seconds per measure)"
"$bin" analyze --layers "$out/bench-x.npy" --factors "$out/bench-y.npy" --quiet --json > "$out/default.json"
python3 scripts/bench_analysis_summary.py seconds "$out/default.json"
