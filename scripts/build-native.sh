#!/usr/bin/env bash
# Builds the C API (include/gameupscaler.h) as a native shared library with NativeAOT, for engines not written in .NET:
#   artifacts/native/libgameupscaler.so   the library (needs only libc, libm and the Vulkan loader at run time)
#   artifacts/native/gameupscaler.h       the header it implements
#   artifacts/native/models/              the shipped models, found by name beside the library
# A C program builds with: gcc app.c -Iartifacts/native -Lartifacts/native -lgameupscaler -Wl,-rpath,'$ORIGIN'
# Only linux-x64 is built here; Windows (gameupscaler.dll) is the same command on Windows with -r win-x64 (README).
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/native
rid=${GAMEUPSCALER_NATIVE_RID:-linux-x64}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rm -rf "$out/publish"
dotnet publish src/GameUpscaler.Native/GameUpscaler.Native.csproj -c Release -r "$rid" -warnaserror -nologo -v quiet -o "$out/publish"
library=
for candidate in "$out/publish/libgameupscaler.so" "$out/publish/libgameupscaler.dll"; do
  [ -f "$candidate" ] && library=$candidate
done
if [ -z "$library" ]; then
  echo "build-native: the publish wrote no libgameupscaler library to $out/publish" >&2
  exit 1
fi
cp "$library" "$out/"
cp include/gameupscaler.h "$out/"
mkdir -p "$out/models"
cp models/*.safetensors "$out/models/"
echo "build-native: $out/$(basename "$library") ($(du -k "$out/$(basename "$library")" | cut -f1) KiB), gameupscaler.h, models/"
