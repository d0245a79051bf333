# Sourced by scripts/build-abseil.sh and scripts/build-re2.sh: the stamp that lets a build of a
# fetched Debian source (subprojects/NAME, with our patches from subprojects/packagefiles/NAME/)
# into its prefix be skipped when nothing it was built from has changed.

# The C++ flags of those builds: -Os and section GC, as the rest of the static build; LTO
# objects (gcc-ar indexes them), so the static link optimises them with podinit's code as
# meson's -Db_lto=true does ours; fat, so a link without -flto still works. Unwind tables
# stay (podinit's exceptions may pass through), and there is no NDEBUG, as in Debian's builds:
# the same checks.
prefix_build_cxxflags="-Os -ffunction-sections -fdata-sections -flto=auto -ffat-lto-objects"

# Sets $fetched (subprojects/NAME), $build (NAME-build, a scratch tree) and $prefix
# (NAME-prefix, where it installs). Exits 0, printing the prefix, when $prefix was built from
# this source, these patches and `what` (the build's options); otherwise empties $prefix and
# $build for a new build.
prefix_build_check() {  # name, what
  fetched=$PWD/subprojects/$1 build=$PWD/subprojects/$1-build prefix=$PWD/subprojects/$1-prefix
  [ -d "$fetched" ] || { echo "build-$1: $fetched is missing: run scripts/fetch-sources.sh" >&2; exit 1; }
  local patches
  patches=$( (cat subprojects/packagefiles/"$1"/*.patch 2>/dev/null || true) | sha256sum | cut -c1-16)
  prefix_build_want="$(cat "$fetched/.podinit-fetched"); our patches $patches; $2"
  if [ "$(cat "$prefix/.podinit-built" 2>/dev/null)" = "$prefix_build_want" ]; then
    echo "$prefix"
    exit 0
  fi
  echo "build-$1: building $(cat "$fetched/.podinit-fetched")" >&2
  rm -rf "$prefix" "$build"
}

prefix_build_done() {
  echo "$prefix_build_want" >"$prefix/.podinit-built"
  echo "$prefix"
}
