#!/bin/bash
# Real kubectl (1.32) against podinit-fake-apiserver, command by command, each answer checked
# against what a real API server gives: Table columns from
# pkg/printers/internalversion/printers.go, defaults from pkg/apis/core/v1/defaults.go, error
# texts from the apiserver and kubectl's own messages for each outcome.
# Usage: kubectl_mock_test.sh FAKE_APISERVER TESTDATA_DIR SECTION   (SECTION: read|write|cluster)
# Prints "N passed, M failed"; exits 1 when a check failed.
set -u
server_bin=$1
testdata=$2
section=$3
mock=$(cd "$(dirname "$0")" && pwd)/mock
KUBECTL=${KUBECTL:-kubectl}
command -v "$KUBECTL" >/dev/null 2>&1 || { echo "SKIP: kubectl not found"; exit 77; }

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

passed=0
failed=0
check() {  # NAME WANT GOT
  if [ "$2" == "$3" ]; then
    echo "ok:   $1"; passed=$((passed + 1))
  else
    echo "FAIL: $1"; echo "      want: $2"; echo "      got:  $3"; failed=$((failed + 1))
  fi
}
check_has() {  # NAME NEEDLE HAYSTACK
  case $3 in
    *"$2"*) echo "ok:   $1"; passed=$((passed + 1)) ;;
    *) echo "FAIL: $1"; echo "      want to contain: $2"; echo "      got: $3"; failed=$((failed + 1)) ;;
  esac
}
finish() {
  echo "$passed passed, $failed failed"
  [ $failed -eq 0 ]
  exit $?
}

# start NAME ARGS...: starts a server; its URL in $url, kubeconfig $tmp/NAME.kubeconfig.
start() {
  local name=$1; shift
  "$server_bin" --listen 127.0.0.1:0 --kubeconfig-out "$tmp/$name.kubeconfig" "$@" \
    >"$tmp/$name.out" 2>"$tmp/$name.err" &
  pids+=($!)
  url=
  for _ in $(seq 100); do
    url=$(sed -n 's/^listening on //p' "$tmp/$name.out" 2>/dev/null)
    [ -n "$url" ] && break
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$url" ] || echo "server $name did not start: $(cat "$tmp/$name.err")"
  kc=$tmp/$name.kubeconfig
}
k() { timeout 20 "$KUBECTL" --kubeconfig "$kc" --cache-dir "$tmp/cache-$(basename "$kc")" "$@" 2>&1; }
header() { k "$@" | head -1 | tr -s ' '; }
stop_last() { kill "${pids[-1]}" 2>/dev/null; wait "${pids[-1]}" 2>/dev/null; unset 'pids[-1]'; }

echo "t0ken" >"$tmp/token"
echo "r3ader" >"$tmp/reader-token"

case $section in
read)
  start read --objects "$testdata" --objects "$mock/rbac.yaml" --token-file "$tmp/token" \
    --token-file "$tmp/reader-token=default/reader"
  # Server-side Table output: printers.go's columns, wide ones with -o wide.
  check "get pods columns" "NAME READY STATUS RESTARTS AGE" "$(header get pods)"
  check "get pods -o wide columns" \
    "NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES" "$(header get pods -o wide)"
  check "get pod -o wide IP and NODE" "10.244.0.5 node-a" \
    "$(k get pod etcd-0 -o wide --no-headers | awk '{print $6, $7}')"
  check "get statefulsets columns" "NAME READY AGE" "$(header get sts)"
  check "get statefulsets row" "etcd 3/3" "$(k get sts etcd --no-headers | awk '{print $1, $2}')"
  check "get services" "etcd ClusterIP None <none> 2379/TCP,2380/TCP" \
    "$(k get svc etcd --no-headers | tr -s ' ' | cut -d' ' -f1-5)"
  check "get nodes columns" "NAME STATUS ROLES AGE VERSION" "$(header get nodes)"
  check "get endpointslices columns" "NAME ADDRESSTYPE PORTS ENDPOINTS AGE" "$(header get endpointslices)"
  check "get configmaps" "etcd-config 3" "$(k get cm etcd-config --no-headers | awk '{print $1, $2}')"
  check "get roles (default table)" "NAME CREATED AT" "$(header get roles)"
  # Every output format.
  check_has "-o yaml" "kind: Pod" "$(k get pod etcd-0 -o yaml)"
  check_has "-o json" '"kind": "Pod"' "$(k get pod etcd-0 -o json)"
  check "-o name" "pod/etcd-0" "$(k get pod etcd-0 -o name)"
  check "-o jsonpath" "etcd-0 node-a" "$(k get pod etcd-0 -o jsonpath='{.metadata.name} {.spec.nodeName}')"
  check "-o go-template" "etcd-0" "$(k get pod etcd-0 -o go-template='{{.metadata.name}}')"
  check "-o custom-columns" "N|etcd-0" "$(k get pod etcd-0 -o custom-columns=N:.metadata.name | paste -sd'|')"
  check "-o jsonpath-as-json" '["etcd-0"]' "$(k get pod etcd-0 -o jsonpath-as-json='{.metadata.name}' | tr -d ' \n')"
  check_has "-o yaml of a list" "kind: List" "$(k get pods -o yaml)"
  check "--show-labels" "LABELS app=web" "$(k get pod web-1 --show-labels | awk '{print $NF}' | paste -sd' ')"
  check "-L" "APP web" "$(k get pod web-1 -L app | awk '{print $NF}' | paste -sd' ')"
  check "--sort-by" "web-1 etcd-2 etcd-1 etcd-0" \
    "$(k get pods --sort-by='{.metadata.name}' -o name | sed 's|pod/||' | tac | paste -sd' ')"
  check "--chunk-size pages the list" "4" "$(k get pods --chunk-size=1 -o name | wc -l)"
  check_has "get all lists the statefulset" "statefulset.apps/etcd" "$(k get all)"
  check_has "api-resources serves endpoints" "endpoints" "$(k api-resources --no-headers | awk '{print $1}' | paste -sd' ')"
  check_has "api-resources serves rbac" "rolebindings" "$(k api-resources --api-group=rbac.authorization.k8s.io -o name | paste -sd' ')"
  # describe, explain, auth can-i, logs.
  out=$(k describe pod etcd-0)
  check_has "describe pod" "Node:             node-a/10.0.0.11" "$out"
  check_has "describe statefulset" "Pods Status:        3 Running / 0 Waiting / 0 Succeeded / 0 Failed" \
    "$(k describe sts etcd)"
  check_has "describe service: its Endpoints" "Endpoints:                10.244.0.5:2379,10.244.1.5:2379,10.244.2.5:2379" \
    "$(k describe svc etcd)"
  check_has "describe node: the pods on it (a field selector on spec.nodeName)" "default                     etcd-0" \
    "$(k describe node node-a)"
  check_has "explain pods (OpenAPI v3)" "KIND:       Pod" "$(k explain pods)"
  check_has "explain statefulset.spec" "FIELD: spec" "$(k explain statefulset.spec)"
  # OpenAPI v2: client-go asks it only as gnostic protobuf (kubectl explain's v2 printer,
  # client-side apply's patch); kube-openapi's handler answers JSON too, and a bare 406 for a
  # media type it lacks.
  check_has "explain from OpenAPI v2 (protobuf)" "FIELD:    restartPolicy <string>" \
    "$(k explain pods.spec.restartPolicy --output plaintext-openapiv2)"
  check "OpenAPI v2 as JSON" '2.0 #/definitions/io.k8s.api.core.v1.PodSpec [{"group": "apps", "kind": "StatefulSet", "version": "v1"}]' \
    "$(k get --raw /openapi/v2 | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["swagger"], d["definitions"]["io.k8s.api.core.v1.Pod"]["properties"]["spec"]["$ref"], json.dumps(d["definitions"]["io.k8s.api.apps.v1.StatefulSet"]["x-kubernetes-group-version-kind"]))')"
  check "OpenAPI v2 in a media type it lacks: 406" "406" \
    "$(curl -sk -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer t0ken' -H 'Accept: application/vnd.kubernetes.protobuf' "$url/openapi/v2")"
  # Protobuf alone for a read: the apiserver's 406 for a type it has no protobuf for; with
  # JSON as the fallback (client-go's typed clients), JSON.
  raw() { curl -sk -H 'Authorization: Bearer t0ken' -H "Accept: $1" -w ' %{http_code}' "$url$2"; }
  check "protobuf-only Accept: 406 NotAcceptable" \
    '"reason":"NotAcceptable","code":406} 406' "$(raw application/vnd.kubernetes.protobuf /api/v1/namespaces/default/pods/etcd-0 | grep -o '"reason".*')"
  check_has "protobuf then JSON: JSON" '"kind":"Pod"' \
    "$(raw 'application/vnd.kubernetes.protobuf, application/json' /api/v1/namespaces/default/pods/etcd-0)"
  check "auth whoami for a ServiceAccount (SelfSubjectReview)" \
    "Username system:serviceaccount:default:reader|Groups [system:serviceaccounts system:serviceaccounts:default system:authenticated]" \
    "$(k auth whoami --token r3ader | tail -n +2 | tr -s ' ' | paste -sd'|')"
  check "auth can-i (all allowed)" "yes" "$(k auth can-i delete pods)"
  check "auth can-i for a ServiceAccount: get pods" "yes" "$(k auth can-i get pods --token r3ader)"
  check "auth can-i for a ServiceAccount: delete pods" "no" "$(k auth can-i delete pods --token r3ader)"
  check "RBAC refuses what no role grants" \
    'Error from server (Forbidden): configmaps is forbidden: User "system:serviceaccount:default:reader" cannot list resource "configmaps" in API group "" in the namespace "default"' \
    "$(k get configmaps --token r3ader)"
  check_has "logs answer with a Status" "runs no containers" "$(k logs etcd-0)"
  check "404" 'Error from server (NotFound): pods "nope" not found' "$(k get pod nope)"
  check "what is not served says so" \
    "Error from server (NotFound): the server could not find the requested resource (podinit-fake-apiserver does not serve pods/exec)" \
    "$(k exec etcd-0 -- ls | tail -1)"
  # kubectl get -w asks for Tables in the watch too: the printers' columns, event by event.
  k get pods -w --output-watch-events >"$tmp/watch.out" 2>&1 &
  watch_pid=$!
  sleep 1.5
  k label pod etcd-2 watched=yes >/dev/null
  for _ in $(seq 30); do grep -q '^MODIFIED' "$tmp/watch.out" && break; sleep 0.1; done
  kill $watch_pid 2>/dev/null; wait $watch_pid 2>/dev/null
  check "get -w prints Table rows" "EVENT NAME READY STATUS RESTARTS AGE|MODIFIED etcd-2 0/1 Running" \
    "$(head -1 "$tmp/watch.out" | tr -s ' ')|$(grep '^MODIFIED' "$tmp/watch.out" | head -1 | tr -s ' ' | cut -d' ' -f1-4)"
  # A watch from a resourceVersion the server has not reached: the watch cache's 504.
  check_has "watch from too large a resourceVersion" \
    "Timeout: Too large resource version: 999999, current:" \
    "$(k get --raw '/api/v1/namespaces/default/pods?watch=true&resourceVersion=999999')"
  ;;

write)
  start write --objects "$testdata" --token-file "$tmp/token"
  rv0=$(k get pod etcd-1 -o jsonpath='{.metadata.resourceVersion}')
  # --dry-run=server changes nothing, whatever the command.
  check "label --dry-run=server" "pod/etcd-1 labeled (server dry run)" "$(k label pod etcd-1 dry=run --dry-run=server)"
  check "annotate --dry-run=server" "pod/etcd-1 annotated (server dry run)" "$(k annotate pod etcd-1 dry=run --dry-run=server)"
  check "delete --dry-run=server" 'pod "etcd-1" deleted (server dry run)' "$(k delete pod etcd-1 --dry-run=server)"
  check "apply --dry-run=server" "configmap/dry created (server dry run)" \
    "$(echo '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dry"},"data":{"a":"b"}}' | k apply -f - --dry-run=server)"
  check "create --dry-run=server" "configmap/dry2 created (server dry run)" \
    "$(k create configmap dry2 --from-literal=a=b --dry-run=server)"
  check "scale --dry-run=server" "statefulset.apps/etcd scaled (server dry run)" \
    "$(k scale sts etcd --replicas=7 --dry-run=server)"
  # kubectl patch words a dry run as a real one; what counts is that nothing changes (below).
  check "patch of status --dry-run=server" "pod/etcd-1 patched" \
    "$(k patch pod etcd-1 --subresource=status --type merge -p '{"status":{"phase":"Failed"}}' --dry-run=server)"
  k get cm etcd-config -o yaml | sed 's/^  name: etcd-config$/  name: etcd-config\n  labels: {dry: run}/' >"$tmp/dry-replace.yaml"
  check "replace --dry-run=server" "configmap/etcd-config replaced (server dry run)" \
    "$(k replace -f "$tmp/dry-replace.yaml" --dry-run=server)"
  check "nothing changed by the dry runs" "$rv0 etcd-1 Running 3 " \
    "$(k get pod etcd-1 -o jsonpath='{.metadata.resourceVersion} {.metadata.name} {.status.phase}') $(k get sts etcd -o jsonpath='{.spec.replicas}') $(k get cm etcd-config -o jsonpath='{.metadata.labels.dry}')$(k get cm dry dry2 -o name --ignore-not-found)"
  k get pod etcd-1 -o yaml | sed 's/^\(  labels:\)$/\1\n    diffed: "yes"/' >"$tmp/diff.yaml"
  k diff -f "$tmp/diff.yaml" >"$tmp/diff.out"; rc=$?
  check "diff shows the change (exit 1) and changes nothing" "1 0" \
    "$rc $(k get pod etcd-1 -o jsonpath='{.metadata.labels.diffed}' | wc -c)"
  # Strategic merge patch with the types' merge keys.
  check "set image" "pod/etcd-2 image updated" "$(k set image pod/etcd-2 etcd=quay.io/coreos/etcd:v3.5.18)"
  check "set image keeps the container's ports and resources" "quay.io/coreos/etcd:v3.5.18 2379 512Mi" \
    "$(k get pod etcd-2 -o jsonpath='{.spec.containers[0].image} {.spec.containers[0].ports[0].containerPort} {.spec.containers[0].resources.limits.memory}')"
  # A pod's containers are fixed once it exists (ValidatePodUpdate); a StatefulSet's template's
  # are not.
  check "a pod refuses another container" \
    'The Pod "etcd-2" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers' \
    "$(k patch pod etcd-2 -p '{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}')"
  check_has "a pod refuses a change of node" \
    'The Pod "etcd-2" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`' \
    "$(k patch pod etcd-2 --type merge -p '{"spec":{"nodeName":"node-z"}}')"
  tmpl='{.spec.template.spec.containers[*].name}'
  k patch sts etcd -p '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}}' >/dev/null
  # A new list item goes before the server's ones (mergeSortedSlice without $setElementOrder).
  check "strategic patch adds a container by name" "sidecar etcd" "$(k get sts etcd -o jsonpath="$tmpl")"
  k patch sts etcd -p '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}' >/dev/null
  check "strategic patch \$patch: delete" "etcd" "$(k get sts etcd -o jsonpath="$tmpl")"
  check "patch --type merge" "pod/etcd-0 patched" "$(k patch pod etcd-0 --type merge -p '{"metadata":{"labels":{"m":"1"}}}')"
  check "patch --type json" "pod/etcd-0 patched" \
    "$(k patch pod etcd-0 --type json -p '[{"op":"add","path":"/metadata/labels/j","value":"2"}]')"
  check "patches applied" "1 2" "$(k get pod etcd-0 -o jsonpath='{.metadata.labels.m} {.metadata.labels.j}')"
  # Status only through the status subresource.
  k patch pod etcd-0 --type merge -p '{"status":{"phase":"Failed"}}' >/dev/null
  check "status is not written through the object" "Running" "$(k get pod etcd-0 -o jsonpath='{.status.phase}')"
  k patch pod etcd-0 --subresource=status --type merge -p '{"status":{"phase":"Failed"}}' >/dev/null
  check "status is written through /status" "Failed" "$(k get pod etcd-0 -o jsonpath='{.status.phase}')"
  # create: typed clients send protobuf.
  check "create configmap" "configmap/made created" "$(k create configmap made --from-literal=a=b)"
  check "create secret" "secret/s created" "$(k create secret generic s --from-literal=p=q)"
  check "create serviceaccount" "serviceaccount/bob created" "$(k create serviceaccount bob)"
  check "create job (protobuf)" "job.batch/once created" "$(k create job once --image=busybox -- sh -c 'echo hi')"
  check "the job as sent" '["sh","-c","echo hi"] Never' \
    "$(k get job once -o jsonpath='{.spec.template.spec.containers[0].command} {.spec.template.spec.restartPolicy}')"
  check "create service (protobuf, IntOrString)" "service/front created" "$(k create service clusterip front --tcp=80:http)"
  check "the service as sent" "80 http front" \
    "$(k get svc front -o jsonpath='{.spec.ports[0].port} {.spec.ports[0].targetPort} {.spec.selector.app}')"
  printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: plain\nspec:\n  containers:\n  - name: c\n    image: busybox\n' >"$tmp/pod.yaml"
  check "create -f (validated)" "pod/plain created" "$(k create -f "$tmp/pod.yaml")"
  check "defaulting as the apiserver's" "Always ClusterFirst 30 default-scheduler Always BestEffort" \
    "$(k get pod plain -o jsonpath='{.spec.restartPolicy} {.spec.dnsPolicy} {.spec.terminationGracePeriodSeconds} {.spec.schedulerName} {.spec.containers[0].imagePullPolicy} {.status.qosClass}')"
  sed 's/name: plain/name: Bad_Name/' "$tmp/pod.yaml" >"$tmp/bad.yaml"
  check_has "validation with the apiserver's text" \
    'The Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain' \
    "$(k create -f "$tmp/bad.yaml")"
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typo\ndatta:\n  k: v\n' >"$tmp/typo.yaml"
  check "unknown fields refused as strict decoding refuses them" \
    'Error from server (BadRequest): error when creating "'"$tmp/typo.yaml"'": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "datta"' \
    "$(k create -f "$tmp/typo.yaml")"
  # apply, client- and server-side.
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  k: v1\n' >"$tmp/cm.yaml"
  check "apply creates" "configmap/app created" "$(k apply -f "$tmp/cm.yaml")"
  sed -i 's/k: v1/k: v2/' "$tmp/cm.yaml"
  check "apply configures" "configmap/app configured" "$(k apply -f "$tmp/cm.yaml")"
  check "apply again is unchanged" "configmap/app unchanged" "$(k apply -f "$tmp/cm.yaml")"
  sed -i 's/k: v2/k: v3/' "$tmp/cm.yaml"
  check "apply --server-side" "configmap/app serverside-applied" "$(k apply --server-side -f "$tmp/cm.yaml")"
  check "server-side apply took" "v3" "$(k get cm app -o jsonpath='{.data.k}')"
  # Field ownership: managedFields as the field manager records them (the create is an Update
  # owning the map it made, "."; an apply owns what it sent), and server-side apply's 409 from
  # managedfields/internal/conflict.go for a field another manager set to another value.
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: owned\ndata:\n  k: v1\n' >"$tmp/owned.yaml"
  k create -f "$tmp/owned.yaml" >/dev/null
  mf() { k get cm owned -o jsonpath='{range .metadata.managedFields[*]}{.manager} {.operation} {.fieldsV1}{"|"}{end}'; }
  check "managedFields of a create" 'kubectl-create Update {"f:data":{".":{},"f:k":{}}}|' "$(mf)"
  sed -i 's/k: v1/k: v2/' "$tmp/owned.yaml"
  check "server-side apply conflict" \
    'error: Apply failed with 1 conflict: conflict with "kubectl-create" using v1: .data.k' \
    "$(k apply --server-side -f "$tmp/owned.yaml" | head -1)"
  check "--force-conflicts takes the field" "configmap/owned serverside-applied v2" \
    "$(k apply --server-side --force-conflicts -f "$tmp/owned.yaml") $(k get cm owned -o jsonpath='{.data.k}')"
  check "managedFields after the apply" 'kubectl Apply {"f:data":{"f:k":{}}}' "$(mf | cut -d'|' -f1)"
  check "the old manager lost the field" "" "$(mf | cut -d'|' -f2 | grep -o 'f:k')"
  # "Clearing managedFields": a non-apply write of [{}] strips them; [] keeps them.
  k patch cm owned --type merge -p '{"metadata":{"managedFields":[]}}' >/dev/null
  check "managedFields: [] keeps them" "kubectl" "$(mf | cut -d' ' -f1)"
  k patch cm owned --type merge -p '{"metadata":{"managedFields":[{}]}}' >/dev/null
  check "managedFields: [{}] strips them" "" "$(mf)"
  # A field the applier applied before and no longer applies, owned by no one else, goes.
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pruned\ndata:\n  a: "1"\n  b: "2"\n' >"$tmp/pruned.yaml"
  k apply --server-side -f "$tmp/pruned.yaml" >/dev/null
  sed -i '/b: "2"/d' "$tmp/pruned.yaml"
  k apply --server-side -f "$tmp/pruned.yaml" >/dev/null
  check "server-side apply removes what it stopped applying" '{"a":"1"}' "$(k get cm pruned -o jsonpath='{.data}')"
  check "scale" "statefulset.apps/etcd scaled" "$(k scale sts etcd --replicas=4)"
  check "scale took" "4" "$(k get sts etcd -o jsonpath='{.spec.replicas}')"
  check "scale's field manager: an Update of the scale subresource" 'kubectl Update {"f:spec":{"f:replicas":{}}}' \
    "$(k get sts etcd -o jsonpath='{range .metadata.managedFields[?(@.subresource=="scale")]}{.manager} {.operation} {.fieldsV1}{end}')"
  k get cm app -o yaml | sed 's/k: v3/k: v4/' >"$tmp/replace.yaml"
  check "replace" "configmap/app replaced" "$(k replace -f "$tmp/replace.yaml")"
  check "replace again with a stale resourceVersion is a conflict" "Error from server (Conflict)" \
    "$(k replace -f "$tmp/replace.yaml" | cut -d: -f1)"
  # Every write is defaulted, not only create: the decoder defaults what a patch or an update
  # leaves out (SetDefaults_Container, SetDefaults_Service, SetDefaults_StatefulSetSpec).
  k patch sts etcd -p '{"spec":{"template":{"spec":{"containers":[{"name":"etcd","imagePullPolicy":null}]}}}}' >/dev/null
  k patch svc etcd --type merge -p '{"spec":{"sessionAffinity":null}}' >/dev/null
  check "defaulting on patch" "IfNotPresent None" \
    "$(k get sts etcd -o jsonpath='{.spec.template.spec.containers[0].imagePullPolicy}') $(k get svc etcd -o jsonpath='{.spec.sessionAffinity}')"
  # Without its resourceVersion: an unconditional update, which the controllers' status writes
  # cannot turn into a conflict.
  k get sts etcd -o json | sed '/"podManagementPolicy"/d; /"revisionHistoryLimit"/d; /"resourceVersion"/d' >"$tmp/sts.json"
  check "defaulting on update" "statefulset.apps/etcd replaced OrderedReady 10" \
    "$(k replace -f "$tmp/sts.json") $(k get sts etcd -o jsonpath='{.spec.podManagementPolicy} {.spec.revisionHistoryLimit}')"
  check "delete" 'configmap "app" deleted' "$(k delete cm app)"
  check "deleted" 'Error from server (NotFound): configmaps "app" not found' "$(k get cm app)"
  ;;

cluster)
  # Controllers: a StatefulSet makes its pods, ordinal by ordinal, Ready after the delay with
  # IPs from the CIDR; Endpoints follow.
  start cluster --token-file "$tmp/token" --pod-cidr 10.77.0.0/24 --ready-delay 200ms \
    --data-dir "$tmp/data"
  k apply -f "$mock/web.yaml" >/dev/null
  for _ in $(seq 50); do
    [ "$(k get sts web -o jsonpath='{.status.readyReplicas}')" = 2 ] && break
    sleep 0.2
  done
  check "StatefulSet pods by ordinal" "web-0 1/1 Running|web-1 1/1 Running" \
    "$(k get pods --no-headers | awk '{print $1, $2, $3}' | paste -sd'|')"
  check "pod-index and pod-name labels" "0 web-0" \
    "$(k get pod web-0 -o jsonpath='{.metadata.labels.apps\.kubernetes\.io/pod-index} {.metadata.labels.statefulset\.kubernetes\.io/pod-name}')"
  check_has "rollout status" "partitioned roll out complete: 2 new pods have been updated" \
    "$(k rollout status sts/web --timeout=10s)"
  check "IPs from --pod-cidr" "10.77.0.1 10.77.0.2" \
    "$(k get pods -o jsonpath='{.items[*].status.podIP}')"
  check "Endpoints follow readiness" "10.77.0.1:80,10.77.0.2:80" "$(k get ep nginx --no-headers | awk '{print $2}')"
  k scale sts web --replicas=1 >/dev/null
  for _ in $(seq 50); do
    [ "$(k get pods --no-headers | wc -l)" = 1 ] && break
    sleep 0.2
  done
  check "scale down deletes the highest ordinal" "web-0" "$(k get pods -o name | sed 's|pod/||' | paste -sd' ')"
  check "EndpointSlice follows" "10.77.0.1" "$(k get endpointslices -l kubernetes.io/service-name=nginx -o jsonpath='{.items[0].endpoints[*].addresses[0]}')"
  # --data-dir: objects and resourceVersions survive a restart.
  k create configmap kept --from-literal=a=b >/dev/null
  rv=$(k get cm kept -o jsonpath='{.metadata.resourceVersion}')
  sleep 0.3
  stop_last
  start cluster2 --token-file "$tmp/token" --data-dir "$tmp/data" --controllers none
  check "--data-dir keeps objects and resourceVersions" "kept $rv" \
    "$(k get cm kept -o jsonpath='{.metadata.name} {.metadata.resourceVersion}')"
  stop_last
  # After a restart without state, a watch from the old resourceVersion is told so.
  start fresh --token-file "$tmp/token" --controllers none
  check_has "watch after a restart: Too large resource version" "Too large resource version: $rv" \
    "$(k get --raw "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=$rv")"
  stop_last
  # --kubeconfig-out: fresh, 0600, no symlinks, no leftover temporary.
  start secure --token-file "$tmp/token" --controllers none
  check "kubeconfig mode" "600" "$(stat -c %a "$tmp/secure.kubeconfig")"
  stop_last
  touch "$tmp/left.kubeconfig.tmp"; chmod 644 "$tmp/left.kubeconfig.tmp"
  "$server_bin" --listen 127.0.0.1:0 --token-file "$tmp/token" --kubeconfig-out "$tmp/left.kubeconfig" \
    >/dev/null 2>"$tmp/left.err" & pid=$!
  sleep 1; kill $pid 2>/dev/null; wait $pid 2>/dev/null
  check "a leftover temporary is refused" "no kubeconfig; left.kubeconfig.tmp exists" \
    "$([ -e "$tmp/left.kubeconfig" ] && echo written || echo no kubeconfig); $(grep -o 'left.kubeconfig.tmp exists' "$tmp/left.err")"
  ln -s "$tmp/victim" "$tmp/link.kubeconfig.tmp"
  "$server_bin" --listen 127.0.0.1:0 --token-file "$tmp/token" --kubeconfig-out "$tmp/link.kubeconfig" \
    >/dev/null 2>&1 & pid=$!
  sleep 1; kill $pid 2>/dev/null; wait $pid 2>/dev/null
  check "a symlink does not redirect the token" "no victim" "$([ -e "$tmp/victim" ] && echo victim || echo no victim)"
  # --listen 0.0.0.0: the kubeconfig names an address the certificate covers. Tests listen on
  # loopback only, so the wildcard is bound in a network namespace of its own (root only).
  if unshare --net true 2>/dev/null; then
    check "--listen 0.0.0.0 kubeconfig works with TLS verified" "namespace/default" \
      "$(unshare --net bash -c '
        ip link set lo up || exit 1
        "$1" --listen 0.0.0.0:0 --token-file "$2" --kubeconfig-out "$3" --controllers none >"$4" 2>&1 &
        pid=$!
        for _ in $(seq 50); do grep -q listening "$4" && break; sleep 0.1; done
        timeout 20 "$6" --kubeconfig "$3" --cache-dir "$5" get ns default -o name 2>&1
        kill $pid; wait $pid' _ "$server_bin" "$tmp/token" "$tmp/any.kubeconfig" "$tmp/any.out" \
        "$tmp/cache-any" "$(command -v "$KUBECTL")")"
  else
    echo "skip: --listen 0.0.0.0 needs a network namespace of its own (root)"
  fi
  # --tls-cert with --tls-ca: the kubeconfig carries the CA.
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=test-ca \
    -keyout "$tmp/ca.key" -out "$tmp/ca.crt" >/dev/null 2>&1
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=fake -keyout "$tmp/srv.key" \
    -out "$tmp/srv.csr" >/dev/null 2>&1
  printf 'subjectAltName=IP:127.0.0.1\n' >"$tmp/ext"
  openssl x509 -req -in "$tmp/srv.csr" -CA "$tmp/ca.crt" -CAkey "$tmp/ca.key" -CAcreateserial -days 1 \
    -extfile "$tmp/ext" -out "$tmp/srv.crt" >/dev/null 2>&1
  start own --token-file "$tmp/token" --tls-cert "$tmp/srv.crt" --tls-key "$tmp/srv.key" --tls-ca "$tmp/ca.crt" \
    --controllers none
  check "--tls-cert with --tls-ca: kubectl verifies the server" "namespace/default" "$(k get ns default -o name)"
  ;;
*)
  echo "unknown section $section"; exit 2 ;;
esac
finish
