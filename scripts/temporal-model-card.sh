#!/usr/bin/env bash
# Ships a trained temporal generator with its card's measured parts (developer tool; needs the shared evaluation data and
# the validation capture out/validation/path100 of models/TRAINING.md; the capture scores are the report's,
# docs/reports/temporal-captures.md):
#   scripts/temporal-model-card.sh NAME TWIN
# copies models/checkpoints/NAME.safetensors (the EMA weights) to models/NAME.safetensors and writes, for the card
# models/NAME.md (its prose and training history are written by hand):
#   models/NAME.stills.md    `gameupscaler report` of the per-frame TWIN and NAME's first frame on the still sets
#   models/NAME.curve.svg    `gameupscaler curve` of the run's validation scores (L1 run, then the GAN stage if any)
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1; twin=$2
CLI=${CLI:-"dotnet src/GameUpscaler.Cli/bin/Release/net10.0/GameUpscaler.Cli.dll"}
cp "models/checkpoints/$name.safetensors" "models/$name.safetensors"
$CLI report --scale 2 --model "$twin=models/$twin.safetensors,$name=models/$name.safetensors" --markdown "models/$name.stills.md"
base=${name%-gan}; base=${base%-l1}
evals="models/checkpoints/$base-l1.eval.csv"; labels="L1"
[ -f "models/checkpoints/$name.eval.csv" ] && [ "$name" != "$base-l1" ] && { evals="$evals,models/checkpoints/$name.eval.csv"; labels="L1,GAN"; }
taau=$($CLI capture eval --capture out/validation/path100 --method taau | tail -1 | sed -E 's/.*frames >= 8: ([0-9.]+) dB.*/\1/')
$CLI curve --eval "$evals" --labels "$labels" --chain --reference "taau=$taau" --out "models/$name.curve.svg" \
  --title "$name: validation Y-PSNR (training path 100, frames >= 8)"
sha256sum "models/$name.safetensors"
