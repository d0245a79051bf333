#!/usr/bin/env bash
# The README's second command: set up a fresh Debian 12 machine, build, run every test.
# The last line is meson's count as "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh >/tmp/podinit-setup.log 2>&1 || { tail -n 30 /tmp/podinit-setup.log; exit 1; }
bash scripts/build.sh
set +e
meson test -C build --print-errorlogs --num-processes 2 "$@"
rc=$?
set -e
python3 scripts/test_summary.py build/meson-logs/testlog.json
exit $rc
