"""Loads ZooScope's exported models in plain PyTorch and evaluates them.

usage: check_export.py EXPORT_DIR EVAL_IMAGES [REFERENCE_DIR]

For each EXPORT_DIR/<id>.json: builds the public CNN-s with the JSON's activation and dropout, loads
<id>.pt with torch.load + load_state_dict(strict=True), measures test accuracy on the first EVAL_IMAGES
Fashion-MNIST test images and, with REFERENCE_DIR, compares the weights with REFERENCE_DIR/<source>_<epoch>.bin.
Prints one JSON object: id -> {acc, json_acc, type, keys, max_abs_diff}.
"""
import glob
import json
import os
import sys

import numpy as np
import torch

from public_zoo_common import CNN, accuracy, fashion, flat_weights

export_dir, n = sys.argv[1], int(sys.argv[2])
ref_dir = sys.argv[3] if len(sys.argv) > 3 else None
torch.set_num_threads(1)
x, y = fashion("test", count=n)
out = {}
for js in sorted(glob.glob(os.path.join(export_dir, "*.json"))):
    with open(js) as f:
        meta = json.load(f)
    sd = torch.load(os.path.join(export_dir, meta["state_dict"]))
    model = CNN(meta["input_channels"], meta["activation"], meta["dropout"], "uniform")
    model.load_state_dict(sd, strict=True)
    r = {"acc": accuracy(model, x, y), "json_acc": meta["test_acc"], "type": type(sd).__name__,
         "keys": list(sd.keys()), "dtype": str(next(iter(sd.values())).dtype), "epoch": meta["epoch"]}
    if ref_dir and "source" in meta:
        ref = np.fromfile(os.path.join(ref_dir, "{}_{}.bin".format(meta["source"], meta["epoch"])), dtype=np.float32)
        r["max_abs_diff"] = float(np.abs(ref - flat_weights(model)).max())
    out[str(meta["id"])] = r
print(json.dumps(out))
