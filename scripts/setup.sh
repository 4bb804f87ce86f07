#!/usr/bin/env bash
# Installs what GameUpscaler needs beyond the .NET SDK, once: the Debian packages below (as root, or through sudo).
# Every later script calls this first, so a fresh machine needs no manual step.
set -euo pipefail

# PNG fixtures are checked in, so tests need no ImageMagick. The Vulkan backend needs: the loader and lavapipe (a CPU
# Vulkan device, so its tests run without a GPU), the validation layer (tests assert it is silent), glslc (shaders
# are compiled at build time), and the headers + a C compiler (a test checks interop struct layouts against them).
# The sample game opens its window through SDL2; its window test runs under Xvfb (xvfb-run needs xauth) and takes
# the screenshot with xwd (x11-apps). libopenblas0-pthread: sgemm for training (GameUpscaler.Training).
# libjpeg-turbo-progs: djpeg, the reference a test compares our JPEG decoder with on every evaluation JPEG (a test
# tool only: the decoder itself is ours; the JPEG fixtures and their reference decodes are checked in).
# The C API (scripts/build-native.sh): NativeAOT links libgameupscaler.so with gcc, its C tests build with gcc, and g++
# checks that include/gameupscaler.h also compiles as C++. The Vulkan layer's tests run real clients under Xvfb:
# vkcube (vulkan-tools) and vkd3d-gears (vkd3d-demos: Direct3D 12 through vkd3d on Vulkan), beside MangoHud (another
# layer); xdotool resizes their windows and presses keys; libxcb1-dev builds the tests' small window manager.
PACKAGES=(ca-certificates libvulkan1 mesa-vulkan-drivers vulkan-validationlayers libvulkan-dev glslc spirv-tools vulkan-tools gcc g++ libc6-dev
  libsdl2-2.0-0 xvfb xauth x11-apps libopenblas0-pthread libjpeg-turbo-progs
  vkd3d-demos mangohud xdotool libxcb1-dev)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q >/dev/null
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is required (https://dot.net); 'dotnet' is not on PATH" >&2
  exit 1
fi

# The ONNX Runtime backend needs nothing here: its native library comes from the Microsoft.ML.OnnxRuntime NuGet
# package, restored by the build for this machine's runtime identifier (libonnxruntime.so lands beside the program).
