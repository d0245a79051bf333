#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (a -Dfuzzing=true build: every library compiled
# with libFuzzer's coverage and ASan + UBSan) and runs each for SECONDS (default 60) from its
# seed corpus in tests/fuzz/corpus/ (and the template target from templating's). New inputs
# go to a scratch directory, never into the repository; a crash leaves its input in
# build-fuzz/crashes/; once fixed, it moves to tests/fuzz/regressions/TARGET/ where
# `meson test` replays it (tests fuzz_replay_*).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
command -v clang++ >/dev/null || bash scripts/setup.sh --bench
[ -d build-fuzz ] || CC=clang CXX=clang++ meson setup build-fuzz -Dbuildtype=debugoptimized
meson configure build-fuzz -Dfuzzing=true  # also for a build-fuzz set up before the option
targets=(fuzz_quantity fuzz_fieldpath fuzz_yaml fuzz_json fuzz_pod fuzz_cli)
meson compile -C build-fuzz "${targets[@]}" fuzz_template >/dev/null
mkdir -p build-fuzz/crashes
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
run() {  # binary, seed dir, libFuzzer flags...
  local name=$(basename "$1") bin=$1 seeds=$2
  shift 2
  mkdir -p "$scratch/$name"
  echo -n "$name: "
  "$bin" -max_total_time="$seconds" -artifact_prefix="build-fuzz/crashes/$name-" "$@" \
    "$scratch/$name" "$seeds" 2>&1 | grep -E '^(#[0-9]+ *DONE|Done [0-9]+ runs|==.*ERROR|SUMMARY)' || true
}
for t in "${targets[@]}"; do run "build-fuzz/tests/fuzz/$t" "tests/fuzz/corpus/${t#fuzz_}"; done
mkdir -p "$scratch/template-seeds" && cp tests/templating/corpus/*.tmpl "$scratch/template-seeds/"
run build-fuzz/tests/fuzz/fuzz_template "$scratch/template-seeds" -dict=tests/fuzz/template.dict
echo "crashes: $(ls build-fuzz/crashes | wc -l) (in build-fuzz/crashes/)"
