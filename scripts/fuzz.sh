#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (a -Dfuzzing=true build: every library compiled
# with libFuzzer's coverage and ASan + UBSan) and runs each for SECONDS (default 60) from its
# corpus in tests/fuzz/corpus/TARGET/ (the template target also from templating's corpus).
# New inputs go to a scratch directory; with --grow, those that reach new coverage are merged
# (libFuzzer -merge=1) into tests/fuzz/corpus/TARGET/ to be committed, so the next run starts
# where this one ended and `meson test` replays them (tests fuzz_replay_*). A crash leaves its
# input in build-fuzz/crashes/; once fixed, it moves to tests/fuzz/regressions/TARGET/.
#   fuzz.sh [--grow] [SECONDS] [TARGET...]   (targets: quantity fieldpath yaml json pod cli template)
set -euo pipefail
cd "$(dirname "$0")/.."
grow=
if [ "${1:-}" = --grow ]; then grow=1; shift; fi
seconds=${1:-60}
[ $# -gt 0 ] && shift
command -v clang++ >/dev/null || bash scripts/setup.sh --bench
[ -d build-fuzz ] || CC=clang CXX=clang++ meson setup build-fuzz -Dbuildtype=debugoptimized
meson configure build-fuzz -Dfuzzing=true  # also for a build-fuzz set up before the option
all=(quantity fieldpath yaml json pod cli template)
wanted=("${@:-${all[@]}}")
meson compile -C build-fuzz "${wanted[@]/#/fuzz_}" >/dev/null
mkdir -p build-fuzz/crashes
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
run() {  # target, libFuzzer flags...
  local name=$1 bin=build-fuzz/tests/fuzz/fuzz_$1 corpus=tests/fuzz/corpus/$1
  shift
  mkdir -p "$scratch/$name" "$corpus"
  local seeds=("$corpus")
  if [ "$name" = template ]; then seeds+=(tests/templating/corpus); fi
  echo -n "$name: "
  "$bin" -max_total_time="$seconds" -artifact_prefix="build-fuzz/crashes/$name-" "$@" \
    "$scratch/$name" "${seeds[@]}" 2>&1 | grep -aE '^(#[0-9]+[[:space:]]+DONE|Done [0-9]+ runs|==.*ERROR|SUMMARY)' || true
  if [ -n "$grow" ]; then
    local before=$(ls "$corpus" | wc -l)
    "$bin" -merge=1 "$@" "$corpus" "$scratch/$name" >/dev/null 2>&1 || true
    echo "  $corpus: $before -> $(ls "$corpus" | wc -l) inputs"
  fi
}
for t in "${wanted[@]}"; do
  if [ "$t" = template ]; then run template -dict=tests/fuzz/template.dict; else run "$t"; fi
done
echo "crashes: $(ls build-fuzz/crashes | wc -l) (in build-fuzz/crashes/)"
