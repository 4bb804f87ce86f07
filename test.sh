#!/usr/bin/env bash
# Sets up a fresh machine and runs the whole test suite in Release with warnings as errors.
# The last line is the summary "N passed, N failed" (", N skipped" when any were skipped).
set -uo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh || exit 1

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! dotnet build GameUpscaler.sln -c Release -warnaserror -nologo -v quiet; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# The C API's native library (NativeAOT), which the C test programs in tests/GameUpscaler.Native.Tests link against.
if ! bash scripts/build-native.sh; then
  echo "native build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

rm -rf TestResults
# One run per test project, each with its own TRX file: a shared LogFileName made the projects overwrite each other's
# results, so only one project's counts reached the summary.
status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --nologo -v quiet \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory TestResults || status=1
done

passed=0; failed=0; skipped=0
for trx in TestResults/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get total) - $(get executed)))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # the run itself broke (crash, no results)

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
