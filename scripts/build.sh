#!/usr/bin/env bash
# Configures and builds ZooScope (Release) into build/; executables land in build/bin/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ZOOSCOPE_BUILD_DIR:-$root/build}"
jobs="${ZOOSCOPE_JOBS:-$(nproc)}"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release
cmake --build "$build" -j "$jobs"
