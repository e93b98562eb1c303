#!/usr/bin/env python3
"""Prints the hyper-representation ablation table (docs/hyper-representation-ablation.md) from the files
the ablation's commands write: NAME.eval.json (zooscope-cli ae eval --json) and NAME.report.json
(zooscope-cli report NAME.kde.json noise-*.json --json) for each NAME given.

Usage: scripts/ablation-table.py DIR NAME[=LABEL] ...
"""
import json
import sys


def row(directory, name, label):
    ev = json.load(open(f"{directory}/{name}.eval.json"))
    rep = json.load(open(f"{directory}/{name}.report.json"))
    kde = next(m for m in rep["methods"] if m["method"] == "kde-paper")
    e0 = next(e for e in kde["epochs"] if e["epoch"] == 0)
    ratio = e0["accuracy"]["mean"] / kde["anchor_mean_accuracy"]
    verdict = next((c for c in rep.get("noise_comparison", []) if c["method"].startswith("kde-paper") and c["epoch"] == 0), None)
    p = ev["probe"]["test_accuracy"]
    noise = (f"{verdict['bins_won']} won / {verdict['bins_lost']} lost of {verdict['bins_compared']} shared bins"
             if verdict else "no shared bins")
    return (f"| {label} | {ev['reconstruction_r2']:.3f} | {100 * ev['accuracy_retention']:.1f}% "
            f"| {p['latent']:.3f} / {p['weights']:.3f} / {p['stats']:.3f} "
            f"| {e0['accuracy']['mean']:.1f}% of {kde['anchor_mean_accuracy']:.1f}% = {ratio:.3f} "
            f"| {e0['max_iou']['mean']:.2f} | {noise} |")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    directory = sys.argv[1]
    print("| variant | reconstruction R² | accuracy retention | probe R² test acc. latent / W / s(W) "
          "| kde-paper epoch 0 / anchors | its max IoU | against noise at equal novelty (epoch 0) |")
    print("|---|---|---|---|---|---|---|")
    for arg in sys.argv[2:]:
        name, _, label = arg.partition("=")
        print(row(directory, name, label or name))


if __name__ == "__main__":
    main()
