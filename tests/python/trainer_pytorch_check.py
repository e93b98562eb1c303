"""Trains the models that tst_trainerpytorch exported with plain PyTorch and compares.

Input directory (written by the C++ test): meta.txt (arch cnn-s|cnn3, sizes), models.txt (one model per line: activation init
dropout optimizer lr wd seed), images.f32 [n,1,28,28], labels.i64 [n], init.f32 [m,P], final.f32 [m,P],
order.i32 [m,steps,batch], masks.f32 [m,steps,batch,DM], grads.f32 [m,P] (gradient of the first batch at
the initial weights, from the C++ kernels).
Prints one JSON object: per model the max abs difference of the final weights against PyTorch in
float64 and float32, and the max abs gradient difference (float64 reference) relative to the largest
gradient entry.
"""
import json
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)  # tiny tensors: more threads only wait for each other on a busy machine
d = sys.argv[1]
meta = dict(line.split() for line in open(f"{d}/meta.txt"))
n, m, steps, batch, P, DM = (int(meta[k]) for k in ("images", "models", "steps", "batch", "parameters", "dropout"))
arch, C, S = meta["arch"], int(meta["channels"]), int(meta["size"])
models = [line.split() for line in open(f"{d}/models.txt")]
images = torch.from_numpy(np.fromfile(f"{d}/images.f32", dtype=np.float32).reshape(n, C, S, S))
labels = torch.from_numpy(np.fromfile(f"{d}/labels.i64", dtype=np.int64))
init = np.fromfile(f"{d}/init.f32", dtype=np.float32).reshape(m, P)
final = np.fromfile(f"{d}/final.f32", dtype=np.float32).reshape(m, P)
order = np.fromfile(f"{d}/order.i32", dtype=np.int32).reshape(m, steps, batch).astype(np.int64)
masks = np.fromfile(f"{d}/masks.f32", dtype=np.float32).reshape(m, steps, batch, DM)
grads = np.fromfile(f"{d}/grads.f32", dtype=np.float32).reshape(m, P)
ACT = {"tanh": nn.Tanh, "relu": nn.ReLU, "sigmoid": nn.Sigmoid, "gelu": nn.GELU}


class CnnS(nn.Module):
    """CNN-s of the public zoos; dropout as explicit masks (0 or 1/(1-p)) after conv1, conv2, fc1."""

    def __init__(self, act):
        super().__init__()
        self.c1, self.c2, self.c3 = nn.Conv2d(C, 8, 5), nn.Conv2d(8, 6, 5), nn.Conv2d(6, 4, 2)
        self.f1, self.f2 = nn.Linear(36, 20), nn.Linear(20, 10)
        self.act = ACT[act]()

    def params(self):
        return [self.c1.weight, self.c1.bias, self.c2.weight, self.c2.bias, self.c3.weight, self.c3.bias,
                self.f1.weight, self.f1.bias, self.f2.weight, self.f2.bias]

    def forward(self, x, mask):
        h = self.act(F.max_pool2d(self.c1(x), 2)) * mask[:, :1152].reshape(-1, 8, 12, 12)
        h = self.act(F.max_pool2d(self.c2(h), 2)) * mask[:, 1152:1248].reshape(-1, 6, 4, 4)
        h = self.act(self.c3(h)).flatten(1)
        h = self.act(self.f1(h)) * mask[:, 1248:1268]
        return self.f2(h)


class Cnn3(nn.Module):
    """CNN3 of the public zoos; dropout masks after every activation (conv1, conv2, conv3, fc1)."""

    def __init__(self, act):
        super().__init__()
        self.c1, self.c2, self.c3 = nn.Conv2d(C, 16, 3), nn.Conv2d(16, 32, 3), nn.Conv2d(32, 15, 3)
        self.f1, self.f2 = nn.Linear(60, 20), nn.Linear(20, 10)
        self.act = ACT[act]()

    params = CnnS.params

    def forward(self, x, mask):
        h = self.act(F.max_pool2d(self.c1(x), 2)) * mask[:, :3600].reshape(-1, 16, 15, 15)
        h = self.act(F.max_pool2d(self.c2(h), 2)) * mask[:, 3600:4752].reshape(-1, 32, 6, 6)
        h = (self.act(F.max_pool2d(self.c3(h), 2)) * mask[:, 4752:4812].reshape(-1, 15, 2, 2)).flatten(1)
        h = self.act(self.f1(h)) * mask[:, 4812:4832]
        return self.f2(h)


def make(i, dtype):
    act, _init, _drop, opt, lr, wd, _seed = models[i]
    net = (CnnS if arch == "cnn-s" else Cnn3)(act).to(dtype)
    with torch.no_grad():
        o = 0
        for p in net.params():
            p.copy_(torch.from_numpy(init[i, o:o + p.numel()].astype(np.float64)).reshape(p.shape))
            o += p.numel()
    lr, wd = float(lr), float(wd)
    if opt == "adam":
        o = torch.optim.Adam(net.parameters(), lr=lr, weight_decay=wd)
    else:
        o = torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9, weight_decay=wd)
    return net, o


def batch_of(i, s, dtype):
    idx = torch.from_numpy(order[i, s])
    return images[idx].to(dtype), labels[idx], torch.from_numpy(masks[i, s].astype(np.float64)).to(dtype)


def train(i, dtype):
    net, opt = make(i, dtype)
    for s in range(steps):
        x, y, mk = batch_of(i, s, dtype)
        opt.zero_grad()
        F.nll_loss(F.log_softmax(net(x, mk), 1), y).backward()
        opt.step()
    return torch.cat([p.detach().flatten() for p in net.params()]).double().numpy()


out = []
for i in range(m):
    net, _ = make(i, torch.float64)
    x, y, mk = batch_of(i, 0, torch.float64)
    F.nll_loss(F.log_softmax(net(x, mk), 1), y).backward()
    g = torch.cat([p.grad.flatten() for p in net.params()]).numpy()
    grad_rel = float(np.abs(g - grads[i]).max() / max(np.abs(g).max(), 1e-12))
    w64, w32 = train(i, torch.float64), train(i, torch.float32)
    out.append({"model": i, "activation": models[i][0], "optimizer": models[i][3], "dropout": float(models[i][2]),
                "diff_f64": float(np.abs(final[i] - w64).max()), "diff_f32": float(np.abs(final[i] - w32).max()),
                "torch_f32_vs_f64": float(np.abs(w32 - w64).max()), "moved": float(np.abs(w64 - init[i]).max()),
                "grad_rel": grad_rel})
print(json.dumps(out))
