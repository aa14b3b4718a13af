#!/usr/bin/env python3
"""Writes librosa_melspec.npz: test signals and librosa's mel power spectrograms of them.

Used by Tests/DSPTests/MelSpectrogramTests.swift. Written with librosa 0.11.0, NumPy 2.4.6,
SciPy 1.17.1 (the versions are also stored in the archive as `versions`).

Run from this folder:  python3 librosa_melspec.py   (rewrites librosa_melspec.npz)

Signals (float32, so both sides read the very same samples; librosa computes on their
float64 values, as the spec says):
  chirp     1 s at 16 kHz, exponential sweep 50 Hz -> 7.5 kHz, amplitude 0.5
  twotone   0.5 s at 16 kHz, 440 Hz (0.6) + 3 kHz (0.2) + Gaussian noise (0.01, seed 20261129)
  short     1000 samples (shorter than n_fft 2048) of a 1 kHz tone, amplitude 0.3
  ragged    5001 samples of a 220 Hz sawtooth-like sum of 8 harmonics at 22.05 kHz

Parameter sets (name: sr, n_fft, hop, n_mels, fmin, fmax, pad_mode), all center=True,
power 2, htk=False, norm='slaney', periodic Hann window of length n_fft:
  paper   16000, 2048, 512, 128, 0, None (sr/2), 'constant' (librosa 0.11's default)
  mel64   16000, 1024, 252,  64, 0, None,        'constant'
  odd     22050, 1001, 300,  40, 80, 7000,       'reflect'
Every signal goes through paper, mel64 (signals at 16 kHz) and odd; plus paper with
pad_mode 'reflect' (`paper_reflect`). Key `mel.<set>.<signal>`: [n_mels, frames], computed in float64 and stored as float32
(relative rounding 6e-8, far inside the 1e-4 tolerance; keeps the archive under 200 KB).
`versions` holds "librosa X numpy Y scipy Z" as ASCII bytes (uint8).
"""
import numpy as np
import scipy
import librosa

SETS = {
    "paper": dict(sr=16000, n_fft=2048, hop=512, n_mels=128, fmin=0.0, fmax=None, pad="constant"),
    "paper_reflect": dict(sr=16000, n_fft=2048, hop=512, n_mels=128, fmin=0.0, fmax=None, pad="reflect"),
    "mel64": dict(sr=16000, n_fft=1024, hop=252, n_mels=64, fmin=0.0, fmax=None, pad="constant"),
    "odd": dict(sr=22050, n_fft=1001, hop=300, n_mels=40, fmin=80.0, fmax=7000.0, pad="reflect"),
}


def signals():
    out = {}
    sr = 16000
    t = np.arange(sr) / sr
    f0, f1 = 50.0, 7500.0
    k = np.log(f1 / f0)
    phase = 2 * np.pi * f0 * (np.exp(k * t) - 1) / k
    out["chirp"] = (0.5 * np.sin(phase)).astype(np.float32)
    rng = np.random.default_rng(20261129)
    t = t[: sr // 2]
    two = 0.6 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * 3000 * t + 0.3)
    out["twotone"] = (two + 0.01 * rng.standard_normal(t.size)).astype(np.float32)
    n = np.arange(1000)
    out["short"] = (0.3 * np.sin(2 * np.pi * 1000 * n / sr)).astype(np.float32)
    n = np.arange(5001)
    saw = sum(np.sin(2 * np.pi * 220 * h * n / 22050) / h for h in range(1, 9))
    out["ragged"] = (0.3 * saw).astype(np.float32)
    return out


def main():
    sig = signals()
    arrays = {f"signal.{k}": v for k, v in sig.items()}
    for name, p in SETS.items():
        arrays[f"params.{name}"] = np.array(
            [p["sr"], p["n_fft"], p["hop"], p["n_mels"], p["fmin"], p["fmax"] or p["sr"] / 2,
             1.0 if p["pad"] == "reflect" else 0.0])
        for sname, y in sig.items():
            if name != "odd" and sname == "ragged":
                continue  # ragged is at 22.05 kHz: only the odd set
            if name == "odd" and sname != "ragged" and sname != "short":
                continue  # keep the archive small
            m = librosa.feature.melspectrogram(
                y=y.astype(np.float64), sr=p["sr"], n_fft=p["n_fft"], hop_length=p["hop"],
                window="hann", center=True, pad_mode=p["pad"], power=2.0, n_mels=p["n_mels"],
                fmin=p["fmin"], fmax=p["fmax"], htk=False, norm="slaney")
            arrays[f"mel.{name}.{sname}"] = m.astype(np.float32)
    text = f"librosa {librosa.__version__} numpy {np.__version__} scipy {scipy.__version__}"
    arrays["versions"] = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    # A bare filterbank, to check the weights themselves (librosa returns float32).
    arrays["filters.mel64"] = librosa.filters.mel(sr=16000, n_fft=1024, n_mels=64)
    np.savez_compressed("librosa_melspec.npz", **arrays)


if __name__ == "__main__":
    main()
