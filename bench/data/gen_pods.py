#!/usr/bin/env python3
"""Writes a PodList of N pods (what `kubectl get pods -o json` prints), deterministic
for a given N, for timing templates that range over many objects.

    gen_pods.py N OUT.json
"""
import json
import random
import sys

APPS = ["web", "api", "worker", "cache", "db", "ingest", "search", "auth"]
PHASES = ["Running"] * 8 + ["Pending", "Succeeded", "Failed"]
NODES = ["worker-%s-%d" % (z, i) for z in "abc" for i in range(1, 9)]


def pod(i, rnd):
    app = APPS[i % len(APPS)]
    name = "%s-%s-%05d" % (app, "%08x" % rnd.getrandbits(32), i)
    ns = "team-%d" % (i % 17)
    phase = rnd.choice(PHASES)
    containers = [{
        "name": app,
        "image": "registry.example.com/%s:1.%d.%d" % (app, rnd.randrange(30), rnd.randrange(10)),
        "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"},
                  {"name": "metrics", "containerPort": 9090, "protocol": "TCP"}],
        "resources": {"requests": {"cpu": "%dm" % rnd.choice([100, 250, 500]), "memory": "256Mi"},
                      "limits": {"cpu": "%d" % rnd.choice([1, 2]), "memory": "%dMi" % rnd.choice([512, 1024])}},
    }]
    if i % 3 == 0:
        containers.append({"name": "envoy", "image": "envoyproxy/envoy:v1.31.2",
                           "ports": [{"name": "admin", "containerPort": 15000, "protocol": "TCP"}],
                           "resources": {}})
    statuses = [{"name": c["name"], "image": c["image"], "ready": phase == "Running" and rnd.random() > 0.05,
                 "restartCount": rnd.choice([0, 0, 0, 1, 4]), "started": phase == "Running",
                 "containerID": "containerd://%064x" % rnd.getrandbits(256)} for c in containers]
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": name, "namespace": ns, "uid": "%08x-%04x-4%03x-a%03x-%012x" % (
                rnd.getrandbits(32), rnd.getrandbits(16), rnd.getrandbits(12), rnd.getrandbits(12), rnd.getrandbits(48)),
            "resourceVersion": str(1000000 + i),
            "creationTimestamp": "2026-11-%02dT%02d:%02d:%02dZ" % (1 + i % 28, i % 24, i % 60, (i * 7) % 60),
            "labels": {"app.kubernetes.io/name": app, "app.kubernetes.io/instance": "%s-%d" % (app, i % 5),
                       "pod-template-hash": "%010x" % rnd.getrandbits(40), "tier": rnd.choice(["frontend", "backend"])},
            "annotations": {"prometheus.io/scrape": "true", "prometheus.io/port": "9090"},
        },
        "spec": {"nodeName": rnd.choice(NODES), "serviceAccountName": app, "containers": containers,
                 "restartPolicy": "Always", "terminationGracePeriodSeconds": 30},
        "status": {"phase": phase, "hostIP": "172.18.0.%d" % (1 + i % 250),
                   "podIP": "10.%d.%d.%d" % (244 + i // 65536 % 10, i // 256 % 256, i % 256),
                   "qosClass": "Burstable", "containerStatuses": statuses},
    }


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rnd = random.Random(n)
    doc = {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""},
           "items": [pod(i, rnd) for i in range(n)]}
    with open(out, "w") as f:
        json.dump(doc, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
