#!/usr/bin/env bash
# Fetches the Debian source packages the static build compiles (wolfSSL, curl, simdjson, Abseil,
# RE2, and OpenSSL for -Dtls=openssl) into subprojects/, with Debian's patches applied. Meson itself never downloads anything.
set -euo pipefail
cd "$(dirname "$0")/.."

have_deb_src() {
  grep -rqsE '^(deb-src |Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null
}

if ! have_deb_src; then
  # Mirror the machine's own Debian sources (deb822 or one-line style) as deb-src.
  out=/etc/apt/sources.list.d/podinit-deb-src.sources
  : > "$out.tmp"
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] || continue
    grep -q 'debian' "$f" || continue
    sed -e 's/^Types:.*/Types: deb-src/' "$f" >> "$out.tmp"
    echo >> "$out.tmp"
  done
  if [ -f /etc/apt/sources.list ]; then
    grep -E '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' \
      > /etc/apt/sources.list.d/podinit-deb-src.list || true
  fi
  mv "$out.tmp" "$out"
  apt-get update -q
fi

die() { echo "fetch-sources: $*" >&2; exit 1; }

fetch() {  # package, directory name under subprojects/
  local pkg=$1 dest=subprojects/$2
  [ -f "$dest/.podinit-fetched" ] && return 0
  local work=subprojects/.debsrc/$pkg
  rm -rf "$work" && mkdir -p "$work"
  # A mirror may list a source before (or without) serving its .dsc: fall back to the next
  # newest version the indexes list.
  local v ok=
  for v in "" $(apt-cache showsrc "$pkg" | sed -n 's/^Version: //p' | sort -rV); do
    if (cd "$work" && apt-get source -q "$pkg${v:+=$v}" >/dev/null); then ok=1; break; fi
    echo "fetch-sources: apt-get source $pkg${v:+=$v} failed; trying an older version" >&2
    rm -rf "${work:?}"/*
  done
  [ -n "$ok" ] || die "no source of $pkg could be fetched"
  take_tree "$work" "$dest" "$pkg"
}

# The source of exactly the version of an installed binary package: the static build's copy
# must match the headers the shared build (and the tests) compile against.
fetch_installed() {  # source package, installed binary package, directory name under subprojects/
  local pkg=$1 dest=subprojects/$3 v
  v=$(dpkg-query -W -f='${source:Version}' "$2") || die "$2 is not installed (scripts/setup.sh)"
  local tag="$pkg $v"
  if [ "$(cat "$dest/.podinit-fetched" 2>/dev/null)" = "$tag" ]; then return 0; fi
  local work=subprojects/.debsrc/$pkg
  rm -rf "$work" && mkdir -p "$work"
  (cd "$work" && apt-get source -q "$pkg=$v" >/dev/null) ||
    die "apt-get source $pkg=$v failed: the installed $2's source is needed (fix the mirror or apt-get update)"
  take_tree "$work" "$dest" "$tag"
}

take_tree() {  # directory holding one unpacked source tree, its place under subprojects/, note
  local src
  src=$(find "$1" -mindepth 1 -maxdepth 1 -type d | head -n 1)
  [ -n "$src" ] || die "no source directory in $1"
  rm -rf "$2"
  mv "$src" "$2"
  rm -rf "$1"
  echo "$3" >"$2/.podinit-fetched"
}

# Applies debian/patches/series of an older Debian version to a newer upstream tree, as
# dpkg-source would (no fuzz). Its security backports are in the newer upstream release: one
# that reverse-applies is skipped; one upstream took in another form (reworked code or tests)
# does neither, and is skipped only when reviewed-in-upstream lists it for this upstream
# version. Any other patch stops the fetch. Prints "APPLIED SKIPPED".
apply_debian_series() {  # tree, upstream version
  local tree=$1 upstream=$2 reviewed=$PWD/subprojects/packagefiles/openssl/reviewed-in-upstream
  local name level applied=0 skipped=0
  while read -r name level _; do
    case $name in '' | '#'*) continue ;; esac
    # -f: no guessing that a patch is reversed, which could turn the -R check into a forward one.
    local opts=(-d "$tree" -f -F0 "${level:--p1}") patch=$tree/debian/patches/$name
    if patch "${opts[@]}" --dry-run <"$patch" >/dev/null 2>&1; then
      patch "${opts[@]}" -s --no-backup-if-mismatch <"$patch" >&2 || die "$name failed to apply"
      applied=$((applied + 1))
      continue
    elif patch "${opts[@]}" -R --dry-run <"$patch" >/dev/null 2>&1; then
      echo "fetch-sources: skipped $name: already in upstream $upstream (reverse-applies)" >&2
    elif awk -v u="$upstream" -v n="$name" '$1 == u && $2 == n { f = 1 } END { exit !f }' "$reviewed"; then
      echo "fetch-sources: skipped $name: in upstream $upstream in another form (reviewed)" >&2
    else
      die "Debian patch $name neither applies to upstream $upstream nor reverse-applies;" \
        "check by hand whether $upstream has it and list it in $reviewed, or fix the mirror"
    fi
    skipped=$((skipped + 1))
  done <"$tree/debian/patches/series"
  echo "$applied $skipped"
}

# OpenSSL is the installed libssl-dev's upstream version, never an older one: a mirror that
# serves a security update's binaries before its .dsc would otherwise put an OpenSSL into the
# static podinit that misses the fixes the machine itself runs with. When the exact source
# package does not fetch, apt-get has still fetched (and checked against the signed index) the
# orig tarball; Debian's packaging then comes from the newest version whose source does fetch.
fetch_openssl() {
  local dest=subprojects/openssl work=subprojects/.debsrc/openssl installed upstream
  installed=$(dpkg-query -W -f='${source:Version}' libssl-dev)
  upstream=${installed#*:}
  upstream=${upstream%-*}
  local tag="OpenSSL $upstream (libssl-dev $installed)"
  if grep -qsF "$tag" "$dest/.podinit-fetched"; then return 0; fi
  rm -rf "$work" && mkdir -p "$work"
  if (cd "$work" && apt-get source -q "openssl=$installed" >/dev/null); then
    take_tree "$work" "$dest" "$tag: Debian's source package $installed"
    echo "fetch-sources: $tag: Debian's source package $installed" >&2
    return 0
  fi
  local orig
  orig=$(find "$work" -maxdepth 1 -name "openssl_$upstream.orig.tar.*" ! -name '*.asc' | head -n 1)
  [ -n "$orig" ] || die "neither the source package of openssl $installed nor its upstream" \
    "tarball openssl_$upstream.orig.tar.* could be fetched; an older OpenSSL than the" \
    "installed one will not be built: fix the mirror (or apt-get update) and run again"
  echo "fetch-sources: openssl $installed has no complete source on the mirror;" \
    "building upstream $upstream from its orig tarball with an older version's debian/" >&2
  local v debian_v=
  for v in $(apt-cache showsrc openssl | sed -n 's/^Version: //p' | sort -urV); do
    [ "$v" != "$installed" ] || continue
    mkdir -p "$work/debian-$v"
    if (cd "$work/debian-$v" && apt-get source -q --download-only "openssl=$v" >/dev/null); then
      debian_v=$v
      break
    fi
  done
  [ -n "$debian_v" ] || die "no version of openssl's Debian source could be fetched for its debian/"
  mkdir "$work/tree"
  tar -xf "$orig" -C "$work/tree"
  local tree counts
  tree=$(find "$work/tree" -mindepth 1 -maxdepth 1 -type d | head -n 1)
  tar -xf "$work/debian-$debian_v"/openssl_*.debian.tar.* -C "$tree"
  counts=$(apply_debian_series "$tree" "$upstream")
  local how="upstream orig tarball + debian/ of $debian_v, ${counts% *} Debian patches applied,"
  how+=" ${counts#* } skipped as already upstream"
  rm -rf "$work/debian-$debian_v"
  take_tree "$work/tree" "$dest" "$tag: $how"
  rm -rf "$work"
  echo "fetch-sources: $tag: $how" >&2
}

# Our patches to a fetched tree (subprojects/packagefiles/NAME/*.patch), applied in place once:
# one that already reverse-applies is in. Any other stops the fetch.
apply_ours() {  # name
  local p
  for p in subprojects/packagefiles/"$1"/*.patch; do
    [ -e "$p" ] || continue
    local opts=(-d "subprojects/$1" -p1 -f -F0 --no-backup-if-mismatch)
    if patch "${opts[@]}" -R --dry-run <"$p" >/dev/null 2>&1; then continue; fi
    patch "${opts[@]}" --dry-run <"$p" >/dev/null 2>&1 || die "$p does not apply to subprojects/$1"
    patch "${opts[@]}" -s <"$p"
    echo "fetch-sources: applied $p" >&2
  done
}

fetch_openssl
fetch wolfssl wolfssl
fetch curl curl
apply_ours curl
fetch simdjson simdjson
# simdjson's source package builds with CMake; the static build only wants its single-header
# amalgamation, so a two-line meson.build of ours is laid over it.
cp subprojects/packagefiles/simdjson/meson.build subprojects/simdjson/meson.build
# Abseil and RE2: the versions of the installed libabsl-dev and libre2-dev, whose headers the
# shared build compiles against (scripts/build-abseil.sh, scripts/build-re2.sh).
fetch_installed abseil libabsl-dev abseil
apply_ours abseil
fetch_installed re2 libre2-dev re2
apply_ours re2
echo "fetch-sources: wolfssl, openssl, curl, simdjson, abseil and re2 are in subprojects/"
