#!/usr/bin/env bash
# Fetches the ONNX Runtime native library into .cache/onnxruntime/ (ignored by git), where the
# GameUpscaler.OnnxRuntime backend and its tests look for it. It comes from the onnxruntime-node npm package, the
# only registry here that carries it (see ../shared/docs/PLATFORM.md): on Linux x64 libonnxruntime.so.1 (CPU; CUDA
# needs its provider library beside it), on Windows x64 (Git Bash) onnxruntime.dll with DirectML.dll, the DirectML
# build. Idempotent: a complete fetch of this version is kept and the script returns at once. Called by
# scripts/setup.sh; safe to run by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=1.30.0
CACHE=.cache/onnxruntime
STAMP="$CACHE/VERSION"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux/x64; files=(libonnxruntime.so.1) ;;
  MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) platform=win32/x64; files=(onnxruntime.dll DirectML.dll) ;;
  *)
    echo "fetch-onnxruntime: no ONNX Runtime download for $(uname -s) $(uname -m); set GAMEUPSCALER_ONNXRUNTIME to a library you have" >&2
    exit 0
    ;;
esac

complete=1
for file in "${files[@]}"; do
  [ -s "$CACHE/$file" ] || complete=0
done
if [ "$complete" -eq 1 ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$VERSION" ]; then
  exit 0
fi

if ! command -v npm >/dev/null; then
  echo "fetch-onnxruntime: npm is required to fetch onnxruntime-node@$VERSION (apt-get install npm)" >&2
  exit 1
fi

mkdir -p "$CACHE"
work=$(mktemp -d "$CACHE/fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "fetch-onnxruntime: npm pack onnxruntime-node@$VERSION"
(cd "$work" && npm pack --silent "onnxruntime-node@$VERSION" >/dev/null)
tarball=$(ls "$work"/onnxruntime-node-*.tgz)
members=()
for file in "${files[@]}"; do
  members+=("package/bin/napi-v6/$platform/$file")
done
tar -xzf "$tarball" -C "$work" "${members[@]}"
# Move into place last, so an interrupted fetch never leaves a half-written library where the backend looks.
rm -f "$STAMP"
for file in "${files[@]}"; do
  mv -f "$work/package/bin/napi-v6/$platform/$file" "$CACHE/$file"
  echo "fetch-onnxruntime: $CACHE/$file ($(wc -c < "$CACHE/$file") bytes)"
done
echo "$VERSION" > "$STAMP"
