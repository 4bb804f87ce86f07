#!/usr/bin/env bash
# Ships a trained model with its card (developer tool; needs python3 and the shared evaluation data):
#   scripts/model-card.sh NAME [TWIN [ALPHA]]
# copies models/checkpoints/NAME.safetensors (the EMA weights of a finished or stopped run) to models/NAME.safetensors,
# measures it with `gameupscaler report` (with TWIN, e.g. the L1 model of a GAN one, in the same table), writes the
# side-by-side crop models/NAME.crop.png and the card models/NAME.md. Edit the card's notes by hand afterwards.
# With ALPHA (a GAN model and its L1 TWIN), the shipped model is the network interpolation
# `model blend --alpha ALPHA TWIN models/checkpoints/NAME.safetensors` and the table also shows the unblended run as
# NAME-unblended.
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1; twin=${2:-}; alpha=${3:-}
ckpt=models/checkpoints/$name
[ -f "$ckpt/progress.json" ] || { echo "no checkpoint $ckpt" >&2; exit 1; }
CLI="dotnet src/GameUpscaler.Cli/bin/Release/net10.0/GameUpscaler.Cli.dll"
scale=$(python3 -c "import json;print(json.load(open('$ckpt/options.json'))['Scale'])")
models="models/$name.safetensors"
if [ -n "$alpha" ]; then
  [ -n "$twin" ] || { echo "a blend needs the L1 TWIN" >&2; exit 1; }
  unblended=$(mktemp -d)/$name-unblended.safetensors
  cp "models/checkpoints/$name.safetensors" "$unblended"
  $CLI model blend --alpha "$alpha" "models/$twin.safetensors" "$unblended" "models/$name.safetensors"
  models="$unblended,$models"
else
  cp "models/checkpoints/$name.safetensors" "models/$name.safetensors"
fi
[ -n "$twin" ] && models="models/$twin.safetensors,$models"
table=$(mktemp)
$CLI report --scale "$scale" --model "$models" --markdown "$table" --crop "models/$name.crop.png" --crop-from ../shared/data/eval/games_redeclipse/testchamber.png | tee "$table.log"
sha=$(sha256sum "models/$name.safetensors" | cut -d' ' -f1)
python3 - "$name" "$ckpt" "$table" "$sha" "$table.log" "$twin" "$alpha" <<'PY'
import json, sys
name, ckpt, table, sha, log, twin, alpha = sys.argv[1:]
o = json.load(open(f"{ckpt}/options.json")); p = json.load(open(f"{ckpt}/progress.json"))
cmd = (f"gameupscaler train --scale {o['Scale']} --channels {o['Channels']} --blocks {o['BodyConvs']} --iterations {o['Iterations']}"
       f" --lr {o['LearningRate']:g} --batch {o['BatchSize']} --patch {o['PatchSize']} --seed {o['Seed']}"
       f" --mix {o['MixBicubic']:g},{o['MixBox']:g},{o['MixPoint']:g},{o['MixRendered']:g}")
if o['DataDirectories']: cmd += " --data " + ":".join(o['DataDirectories'])
textures = o.get('TextureDirectories') or []
if textures: cmd += " --textures " + ":".join(textures) + f" --texture-share {o['TextureShare']:g}"
if o['Stage'] == 'Gan':
    cmd += f" --stage gan --init {o['InitialModel']} --l1-weight {o['L1Weight']:g} --adv-weight {o['AdversarialWeight']:g}"
crop = [l for l in open(log) if l.startswith('crop:')]
macs = 9 * (3 * o['Channels'] + o['BodyConvs'] * o['Channels'] ** 2 + 3 * o['Scale'] ** 2 * o['Channels'])
with open(f"models/{name}.md", "w") as f:
    f.write(f"# {name}\n\n")
    f.write(f"SRVGG-style generator, x{o['Scale']}, C={o['Channels']}, N={o['BodyConvs']}: {macs:,} multiply-adds per input pixel. "
            f"Stage: {o['Stage']}.\n\n")
    f.write(f"- **File**: `models/{name}.safetensors`, SHA-256 `{sha}`\n")
    f.write(f"- **Training command** (repository root; `gameupscaler` = `dotnet src/GameUpscaler.Cli/bin/Release/net10.0/GameUpscaler.Cli.dll`):\n  `{cmd}`\n")
    f.write(f"- **Data**: PNG images under {', '.join(o['DataDirectories']) or '(none)'} (Debian wesnoth-1.16-data 1:1.16.9-1, "
            f"`scripts/fetch-training-data.sh`), minus evaluation-like files; pair mix bicubic/box/point/rendered-scene = "
            f"{o['MixBicubic']:g}/{o['MixBox']:g}/{o['MixPoint']:g}/{o['MixRendered']:g}; batch {o['BatchSize']} x {o['PatchSize']}² LR patches"
            + (f"; {o['TextureShare']:.0%} of natural patches cut tiled from the seamless textures under {', '.join(textures)}"
               " (Debian widelands-data 2:1.1-3, `scripts/fetch-training-data.sh`)" if textures else "") + "\n")
    f.write(f"- **Iterations**: {p['Step']} of {o['Iterations']} planned; **wall time** {p['ElapsedSeconds']/60:.1f} min of training "
            f"(one thread, niced, on the 2-core build machine shared with other work)\n")
    if alpha:
        f.write(f"- **Weights shipped**: the network interpolation `gameupscaler model blend --alpha {alpha} models/{twin}.safetensors "
                f"models/checkpoints/{name}.safetensors models/{name}.safetensors` ({1 - float(alpha):g} x the L1 twin + {alpha} x this run's "
                f"EMA weights, decay {o['EmaDecay']:g} with warm-up; the run alone is `{name}-unblended` in the table)\n\n")
    else:
        f.write(f"- **Weights shipped**: the EMA (decay {o['EmaDecay']:g} with warm-up)\n\n")
    f.write("## Evaluation\n\n`gameupscaler report` (Y-PSNR/Y-SSIM: MATLAB-bicubic x1/s degradation, BT.601 Y, border of s pixels shaved; "
            "GMSD: lower is better; HF energy ratio: Laplacian energy against HR, 1 = as detailed as HR). Game screenshot sets: every image, PNG and JPEG "
            "(games_widelands 8, games_supertuxkart 16, games_flightgear 4, games_redeclipse 33). "
            "scene-1spp: the built-in test scene rendered at 768x432 with one sample per pixel against 1536x864 4x4-supersampled.\n\n")
    f.write(open(table).read())
    f.write(f"\n![side-by-side]({name}.crop.png)\n\n{crop[0].strip() if crop else ''}\n")
PY
echo "card: models/$name.md"
