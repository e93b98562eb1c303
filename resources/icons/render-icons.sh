#!/bin/sh
# Regenerates the committed PNG icons from the SVG sources (developer tool, not part of the build).
# Needs rsvg-convert (Debian package librsvg2-bin). The 16 px icon comes from a simplified,
# pixel-aligned drawing; every other size from the main icon.
set -eu
cd "$(dirname "$0")"
for n in 16 32 48 64 128 256; do
  src=zooscope.svg
  [ "$n" -eq 16 ] && src=zooscope-small.svg
  mkdir -p "hicolor/${n}x${n}/apps"
  rsvg-convert -w "$n" -h "$n" "$src" -o "hicolor/${n}x${n}/apps/zooscope.png"
done
