#!/usr/bin/env python3
"""Writes a PodList of N realistic pods (JSON) for the template benchmarks."""
import json, sys
n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
items = []
for i in range(n):
    items.append({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": f"web-{i}", "namespace": "prod", "uid": f"0000-{i:08d}",
                     "labels": {"app": "web", "tier": "front", "pod-template-hash": "5d8f7c9b"},
                     "annotations": {"prometheus.io/scrape": "true", "prometheus.io/port": "9090"},
                     "resourceVersion": str(100000 + i), "creationTimestamp": "2024-01-01T00:00:00Z"},
        "spec": {"nodeName": f"node-{i % 50}", "restartPolicy": "Always",
                 "containers": [{"name": "app", "image": "registry/web:1.2.3",
                                 "ports": [{"containerPort": 8080, "protocol": "TCP"}],
                                 "resources": {"limits": {"cpu": "500m", "memory": "256Mi"}},
                                 "env": [{"name": "MODE", "value": "prod"}]},
                                {"name": "sidecar", "image": "registry/proxy:2.0",
                                 "ports": [{"containerPort": 15001, "protocol": "TCP"}]}]},
        "status": {"phase": "Running" if i % 7 else "Pending", "podIP": f"10.0.{i // 256 % 256}.{i % 256}",
                   "hostIP": f"192.168.0.{i % 50}", "qosClass": "Burstable",
                   "containerStatuses": [{"name": "app", "ready": True, "restartCount": i % 3}]},
    })
json.dump({"apiVersion": "v1", "kind": "List", "items": items}, sys.stdout)
