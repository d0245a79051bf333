#!/usr/bin/env bash
# The etcd example, for real: the fake API server's StatefulSet controller makes the pods from
# the example's StatefulSet (pod IPs 127.0.0.11-13 from --pod-cidr), each started with exactly
# the container args of examples/etcd/etcd.yaml
# (podinit renders etcd's config from the pod and its StatefulSet, then execs Debian's etcd),
# inside its own mount namespace with the pod's /etc/hosts, /etc/resolv.conf and data volume.
# The cluster must form; then the StatefulSet is scaled to 4, the controller makes etcd-3, which
# takes the join path (--pre-exec etcdctl member add, --pre-exec-env), and the cluster has four
# members.
set -euo pipefail
podinit=${1:?usage: etcd_cluster_test.sh PODINIT FAKEAPI SOURCE_ROOT}
fakeapi=${2:?}
root=${3:?}
[ "$(id -u)" -eq 0 ] || { echo "SKIP: mount namespaces need root"; exit 77; }
for tool in etcd etcdctl unshare python3; do
  command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
export ETCDCTL_API=3

work=$(mktemp -d)
pids=()
cleanup() {  # every pod runs in a process group of its own
  for p in "${pids[@]}"; do kill -- -"$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
  sleep 0.5
  for p in "${pids[@]}"; do kill -9 -- -"$p" 2>/dev/null || kill -9 "$p" 2>/dev/null || true; done
  [ -n "${PODINIT_E2E_KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

# The container spec of the example: args, the ConfigMap's template, the env.
python3 - "$root/examples/etcd/etcd.yaml" "$work" <<'EOF'
import json, sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
cm = next(d for d in docs if d["kind"] == "ConfigMap")
sts = next(d for d in docs if d["kind"] == "StatefulSet")
c = sts["spec"]["template"]["spec"]["containers"][0]
open(f"{sys.argv[2]}/etcd.yaml.tmpl", "w").write(cm["data"]["etcd.yaml.tmpl"])
# Binaries live in /usr/bin here rather than at the image root; templates in the work dir.
args = [a.replace("/etc/podinit/", sys.argv[2] + "/").replace("/etcdctl", "/usr/bin/etcdctl")
        for a in c["args"]]
args = ["/usr/bin/etcd" if a == "/etcd" else a for a in args]
json.dump({"args": args, "env": {e["name"]: e["value"] for e in c.get("env", [])}},
          open(f"{sys.argv[2]}/container.json", "w"))
EOF
# The ConfigMap must carry the very template examples/etcd/etcd.yaml.tmpl documents.
cmp "$work/etcd.yaml.tmpl" "$root/examples/etcd/etcd.yaml.tmpl" ||
  { echo "FAIL: the ConfigMap's template differs from examples/etcd/etcd.yaml.tmpl"; exit 1; }

# The StatefulSet, its Service and the node; no hand-written pods: the controller makes them.
mkdir -p "$work/objects"
cp "$root"/examples/etcd/fake-cluster/{node,service,statefulset}.json "$work/objects/"
"$fakeapi" --objects "$work/objects" --token e2e-token --pod-cidr 127.0.0.11/24 --ready-delay 0s \
  --ca-out "$work/ca.crt" --request-log "$work/requests.log" >"$work/listen" 2>"$work/fakeapi.log" &
pids+=($!)
for _ in $(seq 1 100); do grep -q listening "$work/listen" 2>/dev/null && break; sleep 0.1; done
port=$(grep -oE '[0-9]+$' "$work/listen") || { echo "FAIL: fake API server did not start"; cat "$work/fakeapi.log"; exit 1; }

# What every pod's network would resolve: the headless Service's per-pod names.
{
  echo "127.0.0.1 localhost"
  for i in 0 1 2 3; do echo "127.0.0.$((11 + i)) etcd-$i.etcd.default.svc.cluster.local"; done
} > "$work/hosts"
echo "search default.svc.cluster.local svc.cluster.local cluster.local" > "$work/resolv.conf"
mkdir -p /var/run/etcd  # the mount point of each pod's data volume

start_pod() {  # ordinal
  local i=$1
  local pod=$work/pod-$i
  mkdir -p "$pod/sa" "$pod/data"
  cp "$work/ca.crt" "$pod/sa/ca.crt"
  echo e2e-token > "$pod/sa/token"
  echo default > "$pod/sa/namespace"
  python3 - "$work/container.json" "$pod/argv" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
open(sys.argv[2], "w").write("\0".join(c["args"]))
EOF
  # A pod: its own mount namespace with the pod's hosts, resolv.conf and data volume, and
  # the kubelet's restartPolicy Always (bounded here): etcd refuses `member add` until the
  # cluster has been healthy for a few seconds, and a restarted container tries again.
  setsid bash -c '
    work=$1 pod=$2 i=$3 port=$4 podinit=$5
    mapfile -d "" argv < "$pod/argv"
    for attempt in 1 2 3 4 5 6; do
      echo "podinit-e2e: container start $attempt" >>"$pod/log"
      unshare --mount --propagation private -- /bin/sh -c "
          mount --bind \"\$1/hosts\" /etc/hosts && mount --bind \"\$1/resolv.conf\" /etc/resolv.conf &&
          mount --bind \"\$2/data\" /var/run/etcd && shift 2 && exec \"\$@\"" sh "$work" "$pod" \
        env KUBERNETES_SERVICE_HOST=127.0.0.1 KUBERNETES_SERVICE_PORT="$port" POD_NAME="etcd-$i" \
          INITIAL_CLUSTER_SIZE=3 PODINIT_SA_DIR="$pod/sa" "$podinit" "${argv[@]}" >>"$pod/log" 2>&1
      sleep 3
    done' pod "$work" "$pod" "$i" "$port" "$podinit" &
  pids+=($!)
}

endpoints="http://127.0.0.11:2379,http://127.0.0.12:2379,http://127.0.0.13:2379"
wait_members() {  # count
  local want=$1
  for _ in $(seq 1 120); do  # up to 60 s
    local started
    started=$(etcdctl --endpoints="$endpoints" --dial-timeout=1s member list 2>/dev/null | grep -ac ', started, ' || true)
    [ "$started" -ge "$want" ] && return 0
    sleep 0.5
  done
  echo "FAIL: fewer than $want started members"
  etcdctl --endpoints="$endpoints" member list || true
  for f in "$work"/pod-*/log; do echo "== $f"; tail -n 20 "$f"; done
  return 1
}

api() {  # PATH: GET from the fake API server
  curl -sf --cacert "$work/ca.crt" -H "Authorization: Bearer e2e-token" "https://127.0.0.1:$port$1"
}
wait_pod_ip() {  # ordinal: the controller's pod etcd-N runs with IP 127.0.0.(11+N)
  local want=127.0.0.$((11 + $1))
  for _ in $(seq 1 100); do
    [ "$(api "/api/v1/namespaces/default/pods/etcd-$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"].get("podIP",""))' 2>/dev/null)" = "$want" ] && return 0
    sleep 0.1
  done
  echo "FAIL: the StatefulSet controller did not run etcd-$1 with IP $want"; api /api/v1/namespaces/default/pods; exit 1
}

for i in 0 1 2; do wait_pod_ip $i; done
echo "ok   the StatefulSet controller made etcd-0..2 with their IPs"
for i in 0 1 2; do start_pod $i; done
wait_members 3
echo "ok   three members started:"
etcdctl --endpoints="$endpoints" member list
grep -q "initial-cluster-state: new" "$work/pod-0/data/etcd.yaml"
etcdctl --endpoints=http://127.0.0.11:2379 put /podinit/e2e written-on-etcd-0 >/dev/null
got=$(etcdctl --endpoints=http://127.0.0.13:2379 get --print-value-only /podinit/e2e)
[ "$got" = written-on-etcd-0 ] || { echo "FAIL: etcd-2 read \"$got\""; exit 1; }
echo "ok   a put on etcd-0 is read on etcd-2"

# Scale up: the StatefulSet grows to 4, the controller makes pod etcd-3, which starts; it is
# beyond the initial size, so podinit runs `etcdctl member add` first and renders the config from
# its ETCD_* output.
curl -sf --cacert "$work/ca.crt" -H "Authorization: Bearer e2e-token" -X PATCH \
  -H "Content-Type: application/merge-patch+json" -d '{"spec":{"replicas":4}}' \
  "https://127.0.0.1:$port/apis/apps/v1/namespaces/default/statefulsets/etcd" >/dev/null
wait_pod_ip 3
start_pod 3
wait_members 4
grep -q "initial-cluster-state: existing" "$work/pod-3/data/etcd.yaml" ||
  { echo "FAIL: etcd-3 did not take the join path"; cat "$work/pod-3/data/etcd.yaml"; exit 1; }
got=$(etcdctl --endpoints=http://127.0.0.14:2379 get --print-value-only /podinit/e2e)
[ "$got" = written-on-etcd-0 ] || { echo "FAIL: etcd-3 read \"$got\""; exit 1; }
echo "ok   etcd-3 joined through member add; the member list shows 4 and it reads the data"
etcdctl --endpoints="$endpoints" member list
if grep -rq "e2e-token" "$work"/pod-*/log; then echo "FAIL: a token reached a log"; exit 1; fi
echo "requests to the API server: $(wc -l < "$work/requests.log")"
