#!/usr/bin/env python3
"""Cross-check a safetensors file written by `synbench train` outside Swift.

Usage: python3 scripts/check_safetensors.py MODEL.safetensors [--features X.npy --codes codes.npy]
                                            [--torch-vae ../shared/tools/torch_vae.py]

1. Parses the file per the safetensors format with plain numpy + json (8-byte little-endian
   header length, JSON header, dtype F32, shapes, data_offsets contiguous and in bounds from
   0 to the end of the file) and, when the `safetensors` package is installed, loads it with
   `safetensors.numpy.load_file` too and compares.
2. When torch is installed: builds the architecture named in __metadata__ (syntone-paper and
   burgess64 from torch_vae.py, mlp defined here with the same parameter names) and loads the
   weights with load_state_dict(strict=True) (checkpoint.safetensors: the model's tensors only;
   its adam.* tensors are optimizer state).
3. With --features and --codes: runs the PyTorch encoder on the features and prints the
   largest difference of its means from codes.npy.
Exits 1 on any failure.
"""
import argparse, importlib.util, json, os, struct, sys
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


def torch_model(meta, torch_vae_path):
    import torch.nn as nn
    arch, latents = meta["architecture"], int(meta["latents"])
    _, h, w = (int(v) for v in meta["input"].split("x"))
    if arch == "mlp":
        class MLP(nn.Module):
            def __init__(self):
                super().__init__()
                self.efc = nn.ModuleList([nn.Linear(h * w, 1200), nn.Linear(1200, 1200)])
                self.mu, self.logvar = nn.Linear(1200, latents), nn.Linear(1200, latents)
                self.dfc = nn.ModuleList([nn.Linear(latents, 1200), nn.Linear(1200, 1200), nn.Linear(1200, 1200), nn.Linear(1200, h * w)])

            def encode(self, x):
                x = x.flatten(1)
                for layer in self.efc:
                    x = layer(x).relu()
                return self.mu(x)
        return MLP()
    spec = importlib.util.spec_from_file_location("torch_vae", torch_vae_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.VAE(latents, h, w) if arch == "syntone-paper" else module.Burgess64(latents)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--features")
    ap.add_argument("--codes")
    ap.add_argument("--torch-vae", default=os.path.join(here, "..", "..", "shared", "tools", "torch_vae.py"))
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
    model = torch_model(meta, args.torch_vae)
    state = {k: torch.from_numpy(v.copy()) for k, v in tensors.items() if not k.startswith(("adam.", "disc"))}
    model.load_state_dict(state, strict=True)
    print(f"torch {torch.__version__}: load_state_dict(strict=True) into {meta['architecture']} ok ({len(state)} tensors)")
    if args.features and args.codes:
        x = torch.from_numpy(np.load(args.features).astype(np.float32))
        x = x.reshape(x.shape[0], 1, x.shape[-2], x.shape[-1])
        with torch.no_grad():
            if hasattr(model, "encode"):
                mu = model.encode(x)
            else:
                _, mu, _ = model(x, eps=torch.zeros(x.shape[0], int(meta["latents"])))
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
