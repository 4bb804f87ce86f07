#!/usr/bin/env bash
# Builds the native libraries with NativeAOT (they need only libc, libm and the Vulkan loader at run time):
#   artifacts/native/libgameupscaler.so          the C API (include/gameupscaler.h), for engines not written in .NET
#   artifacts/native/gameupscaler.h              the header it implements
#   artifacts/native/libVkLayer_gameupscaler.so  the Vulkan layer VK_LAYER_GAMEUPSCALER_upscale, for unmodified games
#   artifacts/native/VkLayer_gameupscaler.json   its manifest (implicit layer, on with ENABLE_GAMEUPSCALER=1)
#   artifacts/native/models/                     the shipped models, found by name beside the libraries
# A C program builds with: gcc app.c -Iartifacts/native -Lartifacts/native -lgameupscaler -Wl,-rpath,'$ORIGIN'
# scripts/install-layer.sh installs the layer for the current user. Only linux-x64 is built here; Windows
# (gameupscaler.dll) is the same publish with -r win-x64 on Windows (README).
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/native
rid=${GAMEUPSCALER_NATIVE_RID:-linux-x64}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$out/models"
for project in GameUpscaler.Native:libgameupscaler GameUpscaler.Layer:libVkLayer_gameupscaler; do
  name=${project%%:*}
  library=${project##*:}
  rm -rf "$out/publish/$name"
  dotnet publish "src/$name/$name.csproj" -c Release -r "$rid" -warnaserror -nologo -v quiet -o "$out/publish/$name"
  built=
  for candidate in "$out/publish/$name/$library.so" "$out/publish/$name/$library.dll"; do
    [ -f "$candidate" ] && built=$candidate
  done
  if [ -z "$built" ]; then
    echo "build-native: the publish of $name wrote no $library library to $out/publish/$name" >&2
    exit 1
  fi
  cp "$built" "$out/"
  echo "build-native: $out/$(basename "$built") ($(du -k "$built" | cut -f1) KiB)"
done
cp include/gameupscaler.h "$out/"
cp src/GameUpscaler.Layer/manifest/VkLayer_gameupscaler.json "$out/"
cp models/*.safetensors "$out/models/"
echo "build-native: $out/gameupscaler.h, $out/VkLayer_gameupscaler.json, $out/models/"
