#!/usr/bin/env bash
# Builds the RE2 that the static podinit links: Debian's source package of the installed
# libre2-dev (scripts/fetch-sources.sh, Debian's patches and ours applied), with the static
# build's flags. Debian's libre2.a is -O3 without -ffunction-sections, and its LOG messages are
# built in an std::ostringstream, which keeps libstdc++'s locale code (0.3 MB) in a static
# program; our patch (subprojects/packagefiles/re2/) builds them in a string. Its Unicode tables
# are generated from Debian's unicode-data, as Debian's build does (REBUILD_TABLES=1; the
# version its libre2 was built with: `dpkg -s libre2-9`, Built-Using). bench/README.md has the
# sizes. The shared build keeps Debian's libre2-dev.
# Prints the install prefix; skips the build when that prefix was built with these options.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prefix-build.sh

# C++11 as Debian's build (its Makefile adds -pthread); the flags of scripts/prefix-build.sh.
cxxflags="$prefix_build_cxxflags -std=c++11"
unicode=$(dpkg-query -W -f='${Version}' unicode-data 2>/dev/null) ||
  { echo "build-re2: unicode-data is not installed (scripts/setup.sh installs it)" >&2; exit 1; }
prefix_build_check re2 "unicode-data $unicode; CXXFLAGS=$cxxflags"
cxx=g++
if command -v ccache >/dev/null; then cxx="ccache g++"; fi
cp -a "$fetched" "$build"
{
  make -C "$build" -j"$(nproc)" REBUILD_TABLES=1 CXX="$cxx" CXXFLAGS="$cxxflags" \
    AR="$(command -v gcc-ar)" ARFLAGS=rsc prefix="$prefix" static-install
} >"$build.log" 2>&1 || { tail -n 40 "$build.log" >&2; echo "build-re2: failed; see $build.log" >&2; exit 1; }
prefix_build_done
