"""PyTorch side of `make bench-train`: samples per second of one beta-VAE training step.

The model is the SynTone paper's 2-D VAE, synbench_torch.PaperVAE (conv 3x3
1->16->32->64 with LeakyReLU 0.01 and max-pool 2, dense 4096->128->64 -> mean and log-variance
of 8 latents, mirrored decoder with three stride-2 transposed convs, sigmoid); the loss is per-sample summed squared error plus beta times KL, averaged over the batch;
Adam lr 1e-3. A step is zero_grad, forward, loss, backward, Adam, on batches of uniform random
data drawn before timing (as synbench-train-bench does). After warm-up steps, windows of
steps are timed; the minimum and median window are printed, the least CPU time (all threads,
time.process_time) a step took, and peak resident memory
(resource.getrusage, KiB) and the thread count in effect.

With --arch burgess64: disentanglement_lib's 64 x 64 VAE (10 latents) with the Bernoulli
(logits) reconstruction instead.

Usage: python3 torch_vae_timing.py [--arch syntone-paper|burgess64] [--threads 2] [--batch 64] [--steps 20] [--windows 5] [--warmup 5]
"""
import argparse
import resource
import statistics
import time

import torch
import torch.nn.functional as F

from synbench_torch import Burgess64, PaperVAE


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--windows", type=int, default=5)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--beta", type=float, default=4.0)
    p.add_argument("--arch", choices=["syntone-paper", "burgess64"], default="syntone-paper")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    paper = a.arch == "syntone-paper"
    model, (h, w), latent = (PaperVAE(), (128, 32), 8) if paper else (Burgess64(10), (64, 64), 10)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    batches = [torch.rand(a.batch, 1, h, w) for _ in range(4)]
    noise = [torch.randn(a.batch, latent) for _ in range(4)]
    n = a.batch

    def step(i):
        x, eps = batches[i % 4], noise[i % 4]
        y, mu, logvar = model(x, eps)
        if paper:
            rec = F.mse_loss(y, x, reduction="sum") / n
        else:
            rec = F.binary_cross_entropy_with_logits(y, x, reduction="sum") / n
        kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) / n
        loss = rec + a.beta * kl
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    print(f"threads: torch {torch.get_num_threads()} (interop {torch.get_num_interop_threads()})")
    i = 0
    for _ in range(a.warmup):
        step(i)
        i += 1
    times, cpu_times = [], []
    for _ in range(a.windows):
        t, c = time.perf_counter(), time.process_time()
        for _ in range(a.steps):
            step(i)
            i += 1
        times.append((time.perf_counter() - t) / a.steps)
        cpu_times.append((time.process_time() - c) / a.steps)
    best, median = min(times), statistics.median(times)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"torch: version={torch.__version__} arch={a.arch} batch={a.batch} threads={a.threads} step_ms_min={best * 1e3:.2f} "
          f"step_ms_median={median * 1e3:.2f} samples_per_s_max={a.batch / best:.1f} "
          f"samples_per_s_median={a.batch / median:.1f} cpu_ms_per_step_min={min(cpu_times) * 1e3:.2f} "
          f"peak_rss_kib={peak_kib}")


if __name__ == "__main__":
    main()
