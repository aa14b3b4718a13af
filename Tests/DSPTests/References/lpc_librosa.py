"""Prints librosa.lpc coefficients for the deterministic test signals of
LinearPredictionTests.swift (float64). Run: python3 lpc_librosa.py (librosa 0.11)."""
import math
import numpy as np
import librosa


def lcg(count, seed):
    """Uniform values in [-0.5, 0.5) from x <- (1103515245 x + 12345) mod 2^31."""
    out, x = [], seed
    for _ in range(count):
        x = (1103515245 * x + 12345) % 2**31
        out.append(x / 2**31 - 0.5)
    return out


def signal(kind, count):
    noise = lcg(count, 2024)
    if kind == "sines":
        return [0.8 * math.sin(0.11 * n + 0.2) + 0.5 * math.sin(0.37 * n) + 0.3 * math.sin(1.9 * n + 1.0)
                + 0.1 * noise[n] for n in range(count)]
    if kind == "noise":
        return noise
    # "resonance": LCG noise through a two-pole resonator y = x + 1.8 y1 - 0.9 y2.
    y1 = y2 = 0.0
    out = []
    for n in range(count):
        y = noise[n] + 1.8 * y1 - 0.9 * y2
        out.append(y)
        y2, y1 = y1, y
    return out


for kind, count, order in [("sines", 512, 10), ("noise", 400, 16), ("resonance", 400, 18)]:
    a = librosa.lpc(np.array(signal(kind, count), dtype=np.float64), order=order)
    print(f'("{kind}", {count}, {order}, [' + ", ".join(repr(float(v)) for v in a) + "]),")
