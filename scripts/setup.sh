#!/usr/bin/env bash
# Installs everything podinit needs to build, test and benchmark on Debian 12, with apt-get
# only. Safe to run again.
set -euo pipefail

packages=(
  # build
  meson ninja-build pkg-config g++ cmake dpkg-dev file make perl
  libabsl-dev libsimdjson-dev libcurl4-openssl-dev libboost1.81-dev libssl-dev zlib1g-dev
  libgtest-dev libgmock-dev
  # tests: real peers
  python3 python3-kubernetes python3-yaml etcd-server etcd-client tini openssl
  iproute2 util-linux procps time curl jq
)

# bench/run.sh: peers measured beside podinit (Go's text/template, hyperfine); fuzzing.
if [ "${1:-}" = --bench ]; then
  packages+=(golang-go hyperfine clang libclang-rt-14-dev)
fi

export DEBIAN_FRONTEND=noninteractive
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${packages[@]}"
# kubectl is not in Debian 12 under that name; machines that have one (e.g. from Google's
# Cloud SDK) keep it, others get Debian's kubernetes-client.
if ! command -v kubectl >/dev/null 2>&1; then
  $SUDO apt-get install -y -q --no-install-recommends kubernetes-client
fi
