#!/usr/bin/env python3
"""Timing reference for `make bench-generate`: the published SynTone generation procedure
(Brima et al. 2024), re-implemented from its description for measurement only.

Procedure: a float64 array [4 * 20 * 400, 16000] filled item by item with naive scipy/numpy
waveforms (sine, scipy.signal.sawtooth(width=0.5) for triangle, sawtooth, square) on the
time axis linspace(0, 1, 16000), frequencies linspace(440, 8000, 400), amplitudes
linspace(0.1, 1, 20), then written with numpy.savez_compressed together with the labels.

    python3 scripts/reference_syntone.py OUT.npz
"""
import sys
import time

import numpy as np
from scipy import signal

out = sys.argv[1]
rate = 16000
waveforms = ["sine", "triangle", "sawtooth", "square"]
freqs = np.linspace(440, rate / 2, 400)
amps = np.linspace(0.1, 1.0, 20)
t = np.linspace(0, 1, rate)
n = len(waveforms) * len(freqs) * len(amps)
x = np.zeros((n, rate))
labels = np.zeros((n, 3))
start = time.perf_counter()
i = 0
for f in freqs:
    for a in amps:
        for k, w in enumerate(waveforms):
            phase = 2 * np.pi * f * t
            if w == "sine":
                x[i] = a * np.sin(phase)
            elif w == "triangle":
                x[i] = a * signal.sawtooth(phase, 0.5)
            elif w == "sawtooth":
                x[i] = a * signal.sawtooth(phase)
            else:
                x[i] = a * signal.square(phase)
            labels[i] = (k, a, f)
            i += 1
rendered = time.perf_counter() - start
np.savez_compressed(out, x=x, y=labels)
print(f"reference: rendered {n} items in {rendered:.1f} s, total {time.perf_counter() - start:.1f} s")
