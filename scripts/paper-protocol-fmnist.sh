#!/usr/bin/env bash
# The paper's protocol at the paper's scale on Fashion-MNIST (docs/paper-protocol-fmnist.md): a 512-model
# seed zoo in 16 shards, merged; its hyper-representation on epochs 21-25; every sampler and baseline with
# 50 models fine-tuned 0, 1 and 5 epochs; the merged report and the per-model JSON.
# Every step skips what it already made, so the script resumes after an interruption: about 8 h of both
# cores here for the zoo, 17 and 35 min for the two hyper-representations, 3-4 min per method.
# Usage: scripts/paper-protocol-fmnist.sh [ZOOSCOPE_CLI] [WORKDIR]   (defaults: build/bin/zooscope-cli, paper-zoo/)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="$(realpath "${1:-$root/build/bin/zooscope-cli}")"
work="${2:-$root/paper-zoo}"
mkdir -p "$work/protocol"
cd "$work"

# 1. The zoo: the public seed recipe (tanh, U(0,1), Adam 3e-4, batch 10), seeds 1-512, 25 epochs.
for i in $(seq 1 16); do
  out=$(printf 'fmnist-seed-512.shard%02d.zoo.h5' "$i")
  [ -f "$out" ] || nice -n 19 "$cli" zoo create --dataset fashion-mnist --arch cnn-s --seeds 1-512 --shard "$i/16" \
      --epochs 25 --checkpoints 0,1,5,10,15,21,22,23,24,25 --threads 2 --out "$out"
done
[ -f fmnist-seed-512.zoo.h5 ] || "$cli" zoo merge fmnist-seed-512.zoo.h5 fmnist-seed-512.shard*.zoo.h5

# 2. Its hyper-representation, trained on epochs 21-25 as the paper's was, with the shipped recipe.
[ -f fmnist-seed-512.hr ] || nice -n 10 "$cli" ae train --zoo fmnist-seed-512.zoo.h5 --out fmnist-seed-512.hr \
    --checkpoint-epochs 21,22,23,24,25 --loss model-relative --epochs 40 --latent 384 --d-model 128 --ff 256 --heads 8 \
    --dropout 0 --erasing 0 --noise 0.001 --gamma 0.05 --threads 2 --seed 1 --behaviour-weight 0.1 --behaviour-images 64 \
    --behaviour-start 21 2>&1 | tee hr-train.log

# 3. Every sampler and baseline: anchors = the top 30% of the training population's checkpoints,
#    novelty against the training models' epochs 21-25.
common=(--zoo fmnist-seed-512.zoo.h5 --n 50 --anchors top30 --finetune-epochs 0,1,5 --novelty-epochs 21,22,23,24,25 --threads 2)
run() {
  local name=$1; shift
  [ -f "protocol/$name.json" ] && return
  nice -n 10 "$cli" sample "${common[@]}" "$@" --out "protocol/$name.gen.h5" --report "protocol/$name.json" > "protocol/$name.log" 2>&1
}
run kde-paper --method kde-paper --ae fmnist-seed-512.hr
run kde --method kde --ae fmnist-seed-512.hr
run kde-h0.5 --method kde --bandwidth 0.5 --ae fmnist-seed-512.hr
run gauss --method gauss --ae fmnist-seed-512.hr
run gmm --method gmm --ae fmnist-seed-512.hr
run neigh --method neigh --ae fmnist-seed-512.hr
run uniform --method uniform --ae fmnist-seed-512.hr
run noise-0.02 --method noise --sigma 0.02
run noise-0.04 --method noise --sigma 0.04
run zoo --method zoo
run random-init --method random-init

# 3b. The same samplers on a hyper-representation trained with neuron-permutation augmentation (the paper's
#     means against memorising seeds): 50 epochs, permutations in half the views, the behavioural term from 26.
[ -f fmnist-seed-512-perm.hr ] || nice -n 10 "$cli" ae train --zoo fmnist-seed-512.zoo.h5 --out fmnist-seed-512-perm.hr \
    --checkpoint-epochs 21,22,23,24,25 --loss model-relative --epochs 50 --latent 384 --d-model 128 --ff 256 --heads 8 \
    --dropout 0 --erasing 0 --noise 0.001 --gamma 0.05 --threads 2 --seed 1 --behaviour-weight 0.1 --behaviour-images 64 \
    --behaviour-start 26 --permutation 0.5 2>&1 | tee hr-perm-train.log
run perm-kde-paper --method kde-paper --ae fmnist-seed-512-perm.hr
run perm-kde --method kde --ae fmnist-seed-512-perm.hr
run perm-kde-h0.5 --method kde --bandwidth 0.5 --ae fmnist-seed-512-perm.hr
run perm-neigh --method neigh --ae fmnist-seed-512-perm.hr

# 4. One report of all methods, and the zoo's models as JSON (hyperparameters, split, metrics at epoch 25).
cd protocol
"$cli" report kde-paper.json kde.json kde-h0.5.json gauss.json gmm.json neigh.json uniform.json noise-0.02.json \
    noise-0.04.json zoo.json random-init.json --json ../paper-protocol-fmnist.json --markdown ../paper-protocol-fmnist-report.md
"$cli" report perm-kde-paper.json perm-kde.json perm-kde-h0.5.json perm-neigh.json noise-0.02.json \
    noise-0.04.json zoo.json random-init.json --json ../paper-protocol-fmnist-permutation.json \
    --markdown ../paper-protocol-fmnist-permutation-report.md
cd ..
[ -d models ] || { "$cli" zoo export fmnist-seed-512.zoo.h5 --out models --epoch 25 && rm -f models/*.pt; }
