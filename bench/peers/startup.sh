#!/bin/sh
# The job podinit replaces, the way StatefulSet entrypoint scripts do it today: read the
# service-account files, GET our own Pod with curl, pick fields with jq, sed them into the
# config, then exec the real program.
#   startup.sh SA_DIR TEMPLATE.in OUT -- COMMAND [ARG...]
set -eu
sa=$1 in=$2 out=$3
shift 3
[ "${1:-}" = "--" ] && shift

ns=$(cat "$sa/namespace")
token=$(cat "$sa/token")
pod=$(curl -sS --fail --cacert "$sa/ca.crt" -H "Authorization: Bearer $token" \
  "https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT/api/v1/namespaces/$ns/pods/$POD_NAME")

# One jq run for every field, tab separated (none of them can hold a tab).
fields=$(printf '%s' "$pod" | jq -r '[.metadata.name, .metadata.namespace, .metadata.uid,
  .spec.nodeName, .status.podIP, .spec.subdomain,
  (.metadata.ownerReferences[] | select(.kind == "StatefulSet") | .name),
  ((.spec.containers[] | select(.name == "etcd") | .env[]? | select(.name == "INITIAL_CLUSTER_SIZE") | .value) // "1")
  ] | @tsv')
IFS='	' read -r name namespace uid node pod_ip subdomain set size <<EOT
$fields
EOT

peers=
i=0
while [ "$i" -lt "$size" ]; do
  peers="${peers:+$peers,}$set-$i=https://$set-$i.$subdomain.$namespace.svc:2380"
  i=$((i + 1))
done

sed -e "s|@NAME@|$name|g" -e "s|@NAMESPACE@|$namespace|g" -e "s|@UID@|$uid|g" \
    -e "s|@NODE@|$node|g" -e "s|@POD_IP@|$pod_ip|g" -e "s|@SUBDOMAIN@|$subdomain|g" \
    -e "s|@SET@|$set|g" -e "s|@INITIAL_CLUSTER@|$peers|g" "$in" > "$out.tmp"
mv "$out.tmp" "$out"
exec "$@"
