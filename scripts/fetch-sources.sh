#!/usr/bin/env bash
# Fetches the Debian source packages the static build compiles (OpenSSL, curl, simdjson) into
# subprojects/, with Debian's patches applied. Meson itself never downloads anything.
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

fetch() {  # package, directory name under subprojects/
  local pkg=$1 dest=subprojects/$2
  [ -f "$dest/.podinit-fetched" ] && return 0
  local work=subprojects/.debsrc/$pkg
  rm -rf "$work" && mkdir -p "$work"
  # A mirror may list a security update's source before (or without) serving its .dsc, as
  # happened with openssl 3.0.22: fall back to the next newest version the indexes list.
  local v ok=
  for v in "" $(apt-cache showsrc "$pkg" | sed -n 's/^Version: //p' | sort -rV); do
    if (cd "$work" && apt-get source -q "$pkg${v:+=$v}" >/dev/null); then ok=1; break; fi
    echo "fetch-sources: apt-get source $pkg${v:+=$v} failed; trying an older version" >&2
    rm -rf "${work:?}"/*
  done
  [ -n "$ok" ] || { echo "fetch-sources: no source of $pkg could be fetched" >&2; exit 1; }
  local src
  src=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n 1)
  [ -n "$src" ] || { echo "fetch-sources: apt-get source $pkg gave no directory" >&2; exit 1; }
  rm -rf "$dest"
  mv "$src" "$dest"
  rm -rf "$work"
  touch "$dest/.podinit-fetched"
}

fetch openssl openssl
fetch curl curl
fetch simdjson simdjson
# simdjson's source package builds with CMake; the static build only wants its single-header
# amalgamation, so a two-line meson.build of ours is laid over it.
cp subprojects/packagefiles/simdjson/meson.build subprojects/simdjson/meson.build
echo "fetch-sources: openssl, curl and simdjson are in subprojects/"
