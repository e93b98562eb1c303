#!/usr/bin/env bash
# Population training speed against a plain PyTorch loop, measured in the same run.
#
#   benchmarks/run_training_benchmark.sh [path/to/zooscope-cli]
#
# Environment: MODELS="8 64 256" (population sizes), STEPS=300 (steps per model for zooscope-cli),
# TORCH_STEPS=300, PYTHON=/usr/bin/python3 (an interpreter with torch), THREADS=2.
# Prints model-steps/s of both, the ratio, GFLOP/s and the fraction of this CPU's FP32 peak
# (cores x 2 FMA pipes x 8 lanes x 2 flops x clock; clock from /proc/cpuinfo and measured).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cli="${1:-}"
if [[ -z "$cli" ]]; then
  for c in "$root/build/bin/zooscope-cli" "$root"/build*/bin/zooscope-cli; do
    [[ -x "$c" ]] && { cli="$c"; break; }
  done
fi
[[ -x "$cli" ]] || { echo "zooscope-cli not found; build it (scripts/build.sh) or pass its path" >&2; exit 2; }
python="${PYTHON:-/usr/bin/python3}"
"$python" -c "import torch" 2>/dev/null || { echo "$python cannot import torch (install python3-torch)" >&2; exit 2; }
models="${MODELS:-8 64 256}"
steps="${STEPS:-300}"
torch_steps="${TORCH_STEPS:-300}"
threads="${THREADS:-$(nproc)}"

cores=$(nproc)
mhz=$(awk -F: '/^cpu MHz/ {print $2; exit}' /proc/cpuinfo | tr -d ' ')
measured_ghz=""
if command -v cc >/dev/null; then
  tmp=$(mktemp -d)
  cat > "$tmp/clock.c" <<'C'
#include <stdio.h>
#include <time.h>
int main(void) {
  struct timespec a, b; long x = 0; const long n = 100000000;
  double best = 0;
  for (int r = 0; r < 5; ++r) {
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);  /* CPU time: right on a busy machine too */
    for (long i = 0; i < n; ++i)  /* 10 dependent adds: 10 cycles per iteration on any x86-64 */
      __asm__ volatile("add $1,%0\n\tadd $1,%0\n\tadd $1,%0\n\tadd $1,%0\n\tadd $1,%0\n\t"
                       "add $1,%0\n\tadd $1,%0\n\tadd $1,%0\n\tadd $1,%0\n\tadd $1,%0" : "+r"(x));
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    double ghz = n * 10.0 / ((b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) * 1e-9) * 1e-9;
    if (ghz > best) best = ghz;
  }
  printf("%.3f\n", best);
  return (int)(x & 0);
}
C
  if cc -O2 "$tmp/clock.c" -o "$tmp/clock" 2>/dev/null && [[ "$(uname -m)" == x86_64 ]]; then
    measured_ghz=$("$tmp/clock")
  fi
  rm -rf "$tmp"
fi

echo "CPU: $(awk -F: '/^model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ //'), $cores cores, /proc/cpuinfo ${mhz} MHz${measured_ghz:+, measured ${measured_ghz} GHz}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine makes every figure noisy)"

# PyTorch baseline: torch.set_num_threads(2) as asked, and 1 thread (faster when the machine is busy);
# the faster of the two is the baseline, so the ratio is conservative.
b2=$("$python" "$here/bench_population_training.py" --threads 2 --steps "$torch_steps" --json)
b1=$("$python" "$here/bench_population_training.py" --threads 1 --steps "$torch_steps" --json)
rate_of() { "$python" -c 'import json,sys; print(json.loads(sys.argv[1])["model_steps_per_s"])' "$1"; }
cpu_rate_of() { "$python" -c 'import json,sys; print(json.loads(sys.argv[1])["model_steps_per_cpu_s"])' "$1"; }
r2=$(rate_of "$b2"); r1=$(rate_of "$b1"); c1=$(cpu_rate_of "$b1")
base=$("$python" -c "print(max($r1, $r2))")
printf "plain PyTorch, one model at a time (batch 10, Adam): %.0f model-steps/s with 2 threads, %.0f with 1 -> baseline %.0f\n" "$r2" "$r1" "$base"

results=()
for n in $models; do
  results+=("$("$cli" bench train --models "$n" --steps "$steps" --threads "$threads" --json)")
done
# PyTorch again after ours, to see drift of the machine's speed
b2b=$("$python" "$here/bench_population_training.py" --threads 2 --steps "$torch_steps" --json)
r2b=$(rate_of "$b2b")
base=$("$python" -c "print(max($base, $r2b))")
printf "plain PyTorch again (2 threads): %.0f model-steps/s; baseline used: %.0f\n" "$r2b" "$base"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

"$python" - "$base" "$cores" "$mhz" "${measured_ghz:-0}" "$c1" "${results[@]}" <<'PY'
import json, sys
base, cores, mhz, ghz = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3] or 0), float(sys.argv[4] or 0)
base_cpu = float(sys.argv[5])
sys.argv = sys.argv[:5] + sys.argv[6:]
peak_nominal = cores * 2 * 8 * 2 * mhz * 1e-3          # GFLOP/s, FP32 FMA, AVX2
peak_measured = cores * 2 * 8 * 2 * ghz if ghz else 0.0
print()
print(f"{'models':>7} {'model-steps/s':>14} {'x PyTorch':>10} {'GFLOP/s':>8} {'% peak':>7}"
      + (f" {'% peak@meas':>11}" if peak_measured else "") + "   kernels")
for r in map(json.loads, sys.argv[5:]):
    line = (f"{r['models']:>7} {r['model_steps_per_s']:>14.0f} {r['model_steps_per_s'] / base:>10.1f} "
            f"{r['gflops']:>8.1f} {100 * r['gflops'] / peak_nominal:>6.1f}%")
    if peak_measured:
        line += f" {100 * r['gflops'] / peak_measured:>10.1f}%"
    print(line + f"   {r['kernels']}, {r['threads']} threads")
flops = json.loads(sys.argv[5])["flops_per_model_step"]
print()
print(f"FLOPs per model-step (CNN-s, batch 10, forward + backward as executed): {flops / 1e6:.2f} M")
print(f"peak FP32: {cores} cores x 2 FMA x 8 lanes x 2 flops x {mhz / 1e3:.2f} GHz = {peak_nominal:.0f} GFLOP/s"
      + (f" (at the measured {ghz:.2f} GHz: {peak_measured:.0f} GFLOP/s)" if peak_measured else ""))
print(f"PyTorch baseline: {base:.0f} model-steps/s = {base * flops * 1e-9:.1f} GFLOP/s")
# Per CPU-second (user + system time of the process): independent of how much of the machine the
# run got, so comparable on a busy machine; "% core peak" relates GFLOP per CPU-second to one core.
core_peak = 2 * 8 * 2 * (ghz if ghz else mhz * 1e-3)
print()
print(f"per CPU-second (robust on a busy machine): PyTorch 1 thread {base_cpu:.0f} model-steps/CPU-s")
print(f"{'models':>7} {'steps/CPU-s':>12} {'x PyTorch':>10} {'GFLOP/CPU-s':>12} {'% core peak':>12}")
for r in map(json.loads, sys.argv[5:]):
    c = r["model_steps_per_cpu_s"]
    print(f"{r['models']:>7} {c:>12.0f} {c / base_cpu:>10.1f} {c * flops * 1e-9:>12.1f} {100 * c * flops * 1e-9 / core_peak:>11.1f}%")
PY
