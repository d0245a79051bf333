#!/usr/bin/env bash
# The static podinit in an empty chroot (only the binary, the service-account files and
# /etc/hosts), as root, reading its pod over HTTPS from 127.0.0.1 the in-cluster way.
set -euo pipefail
podinit=${1:?usage: chroot_get_test.sh STATIC_PODINIT}
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" -eq 0 ] || { echo "SKIP: chroot needs root"; exit 77; }
[ -x "$podinit" ] || { echo "SKIP: no static podinit at $podinit (build with -Dstatic=true)"; exit 77; }
if file "$podinit" | grep -q 'dynamically linked'; then
  echo "FAIL: $podinit is dynamically linked"; exit 1
fi

work=$(mktemp -d)
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
server_pid=
. "$here/tls_server.sh"

mkdir -p "$work/certs" "$work/docroot/api/v1/namespaces/demo/pods"
make_ca "$work/certs" "DNS:kubernetes.test"
cp "$here/testdata/pod-web-0.json" "$work/docroot/api/v1/namespaces/demo/pods/web-0"
# s_server -WWW maps the whole request target, query included, to a file name.
ln -s web-0 "$work/docroot/api/v1/namespaces/demo/pods/web-0?resourceVersion=0"
start_tls_server "$work/docroot" "$work/certs"

root=$work/root
sa=$root/var/run/secrets/kubernetes.io/serviceaccount
mkdir -p "$sa" "$root/etc"
cp "$podinit" "$root/podinit"
cp "$work/certs/ca.crt" "$sa/ca.crt"
printf 'not-a-real-token-xyz' > "$sa/token"
printf 'demo\n' > "$sa/namespace"
printf '127.0.0.1 localhost\n127.0.0.1 kubernetes.test\n' > "$root/etc/hosts"
echo "chroot holds: $(cd "$root" && find . -type f | sort | tr '\n' ' ')"

fails=0
check() {  # name, expected stdout, expected exit code, command...
  local name=$1 want=$2 want_rc=$3; shift 3
  local out rc=0
  out=$("$@" 2>"$work/stderr") || rc=$?
  if [ "$out" != "$want" ] || [ "$rc" != "$want_rc" ]; then
    echo "FAIL $name: exit $rc (want $want_rc)"; echo "  stdout: $out"; echo "  want:   $want"
    echo "  stderr: $(cat "$work/stderr")"; fails=$((fails + 1))
  else
    echo "ok   $name"
  fi
}
in_chroot() {  # host:port, args...
  local hp=$1; shift
  env -i KUBERNETES_SERVICE_HOST="${hp%:*}" KUBERNETES_SERVICE_PORT="${hp##*:}" HOSTNAME=web-0 \
    /usr/sbin/chroot "$root" /podinit "$@"
}

check "fields by IP" "$(printf 'web-0\n10.1.2.3\ndemo')" 0 \
  in_chroot "127.0.0.1:$port" get metadata.name status.podIP metadata.namespace
check "host name from /etc/hosts" "node-a" 0 \
  in_chroot "kubernetes.test:$port" get spec.nodeName

# Errors: one clear line, PRODUCT.md's exit codes.
mv "$sa/token" "$sa/token.away"
check "no token file" "" 1 in_chroot "127.0.0.1:$port" get metadata.name
grep -q "token" "$work/stderr" || { echo "FAIL: missing-token error does not name the token file"; fails=$((fails+1)); }
mv "$sa/token.away" "$sa/token"

cp "$sa/ca.crt" "$work/good-ca.crt"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=other-ca" -keyout "$work/o.key" -out "$sa/ca.crt" 2>/dev/null
check "wrong CA" "" 3 in_chroot "127.0.0.1:$port" get metadata.name
grep -qi "certificate" "$work/stderr" || { echo "FAIL: TLS error does not say certificate: $(cat "$work/stderr")"; fails=$((fails+1)); }
cp "$work/good-ca.crt" "$sa/ca.crt"

closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
check "connection refused" "" 3 env -i KUBERNETES_SERVICE_HOST=127.0.0.1 KUBERNETES_SERVICE_PORT="$closed" \
  HOSTNAME=web-0 PODINIT_TIMEOUT=2s /usr/sbin/chroot "$root" /podinit get metadata.name
grep -qi "refused\|connect" "$work/stderr" || { echo "FAIL: no connection error text: $(cat "$work/stderr")"; fails=$((fails+1)); }

check "pod not found" "" 3 env -i KUBERNETES_SERVICE_HOST=127.0.0.1 KUBERNETES_SERVICE_PORT="$port" \
  HOSTNAME=web-9 /usr/sbin/chroot "$root" /podinit get metadata.name

[ $(wc -l < "$work/stderr") -le 3 ] || { echo "FAIL: error output is not short"; cat "$work/stderr"; fails=$((fails+1)); }
if grep -rq "not-a-real-token-xyz" "$work"/stderr "$work"/s_server.log; then
  echo "FAIL: the token appeared in output"; fails=$((fails+1))
fi
[ "$fails" -eq 0 ] && echo "all chroot checks passed"
exit "$fails"
