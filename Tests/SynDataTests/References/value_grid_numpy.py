"""The numpy.linspace values behind ConfigDecodingTests.linearGridMatchesNumPy.

SynBench's linear grids (ValueGrid.linear) must give the same doubles as numpy.linspace,
which published configs were written against. Prints each value with repr (the shortest
decimal that reads back as the same double), as pasted into the test.

    python3 value_grid_numpy.py      # NumPy 1.26 and 2.x print the same values
"""
import numpy as np

cases = [
    # (start, stop, num, endpoint, index)
    (0.1, 1.0, 20, True, 7),
    (440, 8000, 400, False, 123),
    (440, 8000, 400, True, 399),
    (440, 8000, 400, True, 257),
]
for start, stop, num, endpoint, index in cases:
    value = np.linspace(start, stop, num, endpoint=endpoint)[index]
    print(f"linspace({start}, {stop}, {num}, endpoint={endpoint})[{index}] = {float(value)!r}")
