#!/bin/sh
# Compares podinit's init with tini as PID 1 of a fresh PID namespace (needs root):
#   idle RSS (VmRSS of the init while it supervises `sleep`), and the time to reap 2,000
#   zombies orphaned to the init at once, with the init's CPU time meanwhile. The same
#   measurements as bench/run.sh's row 4 (tools/pid1.py, tools/reap_driver.py).
# usage: bench/init_bench.sh [INIT_CMD...]
#   default: the static and the dynamic test driver of build dir $BUILD (build-init), and
#   /usr/bin/tini-static. An INIT_CMD may have arguments ('/path/podinit run --init').
#   Static vs dynamic linking changes RSS a lot: the table says which each binary is.
set -eu
BUILD=${BUILD:-build-init}
ROUNDS=${ROUNDS:-5}
PYTHON=${PYTHON:-python3}
tools=$(dirname "$0")/tools
if [ $# -eq 0 ]; then
  # No default target builds the static driver: a benchmark, not a test.
  meson compile -C "$BUILD" tests/entrypoint/init/init_driver_static tests/entrypoint/init/init_driver >&2
  set -- "$BUILD/tests/entrypoint/init/init_driver_static" "$BUILD/tests/entrypoint/init/init_driver" \
    /usr/bin/tini-static
fi

linkage() {
  f=$(echo $1 | cut -d' ' -f1)
  if ldd "$f" >/dev/null 2>&1; then echo dynamic; else echo static; fi
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-44s %-8s %14s %18s %18s\n' "init" "linking" "idle RSS (kB)" "reap wall (ms)" "reap CPU (ms)"
for cmd in "$@"; do
  # $cmd unquoted: an INIT_CMD with arguments is split into its words.
  rss=$(for r in $(seq $ROUNDS); do "$PYTHON" "$tools/pid1.py" rss $cmd --; done | median)
  reap=$("$PYTHON" "$tools/pid1.py" reap "$ROUNDS" 2000 "$tools/reap_driver.py" $cmd -- 2>/dev/null)
  case $reap in
    n/a*) wall=$reap cpu=$reap ;;
    *) wall=$(echo "$reap" | awk '{printf "%.2f", $1 * 1000}') cpu=$(echo "$reap" | awk '{printf "%.2f", $2 * 1000}') ;;
  esac
  printf '%-44s %-8s %14s %18s %18s\n' "$cmd" "$(linkage "$cmd")" "$rss" "$wall" "$cpu"
done
echo "(medians of $ROUNDS runs; reap = from the moment 2,000 zombies are orphaned to PID 1 until /proc"
echo " shows none, and PID 1's CPU time meanwhile; one init after the other: bench/run.sh takes turns)"
