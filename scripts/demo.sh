#!/usr/bin/env bash
# The README's first command: set up a fresh Debian 12 machine, build podinit, and run the
# main job: podinit-fake-apiserver serves the etcd example's StatefulSet and its three pods
# over HTTPS with a bearer token, and the static podinit renders etcd's configuration for
# each pod exactly as it would in the cluster (service-account token and CA,
# KUBERNETES_SERVICE_HOST/PORT, POD_NAME).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== setting up (apt-get) and building; logs in /tmp/podinit-setup.log, /tmp/podinit-build.log"
bash scripts/setup.sh >/tmp/podinit-setup.log 2>&1 || { tail -n 30 /tmp/podinit-setup.log; exit 1; }
bash scripts/build.sh >/tmp/podinit-build.log 2>&1 || { tail -n 40 /tmp/podinit-build.log; exit 1; }
podinit=$PWD/build-static/entrypoint/podinit
fakeapi=$PWD/build/fakeapi/podinit-fake-apiserver

work=$(mktemp -d)
server_pid=
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
"$fakeapi" --objects examples/etcd/fake-cluster --token demo-token --ca-out "$work/ca.crt" \
  >"$work/listen" 2>"$work/fakeapi.log" &
server_pid=$!
for _ in $(seq 1 100); do grep -q listening "$work/listen" 2>/dev/null && break; sleep 0.1; done
port=$(grep -oE '[0-9]+$' "$work/listen")
sa=$work/serviceaccount
mkdir -p "$sa"
cp "$work/ca.crt" "$sa/ca.crt"
echo demo-token > "$sa/token"
echo default > "$sa/namespace"
echo "== podinit-fake-apiserver on https://127.0.0.1:$port with examples/etcd/fake-cluster"
echo "== template: examples/etcd/etcd.yaml.tmpl"
for i in 0 1 2; do
  echo
  echo "== etcd-$i: podinit render -t etcd.yaml.tmpl"
  KUBERNETES_SERVICE_HOST=127.0.0.1 KUBERNETES_SERVICE_PORT=$port POD_NAME=etcd-$i \
    INITIAL_CLUSTER_SIZE=3 "$podinit" render --sa-dir "$sa" -t examples/etcd/etcd.yaml.tmpl
done
