#!/usr/bin/env bash
# The Debian package, installed for real: builds it (`cmake --build build --target package`), installs it
# into this machine with dpkg, checks the installed programs (zooscope --version; zooscope-cli writes a
# vector figure of the installed default zoo with no display), and removes the package again, also when a
# check fails. CI runs it after the test suite (.ci/run). It refuses to touch a zooscope package that was
# installed before it started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ZOOSCOPE_BUILD_DIR:-$root/build}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

if dpkg-query -W -f='${Status}' zooscope 2>/dev/null | grep -q "install ok installed"; then
  echo "check-package: a zooscope package is installed already; remove it first (dpkg -r zooscope)" >&2
  exit 1
fi

cmake --build "$build" --target package -j "${ZOOSCOPE_JOBS:-$(nproc)}" >/dev/null
deb="$(ls -t "$build"/zooscope_*.deb | head -n 1)"
work="$(mktemp -d)"
cleanup() {
  $sudo dpkg -r zooscope >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "check-package: installing $(basename "$deb")"
$sudo dpkg -i "$deb" >/dev/null

/usr/bin/zooscope --version
/usr/bin/zooscope-cli version

# The installed default zoo as a figure, headless: no X server, no Xvfb.
env -u DISPLAY -u WAYLAND_DISPLAY /usr/bin/zooscope-cli figure --zoo /usr/share/zooscope/fashion-mnist-cnn-s.zoo.h5 \
    --title "Installed default zoo" --out "$work/figure.pdf"
env -u DISPLAY -u WAYLAND_DISPLAY /usr/bin/zooscope-cli figure --zoo /usr/share/zooscope/fashion-mnist-cnn-s.zoo.h5 \
    --out "$work/figure.svg"
# Vector throughout: no raster image in the PDF, its fonts embedded, one circle per drawn point in the SVG.
if [ -n "$(pdfimages -list "$work/figure.pdf" | tail -n +3)" ]; then
  echo "check-package: the installed program's PDF figure holds raster images" >&2
  exit 1
fi
if pdffonts "$work/figure.pdf" | tail -n +3 | awk '{ if ($(NF-4) != "yes") bad = 1 } END { exit bad ? 0 : 1 }'; then
  echo "check-package: a font of the PDF figure is not embedded" >&2
  pdffonts "$work/figure.pdf" >&2
  exit 1
fi
circles="$(grep -o '<circle' "$work/figure.svg" | wc -l)"
if [ "$circles" -lt 100 ]; then
  echo "check-package: the SVG figure holds $circles circles; the default zoo has over a thousand points" >&2
  exit 1
fi
pdftoppm -r 50 -png "$work/figure.pdf" "$work/page" && test -s "$work/page-1.png"
echo "check-package: the installed package works (figure with $circles circles); removing it"
