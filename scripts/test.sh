#!/usr/bin/env bash
# The README's second command: set up a fresh Debian 12 machine, build, run every test.
# The last line is meson's count as "N passed, N failed".
# --sanitize: also build with AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/) and run
# every test there too; the closing line then counts both runs.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitize=
if [ "${1:-}" = --sanitize ]; then sanitize=1; shift; fi

bash scripts/setup.sh >/tmp/podinit-setup.log 2>&1 || { tail -n 30 /tmp/podinit-setup.log; exit 1; }
bash scripts/build.sh
logs=(build/meson-logs/testlog.json)
set +e
meson test -C build --print-errorlogs --num-processes 2 "$@"
rc=$?
if [ -n "$sanitize" ]; then
  # GCC's -Wmaybe-uninitialized misfires on std::variant under ASan instrumentation.
  [ -d build-asan ] || meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false \
    -Dbuildtype=debugoptimized -Dcpp_args=-Wno-maybe-uninitialized \
    -Dstatic_podinit="$PWD/build-static/entrypoint/podinit"
  meson compile -C build-asan && meson test -C build-asan --print-errorlogs --num-processes 2 \
    --timeout-multiplier 3 "$@"
  rc=$(( rc | $? ))
  logs+=(build-asan/meson-logs/testlog.json)
fi
set -e
python3 scripts/test_summary.py "${logs[@]}"
exit $rc
