#!/usr/bin/env bash
# Benchmark of one beta-VAE training step of syntone-paper (input 1 x 128 x 32, batch 64),
# ours against PyTorch in the same run (specs/trainer.md "Performance": at least 1.5 times
# PyTorch's samples per second on 2 threads, peak memory under 1 GB):
#  - ours: synbench-train-bench (zero gradients, forward, loss, backward, Adam on random data
#    made before timing) under /usr/bin/time -f %M (peak resident KiB);
#  - PyTorch: scripts/torch_vae_timing.py, the same model, loss, optimiser and timing loop,
#    its peak memory from resource.getrusage;
# alternated ROUNDS times (the machine may be shared: each side's best window over all rounds
# is compared, and the medians are printed beside; so is the CPU time of a step, all threads,
# which a busy machine disturbs less than the wall clock). Both sides run on THREADS threads: ours
# on Neural's worker threads, which also share the blocks of each large matrix product with
# OpenBLAS single-threaded inside them (as `synbench train` runs), PyTorch on
# torch.set_num_threads; each prints the count in effect.
# Not a test: nothing here fails on a slow machine.
# Environment: OPENBLAS_THREAD_TIMEOUT (ours; default 4, see below), BLAS_CORETYPE (ours: the
# OpenBLAS kernels to force; default the CPU's own, see below), SCRATCH (SwiftPM scratch path, default .build), THREADS (default 2), BATCH
# (default 64), ROUNDS (default 3), STEPS (steps per timed window, default 20), WINDOWS
# (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${SCRATCH:-.build}"
bench="$scratch/release/synbench-train-bench"
threads="${THREADS:-2}"
batch="${BATCH:-64}"
rounds="${ROUNDS:-3}"
# OpenBLAS's idle workers spin for 2^N cycles after each product before they sleep (N 28 by
# default, read once when the library loads); spinning, they hold a core our own worker threads
# need. N = 4 made them sleep at once (+10 to 25 % samples/s on 2 threads when OpenBLAS ran its
# own threads); kept for runs with --blas-threads above 1.
blas_timeout="${OPENBLAS_THREAD_TIMEOUT:-4}"
# OpenBLAS picks its matrix kernels for the CPU when it loads, unless OPENBLAS_CORETYPE names
# others. A shell may carry that variable for other reasons (an OPENBLAS_CORETYPE=Haswell keeps
# AVX-512 machines on AVX2 kernels: measured 12 % more CPU time per step here, 91 against 80 ms
# on 1 thread), so ours runs with the CPU's own kernels; BLAS_CORETYPE=Haswell (say) forces some.
blas_env=(-u OPENBLAS_CORETYPE)
if [ -n "${BLAS_CORETYPE:-}" ]; then blas_env=("OPENBLAS_CORETYPE=$BLAS_CORETYPE"); fi
args=(--threads "$threads" --batch "$batch" --steps "${STEPS:-20}" --windows "${WINDOWS:-5}")
out=$(mktemp -d /tmp/synbench-train.XXXXXX)
trap 'rm -rf "$out"' EXIT

have_torch=0
if python3 -c "import torch" 2>/dev/null; then have_torch=1; fi
echo "== syntone-paper training step, batch $batch, $threads threads, $rounds rounds (ours, then PyTorch)"
for round in $(seq 1 "$rounds"); do
  env "${blas_env[@]}" OPENBLAS_NUM_THREADS="$threads" OPENBLAS_THREAD_TIMEOUT="$blas_timeout" /usr/bin/time -f "peak_rss_kib=%M" -o "$out/time.$round" \
    "$bench" "${args[@]}" | tee "$out/ours.$round"
  cat "$out/time.$round"
  if [ "$have_torch" = 1 ]; then
    python3 scripts/torch_vae_timing.py "${args[@]}" | tee "$out/torch.$round"
  fi
done
if [ "$have_torch" = 0 ]; then
  echo "== PyTorch not installed (pip install torch; the CPU wheel is fine): no same-run comparison"
fi

python3 - "$out" "$rounds" "$have_torch" <<'PY'
import re, sys, statistics
out, rounds, have_torch = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
def field(text, name):
    return float(re.search(name + r"=([0-9.]+)", text).group(1))
def side(prefix):
    texts = [open(f"{out}/{prefix}.{r}").read() for r in range(1, rounds + 1)]
    return (max(field(t, "samples_per_s_max") for t in texts),
            statistics.median(field(t, "samples_per_s_median") for t in texts), texts)
ours_best, ours_median, ours_texts = side("ours")
ours_cpu = min(field(t, "cpu_ms_per_step_min") for t in ours_texts)
ours_peak = max(field(open(f"{out}/time.{r}").read(), "peak_rss_kib") for r in range(1, rounds + 1))
print(f"ours:    {ours_best:.1f} samples/s (best window), {ours_median:.1f} (median), "
      f"{ours_cpu:.1f} CPU ms per step, peak memory {ours_peak / 1024:.0f} MiB")
if have_torch:
    torch_best, torch_median, texts = side("torch")
    torch_peak = max(field(t, "peak_rss_kib") for t in texts)
    torch_cpu = min(field(t, "cpu_ms_per_step_min") for t in texts)
    print(f"PyTorch: {torch_best:.1f} samples/s (best window), {torch_median:.1f} (median), "
          f"{torch_cpu:.1f} CPU ms per step, peak memory {torch_peak / 1024:.0f} MiB")
    print(f"ratio ours / PyTorch: {ours_best / torch_best:.2f} (best windows), {ours_median / torch_median:.2f} (medians), "
          f"{torch_cpu / ours_cpu:.2f} (CPU time per step); goal 1.5")
PY
