#!/usr/bin/env bash
# Installs the GameUpscaler Vulkan layer for the current user, where the Vulkan loader looks for implicit layers
# (${XDG_DATA_HOME:-~/.local/share}/vulkan/implicit_layer.d), pointing at the library built by build-native.sh
# (built first if missing). Then any Vulkan game runs upscaled with:  ENABLE_GAMEUPSCALER=1 game
# (on Steam: launch options  ENABLE_GAMEUPSCALER=1 GAMEUPSCALER_MODE=performance %command%).
# --uninstall removes the manifest again.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${XDG_DATA_HOME:-$HOME/.local/share}/vulkan/implicit_layer.d
manifest=$target/VkLayer_gameupscaler.json
if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$manifest"
  echo "install-layer: removed $manifest"
  exit 0
fi
[ -f artifacts/native/libVkLayer_gameupscaler.so ] || bash scripts/build-native.sh
library=$(cd artifacts/native && pwd)/libVkLayer_gameupscaler.so
mkdir -p "$target"
sed "s#\"./libVkLayer_gameupscaler.so\"#\"$library\"#" src/GameUpscaler.Layer/manifest/VkLayer_gameupscaler.json > "$manifest.tmp"
mv "$manifest.tmp" "$manifest"
echo "install-layer: $manifest -> $library"
echo "install-layer: run a game with ENABLE_GAMEUPSCALER=1 (settings: README, 'The Vulkan layer')"
