#!/usr/bin/env bash
# Installs every Debian 12 package that ZooScope's build, app and tests need.
# The list lives here and nowhere else; does nothing when all are installed.
set -euo pipefail

packages=(
  build-essential cmake file ccache pkg-config
  qt6-base-dev libqt6opengl6-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6svg6-dev
  libvtk9-dev libtorch-dev libhdf5-dev libqcustomplot-dev nlohmann-json3-dev
  libopenblas0-pthread
  dataset-fashion-mnist
  python3-torch python3-h5py python3-numpy
  xvfb xauth
  openmpi-bin
  dpkg-dev poppler-utils
  clang libclang-rt-14-dev
  slurm-wlm munge
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
