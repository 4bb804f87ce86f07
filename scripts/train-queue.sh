#!/usr/bin/env bash
# Trains the shipped generators in the background, niced, one thread, in rounds: each unfinished model gets up to
# SLICE minutes per round (so every model makes progress, and the long C=32/N=6 run does not starve the others);
# a GAN run starts only once its L1 model has finished. Every run resumes exactly from its checkpoint, so running
# this script again in a later session continues the queue. See models/TRAINING.md.
# Log: models/checkpoints/queue.log. Stop: kill its process group (kill -- -PGID); the trainer checkpoints on SIGTERM.
set -uo pipefail
cd "$(dirname "$0")/.."
# `nice` alone does not yield to builds started from another session: with autogroup scheduling (setsid gives this
# queue its own group) CPU is shared between groups first. Lower the whole group's weight too.
[ -w /proc/self/autogroup ] && echo 19 > /proc/self/autogroup
# A private copy of the built CLI, so that rebuilding the repository never swaps assemblies under a running training.
rm -rf out/train-bin && mkdir -p out && cp -r src/GameUpscaler.Cli/bin/Release/net10.0 out/train-bin
CLI=out/train-bin/GameUpscaler.Cli.dll
DATA=/usr/share/games/wesnoth/1.16/data
SLICE=${SLICE:-60}   # minutes per model per round

step_of() { grep -o '"Step": [0-9]*' "models/checkpoints/$1/progress.json" 2>/dev/null | grep -o '[0-9]*$' || echo 0; }
planned_of() { grep -o '"Iterations": [0-9]*' "models/checkpoints/$1/options.json" 2>/dev/null | grep -o '[0-9]*$' || echo 1; }
finished() { [ -f "models/checkpoints/$1/progress.json" ] && [ "$(step_of "$1")" -ge "$(planned_of "$1")" ]; }

pending=0
run() {  # name, L1 model it starts from ("" for none), then the arguments of a fresh run
  local name=$1 init=$2; shift 2
  finished "$name" && return
  pending=1
  if [ -n "$init" ] && ! finished "$init"; then return; fi
  if [ -f "models/checkpoints/$name/progress.json" ]; then
    nice -n 19 dotnet "$CLI" train --resume "models/checkpoints/$name" --minutes "$SLICE"
  else
    nice -n 19 dotnet "$CLI" train "$@" --data "$DATA" --minutes "$SLICE"
  fi
}

{
  echo "queue started $(date -u +%FT%TZ), pid $$"
  while true; do
    pending=0
    run x2-c8-n2-l1   ""           --scale 2 --channels 8  --blocks 2 --iterations 12000
    run x2-c8-n2-gan  x2-c8-n2-l1  --scale 2 --channels 8  --blocks 2 --iterations 3000 --stage gan --init models/checkpoints/x2-c8-n2-l1.safetensors --lr 1e-4
    run x2-c32-n6-l1  ""           --scale 2 --channels 32 --blocks 6 --iterations 150000 --lr 5e-4
    run x2-c16-n4-l1  ""           --scale 2 --channels 16 --blocks 4 --iterations 60000
    run x3-c16-n4-l1  ""           --scale 3 --channels 16 --blocks 4 --iterations 60000
    run x2-c16-n4-gan x2-c16-n4-l1 --scale 2 --channels 16 --blocks 4 --iterations 10000 --stage gan --init models/checkpoints/x2-c16-n4-l1.safetensors --lr 1e-4
    run x2-c32-n6-gan x2-c32-n6-l1 --scale 2 --channels 32 --blocks 6 --iterations 10000 --stage gan --init models/checkpoints/x2-c32-n6-l1.safetensors --lr 1e-4
    [ "$pending" -eq 0 ] && break
  done
  echo "queue finished $(date -u +%FT%TZ)"
} >> models/checkpoints/queue.log 2>&1
