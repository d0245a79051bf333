#!/usr/bin/env bash
# The README's first command: set up a fresh Debian 12 machine, build podinit, and run the
# main job: the static podinit reads a sample pod over HTTPS the in-cluster way (service-account
# token and CA, KUBERNETES_SERVICE_HOST/PORT) and prints its fields.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== setting up (apt-get) and building"
bash scripts/setup.sh >/tmp/podinit-setup.log 2>&1 || { tail -n 30 /tmp/podinit-setup.log; exit 1; }
bash scripts/build.sh >/tmp/podinit-build.log 2>&1 || { tail -n 40 /tmp/podinit-build.log; exit 1; }
podinit=$PWD/build-static/entrypoint/podinit

work=$(mktemp -d)
server_pid=
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
. tests/e2e/tls_server.sh
mkdir -p "$work/certs" "$work/docroot/api/v1/namespaces/demo/pods" "$work/sa"
make_ca "$work/certs"
cp tests/e2e/testdata/pod-web-0.json "$work/docroot/api/v1/namespaces/demo/pods/web-0"
ln -s web-0 "$work/docroot/api/v1/namespaces/demo/pods/web-0?resourceVersion=0"
start_tls_server "$work/docroot" "$work/certs"
cp "$work/certs/ca.crt" "$work/sa/ca.crt"
echo demo > "$work/sa/namespace"
echo demo-token > "$work/sa/token"

echo "== podinit get, as pod demo/web-0 would run it (server https://127.0.0.1:$port)"
set -x
KUBERNETES_SERVICE_HOST=127.0.0.1 KUBERNETES_SERVICE_PORT=$port POD_NAME=web-0 \
  "$podinit" get --sa-dir "$work/sa" metadata.name metadata.namespace status.podIP spec.nodeName
