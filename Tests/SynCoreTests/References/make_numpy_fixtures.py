"""Writes the NumPy files in ../Resources that NumPyTests.swift reads, with NumPy itself.

The expected values in NumPyTests.swift follow from what is written here: every float array
holds 0, 0.25, ..., 2.75 (np.arange(12) / 4) as shape (3, 4); the integer arrays hold
0..5 or -2..3; the archives hold "codes" (that float array) and "factors" ([[0], [1], [2]]).
The malformed files are valid NumPy output cut short or altered, so the reader must reject
them with a reason.

Run from this folder (NumPy 2.x; the committed files were written by NumPy 2.4, and this
script reproduces them byte for byte):

    python3 make_numpy_fixtures.py [OUTPUT_FOLDER]      # default: ../Resources
"""
import io
import os
import sys

import numpy as np
from numpy.lib import format as npformat

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Resources")
os.makedirs(out, exist_ok=True)


def path(name):
    return os.path.join(out, name)


def npy_bytes(array, version=None):
    buffer = io.BytesIO()
    npformat.write_array(buffer, array, version=version)
    return buffer.getvalue()


quarters = np.arange(12, dtype=np.float64).reshape(3, 4) / 4

# Well-formed arrays: C and Fortran order, header versions 1.0 (np.save), 2.0 and 3.0.
np.save(path("c_f32.npy"), quarters.astype(np.float32))
np.save(path("fortran_f64.npy"), np.asfortranarray(quarters))
with open(path("v2_f64.npy"), "wb") as f:
    f.write(npy_bytes(quarters, version=(2, 0)))
with open(path("v3_f32.npy"), "wb") as f:
    f.write(npy_bytes(quarters.astype(np.float32), version=(3, 0)))
np.save(path("i64.npy"), np.arange(-2, 4, dtype=np.int64).reshape(2, 3))
np.save(path("u8.npy"), np.arange(6, dtype=np.uint8).reshape(3, 2))
np.save(path("i32.npy"), np.arange(6, dtype=np.int32).reshape(3, 2))

# Archives: stored (np.savez) and deflated (np.savez_compressed).
factors = np.arange(3, dtype=np.int64).reshape(3, 1)
np.savez(path("stored.npz"), codes=quarters, factors=factors)
np.savez_compressed(path("deflated.npz"), codes=quarters, factors=factors)

# Malformed: the float32 array 5 bytes short, its magic and major version (the first 7
# bytes, b"\x93NUMPY\x01") overwritten with b"XXNUMPY", a big-endian array
# (valid NumPy, refused by SynBench), and the deflated archive cut inside its second member.
c_f32 = npy_bytes(quarters.astype(np.float32))
with open(path("truncated.npy"), "wb") as f:
    f.write(c_f32[:-5])
with open(path("bad_magic.npy"), "wb") as f:
    f.write(b"XXNUMPY" + c_f32[7:])
np.save(path("big_endian.npy"), quarters.astype(">f8"))
with open(path("deflated.npz"), "rb") as f:
    deflated = f.read()
with open(path("truncated.npz"), "wb") as f:
    f.write(deflated[:218])
