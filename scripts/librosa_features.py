#!/usr/bin/env python3
"""The reference for `synbench features`: the same log-mel features with librosa, for the
benchmark (scripts/bench-features.sh) and an end-to-end agreement check.

For every item of a SynBench dataset (layout files: audio read with soundfile, the same
libsndfile floats synbench reads; layout npy: rows of waveforms.npy, ragged with offsets.npy):
librosa.feature.melspectrogram on the float64 samples (periodic Hann,
center=True, pad_mode 'reflect' as synbench's default, power 2, Slaney mel scale and norm) with the preset's n_fft,
hop and n_mels, then librosa.power_to_db(ref=1.0, amin=1e-10, top_db=None); fitted to W
frames as synbench's --fit center does (centre crop, or centre pad with the dataset minimum);
dataset-wide min-max over the non-padded values. Writes float32 [N, 1, H, W].

  python3 scripts/librosa_features.py DIR --preset paper --out ref.npy [--compare X.npy]

Prints the seconds spent (reading and computing in one process, after a warm-up call) and, with --compare, the
largest absolute difference from synbench's output.
"""
import argparse
import json
import os
import time

import numpy as np
import librosa
import soundfile

PRESETS = {"paper": (2048, 512, 128, 32), "mel64": (1024, 252, 64, 64)}


def items(folder):
    meta = json.load(open(os.path.join(folder, "dataset.json")))
    sr = meta["sample_rate"]
    names = [line.split(",")[0] for line in open(os.path.join(folder, "metadata.csv")).read().splitlines()[1:]]
    wave = os.path.join(folder, "waveforms.npy")
    if os.path.exists(wave):
        w = np.load(wave, mmap_mode="r")
        if w.ndim == 2:
            for row in w:
                yield sr, np.asarray(row)
        else:
            off = np.load(os.path.join(folder, "offsets.npy"))
            for a, b in zip(off[:-1], off[1:]):
                yield sr, np.asarray(w[a:b])
    else:
        for name in names:
            y, file_sr = soundfile.read(os.path.join(folder, name), dtype="float32")
            yield file_sr, y


def main():
    p = argparse.ArgumentParser()
    p.add_argument("folder")
    p.add_argument("--preset", default="paper", choices=sorted(PRESETS))
    p.add_argument("--out", required=True)
    p.add_argument("--compare")
    a = p.parse_args()
    n_fft, hop, n_mels, width = PRESETS[a.preset]
    # Warm-up outside the timing: librosa's first call compiles its numba kernels.
    librosa.power_to_db(librosa.feature.melspectrogram(y=np.zeros(4096), sr=16000, n_fft=n_fft, hop_length=hop, n_mels=n_mels))
    start = time.perf_counter()
    fitted, masks = [], []
    for sr, y in items(a.folder):
        s = librosa.feature.melspectrogram(y=y.astype(np.float64), sr=sr, n_fft=n_fft, hop_length=hop, n_mels=n_mels,
                                           pad_mode="reflect")
        db = librosa.power_to_db(s, ref=1.0, amin=1e-10, top_db=None)
        frames = db.shape[1]
        out = np.zeros((n_mels, width))
        mask = np.zeros((n_mels, width), dtype=bool)
        if frames >= width:
            skip = (frames - width) // 2
            out[:] = db[:, skip:skip + width]
            mask[:] = True
        else:
            before = (width - frames) // 2
            out[:, before:before + frames] = db
            mask[:, before:before + frames] = True
        fitted.append(out)
        masks.append(mask)
    x = np.stack(fitted)
    m = np.stack(masks)
    lo, hi = x[m].min(), x[m].max()
    x[~m] = lo
    x = ((x - lo) / (hi - lo) if hi > lo else np.zeros_like(x)).astype(np.float32)[:, None]
    seconds = time.perf_counter() - start
    np.save(a.out, x)
    print(f"librosa {librosa.__version__}: {x.shape[0]} items in {seconds:.2f} s ({x.shape[0] / seconds:.0f} items/s)")
    if a.compare:
        ours = np.load(a.compare)
        print(f"synbench vs librosa: shape {ours.shape} vs {x.shape}, largest |difference| "
              f"{np.abs(ours.astype(np.float64) - x).max():.2e} (features in [0, 1])")


if __name__ == "__main__":
    main()
