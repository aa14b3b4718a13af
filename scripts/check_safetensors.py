#!/usr/bin/env python3
"""Cross-check a safetensors file written by `synbench train` outside Swift.

Usage: python3 scripts/check_safetensors.py MODEL.safetensors [--features X.npy --codes codes.npy]

1. Parses the file per the safetensors format with plain numpy + json (8-byte little-endian
   header length, JSON header, dtype F32, shapes, data_offsets contiguous and in bounds from
   0 to the end of the file) and, when the `safetensors` package is installed, loads it with
   `safetensors.numpy.load_file` too and compares.
2. When torch is installed: builds the architecture named in __metadata__ with
   synbench_torch.py (beside this script; Barlow Twins / MBT files included) and loads the
   weights with load_state_dict(strict=True) (checkpoint.safetensors: the model's tensors only;
   its adam.* and disc.* tensors are optimizer and discriminator state).
3. With --features and --codes: runs the PyTorch encoder on the features and prints the
   largest difference of its means from codes.npy.
Exits 1 on any failure.
"""
import argparse, json, os, struct, sys
import numpy as np


def parse(path):
    data = open(path, "rb").read()
    assert len(data) >= 8, "shorter than the 8-byte header length"
    (n,) = struct.unpack("<Q", data[:8])
    assert 8 + n <= len(data), f"header length {n} beyond the file ({len(data)} bytes)"
    header = json.loads(data[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in meta.items()), "__metadata__ must map strings to strings"
    buffer = data[8 + n:]
    tensors, end = {}, 0
    for name, entry in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        assert entry["dtype"] == "F32", f"{name}: dtype {entry['dtype']}"
        begin, stop = entry["data_offsets"]
        assert begin == end, f"{name}: starts at {begin}, expected {end} (hole or overlap)"
        assert stop - begin == 4 * int(np.prod(entry["shape"], dtype=np.int64)), f"{name}: shape {entry['shape']} vs {stop - begin} bytes"
        tensors[name] = np.frombuffer(buffer[begin:stop], dtype="<f4").reshape(entry["shape"])
        end = stop
    assert end == len(buffer), f"data ends at {end}, buffer has {len(buffer)} bytes"
    return tensors, meta, n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--features")
    ap.add_argument("--codes")
    args = ap.parse_args()
    tensors, meta, n = parse(args.file)
    print(f"parsed {args.file}: header {n} bytes (data at {8 + n}, multiple of 8: {(8 + n) % 8 == 0}), "
          f"{len(tensors)} F32 tensors, metadata keys {sorted(meta)}")
    try:
        from safetensors.numpy import load_file
        other = load_file(args.file)
        assert set(other) == set(tensors) and all(np.array_equal(other[k], tensors[k]) for k in tensors)
        print("safetensors.numpy.load_file: same tensors")
    except ImportError:
        print("safetensors package not installed: checked with numpy + json only")
    try:
        import torch
    except ImportError:
        print("torch not installed: load_state_dict not checked")
        return 0
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from synbench_torch import load_model
    model = load_model(args.file, strict=True)
    count = len(model.state_dict())
    print(f"torch {torch.__version__}: load_state_dict(strict=True) into {meta['architecture']} ok ({count} tensors and buffers)")
    if args.features and args.codes:
        x = torch.from_numpy(np.load(args.features).astype(np.float32))
        x = x.reshape(x.shape[0], 1, x.shape[-2], x.shape[-1])
        with torch.no_grad():
            mu = model.encode(x)
        codes = np.load(args.codes)
        gap = float(np.abs(mu.numpy() - codes).max())
        scale = float(np.abs(codes).max())
        print(f"PyTorch encoder means vs codes.npy: max |difference| {gap:.3g} (max |code| {scale:.3g})")
        if gap > 1e-4 * max(1.0, scale):
            print("FAILED: the means differ")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
