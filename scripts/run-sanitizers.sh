#!/usr/bin/env bash
# The sanitizer runs of issue 15, built with clang beside the Release build:
#   asan  ASan + UBSan: the engine's unit tests (ctest label engine) in build-asan/;
#   fuzz  in the same build, every libFuzzer harness of tests/fuzz for ZOOSCOPE_FUZZ_SECONDS (default 60)
#         from a copy of its seed corpus; an input that crashes, hangs or trips a sanitizer is left in
#         build-asan/fuzz-findings/<target>/ (keep it under tests/fuzz/regressions/<target>/);
#   tsan  ThreadSanitizer: the engine tests that start workers (ctest label workers) in build-tsan/.
# `scripts/run-sanitizers.sh` runs all three; name some to run only those. Any finding fails the run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs="${ZOOSCOPE_JOBS:-$(nproc)}"
seconds="${ZOOSCOPE_FUZZ_SECONDS:-60}"
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(asan fuzz tsan)

# Every finding is fatal and printed with its stack. LeakSanitizer stays on; its suppressions name the
# libraries whose one-time allocations live until exit.
# allocator_may_return_null: an allocation too big for ASan throws std::bad_alloc, as it does without ASan,
# which the readers turn into a message.
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:detect_odr_violation=0:allocator_may_return_null=1:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$root/tests/fuzz/lsan.supp:print_suppressions=0:${LSAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$root/tests/fuzz/tsan.supp:${TSAN_OPTIONS:-}"
# libgomp's workers synchronise through futexes that ThreadSanitizer cannot see; the engine's own
# workers are std::threads, which it sees whole.
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive
# Instrumented code runs several times slower: a test function may take up to 25 minutes, a suite 40.
export QTEST_FUNCTION_TIMEOUT=1500000

configure() { # build-dir sanitizers [extra cmake args]
    local dir="$1" sanitize="$2"
    shift 2
    mkdir -p "$dir"
    cmake -S "$root" -B "$dir" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" \
        -DZOOSCOPE_SANITIZE="$sanitize" "$@" > "$dir/configure.log" 2>&1 ||
        { cat "$dir/configure.log"; exit 1; }
}

asan_dir="${ZOOSCOPE_ASAN_BUILD_DIR:-$root/build-asan}"
tsan_dir="${ZOOSCOPE_TSAN_BUILD_DIR:-$root/build-tsan}"

for step in "${steps[@]}"; do
    start=$(date +%s)
    case "$step" in
    asan)
        configure "$asan_dir" address,undefined -DZOOSCOPE_FUZZ=ON
        cmake --build "$asan_dir" --target engine-tests -j "$jobs"
        ctest --test-dir "$asan_dir" -L engine --output-on-failure -j "$jobs"
        ;;
    fuzz)
        configure "$asan_dir" address,undefined -DZOOSCOPE_FUZZ=ON
        cmake --build "$asan_dir" --target fuzz-harnesses -j "$jobs"
        for seeds in "$root"/tests/fuzz/corpus/*/; do
            name=$(basename "$seeds")
            work="$asan_dir/fuzz-corpus/$name" findings="$asan_dir/fuzz-findings/$name"
            rm -rf "$findings"
            mkdir -p "$work" "$findings"
            find "$seeds" -maxdepth 1 -type f ! -name README.md -exec cp {} "$work/" \;
            # -timeout: an input that takes over 30 s is a hang (the HDF5 probe's child gets 5 s there);
            # -rss_limit_mb: one that eats memory.
            log="$asan_dir/fuzz-$name.log"
            if ! "$asan_dir/bin/fuzz_$name" "$work" -max_total_time="$seconds" -timeout=30 \
                -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$findings/" > "$log" 2>&1; then
                tail -n 60 "$log"
                echo "fuzz_$name: a finding, kept in ${findings#$root/}/" >&2
                exit 1
            fi
            echo "fuzz_$name: $(grep -o 'number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$') inputs in ${seconds} s, no finding"
        done
        ;;
    tsan)
        configure "$tsan_dir" thread
        cmake --build "$tsan_dir" --target worker-tests -j "$jobs"
        ctest --test-dir "$tsan_dir" -L workers --output-on-failure -j "$jobs"
        ;;
    *)
        echo "run-sanitizers.sh: unknown step '$step' (asan, fuzz, tsan)" >&2
        exit 2
        ;;
    esac
    echo "run-sanitizers.sh: $step took $(($(date +%s) - start)) s"
done
