#!/usr/bin/env python3
"""Mean test accuracy (%) of generated zoos (zooscope-cli sample --out) per fine-tuning recipe
(optimizer, learning rate, batch size) at two fine-tuning epochs, as a Markdown table with one column
group per zoo file. The methods of a sampling report draw their recipes from the anchors at random, so
their means mix recipes in different proportions; this compares like with like.

Usage: python3 scripts/accuracy-by-recipe.py [--epochs 1,5] GEN.h5...   (h5py and numpy)
"""
import sys

import h5py
import numpy as np

OPTIMIZERS = {0: "Adam", 1: "SGD"}


def main(argv):
    epochs = [1, 5]
    if len(argv) > 1 and argv[0] == "--epochs":
        epochs = [int(e) for e in argv[1].split(",")]
        argv = argv[2:]
    if not argv:
        sys.exit(__doc__)
    rows = {}
    for i, path in enumerate(argv):
        with h5py.File(path, "r") as f:
            have = [int(e) for e in f["checkpoint_epochs"][:]]
            missing = [e for e in epochs if e not in have]
            if missing:
                sys.exit(f"{path}: no checkpoint at epoch(s) {missing} (has {have})")
            hp = f["hyperparameters"]
            acc = f["metrics/test_acc"][:] * 100.0  # [models, epoch 0..last]
            for m in range(acc.shape[0]):
                key = (OPTIMIZERS.get(int(hp["optimizer"][m]), "?"), float(hp["lr"][m]), int(hp["batch_size"][m]))
                rows.setdefault(key, [[] for _ in argv])[i].append([acc[m, e] for e in epochs])
    ep = ", ".join(f"ep {e}" for e in epochs)
    names = [p.rsplit("/", 1)[-1].replace(".gen.h5", "") for p in argv]
    print("| optimizer, lr, batch | " + " | ".join(f"{n}: models, {ep}" for n in names) + " |")
    print("|---|" + "---|" * len(argv))
    for key in sorted(rows):
        cells = []
        for v in rows[key]:
            v = np.array(v)
            cells.append(f"{len(v)}, " + ", ".join(f"{x:.1f}" for x in v.mean(axis=0)) if len(v) else "-")
        print(f"| {key[0]}, {key[1]:g}, {key[2]} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
