"""Window samples from SciPy, the constants of WindowTests.matchesSciPy.

Hann and the minimum 4-term Blackman-Harris are the windows SciPy ships as
scipy.signal.windows.hann and .blackmanharris; DSP's Window must give the same samples,
symmetric (sym=True, our default) and periodic (sym=False, our periodic: true). Printed with
repr, as pasted into the test.

    python3 scipy_windows.py      # SciPy 1.17 (the definitions have not changed in years)
"""
from scipy.signal import windows

cases = [(101, True, [0, 1, 13, 50, 77, 100]), (64, False, [0, 1, 13, 32, 47, 63])]
for name in ["hann", "blackmanharris"]:
    for count, sym, indices in cases:
        w = getattr(windows, name)(count, sym=sym)
        print(f"{name}({count}, sym={sym}) at {indices}: [{', '.join(repr(float(w[n])) for n in indices)}]")
