#!/usr/bin/env bash
# Opt-in (tests never need it): installs the Debian game-data package whose art the generators train on and prints
# the folder to pass to `gameupscaler train --data`. Battle for Wesnoth's data (146 MB download) holds hand-painted
# portraits, maps, story art and terrain as PNG; it is not one of the games of ../shared/data/eval. The data builder
# still skips every screenshot-like file and any copy of an evaluation image (EvaluationDataGuard).
# Widelands' data (381 MB) adds its 206 seamless terrain textures (64x64 tiles, cut as if tiled with --textures): its
# loading screens are an evaluation set, and the guard skips every file under loadscreens/.
# Larger candidates, left out for download size: redeclipse-data (862 MB), supertuxkart-data (628 MB); their
# screenshot files are exactly what the evaluation sets hold.
set -euo pipefail
PACKAGES=(wesnoth-1.16-data widelands-data)
DATA_DIR=/usr/share/games/wesnoth/1.16/data
TEXTURE_DIR=/usr/share/games/widelands/data/world/terrains

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q >/dev/null
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

count=$(find "$DATA_DIR" -name '*.png' | wc -l)
echo "training data: $DATA_DIR ($count PNG files; those under 96 pixels a side are skipped when loading)"
textures=$(find "$TEXTURE_DIR" -name '*.png' | wc -l)
echo "terrain textures: $TEXTURE_DIR ($textures PNG files)"
echo "use: gameupscaler train ... --data $DATA_DIR [--textures $TEXTURE_DIR]"
