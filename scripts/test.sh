#!/usr/bin/env bash
# The README's second command: set up a fresh Debian 12 machine, build, run every test.
# Every test runs twice: in build/ (release, as shipped) and in build-asan/ (AddressSanitizer +
# UndefinedBehaviorSanitizer), so CI, which runs this script, runs the sanitizers too.
# The last line is meson's count over both runs as "N passed, N failed".
#   --no-sanitize   skip the sanitizer build (a quicker local run)
#   other arguments go to `meson test` (test names, --suite ...)
set -euo pipefail
cd "$(dirname "$0")/.."
sanitize=1
if [ "${1:-}" = --no-sanitize ]; then sanitize=; shift; fi
# Accepted for scripts written when the sanitizer run was opt-in.
if [ "${1:-}" = --sanitize ]; then shift; fi

bash scripts/setup.sh >/tmp/podinit-setup.log 2>&1 || { tail -n 30 /tmp/podinit-setup.log; exit 1; }
bash scripts/build.sh
logs=(build/meson-logs/testlog.json)
# tests/runtime (podinit in containers run by podman) is in the release pass only, where podman
# can run a container here; elsewhere it is left out with one line saying why.
runtime=()
if ! why=$(python3 tests/runtime/rt.py probe build/tests/runtime/state 2>&1); then
  echo "runtime tests skipped: ${why:-podman cannot run a container here}"
  runtime=(--no-suite runtime)
fi
if [ -n "$sanitize" ]; then
  # -O1 and line tables only (-g1): what ASan's reports need, and half the compile time of
  # debugoptimized's -O2 -g on two cores. GCC's -Wmaybe-uninitialized misfires on
  # std::variant under ASan instrumentation.
  asan_opts=(-Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=plain -Doptimization=1
             -Ddebug=false "-Dcpp_args=-g1 -Wno-maybe-uninitialized"
             -Dstatic_podinit="$PWD/build-static/entrypoint/podinit")
  if [ -d build-asan ]; then meson configure build-asan "${asan_opts[@]}" >/dev/null
  else meson setup build-asan "${asan_opts[@]}" >/dev/null; fi
  # Compiled while the release tests run, at a lower priority, so that the two overlap: those
  # tests mostly wait on servers and child processes, and they hold under a build beside
  # them (issue 12).
  echo "== build-asan/ compiles beside the release tests (log: build-asan/compile.log)"
  nice -n 10 meson compile -C build-asan >build-asan/compile.log 2>&1 &
  asan_compile=$!
fi
set +e
meson test -C build --print-errorlogs --num-processes 2 "${runtime[@]}" "$@"
rc=$?
if [ -n "$sanitize" ]; then
  if wait "$asan_compile"; then
    meson test -C build-asan --print-errorlogs --num-processes 2 --timeout-multiplier 3 "$@"
    rc=$(( rc | $? ))
  else
    tail -n 40 build-asan/compile.log
    echo "build-asan/: the sanitizer build failed (build-asan/compile.log)"
    rc=1
  fi
  logs+=(build-asan/meson-logs/testlog.json)
fi
set -e
python3 scripts/test_summary.py "${logs[@]}"
exit $rc
