#!/usr/bin/env bash
# Container images of podinit, built with podman. No registry is needed: when there is no
# debian:bookworm image, the base is made offline with mmdebstrap and `podman import`.
#   scripts/image.sh [release]   the repository's Dockerfile, for real           podinit:latest
#   scripts/image.sh debug       its debug target (podinit + busybox-static)      podinit:debug
#   scripts/image.sh fast        FROM scratch with build-static's podinit         podinit:fast
#   scripts/image.sh fast-debug  the same plus this machine's busybox-static      podinit:fast-debug
#   scripts/image.sh etcd        examples/etcd/Dockerfile, for real               podinit-etcd:latest
#   scripts/image.sh etcd-fast   that image's final stage, with this machine's
#                                Debian etcd and etcdctl instead of a build stage  podinit-etcd:fast
#   scripts/image.sh base        only the debian:bookworm base
# Options after the target: --tag NAME (the image's name), --podinit FILE (the podinit the
# fast and etcd images carry; default build-static/entrypoint/podinit).
# The fast images need neither the base nor the network: tests/runtime builds them per run.
# Environment: podman's own (CONTAINERS_CONF, CONTAINERS_STORAGE_CONF, ...); without a
# CONTAINERS_CONF, one that works in sandboxes which refuse setrlimit (no default ulimits,
# runc) is used. PODINIT_CACHE (default ~/.cache/podinit) keeps the base's root filesystem
# for the day it was made (a new day, or other apt sources, make a new one).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

target=${1:-release}
[ $# -eq 0 ] || shift
tag= podinit=$root/build-static/entrypoint/podinit
while [ $# -gt 0 ]; do
  case $1 in
    --tag) tag=${2:?--tag NAME}; shift 2 ;;
    --podinit) podinit=${2:?--podinit FILE}; shift 2 ;;
    *) echo "image.sh: unknown option $1" >&2; exit 1 ;;
  esac
done
die() { echo "image.sh: $*" >&2; exit 1; }
cache=${PODINIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/podinit}
mkdir -p "$cache"
if [ -z "${CONTAINERS_CONF:-}" ]; then
  printf '[containers]\ndefault_ulimits = []\n[engine]\nruntime = "runc"\n' >"$cache/containers.conf"
  export CONTAINERS_CONF=$cache/containers.conf
fi
command -v podman >/dev/null || die "podman is not installed (bash scripts/setup.sh)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# This machine's apt sources (binary ones), so the base fetches from the mirror the machine
# itself uses, with its updates and security suites.
host_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    case $f in *podinit-deb-src*) continue ;; esac
    if grep -qE '^deb |^Types:.*\bdeb\b' "$f"; then echo "$f"; fi
  done
}

ensure_base() {
  if podman image exists debian:bookworm; then return 0; fi
  command -v mmdebstrap >/dev/null || die "no debian:bookworm image and no mmdebstrap (bash scripts/setup.sh)"
  local sources key tar
  mapfile -t sources < <(host_sources)
  key=$(date -u +%Y%m%d)-$(cat "${sources[@]}" /dev/null | sha256sum | cut -c1-12)
  tar=$cache/bookworm-minbase-$key.tar
  if [ ! -f "$tar" ]; then
    find "$cache" -maxdepth 1 -name 'bookworm-minbase-*' -delete
    echo "image.sh: making debian:bookworm with mmdebstrap (sources: ${sources[*]:-deb.debian.org})" >&2
    mmdebstrap --variant=minbase --format=tar --quiet bookworm "$cache/bookworm-minbase-partial" \
      "${sources[@]}" || die "mmdebstrap failed"
    mv "$cache/bookworm-minbase-partial" "$tar"
  fi
  echo "image.sh: importing $tar as debian:bookworm" >&2
  podman import --quiet --change 'CMD ["bash"]' "$tar" debian:bookworm >/dev/null
}

build() {  # podman build arguments...
  local start=$SECONDS
  podman build --pull=never --network host "$@" >&2 || die "podman build $* failed"
  echo "image.sh: built $name in $((SECONDS - start)) s: $(podman image inspect --format '{{.Size}}' "$name") bytes" >&2
}

# The final stage of the repository's Dockerfile, around a podinit built outside it.
fast_context() {
  [ -x "$podinit" ] || die "$podinit is missing: bash scripts/build.sh (or --podinit FILE)"
  cp "$podinit" "$work/podinit"
  printf 'FROM scratch\nCOPY podinit /podinit\n' >"$work/Containerfile"
}
# ENTRYPOINT and CMD as that Dockerfile's stage has them (the unnamed last stage when STAGE is
# empty), so the fast images cannot drift from the real ones.
fast_finish() {  # DOCKERFILE [STAGE]
  awk -v want="${2:-}" '
    $1 == "FROM" { stage = (NF >= 4 && toupper($3) == "AS") ? $4 : ""; next }
    stage == want && ($1 == "ENTRYPOINT" || $1 == "CMD") { line[$1] = $0 }
    END { if ("ENTRYPOINT" in line) print line["ENTRYPOINT"]; if ("CMD" in line) print line["CMD"] }
  ' "$1" >>"$work/Containerfile"
  grep -q '^ENTRYPOINT ' "$work/Containerfile" || die "no ENTRYPOINT in $1's ${2:-last} stage"
}

case $target in
  release | debug)
    name=${tag:-podinit:$([ "$target" = debug ] && echo debug || echo latest)}
    ensure_base
    args=(-t "$name" -f "$root/Dockerfile")
    [ "$target" = release ] || args+=(--target debug)
    build "${args[@]}" "$root"
    ;;
  fast | fast-debug)
    name=${tag:-podinit:$target}
    fast_context
    if [ "$target" = fast-debug ]; then
      # As the Dockerfile's debug target: busybox-static as /bin/busybox with its applets as
      # links beside it (made here, so the image needs no RUN step).
      bb=$(command -v busybox) || die "busybox is not installed (bash scripts/setup.sh)"
      file -L "$bb" | grep -q 'statically linked' || die "$bb is not static: install busybox-static"
      mkdir "$work/bin"
      cp "$bb" "$work/bin/busybox"
      for applet in $("$bb" --list); do
        [ "$applet" = busybox ] || ln -s busybox "$work/bin/$applet"
      done
      echo 'COPY bin/ /bin/' >>"$work/Containerfile"
    fi
    fast_finish "$root/Dockerfile" "$([ "$target" = fast-debug ] && echo debug)"
    build -t "$name" -f "$work/Containerfile" "$work"
    ;;
  etcd)
    name=${tag:-podinit-etcd:latest}
    ensure_base
    [ -x "$podinit" ] || die "$podinit is missing: bash scripts/build.sh (or --podinit FILE)"
    mkdir -p "$work/build-static/entrypoint"
    cp "$podinit" "$work/build-static/entrypoint/podinit"
    build -t "$name" -f "$root/examples/etcd/Dockerfile" "$work"
    ;;
  etcd-fast)
    name=${tag:-podinit-etcd:fast}
    fast_context
    # What examples/etcd/Dockerfile's etcd stage collects from Debian's packages, taken from
    # this machine's installation of the same packages.
    mkdir "$work/rootfs"
    for bin in /usr/bin/etcd /usr/bin/etcdctl; do
      dpkg -S "$bin" >/dev/null 2>&1 || die "$bin is not from a Debian package (bash scripts/setup.sh)"
      cp "$bin" "$work/rootfs/"
    done
    for lib in $(ldd /usr/bin/etcd /usr/bin/etcdctl | grep -oE '/[^ ]+\.so[^ ]*' | sort -u); do
      mkdir -p "$work/rootfs$(dirname "$lib")" && cp -L "$lib" "$work/rootfs$lib"
    done
    echo 'COPY rootfs/ /' >>"$work/Containerfile"
    fast_finish "$root/examples/etcd/Dockerfile"
    build -t "$name" -f "$work/Containerfile" "$work"
    ;;
  base) ensure_base; name=debian:bookworm ;;
  *) die "unknown target $target (release, debug, fast, fast-debug, etcd, etcd-fast, base)" ;;
esac
echo "$name"
