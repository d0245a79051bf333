#!/usr/bin/env bash
# Builds podinit twice: build/ with Debian's shared libraries (and every test), and
# build-static/ with -Dstatic=true, the fully static podinit that goes into images.
# Used by the README's commands and the Dockerfile; expects scripts/setup.sh to have run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/fetch-sources.sh
bash scripts/build-openssl.sh
[ -d build-static ] || meson setup build-static -Dstatic=true
# -Os and no PIC for the image's binary (our code, curl, simdjson): 1 MB smaller, no slower to
# start (fewer pages to fault in), and the static link is not position-independent anyway.
meson configure build-static -Doptimization=s -Db_staticpic=false
meson compile -C build-static entrypoint/podinit
static_bin=$PWD/build-static/entrypoint/podinit
if [ "${PODINIT_STATIC_ONLY:-}" = 1 ]; then
  echo "static podinit: $static_bin ($(stat -c %s "$static_bin") bytes)"
  exit 0
fi
[ -d build ] || meson setup build
meson configure build -Dstatic_podinit="$static_bin"
meson compile -C build
echo "static podinit: $static_bin ($(stat -c %s "$static_bin") bytes)"
