"""Writes a small model zoo in the public on-disk layout, for ZooScope's importer test.

usage: make_public_zoo.py ZOO_DIR REFERENCE_DIR

ZOO_DIR/<trial>/params.json, result.json, checkpoint_<e>/checkpoints (torch.save'd state_dict()s of
real CNN-s module lists, briefly trained on Fashion-MNIST). REFERENCE_DIR/<trial>_<epoch>.bin holds each
checkpoint's flat float32 weight vector, REFERENCE_DIR/manifest.json what the importer should find.
Accuracies in result.json are measured on the first EVAL test images (see manifest).
"""
import json
import os
import sys

import numpy as np
import torch

from public_zoo_common import CNN, accuracy, fashion, flat_weights, loss

EVAL = 1000
STEPS_PER_EPOCH = 120

zoo_dir, ref_dir = sys.argv[1], sys.argv[2]
os.makedirs(zoo_dir, exist_ok=True)
os.makedirs(ref_dir, exist_ok=True)
torch.set_num_threads(1)

x_train, y_train = fashion("train", count=6000)
x_test, y_test = fashion("test", count=EVAL)

models = [
    # folder, config, checkpoint folder format, training lr/opt, special
    dict(folder="NN_tune_trainable_8a1e2_00000_0_seed=1", nlin="relu", init="kaiming_uniform", dropout=0.0,
         optimizer="adam", lr=1e-3, wd=1e-4, seed=1, ckfmt="checkpoint_{:06d}", legacy=[], percent=False),
    dict(folder="NN_tune_trainable_8a1e2_00001_1_seed=2", nlin="tanh", init="kaiming_normal", dropout=0.5,
         optimizer="adam", lr=1e-3, wd=1e-4, seed=2, ckfmt="checkpoint_{}", legacy=[1], percent=False),
    dict(folder="NN_tune_trainable_8a1e2_00002_2_seed=3", nlin="sigmoid", init="uniform", dropout=0.0,
         optimizer="adam", lr=1e-4, wd=0.0, seed=3, ckfmt="checkpoint_{:06d}", legacy=[], percent=False,
         nan_at=2),
    dict(folder="NN_tune_trainable_8a1e2_00003_3_seed=4", nlin="gelu", init="normal", dropout=0.0,
         optimizer="sgd", lr=1e-4, wd=1e-3, seed=4, ckfmt="checkpoint_{:06d}", legacy=[], percent=True,
         large_at=1),
]
EPOCHS = 2  # checkpoints at 0 (untrained), 1, 2

manifest = {"eval_images": EVAL, "models": []}
for m in models:
    torch.manual_seed(m["seed"])
    model = CNN(1, m["nlin"], m["dropout"], m["init"])
    if m["optimizer"] == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=m["lr"], weight_decay=m["wd"])
    else:
        opt = torch.optim.SGD(model.parameters(), lr=m["lr"], momentum=0.9, weight_decay=m["wd"])
    folder = os.path.join(zoo_dir, m["folder"])
    os.makedirs(folder, exist_ok=True)
    params = {"model::type": "CNN", "model::nlin": m["nlin"], "model::init_type": m["init"],
              "model::dropout": m["dropout"], "model::channels_in": 1, "optim::optimizer": m["optimizer"],
              "optim::lr": m["lr"], "optim::wd": m["wd"], "seed": m["seed"], "trainset::batchsize": 10,
              "training::epochs_train": EPOCHS, "dataset::dump": "/data/FMNIST/dataset.pt"}
    with open(os.path.join(folder, "params.json"), "w") as f:
        json.dump(params, f)
    lines = []
    entry = dict(m, epochs={})
    g = torch.Generator().manual_seed(m["seed"])
    for epoch in range(EPOCHS + 1):
        if epoch > 0:
            model.train()
            for _ in range(STEPS_PER_EPOCH):
                idx = torch.randint(0, x_train.shape[0], (10,), generator=g)
                opt.zero_grad()
                out = torch.nn.functional.log_softmax(model(x_train[idx]), dim=1)
                torch.nn.functional.nll_loss(out, y_train[idx]).backward()
                opt.step()
        if m.get("nan_at") == epoch:
            with torch.no_grad():
                model.module_list[0].weight[0, 0, 0, 0] = float("nan")
        restore = None
        if m.get("large_at") == epoch:  # this checkpoint only
            with torch.no_grad():
                restore = float(model.module_list[-1].bias[3])
                model.module_list[-1].bias[3] = 7.5
        scale = 100.0 if m["percent"] else 1.0
        acc = accuracy(model, x_test, y_test)
        line = {"train_loss": loss(model, x_train[:EVAL], y_train[:EVAL]),
                "train_acc": accuracy(model, x_train[:EVAL], y_train[:EVAL]) * scale,
                "val_loss": loss(model, x_train[-EVAL:], y_train[-EVAL:]),
                "val_acc": accuracy(model, x_train[-EVAL:], y_train[-EVAL:]) * scale,
                "test_loss": loss(model, x_test, y_test), "test_acc": acc * scale,
                "training_iteration": epoch + 1, "time_this_iter_s": 0.1, "done": epoch == EPOCHS}
        lines.append(line)
        ck = os.path.join(folder, m["ckfmt"].format(epoch))
        os.makedirs(ck, exist_ok=True)
        sd = model.state_dict()
        if epoch in m["legacy"]:
            torch.save(sd, os.path.join(ck, "checkpoints"), _use_new_zipfile_serialization=False)
        else:
            torch.save(sd, os.path.join(ck, "checkpoints"))
        torch.save(opt.state_dict(), os.path.join(ck, "optimizer"))
        flat_weights(model).tofile(os.path.join(ref_dir, "{}_{}.bin".format(m["folder"], epoch)))
        if restore is not None:
            with torch.no_grad():
                model.module_list[-1].bias[3] = restore
        entry["epochs"][str(epoch)] = {k: (None if line[k] != line[k] else line[k]) for k in
                                       ("train_loss", "train_acc", "val_loss", "val_acc", "test_loss", "test_acc")}
    with open(os.path.join(folder, "result.json"), "w") as f:
        for line in lines:
            f.write(json.dumps(line) + "\n")
    entry["keys"] = list(model.state_dict().keys())
    manifest["models"].append(entry)

# Things the importer must ignore: a folder without params.json, files at the top level.
os.makedirs(os.path.join(zoo_dir, "not_a_model"), exist_ok=True)
with open(os.path.join(zoo_dir, "experiment_state-2022.json"), "w") as f:
    f.write("{}")
with open(os.path.join(ref_dir, "manifest.json"), "w") as f:
    json.dump(manifest, f)
print("ok")
