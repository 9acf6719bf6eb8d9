#!/bin/sh
# Regenerates the PNG/ICO icons from icon.svg with ImageMagick (`convert`).
set -eu
cd "$(dirname "$0")"
convert -background none -density 300 icon.svg -resize 1024x1024 -strip icon.png
for size in 16 24 32 48 64 128 256 512 1024; do
  convert -background none icon.png -resize "${size}x${size}" -strip "icons/${size}x${size}.png"
done
convert icons/16x16.png icons/24x24.png icons/32x32.png icons/48x48.png icons/64x64.png icons/128x128.png icons/256x256.png icon.ico
