#!/usr/bin/env bash
# One epoch of burgess64 (disentanglement_lib's 64 x 64 VAE, 10 latents, Bernoulli
# reconstruction, beta-VAE beta 4, batch 64) on mel64 features of SynTone-identifiable
# (32,000 items, so 500 steps), part of `make bench-train`:
#  - ours: `synbench train` with `epochs: 1` on the features, wall time and peak memory from
#    /usr/bin/time (the whole command: reading the features, 500 steps, the checkpoint and
#    codes.npy of all 32,000 items);
#  - PyTorch, when installed: scripts/torch_vae_timing.py --arch burgess64 (the training step
#    alone on random data), its samples per second turned into the seconds of 500 steps; so is
#    synbench-train-bench --arch burgess64, for a like-for-like ratio of the step.
# The dataset and its features are made once under $EPOCH_DATA (default data/) and reused.
# Environment: SCRATCH (SwiftPM scratch path, default .build), THREADS (default 2),
# EPOCH_DATA (default data), OPENBLAS_THREAD_TIMEOUT (ours; default 4, see bench-train.sh),
# BLAS_CORETYPE (ours: the OpenBLAS kernels to force; default the CPU's own, as in
# bench-train.sh: an OPENBLAS_CORETYPE exported by the shell is not passed on).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${SCRATCH:-.build}"
synbench="$scratch/release/synbench"
bench="$scratch/release/synbench-train-bench"
threads="${THREADS:-2}"
data="${EPOCH_DATA:-data}"
blas_timeout="${OPENBLAS_THREAD_TIMEOUT:-4}"
blas_env=(-u OPENBLAS_CORETYPE)
if [ -n "${BLAS_CORETYPE:-}" ]; then blas_env=("OPENBLAS_CORETYPE=$BLAS_CORETYPE"); fi
dataset="$data/syntone-identifiable"
features="$data/syntone-identifiable-mel64.npy"
out=$(mktemp -d /tmp/synbench-epoch.XXXXXX)
trap 'rm -rf "$out"' EXIT

mkdir -p "$data"
if ! "$synbench" verify "$dataset" >/dev/null 2>&1; then
  echo "== generating $dataset (once)"
  "$synbench" generate syntone-identifiable --out "$dataset" --quiet
fi
if [ ! -f "$features" ]; then
  echo "== mel64 features of $dataset (once)"
  "$synbench" features "$dataset" --preset mel64 --out "$features" --quiet
fi
cat > "$out/burgess64.yaml" <<EOF
features: $(realpath "$features")
architecture: burgess64
objective: {name: beta-vae, beta: 4}
latents: 10
batch_size: 64
epochs: 1
lr: 0.0001
seed: 0
checkpoint_every: 100000
EOF
echo "== burgess64, one epoch of $(basename "$dataset") on mel64 (batch 64, $threads threads)"
env "${blas_env[@]}" OPENBLAS_THREAD_TIMEOUT="$blas_timeout" /usr/bin/time -f "wall_s=%e peak_rss_kib=%M" -o "$out/time" \
  "$synbench" train "$out/burgess64.yaml" --out "$out/run" --jobs "$threads" --quiet
steps=$(($(wc -l < "$out/run/log.csv") - 1))
env "${blas_env[@]}" OPENBLAS_NUM_THREADS="$threads" OPENBLAS_THREAD_TIMEOUT="$blas_timeout" \
  "$bench" --arch burgess64 --threads "$threads" --steps 20 --windows 3 > "$out/ours-step"
have_torch=0
if python3 -c "import torch" 2>/dev/null; then
  have_torch=1
  python3 scripts/torch_vae_timing.py --arch burgess64 --threads "$threads" --steps 20 --windows 3 > "$out/torch-step"
fi
python3 - "$out" "$steps" "$have_torch" <<'PY'
import re, sys
out, steps, have_torch = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
def field(path, name):
    return float(re.search(name + r"=([0-9.]+)", open(path).read()).group(1))
wall, peak = field(f"{out}/time", "wall_s"), field(f"{out}/time", "peak_rss_kib")
ours = field(f"{out}/ours-step", "samples_per_s_max")
print(f"ours:    synbench train, one epoch ({steps} steps): {wall:.1f} s wall, peak memory {peak / 1024:.0f} MiB; "
      f"the step alone {ours:.1f} samples/s = {steps * 64 / ours:.1f} s per epoch")
if have_torch:
    torch = field(f"{out}/torch-step", "samples_per_s_max")
    print(f"PyTorch: the step alone {torch:.1f} samples/s = {steps * 64 / torch:.1f} s per epoch, "
          f"peak memory {field(f'{out}/torch-step', 'peak_rss_kib') / 1024:.0f} MiB")
    print(f"ratio ours / PyTorch (step alone, best windows): {ours / torch:.2f}")
else:
    print("PyTorch not installed (pip install torch): no same-run comparison")
PY
