#!/usr/bin/env bash
# One-command GPU benchmark for a short device lease (issue 20).
#
#   scripts/gpu-bench.sh --publish-only          here: build the self-contained bundle (out/gpu-bench/bundle.tar.gz,
#                                                ~49 MB: the CLI, .NET runtime, ONNX Runtime's linux-x64 library from
#                                                its NuGet package (11 MB of it) and this machine's Vulkan loader)
#   scripts/gpu-bench.sh [--peak-tflops T --peak-gbps G]
#                                                on the GPU machine (no .NET needed): every shipped model, the spatial
#                                                upscaler and the TAAU pass at 1920x1080 -> 3840x2160 and
#                                                1280x720 -> 2560x1440 (Performance; Quality too), fp32 / sfp16 / afp16,
#                                                p50/p95/p99 GPU ms per pass, achieved GFLOP/s and GB/s (share of the
#                                                peaks when given), JSON + markdown
#   scripts/gpu-bench.sh --smoke                 the same at 96x64 with 2 frames (lavapipe; CI-sized)
#
# Results: $OUT/gpu-bench (the device tool's output folder) when OUT is set, else benchmarks/reports/gpu-bench-<device>/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
smoke=0
publish_only=0
peaks=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --publish-only) publish_only=1 ;;
    --peak-tflops|--peak-gbps) peaks+=("$1" "${2:?$1 needs a value}"); shift ;;
    *) echo "usage: scripts/gpu-bench.sh [--smoke] [--publish-only] [--peak-tflops T --peak-gbps G]" >&2; exit 2 ;;
  esac
  shift
done

app="$root/out/gpu-bench/app"
bundle="$root/out/gpu-bench/bundle.tar.gz"
if [[ ! -x "$app/GameUpscaler.Cli" ]]; then
  if [[ -f "$bundle" ]]; then
    mkdir -p "$app"
    tar -xzf "$bundle" -C "$app"
  elif command -v dotnet > /dev/null; then
    echo "gpu-bench: publishing the CLI self-contained (linux-x64) ..."
    rm -rf "$app"
    dotnet publish src/GameUpscaler.Cli -c Release -r linux-x64 --self-contained -o "$app" -nologo -v quiet -p:DebugType=none -p:GenerateDocumentationFile=false
    # The Vulkan loader travels with it: a bare GPU machine may have the NVIDIA driver (its ICD) but no loader.
    loader="$(ldconfig -p 2> /dev/null | awk '/libvulkan\.so\.1 / { print $NF; exit }')"
    if [[ -n "$loader" ]]; then
      mkdir -p "$app/vulkan-loader"
      cp -L "$loader" "$app/vulkan-loader/libvulkan.so.1"
    fi
    mkdir -p "$(dirname "$bundle")"
    tar -czf "$bundle" -C "$app" .
    echo "gpu-bench: $bundle ($(du -h "$bundle" | cut -f1))"
  else
    echo "gpu-bench: no bundle ($bundle) and no dotnet to build one: run 'scripts/gpu-bench.sh --publish-only' on the build machine first" >&2
    exit 1
  fi
fi
[[ $publish_only == 1 ]] && exit 0

if ! ldconfig -p 2> /dev/null | grep -q 'libvulkan\.so\.1 ' && [[ -d "$app/vulkan-loader" ]]; then
  export LD_LIBRARY_PATH="$app/vulkan-loader${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  echo "gpu-bench: no system Vulkan loader; using the bundled one"
fi

models="spatial,taau"
for model in models/*.safetensors; do
  models="$models,$model"
done
if [[ $smoke == 1 ]]; then
  displays=(96x64)
  permutations=(fp32)
  frames=2
  warmup=1
else
  displays=(3840x2160 2560x1440)
  permutations=(fp32 sfp16 afp16)
  frames=30
  warmup=5
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
ok=0
for display in "${displays[@]}"; do
  for permutation in "${permutations[@]}"; do
    echo "gpu-bench: $display $permutation"
    if "$app/GameUpscaler.Cli" bench --display "$display" --modes performance,quality --models "$models" --permutation "$permutation" \
        --frames "$frames" --warmup "$warmup" --out "$work/$display-$permutation" "${peaks[@]}" > "$work/$display-$permutation.log" 2>&1; then
      ok=$((ok + 1))
    else
      # A permutation the device lacks (afp16 without shaderFloat16) is reported, not fatal.
      echo "gpu-bench: $display $permutation failed:"; tail -3 "$work/$display-$permutation.log"
    fi
  done
done
[[ $ok -gt 0 ]] || { echo "gpu-bench: every run failed" >&2; exit 1; }

device="$(sed -n 's/^device: \([^(]*\) (.*/\1/p' "$(ls "$work"/*.log | head -1)" | head -1 | tr -cs 'A-Za-z0-9' '-' | sed 's/^-*//; s/-*$//' | tr 'A-Z' 'a-z')"
dest="${OUT:+$OUT/gpu-bench}"
dest="${dest:-$root/benchmarks/reports/gpu-bench-${device:-unknown}}"
mkdir -p "$dest"
{
  echo "# GPU benchmark: ${device:-unknown device}"
  echo
  echo "\`scripts/gpu-bench.sh${smoke:+$([[ $smoke == 1 ]] && echo ' --smoke')} ${peaks[*]:-}\` on $(date -u +%Y-%m-%d); per display and permutation:"
  for run in "$work"/*/; do
    name="$(basename "$run")"
    echo
    echo "## $name"
    echo
    cat "$run/summary.md"
    cp "$run/bench.json" "$dest/$name.json"
  done
} > "$dest/report.md"
echo "gpu-bench: $dest/report.md ($ok runs)"
