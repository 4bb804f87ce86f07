#!/usr/bin/env bash
# Our CPU backend against ONNX Runtime as a user runs them: whole-process `gameupscaler upscale` runs, paired and
# alternating (cpu, onnx, cpu, onnx, ...) so that drift in machine load hits both sides alike, each backend with its
# default thread count. Prints per model and input size the median wall time of each backend and the median of the
# per-pair ratios onnx / cpu (above 1: ours is faster), plus the fixed cost (the same command with --method bicubic).
#   bash benchmarks/paired-upscale.sh [RUNS]        (default 5 pairs; MODELS="a b" and SIZES="960x540" override)
# Needs a Release build (dotnet build GameUpscaler.sln -c Release). Inputs are the sample's 640x360 Performance frame
# enlarged with bicubic to 960x540 (x1.5) and 1920x1080 (x3), made once under out/paired-upscale/.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
models=${MODELS:-"x2-c8-n2-l1 x2-c8-n2-gan x2-c16-n4-l1 x2-c16-n4-gan x2-c32-n6-l1 x2-c32-n6-gan"}
sizes=${SIZES:-"960x540 1920x1080"}
cli=(dotnet src/GameUpscaler.Cli/bin/Release/net10.0/GameUpscaler.Cli.dll)
work=out/paired-upscale
mkdir -p "$work"
frame=out/sample/performance/frame_0000.png
if [ ! -f "$frame" ]; then
  dotnet samples/GameUpscaler.Sample/bin/Release/net10.0/GameUpscaler.Sample.dll --headless --mode performance --frames 1 >/dev/null
fi
[ -f "$work/960x540.png" ] || "${cli[@]}" upscale "$frame" "$work/960x540.png" --scale 1.5 --method bicubic >/dev/null
[ -f "$work/1920x1080.png" ] || "${cli[@]}" upscale "$frame" "$work/1920x1080.png" --scale 3 --method bicubic >/dev/null

seconds() { local start end; start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N); awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f\n", (b - a) / 1e9 }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-14s %-10s %10s %10s %14s %10s\n' model input "cpu s" "onnx s" "onnx/cpu" "fixed s"
for size in $sizes; do
  input="$work/$size.png"
  fixed=$(for _ in $(seq "$runs"); do seconds "${cli[@]}" upscale "$input" "$work/out.png" --overwrite --method bicubic --scale 2; done | median)
  for model in $models; do
    cpu=(); onnx=(); ratios=()
    for _ in $(seq "$runs"); do
      c=$(seconds "${cli[@]}" upscale "$input" "$work/out.png" --overwrite --method model --model "$model" --scale 2 --backend cpu)
      o=$(seconds "${cli[@]}" upscale "$input" "$work/out.png" --overwrite --method model --model "$model" --scale 2 --backend onnx)
      cpu+=("$c"); onnx+=("$o"); ratios+=("$(awk -v o="$o" -v c="$c" 'BEGIN { printf "%.4f\n", o / c }')")
    done
    printf '%-14s %-10s %10.3f %10.3f %14.3f %10.3f\n' "$model" "$size" \
      "$(printf '%s\n' "${cpu[@]}" | median)" "$(printf '%s\n' "${onnx[@]}" | median)" "$(printf '%s\n' "${ratios[@]}" | median)" "$fixed"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
