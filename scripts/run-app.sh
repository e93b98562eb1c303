#!/usr/bin/env bash
# Quick start: installs what is missing, builds (Release) and opens ZooScope. Arguments go to the app.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
# Set here (as the desktop entry does) so that the app need not restart itself to set it (app/main.cpp).
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
exec "${ZOOSCOPE_BUILD_DIR:-$root/build}/bin/zooscope" "$@"
