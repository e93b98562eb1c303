#!/usr/bin/env bash
# Installs what is missing, builds (Release) and runs the whole test suite (GUI tests under Xvfb), then
# the sanitizer builds (scripts/run-sanitizers.sh: ASan + UBSan unit tests, the fuzz harnesses,
# ThreadSanitizer on the workers). Extra arguments go to ctest, e.g. `-L unit` or `-R tst_cli`, and skip
# the sanitizer builds, as does ZOOSCOPE_SANITIZERS=0.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ZOOSCOPE_BUILD_DIR:-$root/build}"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
ctest --test-dir "$build" --output-on-failure -j "${ZOOSCOPE_JOBS:-$(nproc)}" "$@"
if [ $# -eq 0 ] && [ "${ZOOSCOPE_SANITIZERS:-1}" != 0 ]; then
  "$root/scripts/run-sanitizers.sh"
fi
