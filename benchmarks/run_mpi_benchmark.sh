#!/usr/bin/env bash
# Parallel efficiency of MPI ranks: the same `zoo create`, `ae train` and `sample` on 1 rank x 1 thread and on
# 2 ranks x 1 thread, efficiency = t1 / (2 * t2) (1.0 = perfect), from wall-clock times of the whole
# command (start, dataset, training, evaluation, writing; rank 0's merge included). Also from CPU time
# (user + sys of mpirun and all ranks): c1 / c2, the work that running on 2 ranks adds (duplicated
# start-up and loading, the merge, time spent waiting in collectives, which MPI spends polling). On a
# busy machine the wall-clock figure says more about the other work than about ZooScope; the CPU-time
# figure stays what it is on an idle one as long as ranks do not wait for each other's cores.
#
#   benchmarks/run_mpi_benchmark.sh [path/to/zooscope-cli]
#
# Environment: MODELS=64 (zoo create: seeds 1..MODELS), IMAGES=30000 (training images), EPOCHS=1,
# AE_ZOO=data/fashion-mnist-cnn-s.zoo.h5, AE_EPOCHS=1, AE_BATCH=64, SAMPLE_AE=data/fashion-mnist-cnn-s.hr,
# SAMPLE_N=64 (models sampled from AE_ZOO, fine-tuned one epoch, novelty against its epoch-10 checkpoints),
# RANKS=2.
# Needs mpirun (openmpi-bin) and dataset-fashion-mnist (scripts/install-deps.sh). Run it on an otherwise
# idle machine: it prints the load average before and after.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cli="${1:-$root/build/bin/zooscope-cli}"
[[ -x "$cli" ]] || { echo "zooscope-cli not found at $cli; build it or pass its path" >&2; exit 2; }
command -v mpirun >/dev/null || { echo "mpirun is missing: install openmpi-bin (scripts/install-deps.sh)" >&2; exit 2; }
models="${MODELS:-64}"
images="${IMAGES:-30000}"
epochs="${EPOCHS:-1}"
ae_zoo="${AE_ZOO:-$root/data/fashion-mnist-cnn-s.zoo.h5}"
ae_epochs="${AE_EPOCHS:-1}"
ae_batch="${AE_BATCH:-64}"
ranks="${RANKS:-2}"
mpirun_args=(--oversubscribe --allow-run-as-root -n "$ranks")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/one" "$work/many"

echo "CPU: $(awk -F: '/^model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ //'), $(nproc) cores"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# "wall cpu" seconds of a command run in a folder (cpu: user + sys of it and its children); its stdout
# and stderr go to logs
timed() {
  local folder="$1" log="$2"; shift 2
  (cd "$folder" && /usr/bin/time -f '%e %U %S' -o "$log.time" "$@" >"$log.out" 2>"$log")
  awk '{printf "%s %s\n", $1, $2 + $3}' "$log.time"
}
wall() { echo "${1% *}"; }
cpu() { echo "${1#* }"; }

efficiency() { echo "$1 / ($ranks * $2)" | bc -l; }
report() { # name, "wall cpu" of 1 rank, of N ranks, extra for 1, extra for N
  printf '  1 rank  x 1 thread: %8.2f s wall, %8.2f s CPU  %s\n' "$(wall "$2")" "$(cpu "$2")" "$4"
  printf '  %s ranks x 1 thread: %8.2f s wall, %8.2f s CPU  %s\n' "$ranks" "$(wall "$3")" "$(cpu "$3")" "$5"
  printf '  %s parallel efficiency: wall t1 / (%s t%s) = %.3f, CPU time c1 / c%s = %.3f\n' "$1" "$ranks" "$ranks" \
    "$(efficiency "$(wall "$2")" "$(wall "$3")")" "$ranks" "$(echo "$(cpu "$2") / $(cpu "$3")" | bc -l)"
}

create=(zoo create --seeds "1-$models" --epochs "$epochs" --checkpoints "0,$epochs" --max-train-images "$images"
        --max-eval-images "${EVAL_IMAGES:-1000}" --threads 1 --resume-interval 100000 --out z.zoo)
t1=$(timed "$work/one" "$work/create-1.log" "$cli" "${create[@]}")
tn=$(timed "$work/many" "$work/create-n.log" mpirun "${mpirun_args[@]}" "$cli" "${create[@]}")
steps=$(grep -o '[0-9]* model-steps in' "$work/create-1.log" | head -1 | cut -d' ' -f1)
printf 'zoo create: %s models (cnn-s, tanh), %s epoch(s) on %s images, %s model-steps\n' "$models" "$epochs" "$images" "$steps"
report "zoo create" "$t1" "$tn" "$(grep -o '([0-9]* model-steps/s)' "$work/create-1.log" | head -1)" \
  "$(grep 'trained on' "$work/create-n.log" | grep -o '([0-9]* model-steps/s)' | head -1)"
printf '  model-steps per CPU-second, 1 rank (whole command): %.0f\n' "$(echo "$steps / $(cpu "$t1")" | bc -l)"
# What these cores give two processes at once: the same blocks of models as the ranks', trained by lone
# processes side by side, no MPI, no merge. On a VM whose cores share caches, memory bandwidth or a
# physical core, this is below t1 / 2 too; t_lone / t_ranks is what MPI and the merge cost on top.
if [[ "$ranks" == 2 ]]; then
  half=$((models / 2))
  lone() { local first="$1" last="$2" log="$3"
    local args=("${create[@]}"); args[3]="$first-$last"; args[${#args[@]}-1]="z-$first.zoo"
    timed "$work/many" "$log" "$cli" "${args[@]}"; }
  start=$(date +%s.%N)
  lone 1 "$half" "$work/lone-a.log" >/dev/null & lone $((half + 1)) "$models" "$work/lone-b.log" >/dev/null & wait
  tl=$(echo "$(date +%s.%N) - $start" | bc -l)
  printf '  2 lone processes of %s models each, side by side: %.2f s wall; ceiling of these cores t1 / (2 t_lone) = %.3f;\n' \
    "$half" "$tl" "$(efficiency "$(wall "$t1")" "$tl")"
  printf '  MPI against that ceiling: t_lone / t2 = %.3f\n' "$(echo "$tl / $(wall "$tn")" | bc -l)"
fi


if [[ -f "$ae_zoo" ]]; then
  train=(ae train --zoo "$ae_zoo" --epochs "$ae_epochs" --batch "$ae_batch" --threads 1 --checkpoint-interval 86400 --out a.hr)
  a1=$(timed "$work/one" "$work/ae-1.log" "$cli" "${train[@]}")
  an=$(timed "$work/many" "$work/ae-n.log" mpirun "${mpirun_args[@]}" "$cli" "${train[@]}")
  printf 'ae train: %s, default autoencoder, %s epoch(s), batch %s\n' "$(basename "$ae_zoo")" "$ae_epochs" "$ae_batch"
  report "ae train" "$a1" "$an" "($(grep -o 'time per epoch [0-9.]* s' "$work/ae-1.log.out"))" \
    "($(grep -o 'time per epoch [0-9.]* s' "$work/ae-n.log.out"))"
  sample_ae="${SAMPLE_AE:-$root/data/fashion-mnist-cnn-s.hr}"
  sample=(sample --zoo "$ae_zoo" --ae "$sample_ae" --method kde --n "${SAMPLE_N:-64}" --finetune-epochs 0,1
          --novelty-epochs 10 --no-cache --threads 1 --out g.h5 --report g.json)
  s1=$(timed "$work/one" "$work/sample-1.log" "$cli" "${sample[@]}")
  sn=$(timed "$work/many" "$work/sample-n.log" mpirun "${mpirun_args[@]}" "$cli" "${sample[@]}")
  printf 'sample: %s models from %s, fine-tuned 1 epoch, novelty against epoch 10\n' "${SAMPLE_N:-64}" "$(basename "$sample_ae")"
  report "sample" "$s1" "$sn" "" ""
  cmp -s <(grep -v '"seconds"' "$work/one/g.json") <(grep -v '"seconds"' "$work/many/g.json") ||
    echo "  note: the reports differ (apart from their wall time)"

else
  echo "ae train: skipped, $ae_zoo is missing (set AE_ZOO)" >&2
  exit 1
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
