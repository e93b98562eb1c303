#!/usr/bin/env bash
# The hyper-representation ablation on the default zoo (docs/hyper-representation-ablation.md): the same
# recipe and seed with each loss, with and without the behavioural term, and with permutation
# augmentation; each variant evaluated (ae eval), sampled with kde-paper (16 models, epoch 0) and set
# against the noise baseline at equal novelty. Resumable: a finished step is skipped.
# Usage: scripts/hyper-representation-ablation.sh OUT_DIR [ZOOSCOPE_CLI]   (from the repository root)
set -euo pipefail
out=${1:?usage: $0 OUT_DIR [ZOOSCOPE_CLI]}
cli=${2:-build/bin/zooscope-cli}
Z=data/fashion-mnist-cnn-s.zoo.h5
mkdir -p "$out"
recipe="--epochs 40 --latent 384 --d-model 128 --ff 256 --heads 8 --dropout 0 --erasing 0 --noise 0.001 --gamma 0.05 --threads 2 --seed 1"
behaviour="--behaviour-weight 0.1 --behaviour-images 64 --behaviour-start 21"
sample="--method kde-paper --n 16 --anchors top30 --finetune-epochs 0 --novelty-epochs 10 --threads 2"

train() { local name=$1; shift; [ -f "$out/$name.hr" ] || "$cli" ae train --zoo $Z --out "$out/$name.hr" "$@" > "$out/$name.train.log" 2>&1; }
measure() {
    local name=$1
    [ -f "$out/$name.eval.json" ] || "$cli" ae eval --zoo $Z --ae "$out/$name.hr" --json > "$out/$name.eval.json"
    [ -f "$out/$name.kde.json" ] || "$cli" sample --zoo $Z --ae "$out/$name.hr" $sample --out "$out/$name.kde.gen.h5" --report "$out/$name.kde.json"
    "$cli" report "$out/$name.kde.json" "$out"/noise-*.json --json "$out/$name.report.json" > /dev/null
}
for s in 0.02 0.04 0.08; do
    [ -f "$out/noise-$s.json" ] || "$cli" sample --zoo $Z --method noise --sigma $s --n 16 --anchors top30 --finetune-epochs 0 \
        --novelty-epochs 10 --threads 2 --out "$out/noise-$s.gen.h5" --report "$out/noise-$s.json"
done
train model-relative --loss model-relative $recipe
train model-relative-behaviour --loss model-relative $recipe $behaviour
train layer-normalised --loss layer-normalised $recipe
train layer-normalised-behaviour --loss layer-normalised $recipe $behaviour
train model-relative-permutation --loss model-relative ${recipe/--epochs 40/--epochs 80} --permutation 0.5
for v in model-relative model-relative-behaviour layer-normalised layer-normalised-behaviour model-relative-permutation; do
    measure $v
done
scripts/ablation-table.py "$out" model-relative model-relative-behaviour layer-normalised layer-normalised-behaviour \
    model-relative-permutation
