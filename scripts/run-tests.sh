#!/usr/bin/env bash
# Installs what is missing, builds (Release) and runs the whole test suite (GUI tests under Xvfb).
# Extra arguments go to ctest, e.g. `-L unit` or `-R tst_cli`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ZOOSCOPE_BUILD_DIR:-$root/build}"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
ctest --test-dir "$build" --output-on-failure -j "${ZOOSCOPE_JOBS:-$(nproc)}" "$@"
