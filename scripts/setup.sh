#!/usr/bin/env bash
# Installs everything podinit needs to build, test and benchmark on Debian 12, with apt-get
# only. Safe to run again.
#   --build   only what building needs (meson configures the tests too, so GoogleTest is in),
#             plus busybox-static for the debug image: the Dockerfile's build stage and the
#             README's first command
#   --bench   also the benchmarks' peers and the fuzzers' clang
set -euo pipefail

build_packages=(
  meson ninja-build pkg-config g++ cmake dpkg-dev file make perl python3
  # scripts/build-wolfssl.sh: wolfSSL's configure is made by autoreconf, as Debian's build does
  autoconf automake libtool
  libabsl-dev libsimdjson-dev libcurl4-openssl-dev libboost1.81-dev libssl-dev zlib1g-dev
  libre2-dev
  # wolfCrypt for Sprig's crypto functions in the shared build (the static build compiles
  # wolfSSL from Debian's source: scripts/build-wolfssl.sh)
  libwolfssl-dev
  # scripts/build-re2.sh: RE2's Unicode tables from the data Debian's libre2 was built with
  unicode-data python3-six
  libgtest-dev libgmock-dev
  # the Dockerfile's debug target: a static shell beside podinit
  busybox-static
)
test_packages=(
  # tests: real peers
  python3-kubernetes python3-yaml etcd-server etcd-client tini dumb-init openssl
  iproute2 util-linux procps time curl jq
  # tests/runtime: a real OCI runtime and Pod runner (catatonit: podman's pod infra process),
  # and mmdebstrap for an offline debian:bookworm base (scripts/image.sh)
  podman runc catatonit mmdebstrap
)

mode=all
case "${1:-}" in
  --build) mode=build ;;
  --bench) mode=bench ;;
  '') ;;
  *) echo "usage: setup.sh [--build|--bench]" >&2; exit 1 ;;
esac
packages=("${build_packages[@]}")
[ "$mode" = build ] || packages+=("${test_packages[@]}")
# bench/run.sh: peers measured beside podinit (Go's text/template, hyperfine); fuzzing.
[ "$mode" != bench ] || packages+=(golang-go hyperfine clang libclang-rt-14-dev)

export DEBIAN_FRONTEND=noninteractive
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
# Another apt-get on the machine (CI may share it) holds apt's locks for a while: wait for
# them (bounded) rather than fail. DPkg::Lock::Timeout covers install; update's lists lock
# is not covered by it in apt 2.6, so update is retried.
apt_get=($SUDO apt-get -o DPkg::Lock::Timeout=600)
for try in $(seq 1 60); do
  "${apt_get[@]}" update -q && break
  [ "$try" -lt 60 ] || exit 1
  echo "setup.sh: apt-get update failed (another apt-get running?); again in 10 s" >&2
  sleep 10
done
"${apt_get[@]}" install -y -q --no-install-recommends "${packages[@]}"
[ "$mode" != build ] || exit 0
# kubectl is not in Debian 12 under that name; machines that have one (e.g. from Google's
# Cloud SDK) keep it, others get Debian's kubernetes-client.
if ! command -v kubectl >/dev/null 2>&1; then
  "${apt_get[@]}" install -y -q --no-install-recommends kubernetes-client
fi
