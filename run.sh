#!/usr/bin/env bash
# Sets up a fresh machine and runs the main job: the built-in test scene rendered at a quality mode's render size,
# upscaled to the display size by every method, images written to out/demo/ (headless; no display needed).
# Extra arguments go to 'gameupscaler demo' (try --help).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/GameUpscaler.Cli -c Release -nologo -v quiet
exec dotnet src/GameUpscaler.Cli/bin/Release/net10.0/GameUpscaler.Cli.dll demo "$@"
