"""PyTorch modules with the parameter names and layouts `synbench train` writes, and a loader.

    import sys; sys.path.insert(0, "scripts")            # this folder of the SynBench clone
    from synbench_torch import load_model
    model = load_model("runs/beta-vae/model.safetensors")   # load_state_dict(strict=True)
    mu = model.encode(x)                                    # x: float32 [N, 1, H, W] features

`load_model` reads the architecture, latent size and input shape from the file's
`__metadata__` and builds the matching module:

- `syntone-paper`: conv 3x3 1->16->32->64 (padding 1), each LeakyReLU 0.01 then max-pool 2;
  dense flat->128->64 (LeakyReLU 0.01); `mu`, `logvar`; decoder dense latent->64->128->flat
  (LeakyReLU) and three ConvTranspose2d(3, stride 2, padding 1, output_padding 1), LeakyReLU
  between, sigmoid output.
- `burgess64`: four Conv2d(4, stride 2, padding 1) 1->32->32->64->64 with ReLU, dense
  1024->256 (ReLU), `mu`, `logvar`; decoder dense latent->256->1024 (ReLU), four
  ConvTranspose2d(4, 2, 1) 64->64->32->32->1, ReLU between, logits output.
- `mlp`: dense HW->1200->1200 (ReLU), `mu`, `logvar`; decoder dense latent->1200->1200->1200
  (tanh) -> HW logits.
- Barlow Twins and MBT files (`proj.*` tensors, no decoder): the encoder, `mu`, and the
  projector `proj` (dense without bias, BatchNorm1d and ReLU after all but the last).
  PyTorch's BatchNorm1d keeps `num_batches_tracked` as a buffer; our files hold F32 tensors
  only, so its value comes from the metadata (`proj_num_batches_tracked`).

The timing script of `make bench-train` (torch_vae_timing.py) uses `PaperVAE` from here.
Needs torch; reads the file with json + numpy (the `safetensors` package is not needed).
"""
import json
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class GaussianVAE(nn.Module):
    """The shared forward pass: the encoder's features, the posterior mean and log-variance,
    z = mu + eps * exp(logvar / 2), the decoder; returns (output, mu, logvar)."""

    def encode(self, x):
        return self.mu(self.features(x))

    def forward(self, x, eps):
        h = self.features(x)
        mu, logvar = self.mu(h), self.logvar(h)
        return self.decode(mu + eps * torch.exp(0.5 * logvar)), mu, logvar


class PaperVAE(GaussianVAE):
    """The published SynTone 2-D VAE (`syntone-paper`); h and w must be multiples of 8."""

    def __init__(self, latent=8, h=128, w=32):
        super().__init__()
        self.h8, self.w8 = h // 8, w // 8
        flat = 64 * self.h8 * self.w8
        self.enc = nn.ModuleList([nn.Conv2d(a, b, 3, padding=1) for a, b in [(1, 16), (16, 32), (32, 64)]])
        self.efc = nn.ModuleList([nn.Linear(flat, 128), nn.Linear(128, 64)])
        self.mu = nn.Linear(64, latent)
        self.logvar = nn.Linear(64, latent)
        self.dfc = nn.ModuleList([nn.Linear(latent, 64), nn.Linear(64, 128), nn.Linear(128, flat)])
        self.dec = nn.ModuleList([nn.ConvTranspose2d(a, b, 3, 2, 1, 1) for a, b in [(64, 32), (32, 16), (16, 1)]])

    def features(self, x):
        for conv in self.enc:
            x = F.max_pool2d(F.leaky_relu(conv(x), 0.01), 2)
        x = x.flatten(1)
        for layer in self.efc:
            x = F.leaky_relu(layer(x), 0.01)
        return x

    def decode(self, z):
        y = z
        for layer in self.dfc:
            y = F.leaky_relu(layer(y), 0.01)
        y = y.view(-1, 64, self.h8, self.w8)
        for i, deconv in enumerate(self.dec):
            y = deconv(y)
            y = torch.sigmoid(y) if i == len(self.dec) - 1 else F.leaky_relu(y, 0.01)
        return y


class Burgess64(GaussianVAE):
    """disentanglement_lib's convolutional VAE for 64 x 64 inputs (`burgess64`), logits output."""

    def __init__(self, latent=10):
        super().__init__()
        self.enc = nn.ModuleList([nn.Conv2d(a, b, 4, 2, 1) for a, b in [(1, 32), (32, 32), (32, 64), (64, 64)]])
        self.efc = nn.Linear(1024, 256)
        self.mu = nn.Linear(256, latent)
        self.logvar = nn.Linear(256, latent)
        self.dfc = nn.ModuleList([nn.Linear(latent, 256), nn.Linear(256, 1024)])
        self.dec = nn.ModuleList([nn.ConvTranspose2d(a, b, 4, 2, 1) for a, b in [(64, 64), (64, 32), (32, 32), (32, 1)]])

    def features(self, x):
        for conv in self.enc:
            x = F.relu(conv(x))
        return F.relu(self.efc(x.flatten(1)))

    def decode(self, z):
        y = z
        for layer in self.dfc:
            y = F.relu(layer(y))
        y = y.view(-1, 64, 4, 4)
        for i, deconv in enumerate(self.dec):
            y = deconv(y)
            if i < len(self.dec) - 1:
                y = F.relu(y)
        return y


class MLPVAE(GaussianVAE):
    """The fully connected VAE (`mlp`), 1200-1200, logits output."""

    def __init__(self, latent=10, h=64, w=64):
        super().__init__()
        self.h, self.w = h, w
        self.efc = nn.ModuleList([nn.Linear(h * w, 1200), nn.Linear(1200, 1200)])
        self.mu = nn.Linear(1200, latent)
        self.logvar = nn.Linear(1200, latent)
        self.dfc = nn.ModuleList([nn.Linear(latent, 1200), nn.Linear(1200, 1200), nn.Linear(1200, 1200),
                                  nn.Linear(1200, h * w)])

    def features(self, x):
        x = x.flatten(1)
        for layer in self.efc:
            x = F.relu(layer(x))
        return x

    def decode(self, z):
        y = z
        for layer in self.dfc[:-1]:
            y = torch.tanh(layer(y))
        return self.dfc[-1](y).view(-1, 1, self.h, self.w)


class BarlowTwinsModel(nn.Module):
    """A Barlow Twins or MBT checkpoint: the backbone's encoder and `mu` (its decoder and
    `logvar` deleted) and the projector `proj`."""

    def __init__(self, backbone, latent, projector_sizes):
        super().__init__()
        for name in ("logvar", "dfc", "dec"):
            if hasattr(backbone, name):
                delattr(backbone, name)
        self.backbone = backbone
        layers, width = [], latent
        for k, size in enumerate(projector_sizes):
            layers.append(nn.Linear(width, size, bias=False))
            if k < len(projector_sizes) - 1:
                layers += [nn.BatchNorm1d(size), nn.ReLU()]
            width = size
        self.proj = nn.Sequential(*layers)

    def encode(self, x):
        return self.backbone.encode(x)

    def forward(self, x):
        return self.proj(self.encode(x))

    def load_state_dict(self, state, strict=True, num_batches_tracked=0):
        # Our names are the backbone's own (enc.*, mu.*) and proj.*; num_batches_tracked is
        # a PyTorch buffer our F32-only files keep in the metadata.
        mapped = {}
        for name, value in state.items():
            mapped[name if name.startswith("proj.") else "backbone." + name] = value
        for name, buffer in self.named_buffers():
            if name.endswith("num_batches_tracked"):
                mapped[name] = torch.tensor(num_batches_tracked, dtype=buffer.dtype)
        return super().load_state_dict(mapped, strict=strict)


def read_safetensors(path):
    """The tensors (name -> float32 numpy array) and the `__metadata__` of a safetensors file,
    read per the format: an 8-byte little-endian header length, a JSON header, then the data."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    buffer = data[8 + n:]
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} has dtype {entry['dtype']}; synbench writes F32")
        begin, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(buffer[begin:end], dtype="<f4").reshape(entry["shape"]).copy()
    return tensors, meta


def build_model(meta, tensors=None):
    """The module for a file's metadata (`architecture`, `latents`, `input` = `1xHxW`); a
    Barlow Twins / MBT module when `tensors` hold `proj.*` weights."""
    arch, latent = meta["architecture"], int(meta["latents"])
    _, h, w = (int(v) for v in meta["input"].split("x"))
    if arch == "syntone-paper":
        model = PaperVAE(latent, h, w)
    elif arch == "burgess64":
        model = Burgess64(latent)
    elif arch == "mlp":
        model = MLPVAE(latent, h, w)
    else:
        raise ValueError(f"unknown architecture {arch!r}")
    projector = sorted((int(k.split(".")[1]), v.shape[0]) for k, v in (tensors or {}).items()
                       if k.startswith("proj.") and k.endswith(".weight") and v.ndim == 2)
    if projector:
        model = BarlowTwinsModel(model, latent, [size for _, size in projector])
    return model


def load_model(path, strict=True):
    """Builds the module a `model.safetensors` or `checkpoint.safetensors` of `synbench train`
    describes and loads its weights with load_state_dict(strict); optimiser state
    (`adam.*`) and FactorVAE's discriminator (`disc.*`) are left out. Returns it in eval mode."""
    tensors, meta = read_safetensors(path)
    state = {k: torch.from_numpy(v) for k, v in tensors.items() if not k.startswith(("adam.", "disc."))}
    model = build_model(meta, tensors)
    if isinstance(model, BarlowTwinsModel):
        model.load_state_dict(state, strict=strict, num_batches_tracked=int(meta.get("proj_num_batches_tracked", "0")))
    else:
        model.load_state_dict(state, strict=strict)
    return model.eval()
