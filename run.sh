#!/usr/bin/env bash
# Sets up a fresh machine and runs the main job: the sample game headless. Its scene is rendered at each quality
# mode's render size, upscaled by the render-pipeline hook into a 640x360 display image with the HUD composited;
# frames, frametimes.csv and frametimes.svg per mode go to out/sample/<mode>/ (no display needed).
# Extra arguments go to the sample (try --help), e.g. ./run.sh --mode performance --frames 10 --display 1280x720.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build samples/GameUpscaler.Sample -c Release -nologo -v quiet
exec dotnet samples/GameUpscaler.Sample/bin/Release/net10.0/GameUpscaler.Sample.dll --headless "$@"
