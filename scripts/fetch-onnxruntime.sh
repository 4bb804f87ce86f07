#!/usr/bin/env bash
# Fetches the ONNX Runtime native library for Linux x64 into .cache/onnxruntime/ (ignored by git), where the
# GameUpscaler.OnnxRuntime backend and its tests look first. The library comes from the onnxruntime-node npm package
# (the only registry here that carries it; see ../shared/docs/PLATFORM.md). Idempotent: a present, complete library
# is kept and the script returns at once. Called by scripts/setup.sh; safe to run by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=1.30.0
CACHE=.cache/onnxruntime
TARGET="$CACHE/libonnxruntime.so.1"
STAMP="$CACHE/VERSION"

if [ "$(uname -s)" != "Linux" ] || [ "$(uname -m)" != "x86_64" ]; then
  echo "fetch-onnxruntime: only Linux x64 is fetched automatically; put onnxruntime's library on the loader path" >&2
  exit 0
fi

if [ -s "$TARGET" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$VERSION" ]; then
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
tar -xzf "$tarball" -C "$work" package/bin/napi-v6/linux/x64/libonnxruntime.so.1
# Move into place last, so an interrupted fetch never leaves a half-written library where the backend looks.
mv -f "$work/package/bin/napi-v6/linux/x64/libonnxruntime.so.1" "$TARGET"
echo "$VERSION" > "$STAMP"
echo "fetch-onnxruntime: $TARGET ($(stat -c %s "$TARGET") bytes)"
