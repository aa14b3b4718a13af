"""Samples of the published SynTone generator's formulas, computed with NumPy and SciPy: the
constants of LegacyFormulaTests.legacySamplesMatchSciPy.

The published generator (Brima et al. 2024) evaluates per clip, on the time axis
t = numpy.linspace(0, duration, sample_rate * duration):
    sine      amplitude * numpy.sin(2 pi f t + phase)
    square    amplitude * scipy.signal.square(2 pi f t)
    sawtooth  amplitude * scipy.signal.sawtooth(2 pi f t)
    triangle  amplitude * scipy.signal.sawtooth(2 pi f t, width=0.5)
with amplitude on linspace(0.1, 1.0, 20) and f on linspace(440, 8000, 400). SynBench's legacy
mode must give the same samples (to float32 precision). Printed with repr, as pasted into the
test.

    python3 scipy_legacy_tones.py      # NumPy 2.4, SciPy 1.17 (any recent version agrees)
"""
import numpy as np
from scipy import signal

rate, duration = 16000, 1.0
t = np.linspace(0, duration, int(rate * duration))
amplitudes = np.linspace(0.1, 1.0, 20)
frequencies = np.linspace(440, 8000, 400)
indices = [0, 1, 2, 777, 5000, 12345, 15998, 15999]


def clip(waveform, f, a):
    x = 2 * np.pi * f * t
    if waveform == "sine":
        return a * np.sin(x)
    if waveform == "square":
        return a * signal.square(x)
    if waveform == "sawtooth":
        return a * signal.sawtooth(x)
    return a * signal.sawtooth(x, width=0.5)


for amplitude_index, frequency_index in [(5, 57), (19, 399)]:
    a, f = amplitudes[amplitude_index], frequencies[frequency_index]
    print(f"amplitude[{amplitude_index}] = {float(a)!r}, frequency[{frequency_index}] = {float(f)!r}, samples {indices}")
    for waveform in ["sine", "triangle", "sawtooth", "square"]:
        y = clip(waveform, f, a)
        print(f"  {waveform}: [{', '.join(repr(float(y[n])) for n in indices)}]")
