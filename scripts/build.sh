#!/usr/bin/env bash
# Builds podinit twice: build/ with Debian's shared libraries (and every test), and
# build-static/ with -Dstatic=true, the fully static podinit that goes into images.
# Used by the README's commands and the Dockerfile; expects scripts/setup.sh to have run.
#   --demo   build/ gets only podinit-fake-apiserver: what the README's first command runs
#            beside the static podinit (scripts/test.sh builds the rest)
# Each step starts with a line "== STEP"; scripts/demo.sh shows them as progress.
set -euo pipefail
cd "$(dirname "$0")/.."
demo=
if [ "${1:-}" = --demo ]; then demo=1; fi

# The static build's TLS library: wolfSSL (README "Building" says why); PODINIT_TLS=openssl
# builds the cut-down OpenSSL instead, as before.
tls=${PODINIT_TLS:-wolfssl}
echo "== Debian's source packages (wolfSSL, OpenSSL, curl, simdjson, Abseil, RE2) into subprojects/"
bash scripts/fetch-sources.sh
echo "== $tls, cut down to a TLS client, for the static build"
bash "scripts/build-$tls.sh"
echo "== Abseil and RE2 without iostreams, for the static build"
pc_path=$(bash scripts/build-abseil.sh)/lib/pkgconfig,$(bash scripts/build-re2.sh)/lib/pkgconfig
echo "== the static podinit (build-static/)"
[ -d build-static ] || meson setup build-static -Dstatic=true -Dpkg_config_path="$pc_path"
# -Os and no PIC for the image's binary (our code, curl, simdjson): 1 MB smaller, no slower to
# start (fewer pages to fault in), and the static link is not position-independent anyway.
# LTO: another 124 kB off, which keeps the binary under its 4 MB (bench/README.md, "Size").
meson configure build-static -Doptimization=s -Db_staticpic=false -Db_lto=true -Dtls="$tls" \
  -Dpkg_config_path="$pc_path"
meson compile -C build-static entrypoint/podinit
static_bin=$PWD/build-static/entrypoint/podinit
if [ "${PODINIT_STATIC_ONLY:-}" = 1 ]; then
  echo "static podinit: $static_bin ($(stat -c %s "$static_bin") bytes)"
  exit 0
fi
if [ -n "$demo" ]; then
  echo "== podinit-fake-apiserver (build/)"
else
  echo "== build/: podinit, podinit-fake-apiserver and every test"
fi
[ -d build ] || meson setup build
meson configure build -Dstatic_podinit="$static_bin"
if [ -n "$demo" ]; then
  meson compile -C build fakeapi/podinit-fake-apiserver
else
  meson compile -C build
fi
echo "static podinit: $static_bin ($(stat -c %s "$static_bin") bytes)"
