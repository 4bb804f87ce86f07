#!/usr/bin/env bash
# Trains the shipped generators one after another in the background, niced, one thread each, resuming any that
# already have a checkpoint (so the same command continues the queue in a later session). See models/TRAINING.md.
# Log: models/checkpoints/queue.log. Stop: kill its process group; every run resumes from its last checkpoint.
set -uo pipefail
cd "$(dirname "$0")/.."
# A private copy of the built CLI, so that rebuilding the repository never swaps assemblies under a running training.
rm -rf out/train-bin && mkdir -p out && cp -r src/GameUpscaler.Cli/bin/Release/net10.0 out/train-bin
CLI=out/train-bin/GameUpscaler.Cli.dll
DATA=/usr/share/games/wesnoth/1.16/data
MINUTES=${MINUTES:-100000}   # per-model time cap for this invocation

run() {  # name, then the arguments of a fresh run
  local name=$1; shift
  if [ -f "models/checkpoints/$name/progress.json" ]; then
    nice -n 19 dotnet "$CLI" train --resume "models/checkpoints/$name" --minutes "$MINUTES"
  else
    nice -n 19 dotnet "$CLI" train "$@" --data "$DATA" --minutes "$MINUTES"
  fi
}

{
  echo "queue started $(date -u +%FT%TZ), pid $$"
  run x2-c8-n2-l1   --scale 2 --channels 8  --blocks 2 --iterations 12000
  run x2-c8-n2-gan  --scale 2 --channels 8  --blocks 2 --iterations 3000 --stage gan --init models/checkpoints/x2-c8-n2-l1.safetensors --lr 1e-4
  run x2-c32-n6-l1  --scale 2 --channels 32 --blocks 6 --iterations 150000 --lr 5e-4
  run x2-c16-n4-l1  --scale 2 --channels 16 --blocks 4 --iterations 60000
  run x3-c16-n4-l1  --scale 3 --channels 16 --blocks 4 --iterations 60000
  run x2-c16-n4-gan --scale 2 --channels 16 --blocks 4 --iterations 10000 --stage gan --init models/checkpoints/x2-c16-n4-l1.safetensors --lr 1e-4
  run x2-c32-n6-gan --scale 2 --channels 32 --blocks 6 --iterations 10000 --stage gan --init models/checkpoints/x2-c32-n6-l1.safetensors --lr 1e-4
  echo "queue finished $(date -u +%FT%TZ)"
} >> models/checkpoints/queue.log 2>&1
