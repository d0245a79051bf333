#!/bin/sh
# registry.example/app:1.0 of examples/initcontainer/pod.yaml, as the runtime tests build it
# (the debug image plus this file as /app): a program that only reads files. It prints what it
# reads, then stays up as a pod's main container does.
config=${1#--config=}
echo "== $config"
cat "$config"
for f in /shared/podinfo/*; do
  [ -f "$f" ] || continue
  echo "== $f -> $(readlink "$f")"
  cat "$f"
  echo
done
echo "== podinfo/..data -> $(readlink /shared/podinfo/..data)"
echo "== app: read everything"
exec sleep 3600
