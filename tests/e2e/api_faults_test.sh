#!/usr/bin/env bash
# podinit against an unreliable API server: with 30% injected 5xx, 429 and dropped
# connections every run still succeeds; with the server gone past the deadline it exits 3
# with one clear line; a 403 names the missing RBAC rule and prints a Role that grants it.
set -uo pipefail
podinit=${1:?usage: api_faults_test.sh PODINIT FAKEAPI SOURCE_ROOT}
fakeapi=${2:?}
root=${3:?}
work=$(mktemp -d)
server_pid=
trap 'kill $server_pid 2>/dev/null; rm -rf "$work"' EXIT
fails=0

start_server() {  # extra fakeapi args...
  kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null
  : > "$work/listen"
  "$fakeapi" --objects "$root/examples/etcd/fake-cluster" --token f-token --ca-out "$work/ca.crt" \
    --request-log "$work/requests.log" "$@" >"$work/listen" 2>"$work/fakeapi.log" &
  server_pid=$!
  for _ in $(seq 1 100); do grep -q listening "$work/listen" 2>/dev/null && break; sleep 0.1; done
  port=$(grep -oE '[0-9]+$' "$work/listen")
  mkdir -p "$work/sa"; cp "$work/ca.crt" "$work/sa/"; echo f-token > "$work/sa/token"; echo default > "$work/sa/namespace"
}
get() {  # args...
  env KUBERNETES_SERVICE_HOST=127.0.0.1 KUBERNETES_SERVICE_PORT="$port" POD_NAME=etcd-0 \
    "$podinit" get --sa-dir "$work/sa" "$@"
}

start_server --rate-5xx 0.1 --rate-429 0.1 --retry-after 1 --rate-drop 0.1 --seed 7
: > "$work/requests.log"
ok=0
for i in $(seq 1 20); do
  out=$(get metadata.name '{{ (statefulset).spec.replicas }}' 2>>"$work/retries.log") && [ "$out" = "$(printf 'etcd-0\n3')" ] && ok=$((ok + 1))
done
requests=$(wc -l < "$work/requests.log")
faults=$(grep -cvE ' 200$' "$work/requests.log")
if [ "$ok" -eq 20 ]; then
  echo "ok   20/20 runs succeeded through 30% faults ($requests requests, $faults of them faulted or dropped-logged)"
else
  echo "FAIL: $ok/20 runs succeeded"; tail -n 5 "$work/retries.log"; fails=$((fails + 1))
fi

start_server --forbid statefulsets
get '{{ (statefulset).spec.replicas }}' > /dev/null 2>"$work/err"; rc=$?
if [ $rc -eq 3 ] && grep -q 'missing RBAC permission: verb "get" on resource "statefulsets" in API group "apps"' "$work/err" &&
   grep -q '^kind: Role' "$work/err" && grep -q 'resources: \["statefulsets"\]' "$work/err"; then
  echo "ok   403: exit 3, the missing rule named, a Role printed"
else
  echo "FAIL: 403 gave exit $rc:"; cat "$work/err"; fails=$((fails + 1))
fi

kill $server_pid; wait $server_pid 2>/dev/null; server_pid=
start=$(date +%s)
get --timeout 3s metadata.name > /dev/null 2>"$work/err"; rc=$?
took=$(( $(date +%s) - start ))
last=$(tail -n 1 "$work/err")
if [ $rc -eq 3 ] && [ $took -le 8 ] && echo "$last" | grep -q "connection refused" ; then
  echo "ok   server down: exit 3 after ${took}s: $last"
else
  echo "FAIL: server down gave exit $rc after ${took}s:"; cat "$work/err"; fails=$((fails + 1))
fi
if grep -rq f-token "$work"/*.log "$work/err"; then echo "FAIL: the token reached a log"; fails=$((fails + 1)); fi
exit $fails
