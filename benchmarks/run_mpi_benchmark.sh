#!/usr/bin/env bash
# Parallel efficiency of MPI ranks: the same `zoo create` and `ae train` on 1 rank x 1 thread and on
# 2 ranks x 1 thread, efficiency = t1 / (2 * t2) (1.0 = perfect), from wall-clock times of the whole
# command (start, dataset, training, evaluation, writing; rank 0's merge included).
#
#   benchmarks/run_mpi_benchmark.sh [path/to/zooscope-cli]
#
# Environment: MODELS=64 (zoo create: seeds 1..MODELS), IMAGES=30000 (training images), EPOCHS=1,
# AE_ZOO=data/fashion-mnist-cnn-s.zoo.h5, AE_EPOCHS=1, AE_BATCH=64, RANKS=2.
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

# seconds of wall-clock time of a command run in a folder; its stderr goes to a log next to it
timed() {
  local folder="$1" log="$2"; shift 2
  local start end
  start=$(date +%s.%N)
  (cd "$folder" && "$@" >"$log.out" 2>"$log")
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

efficiency() { echo "$1 / ($ranks * $2)" | bc -l; }

create=(zoo create --seeds "1-$models" --epochs "$epochs" --checkpoints "0,$epochs" --max-train-images "$images"
        --threads 1 --resume-interval 100000 --out z.zoo)
t1=$(timed "$work/one" "$work/create-1.log" "$cli" "${create[@]}")
tn=$(timed "$work/many" "$work/create-n.log" mpirun "${mpirun_args[@]}" "$cli" "${create[@]}")
steps=$(grep -o '[0-9]* model-steps in' "$work/create-1.log" | head -1 | cut -d' ' -f1)
printf 'zoo create: %s models (cnn-s, tanh), %s epoch(s) on %s images, %s model-steps\n' "$models" "$epochs" "$images" "$steps"
printf '  1 rank  x 1 thread: %8.2f s  (%s)\n' "$t1" "$(grep -o '([0-9]* model-steps/s)' "$work/create-1.log" | head -1)"
printf '  %s ranks x 1 thread: %8.2f s  (%s)\n' "$ranks" "$tn" "$(grep 'trained on' "$work/create-n.log" | grep -o '([0-9]* model-steps/s)' | head -1)"
printf '  wall-clock model-steps/s per core, 1 rank: %.0f\n' "$(echo "$steps / $t1" | bc -l)"
printf '  parallel efficiency t1 / (%s t%s) = %.3f\n' "$ranks" "$ranks" "$(efficiency "$t1" "$tn")"

if [[ -f "$ae_zoo" ]]; then
  train=(ae train --zoo "$ae_zoo" --epochs "$ae_epochs" --batch "$ae_batch" --threads 1 --checkpoint-interval 86400 --out a.hr)
  a1=$(timed "$work/one" "$work/ae-1.log" "$cli" "${train[@]}")
  an=$(timed "$work/many" "$work/ae-n.log" mpirun "${mpirun_args[@]}" "$cli" "${train[@]}")
  printf 'ae train: %s, default autoencoder, %s epoch(s), batch %s\n' "$(basename "$ae_zoo")" "$ae_epochs" "$ae_batch"
  printf '  1 rank  x 1 thread: %8.2f s  (%s)\n' "$a1" "$(grep -o 'time per epoch [0-9.]* s' "$work/ae-1.log.out")"
  printf '  %s ranks x 1 thread: %8.2f s  (%s)\n' "$ranks" "$an" "$(grep -o 'time per epoch [0-9.]* s' "$work/ae-n.log.out")"
  printf '  parallel efficiency t1 / (%s t%s) = %.3f\n' "$ranks" "$ranks" "$(efficiency "$a1" "$an")"
else
  echo "ae train: skipped, $ae_zoo is missing (set AE_ZOO)" >&2
  exit 1
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
