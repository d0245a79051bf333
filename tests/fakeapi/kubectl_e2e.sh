#!/bin/bash
# Real kubectl against podinit-fake-apiserver: get, list with a selector, label, watch, and the
# 404/403/401 messages exactly as kubectl prints them.
# Usage: kubectl_e2e.sh FAKE_APISERVER TESTDATA_DIR
set -u
server_bin=$1
testdata=$2
KUBECTL=${KUBECTL:-kubectl}
if ! command -v "$KUBECTL" >/dev/null 2>&1; then
  echo "SKIP: kubectl not found"
  exit 77
fi

tmp=$(mktemp -d)
server_pid=
watch_pid=
cleanup() {
  [ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
expect_eq() {  # NAME WANT GOT
  if [ "$2" != "$3" ]; then fail "$1: want [$2] got [$3]"; else echo "ok: $1"; fi
}

echo "s3cret-token" >"$tmp/token"
"$server_bin" --listen 127.0.0.1:0 --objects "$testdata" --token-file "$tmp/token" \
  --kubeconfig-out "$tmp/kubeconfig" --request-log "$tmp/requests.log" --forbid secrets \
  --bookmark-interval 1s >"$tmp/stdout" 2>"$tmp/stderr" &
server_pid=$!
for _ in $(seq 100); do
  grep -q '^listening on ' "$tmp/stdout" 2>/dev/null && break
  sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$tmp/stdout")
if [ -z "$url" ]; then
  echo "server did not start:"; cat "$tmp/stderr"; exit 1
fi
echo "server at $url"
case $url in https://127.0.0.1:*) ;; *) fail "unexpected address line: $url" ;; esac

k() { timeout 30 "$KUBECTL" --kubeconfig "$tmp/kubeconfig" --cache-dir "$tmp/cache" "$@"; }

expect_eq "get pod -o jsonpath" "etcd-0 10.244.0.5 etcd" \
  "$(k get pod etcd-0 -o jsonpath='{.metadata.name} {.status.podIP} {.metadata.labels.app}')"
k get pod etcd-0 -o json >"$tmp/pod.json" || fail "get pod -o json"
grep -q '"name": "etcd-0"' "$tmp/pod.json" && grep -q '"resourceVersion": "' "$tmp/pod.json" ||
  fail "get pod -o json lacks name or resourceVersion"
gets=$(grep -c '^GET /api/v1/namespaces/default/pods/etcd-0 200$' "$tmp/requests.log")
expect_eq "request log counts the two gets" 2 "$gets"

expect_eq "get pods -l app=etcd" "pod/etcd-0 pod/etcd-1 pod/etcd-2" \
  "$(k get pods -l app=etcd -o name | tr '\n' ' ' | sed 's/ $//')"
grep -q '^GET /api/v1/namespaces/default/pods?labelSelector=app%3Detcd&limit=500 200$' \
  "$tmp/requests.log" || fail "selector request not logged as expected"
out=$(k get pods -l app=etcd)
echo "$out" | head -1 | grep -q '^NAME ' || fail "table header missing: $out"
expect_eq "get pods field selector" "pod/web-1" \
  "$(k get pods --field-selector status.phase=Pending -o name)"

out=$(k get statefulset)
echo "$out" | grep -q '^etcd ' || fail "get statefulset: $out"
expect_eq "statefulset replicas" "3" "$(k get sts etcd -o jsonpath='{.spec.replicas}')"
expect_eq "node zone label" "zone-b" \
  "$(k get node node-b -o jsonpath='{.metadata.labels.topology\.kubernetes\.io/zone}')"
expect_eq "all namespaces" "4" "$(k get pods -A -o name | wc -l)"

expect_eq "label" "pod/etcd-1 labeled" "$(k label pod etcd-1 k=v)"
expect_eq "label visible" "pod/etcd-1" "$(k get pods -l k=v -o name)"
expect_eq "annotate" "pod/etcd-1 annotated" "$(k annotate pod etcd-1 note=hi)"
expect_eq "annotation visible" "hi" "$(k get pod etcd-1 -o jsonpath='{.metadata.annotations.note}')"

expect_eq "patch --type json" "pod/etcd-0 patched" \
  "$(k patch pod etcd-0 --type json -p '[{"op":"add","path":"/metadata/labels/jp","value":"1"}]')"
# activeDeadlineSeconds: one of the few pod spec fields an update may change.
expect_eq "patch --type merge" "pod/etcd-0 patched" \
  "$(k patch pod etcd-0 --type merge -p '{"spec":{"activeDeadlineSeconds":600}}')"
expect_eq "patches visible" "1 600" \
  "$(k get pod etcd-0 -o jsonpath='{.metadata.labels.jp} {.spec.activeDeadlineSeconds}')"

out=$(k describe pod etcd-0 2>&1) || fail "describe pod: $out"
echo "$out" | grep -q '^Events: *<none>' || fail "describe pod lacks events section: $out"
echo "$out" | grep -q '^Node: *node-a/10.0.0.11' || fail "describe pod lacks node: $out"

# A bounded watch sees a label change made while it runs.
timeout 20 "$KUBECTL" --kubeconfig "$tmp/kubeconfig" --cache-dir "$tmp/cache" \
  get pods -w --output-watch-events >"$tmp/watch.out" 2>"$tmp/watch.err" &
watch_pid=$!
for _ in $(seq 100); do
  grep -q 'watch=true' "$tmp/requests.log" && break
  sleep 0.1
done
grep -q 'watch=true' "$tmp/requests.log" || fail "kubectl never started watching"
k label pod etcd-2 watched=yes >/dev/null || fail "label during watch"
for _ in $(seq 100); do
  grep -q '^MODIFIED *etcd-2 ' "$tmp/watch.out" && break
  sleep 0.1
done
grep -q '^MODIFIED *etcd-2 ' "$tmp/watch.out" || fail "watch did not show MODIFIED etcd-2: $(cat "$tmp/watch.out" "$tmp/watch.err")"
grep -q '^ADDED *etcd-0 ' "$tmp/watch.out" || fail "watch did not list etcd-0 first"
kill "$watch_pid" 2>/dev/null
wait "$watch_pid" 2>/dev/null
watch_pid=

echo "ok: watch saw ADDED and MODIFIED"

err=$(k get pod nope 2>&1 >/dev/null)
rc=$?
[ $rc -ne 0 ] || fail "get missing pod succeeded"
expect_eq "404 message" 'Error from server (NotFound): pods "nope" not found' "$err"

err=$(k get secret etcd-auth 2>&1 >/dev/null)
expect_eq "403 message" 'Error from server (Forbidden): secrets "etcd-auth" is forbidden: User "system:serviceaccount:default:default" cannot get resource "secrets" in API group "" in the namespace "default"' "$err"
err=$(k get secrets 2>&1 >/dev/null)
expect_eq "403 list message" 'Error from server (Forbidden): secrets is forbidden: User "system:serviceaccount:default:default" cannot list resource "secrets" in API group "" in the namespace "default"' "$err"

# With discovery not yet cached, the 401 comes from discovery, worded as below; with a warm
# cache kubectl prints the Status message instead ("(Unauthorized)", as for a real cluster).
err=$(timeout 30 "$KUBECTL" --kubeconfig "$tmp/kubeconfig" --cache-dir "$tmp/cache401" \
  --token wrong get pod etcd-0 2>&1 >/dev/null | tail -1)
expect_eq "401 message" 'error: You must be logged in to the server (the server has asked for the client to provide credentials)' "$err"

# The kubeconfig verifies TLS against the generated CA: no insecure flag anywhere.
grep -q 'certificate-authority-data: ' "$tmp/kubeconfig" || fail "kubeconfig lacks CA data"
grep -q 'insecure' "$tmp/kubeconfig" && fail "kubeconfig disables TLS verification"
perm=$(stat -c %a "$tmp/kubeconfig")
expect_eq "kubeconfig mode" "600" "$perm"

kill -TERM "$server_pid"
for _ in $(seq 50); do
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$server_pid" 2>/dev/null; then
  fail "server still running 5s after SIGTERM"
else
  wait "$server_pid"
  expect_eq "exit status after SIGTERM" 0 $?
fi
server_pid=

if [ $failures -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all kubectl checks passed"
