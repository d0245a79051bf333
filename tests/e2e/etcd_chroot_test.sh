#!/usr/bin/env bash
# The etcd example rendered by the static podinit inside an empty chroot (only the binary,
# the service-account files and the template) gives exactly what it gives outside.
set -euo pipefail
podinit=${1:?usage: etcd_chroot_test.sh STATIC_PODINIT FAKEAPI SOURCE_ROOT}
fakeapi=${2:?}
root=${3:?}
[ "$(id -u)" -eq 0 ] || { echo "SKIP: chroot needs root"; exit 77; }
[ -x "$podinit" ] && ! file "$podinit" | grep -q 'dynamically linked' ||
  { echo "SKIP: no static podinit at $podinit"; exit 77; }
work=$(mktemp -d)
server_pid=
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
"$fakeapi" --objects "$root/examples/etcd/fake-cluster" --token c-token --ca-out "$work/ca.crt" \
  >"$work/listen" 2>/dev/null &
server_pid=$!
for _ in $(seq 1 100); do grep -q listening "$work/listen" 2>/dev/null && break; sleep 0.1; done
port=$(grep -oE '[0-9]+$' "$work/listen")

chroot=$work/root
sa=$chroot/var/run/secrets/kubernetes.io/serviceaccount
mkdir -p "$sa" "$chroot/etc/podinit"
cp "$podinit" "$chroot/podinit"
cp "$work/ca.crt" "$sa/ca.crt"
echo c-token > "$sa/token"
echo default > "$sa/namespace"
cp "$root/examples/etcd/etcd.yaml.tmpl" "$chroot/etc/podinit/"
echo "chroot holds: $(cd "$chroot" && find . -type f | sort | tr '\n' ' ')"
for i in 0 1 2; do
  env -i KUBERNETES_SERVICE_HOST=127.0.0.1 KUBERNETES_SERVICE_PORT="$port" POD_NAME=etcd-$i INITIAL_CLUSTER_SIZE=3 \
    /usr/sbin/chroot "$chroot" /podinit render -t /etc/podinit/etcd.yaml.tmpl > "$work/in-$i"
  env -i KUBERNETES_SERVICE_HOST=127.0.0.1 KUBERNETES_SERVICE_PORT="$port" POD_NAME=etcd-$i INITIAL_CLUSTER_SIZE=3 \
    "$podinit" render --sa-dir "$sa" -t "$root/examples/etcd/etcd.yaml.tmpl" > "$work/out-$i"
  if ! cmp -s "$work/in-$i" "$work/out-$i"; then
    echo "FAIL: etcd-$i renders differently in the chroot:"; diff "$work/out-$i" "$work/in-$i"; exit 1
  fi
  grep -q "^name: etcd-$i$" "$work/in-$i" || { echo "FAIL: etcd-$i render:"; cat "$work/in-$i"; exit 1; }
done
echo "ok   etcd-0..2 render identically inside the empty chroot and outside"
