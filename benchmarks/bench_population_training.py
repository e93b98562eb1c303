#!/usr/bin/env python3
"""Plain PyTorch baseline for population training: CNN-s on Fashion-MNIST, batch 10, Adam, one model
at a time (the way a zoo is trained with the public code), torch.set_num_threads(2).

Run with Debian's interpreter (the one that has python3-torch):
    /usr/bin/python3 benchmarks/bench_population_training.py [--steps 300] [--models 2] [--json]
Prints model-steps per second (optimiser steps of one model per second).
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def load_fashion_mnist(directory):
    with gzip.open(os.path.join(directory, "train-images-idx3-ubyte.gz"), "rb") as f:
        images = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 1, 28, 28)
    with gzip.open(os.path.join(directory, "train-labels-idx1-ubyte.gz"), "rb") as f:
        labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8)
    x = (images.astype(np.float32) / 255.0 - 0.5) / 0.5  # the public F-MNIST zoos' normalisation
    return torch.from_numpy(x[:50000].copy()), torch.from_numpy(labels[:50000].astype(np.int64))


class CnnS(nn.Module):
    """CNN-s of the public zoos (2,464 parameters), tanh."""

    def __init__(self):
        super().__init__()
        self.module_list = nn.ModuleList([
            nn.Conv2d(1, 8, 5), nn.MaxPool2d(2, 2), nn.Tanh(),
            nn.Conv2d(8, 6, 5), nn.MaxPool2d(2, 2), nn.Tanh(),
            nn.Conv2d(6, 4, 2), nn.Tanh(), nn.Flatten(),
            nn.Linear(36, 20), nn.Tanh(), nn.Linear(20, 10)])

    def forward(self, x):
        for m in self.module_list:
            x = m(x)
        return x


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=300, help="timed optimiser steps per model")
    ap.add_argument("--warmup", type=int, default=30, help="untimed steps before timing")
    ap.add_argument("--models", type=int, default=2, help="models trained one after the other")
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2, all cores here)")
    ap.add_argument("--dataset", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    x, y = load_fashion_mnist(args.dataset)
    g = torch.Generator().manual_seed(0)
    elapsed, cpu, steps = 0.0, 0.0, 0
    for model_index in range(args.models):
        torch.manual_seed(model_index + 1)
        net = CnnS()
        opt = torch.optim.Adam(net.parameters(), lr=3e-4)
        # A shuffled epoch order and mini-batches by indexing (a DataLoader adds ~1 ms of Python per
        # step; leaving it out makes the baseline faster, i.e. the comparison conservative).
        perm = torch.randperm(x.shape[0], generator=g)
        for s in range(args.warmup + args.steps):
            if s == args.warmup:
                t0, c0 = time.perf_counter(), time.process_time()
            idx = perm[s * 10:(s + 1) * 10]
            xb, yb = x[idx], y[idx]
            opt.zero_grad()
            loss = F.nll_loss(F.log_softmax(net(xb), dim=1), yb)
            loss.backward()
            opt.step()
        elapsed += time.perf_counter() - t0
        cpu += time.process_time() - c0
        steps += args.steps
    rate = steps / elapsed
    result = {"model_steps_per_s": rate, "models": args.models, "steps": args.steps, "seconds": elapsed,
              "cpu_seconds": cpu, "model_steps_per_cpu_s": steps / cpu if cpu > 0 else 0.0,
              "threads": args.threads, "torch": torch.__version__}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"plain PyTorch {torch.__version__}, one model at a time, batch 10, Adam, {args.threads} threads: "
              f"{rate:.0f} model-steps/s")


if __name__ == "__main__":
    main()
