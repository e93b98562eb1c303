"""Forward passes of CNN-s / CNN3 in plain PyTorch from flat weight vectors (method.md's order).

Usage: permutation_check.py ARCH C_IN ORIGINAL.bin OTHER.bin...
Prints, per OTHER file, the largest |logit difference| to ORIGINAL on random inputs for tanh and relu
networks, then the largest |logit| of ORIGINAL (for scale), as one JSON object.
"""
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F


def layers(arch, c_in):
    if arch == "cnn-s":
        return [("conv", c_in, 8, 5, True), ("conv", 8, 6, 5, True), ("conv", 6, 4, 2, False),
                ("fc", 36, 20), ("fc", 20, 10)], 28
    return [("conv", c_in, 16, 3, True), ("conv", 16, 32, 3, True), ("conv", 32, 15, 3, True),
            ("fc", 60, 20), ("fc", 20, 10)], 32


def forward(spec, w, x, act):
    off, h = 0, x
    for i, layer in enumerate(spec):
        if layer[0] == "conv":
            _, ci, co, k, pool = layer
            n = co * ci * k * k
            weight = w[off:off + n].view(co, ci, k, k)
            off += n
            bias = w[off:off + co]
            off += co
            h = F.conv2d(h, weight, bias)
            if pool:
                h = F.max_pool2d(h, 2)
            h = act(h)
        else:
            _, fi, fo = layer
            h = h.flatten(1)  # channel-major, as nn.Flatten
            weight = w[off:off + fi * fo].view(fo, fi)
            off += fi * fo
            bias = w[off:off + fo]
            off += fo
            h = F.linear(h, weight, bias)
            if i < len(spec) - 1:
                h = act(h)
    assert off == w.numel(), (off, w.numel())
    return h


def main():
    arch, c_in = sys.argv[1], int(sys.argv[2])
    spec, size = layers(arch, c_in)
    torch.manual_seed(0)
    x = torch.randn(64, c_in, size, size, dtype=torch.float64)
    load = lambda p: torch.from_numpy(np.fromfile(p, dtype=np.float32).astype(np.float64))
    original = load(sys.argv[3])
    out = {"scale": 0.0, "diffs": []}
    for other_path in sys.argv[4:]:
        other = load(other_path)
        d = {}
        for name, act in (("tanh", torch.tanh), ("relu", torch.relu)):
            a = forward(spec, original, x, act)
            b = forward(spec, other, x, act)
            d[name] = float((a - b).abs().max())
            out["scale"] = max(out["scale"], float(a.abs().max()))
        out["diffs"].append(d)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
