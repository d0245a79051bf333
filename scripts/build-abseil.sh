#!/usr/bin/env bash
# Builds the Abseil that the static podinit links: Debian's source package of the installed
# libabsl-dev (scripts/fetch-sources.sh, Debian's patches and ours applied), with the static
# build's flags. Debian's libabsl_*.a are built without -ffunction-sections, so each object
# linked came whole; and its headers and objects use iostreams only for debugging dumps, which
# kept libstdc++'s locale and iostream code (0.3 MB) in the static podinit. Our patches
# (subprojects/packagefiles/abseil/) take those uses out; bench/README.md has the sizes.
# The shared build keeps Debian's libabsl-dev. The same version and the same options.h (the
# "debian3" inline namespace, absl:: types of their own), so both compile against the same API.
# Prints the install prefix; skips the build when that prefix was built with these options.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prefix-build.sh

# C++17 as Debian's build; the flags of scripts/prefix-build.sh.
cxxflags=$prefix_build_cxxflags
options=(
  -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_STANDARD=17 -DBUILD_SHARED_LIBS=OFF
  -DCMAKE_POSITION_INDEPENDENT_CODE=OFF -DABSL_PROPAGATE_CXX_STD=ON -DBUILD_TESTING=OFF
  -DCMAKE_AR="$(command -v gcc-ar)" -DCMAKE_RANLIB="$(command -v gcc-ranlib)"
)
prefix_build_check abseil "${options[*]}; CXXFLAGS=$cxxflags"
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
{
  cmake -S "$fetched" -B "$build" -G Ninja -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DCMAKE_CXX_FLAGS="$cxxflags" "${options[@]}" "${launcher[@]}" &&
  cmake --build "$build" -j"$(nproc)" &&
  cmake --install "$build"
} >"$build.log" 2>&1 || { tail -n 40 "$build.log" >&2; echo "build-abseil: failed; see $build.log" >&2; exit 1; }
prefix_build_done
