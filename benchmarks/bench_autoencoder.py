#!/usr/bin/python3
"""Hyper-representation training: ZooScope's engine vs the same autoencoder in plain PyTorch.

Run with Debian's interpreter (it has python3-torch):

    /usr/bin/python3 benchmarks/bench_autoencoder.py [--cli build/bin/zooscope-cli] [--samples 2000]
        [--epochs 3] [--batch 64] [--threads 2] [--latent 32 --d-model 64 --blocks 2 --heads 4 --ff 128]
        [--omp-wait-policy passive|active] [--repeats 2] [--json]

Both engines train on random weights of the zoo's shape (CNN-s: 2,464 parameters, 48 neuron tokens)
for the same number of epochs and report seconds per epoch (epochs after the first, which carries
one-time start-up costs; the fastest of --repeats alternating runs) and their own peak resident memory (getrusage ru_maxrss, libraries
included). Each runs in its own process with the same thread count and environment. An epoch is what
`zooscope-cli ae train` does per epoch: for every batch two augmented views (neuron permutation,
Gaussian noise, random erasing), encode, decode, projection head, loss gamma * NT-Xent + (1 - gamma) *
layer-normalised reconstruction, AdamW step with gradient clipping; then the reconstruction R^2 of all
samples in evaluation mode.
"""
import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time

ARCHITECTURES = {
    # name: list of (neurons, channels_in, kernel_size) per layer, in flat-vector order
    "cnn-s": [(8, 1, 25), (6, 8, 25), (4, 6, 4), (20, 4, 9), (10, 20, 1)],
    "cnn3": [(16, 3, 9), (32, 16, 9), (15, 32, 9), (20, 15, 4), (10, 20, 1)],
}


def layout(arch):
    """Offsets of each layer in the flat vector: (offset, neurons, channels_in, kernel, in_features)."""
    out, offset = [], 0
    for n, c, k in ARCHITECTURES[arch]:
        out.append((offset, n, c, k, c * k))
        offset += n * c * k + n
    return out, offset


def run_pytorch(args):
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    layers, P = layout(args.arch)
    T = sum(l[1] for l in layers)
    D = args.d_model

    class Autoencoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.ModuleList(nn.Linear(l[4] + 1, D) for l in layers)
            self.deembed = nn.ModuleList(nn.Linear(D, l[4] + 1) for l in layers)
            self.enc_pos = nn.Parameter(torch.randn(T, D) * 0.02)
            self.dec_pos = nn.Parameter(torch.randn(T, D) * 0.02)

            def block():
                return nn.TransformerEncoderLayer(D, args.heads, args.ff, args.dropout, batch_first=True, norm_first=True)

            self.encoder = nn.ModuleList(block() for _ in range(args.blocks))
            self.decoder = nn.ModuleList(block() for _ in range(args.blocks))
            self.enc_norm = nn.LayerNorm(D)
            self.dec_norm = nn.LayerNorm(D)
            self.to_latent = nn.Linear(T * D, args.latent)
            self.from_latent = nn.Linear(args.latent, T * D)
            p = args.projection
            self.projection = nn.Sequential(nn.Linear(args.latent, p), nn.BatchNorm1d(p), nn.ReLU(), nn.Linear(p, p),
                                            nn.BatchNorm1d(p))

        def encode(self, x):
            B = x.shape[0]
            tokens = []
            for (off, n, _, _, fin), emb in zip(layers, self.embed):
                w = x[:, off:off + n * fin].reshape(B, n, fin)
                b = x[:, off + n * fin:off + n * fin + n].reshape(B, n, 1)
                tokens.append(emb(torch.cat([w, b], 2)))
            h = torch.cat(tokens, 1) + self.enc_pos
            for blk in self.encoder:
                h = blk(h)
            return self.to_latent(self.enc_norm(h).flatten(1))

        def decode(self, z):
            B = z.shape[0]
            h = self.from_latent(z).view(B, T, D) + self.dec_pos
            for blk in self.decoder:
                h = blk(h)
            h = self.dec_norm(h)
            parts, first = [], 0
            for (off, n, _, _, fin), de in zip(layers, self.deembed):
                o = de(h[:, first:first + n])
                parts += [o[:, :, :fin].reshape(B, n * fin), o[:, :, fin]]
                first += n
            return torch.cat(parts, 1)

    rng = np.random.default_rng(1)
    data = rng.normal(0, 0.1, size=(args.samples, P)).astype(np.float32)
    mean = data.mean(0)
    sigma_layer = np.empty(P, np.float32)
    mu_layer = np.empty(P, np.float32)
    for off, n, _, _, fin in layers:
        block = data[:, off:off + n * fin + n]
        mu_layer[off:off + n * fin + n] = block.mean()
        sigma_layer[off:off + n * fin + n] = max(block.std(), 1e-4)
    mu_t, sigma_t = torch.from_numpy(mu_layer), torch.from_numpy(sigma_layer)
    mean_n = (torch.from_numpy(mean) - mu_t) / sigma_t

    def permutation_index(batch):
        """Per sample, the source index of every flat parameter after a random neuron permutation."""
        index = np.empty((batch, P), np.int64)
        previous = None
        for li, (off, n, c, k, fin) in enumerate(layers):
            rows = np.argsort(rng.random((batch, n)), 1) if li + 1 < len(layers) else np.tile(np.arange(n), (batch, 1))
            cols = previous if previous is not None else np.tile(np.arange(c), (batch, 1))
            # weight [o, ch, pos] <- [rows[o], cols[ch], pos]
            src = (off + rows[:, :, None, None] * fin + cols[:, None, :, None] * k + np.arange(k)[None, None, None, :])
            index[:, off:off + n * fin] = src.reshape(batch, -1)
            index[:, off + n * fin:off + n * fin + n] = off + n * fin + rows
            previous = rows
        return torch.from_numpy(index)

    def view(x):
        clean = torch.gather(x, 1, permutation_index(x.shape[0]))
        aug = clean + 0.01 * torch.randn_like(clean)
        B = x.shape[0]
        erase = torch.from_numpy(rng.random(B) < 0.5)
        length = torch.from_numpy(np.round(rng.uniform(0.02, 0.33, B) * P).astype(np.int64))
        start = (torch.from_numpy(rng.random(B)) * (P - length + 1).double()).long()
        pos = torch.arange(P)[None, :]
        mask = erase[:, None] & (pos >= start[:, None]) & (pos < (start + length)[:, None])
        return clean, aug.masked_fill(mask, 0.0)

    def nt_xent(a, b, t=0.1):
        B = a.shape[0]
        z = F.normalize(torch.cat([a, b]), dim=1)
        sim = (z @ z.t() / t).masked_fill(torch.eye(2 * B, dtype=torch.bool), -1e9)
        target = torch.cat([torch.arange(B, 2 * B), torch.arange(0, B)])
        return F.cross_entropy(sim, target)

    model = Autoencoder()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
    x_all = torch.from_numpy(data)
    B = min(args.batch, args.samples)
    steps = args.samples // B + (1 if args.samples % B >= 2 else 0)
    epoch_seconds = []
    for epoch in range(args.epochs):
        start = time.perf_counter()
        order = torch.from_numpy(rng.permutation(args.samples))
        model.train()
        for s in range(steps):
            x = x_all[order[s * B:(s + 1) * B]]
            ci, ai = view(x)
            cj, aj = view(x)
            inputs = (torch.cat([ai, aj]) - mu_t) / sigma_t
            targets = (torch.cat([ci, cj]) - mu_t) / sigma_t
            z = model.encode(inputs)
            rec = (model.decode(z) - targets).pow(2).mean()
            p = model.projection(z)
            n = x.shape[0]
            loss = args.gamma * nt_xent(p[:n], p[n:]) + (1 - args.gamma) * rec
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
        model.eval()
        with torch.no_grad():
            sse = sst = 0.0
            for s in range(0, args.samples, 512):
                xn = (x_all[s:s + 512] - mu_t) / sigma_t
                sse += float((model.decode(model.encode(xn)) - xn).pow(2).sum())
                sst += float((mean_n - xn).pow(2).sum())
        epoch_seconds.append(time.perf_counter() - start)
    steady = epoch_seconds[1:] or epoch_seconds
    return {
        "engine": "pytorch",
        "torch": torch.__version__,
        "samples": args.samples,
        "parameters": P,
        "batch": B,
        "epochs": args.epochs,
        "autoencoder_parameters": sum(p.numel() for p in model.parameters()),
        "epoch_seconds": epoch_seconds,
        "seconds_per_epoch": sum(steady) / len(steady),
        "peak_memory_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "threads": torch.get_num_threads(),
        "r2": 1 - sse / sst,
    }


def model_args(args):
    return ["--latent", str(args.latent), "--d-model", str(args.d_model), "--blocks", str(args.blocks), "--heads",
            str(args.heads), "--ff", str(args.ff), "--dropout", str(args.dropout), "--projection", str(args.projection)]


def find_cli(explicit):
    if explicit:
        return explicit
    here = os.path.dirname(os.path.abspath(__file__))
    for build in ("build", "build-ae", "build-lead"):
        candidate = os.path.join(here, "..", build, "bin", "zooscope-cli")
        if os.access(candidate, os.X_OK):
            return os.path.normpath(candidate)
    sys.exit("zooscope-cli not found; pass --cli PATH")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", help="zooscope-cli to run (default: ../build*/bin/zooscope-cli)")
    parser.add_argument("--arch", default="cnn-s", choices=sorted(ARCHITECTURES))
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--latent", type=int, default=32)
    parser.add_argument("--d-model", type=int, default=64)
    parser.add_argument("--blocks", type=int, default=2)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--ff", type=int, default=128)
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--projection", type=int, default=64)
    parser.add_argument("--gamma", type=float, default=0.1)
    parser.add_argument("--omp-wait-policy", choices=["passive", "active"], default="passive",
                        help="OMP_WAIT_POLICY for both engines (default passive, what zooscope-cli sets for itself)")
    parser.add_argument("--repeats", type=int, default=2, help="runs per engine, alternating; the fastest counts")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--worker", choices=["pytorch"], help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker == "pytorch":
        print(json.dumps(run_pytorch(args)))
        return

    env = dict(os.environ)
    env["OMP_WAIT_POLICY"] = args.omp_wait_policy
    common = ["--arch", args.arch, "--samples", str(args.samples), "--epochs", str(args.epochs), "--batch",
              str(args.batch), "--threads", str(args.threads), "--gamma", str(args.gamma)] + model_args(args)
    zoo_cmd = [find_cli(args.cli), "bench", "ae"] + common + (["--channels", "3"] if args.arch == "cnn3" else []) + ["--json"]
    py_cmd = [sys.executable, os.path.abspath(__file__), "--worker", "pytorch"] + common
    # Alternate the engines and keep each one's fastest run: other work on the machine only ever slows
    # a run down, so the minimum is the least disturbed measurement.
    runs = {"zooscope": [], "pytorch": []}
    load_before = os.getloadavg()
    for _ in range(args.repeats):
        for name, cmd in (("zooscope", zoo_cmd), ("pytorch", py_cmd)):
            done = subprocess.run(cmd, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(f"{name} failed ({done.returncode}):\n{done.stderr}")
            result = json.loads(done.stdout.strip().splitlines()[-1])
            result["command"] = " ".join(cmd)
            runs[name].append(result)
    load_after = os.getloadavg()
    z = min(runs["zooscope"], key=lambda r: r["seconds_per_epoch"])
    p = min(runs["pytorch"], key=lambda r: r["seconds_per_epoch"])
    summary = {
        "zooscope": z,
        "pytorch": p,
        "zooscope_runs_seconds_per_epoch": [r["seconds_per_epoch"] for r in runs["zooscope"]],
        "pytorch_runs_seconds_per_epoch": [r["seconds_per_epoch"] for r in runs["pytorch"]],
        "time_ratio_zooscope_over_pytorch": z["seconds_per_epoch"] / p["seconds_per_epoch"],
        "memory_ratio_zooscope_over_pytorch": z["peak_memory_mib"] / p["peak_memory_mib"],
        "omp_wait_policy": env.get("OMP_WAIT_POLICY", "(default)"),
        "load_average_before_after": [load_before[0], load_after[0]],
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return
    print(f"{args.samples} samples of {args.arch} ({z['parameters']} parameters), batch {args.batch}, {args.epochs} epochs, "
          f"{args.threads} threads, OMP_WAIT_POLICY {summary['omp_wait_policy']}, fastest of {args.repeats} runs each, "
          f"load average {load_before[0]:.2f} -> {load_after[0]:.2f}")
    print(f"autoencoder parameters: ZooScope {z['autoencoder_parameters']:,}, PyTorch {p['autoencoder_parameters']:,}")
    for name, r in (("ZooScope (LibTorch C++)", z), ("plain PyTorch", p)):
        print(f"  {name:24s} {r['seconds_per_epoch']:8.3f} s/epoch   peak memory {r['peak_memory_mib']:7.0f} MiB")
    print(f"  ratio ZooScope / PyTorch: time {summary['time_ratio_zooscope_over_pytorch']:.2f}, "
          f"memory {summary['memory_ratio_zooscope_over_pytorch']:.2f}")


if __name__ == "__main__":
    main()
