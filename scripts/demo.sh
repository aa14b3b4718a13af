#!/usr/bin/env bash
# The main job: generate the small SynTone grid, then the published one, into ./data and
# show how to load them. Run through `make demo` (which installs and builds first).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/synbench
for preset in syntone-small syntone; do
  echo "== synbench generate configs/$preset.yaml --out data/$preset"
  "$bin" generate "configs/$preset.yaml" --out "data/$preset"
  "$bin" verify "data/$preset"
  "$bin" info "data/$preset"
  echo
done
cat <<'MSG'
Written: data/syntone-small (400 clips) and data/syntone (32,000 clips), each with
dataset.json, metadata.csv, factors.npy, factor_values.npy, SHA256SUMS and audio/.

Load them in Python:

  # Hugging Face datasets: pip install "datasets<4" "pandas<3" soundfile librosa
  from datasets import load_dataset
  ds = load_dataset("audiofolder", data_dir="data/syntone-small", split="train")
  ds[0]["audio"]["array"], ds[0]["waveform"], ds[0]["frequency"]

  # NumPy (factor indices and values, column order as in dataset.json)
  import json, numpy as np
  factors = np.load("data/syntone/factors.npy")              # int32 [N, K]
  values = np.load("data/syntone/factor_values.npy")         # float64 [N, K]
  names = [f["name"] for f in json.load(open("data/syntone/dataset.json"))["factors"]]
MSG
