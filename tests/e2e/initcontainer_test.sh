#!/usr/bin/env bash
# The initContainer example: `podinit render` fills a shared directory the way the kubelet's
# Downward API volume would (plus node labels) and renders the ConfigMap's template; a second
# process then reads only files. Also `podinit get` on fieldPaths, resources and templates.
set -euo pipefail
podinit=${1:?usage: initcontainer_test.sh PODINIT FAKEAPI SOURCE_ROOT}
fakeapi=${2:?}
root=${3:?}
work=$(mktemp -d)
server_pid=
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT

"$fakeapi" --objects "$root/examples/etcd/fake-cluster" --token ic-token --ca-out "$work/ca.crt" \
  --request-log "$work/requests.log" >"$work/listen" 2>"$work/fakeapi.log" &
server_pid=$!
for _ in $(seq 1 100); do grep -q listening "$work/listen" 2>/dev/null && break; sleep 0.1; done
port=$(grep -oE '[0-9]+$' "$work/listen")
mkdir -p "$work/sa" "$work/shared" "$work/templates"
cp "$work/ca.crt" "$work/sa/"
echo ic-token > "$work/sa/token"
echo default > "$work/sa/namespace"
python3 - "$root/examples/initcontainer/pod.yaml" "$work/templates" <<'PY'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
cm = next(d for d in docs if d["kind"] == "ConfigMap")
for name, text in cm["data"].items():
    open(f"{sys.argv[2]}/{name}", "w").write(text)
PY
export KUBERNETES_SERVICE_HOST=127.0.0.1 KUBERNETES_SERVICE_PORT=$port POD_NAME=etcd-1
"$podinit" render --sa-dir "$work/sa" -t "$work/templates/app.yaml.tmpl:$work/shared/app.yaml" \
  --downward-dir "$work/shared/podinfo"

# The main container's view: plain files, no token, no client.
python3 - "$work/shared" <<'PY'
import os, sys
shared = sys.argv[1]
d = os.path.join(shared, "podinfo")
fails = []
def check(cond, what):
    if not cond: fails.append(what)
data = os.readlink(os.path.join(d, "..data"))
check(data.startswith("..") and os.path.isdir(os.path.join(d, data)), f"..data -> {data}")
for name in ("name", "namespace", "uid", "labels", "annotations", "podIP", "podIPs", "hostIP",
             "nodeName", "serviceAccountName", "node-labels", "owner", "ordinal"):
    p = os.path.join(d, name)
    check(os.path.islink(p) and os.readlink(p) == f"..data/{name}", f"{name} is not a ..data link")
read = lambda n: open(os.path.join(d, n)).read()
check(read("name") == "etcd-1", "name")
check(read("podIP") == "127.0.0.12", "podIP")
check(read("ordinal") == "1", "ordinal")
check(read("owner") == "StatefulSet/etcd", f"owner {read('owner')!r}")
check('topology.kubernetes.io/zone="eu-west-1a"' in read("node-labels").splitlines(), "node zone label")
check(read("labels").splitlines()[0] == 'app="etcd"', f"labels {read('labels')!r}")
check(read("etcd/mem_limit") == "512", "etcd/mem_limit in MiB")
check(read("etcd/cpu_request") == "100", "etcd/cpu_request in millicores")
app = open(os.path.join(shared, "app.yaml")).read()
check("zone: eu-west-1a" in app and "pod_ip: 127.0.0.12" in app and "memory_limit_mib: 512" in app, app)
for f in fails: print("FAIL:", f)
if fails: sys.exit(1)
print("ok   the reader sees the kubelet's layout, node labels and the rendered config")
PY

# A second render with nothing changed writes nothing: same ..data target.
before=$(readlink "$work/shared/podinfo/..data")
"$podinit" render --sa-dir "$work/sa" -t "$work/templates/app.yaml.tmpl:$work/shared/app.yaml" \
  --downward-dir "$work/shared/podinfo" 2>/dev/null
[ "$(readlink "$work/shared/podinfo/..data")" = "$before" ] || { echo "FAIL: unchanged volume rewritten"; exit 1; }
echo "ok   an unchanged volume is left as it was"

got=$("$podinit" get --sa-dir "$work/sa" metadata.name "metadata.labels['app']" status.podIPs \
  resource:limits.memory:1Mi resource:requests.cpu:1m:etcd '{{ (statefulset).spec.replicas }}')
want=$(printf 'etcd-1\netcd\n127.0.0.12\n512\n100\n3')
[ "$got" = "$want" ] || { echo "FAIL: get printed:"; echo "$got"; exit 1; }
echo "ok   get: fieldPaths, resources and a template"
if grep -q ic-token "$work/fakeapi.log"; then echo "FAIL: token in a log"; exit 1; fi
