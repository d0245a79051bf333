#!/usr/bin/env python3
"""`podinit run --watch` in a container of a pod (podman kube play) while the API server's
labels change (kubectl against podinit-fake-apiserver): the template directory comes from a
ConfigMap volume laid out as the kubelet lays it out, the re-rendered file is seen by a second
container sharing the emptyDir, and the reload signal reaches COMMAND only when an output
changed."""
import json
import time

import rt

TEMPLATE = 'tier: {{ index .metadata.labels "tier" }}\npod: {{ .metadata.name }}\n'

with rt.Test("watch", budget=50) as t:
    images = t.images()
    net = t.network("rt-watch")
    pod_ip = net.ip(30)
    pod = {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "web", "labels": {"app": "web", "tier": "blue"}},
        "spec": {
            "serviceAccountName": "web",
            "containers": [
                {"name": "app", "image": "podinit-debug",
                 "args": ["run", "--watch", "--template=/etc/podinit:/shared/conf", "--",
                          "/bin/sh", "-c",
                          "trap 'echo reload >> /shared/reloads' HUP; echo ready;"
                          " while :; do sleep 1000 & wait $!; done"],
                 "volumeMounts": [{"name": "shared", "mountPath": "/shared"},
                                  {"name": "templates", "mountPath": "/etc/podinit"}]},
                {"name": "reader", "image": "podinit-debug",
                 "command": ["/bin/sh", "-c", "exec sleep 3600"],
                 "volumeMounts": [{"name": "shared", "mountPath": "/shared", "readOnly": True}]},
            ],
            "volumes": [{"name": "shared", "emptyDir": {}},
                        {"name": "templates", "configMap": {"name": "web-templates"}}],
        },
    }
    objects = t.work / "objects"
    objects.mkdir()
    (objects / "pod.json").write_text(json.dumps(rt.api_view(pod, ip=pod_ip)))
    api = t.fake_api([objects], listen=net.gateway)
    played = rt.as_kubelet_runs_it(pod, api=api, volumes_dir=t.work / "volumes",
                                   images={"podinit-debug": images["debug"]},
                                   configmaps={"web-templates": {"app.conf": TEMPLATE}})
    t.kube_play([played], network=net, ips=[pod_ip])

    def reader_sees(want):
        p = t.podman("exec", "web-reader", "cat", "/shared/conf/app.conf", "/shared/reloads",
                     check=False, quiet=True)
        return p.stdout if p.stdout == want else None

    rt.wait_until("podinit's first render", lambda: "ready" in t.logs("web-app"), 20)
    listing = t.podman("exec", "web-reader", "ls", "-a", "/shared/conf").stdout.split()
    rt.check(sorted(listing) == [".", "..", "app.conf"],
             f"the ConfigMap directory renders as its visible names only: {listing}")
    rt.wait_until("the reader to see tier: blue",
                  lambda: reader_sees("tier: blue\npod: web\n"), 10, 0.3)
    rt.check(True, "the reader container sees the first render in the shared emptyDir")

    # An annotation no template reads: the output is unchanged, so no reload. The label change
    # after it is watched in order, so by the time its reload arrives this one would have too.
    api.kubectl("annotate", "pod", "web", "unrelated=1")
    api.kubectl("label", "pod", "web", "tier=green", "--overwrite")
    rt.wait_until("the reader to see tier: green and one reload",
                  lambda: reader_sees("tier: green\npod: web\nreload\n"), 15, 0.3)
    rt.check(True, "a label change re-renders the file the reader sees, and COMMAND gets one HUP")
    api.kubectl("label", "pod", "web", "tier=red", "--overwrite")
    rt.wait_until("the reader to see tier: red and a second reload",
                  lambda: reader_sees("tier: red\npod: web\nreload\nreload\n"), 15, 0.3)
    rt.check(True, "and again: one HUP per changed output")
    state = t.inspect("web-app", "{{.State.Status}} {{.RestartCount}}")
    rt.check(state == "running 0", f"COMMAND ran on throughout ({state})")
    # podman stop while podinit watches: TERM still reaches COMMAND (no TERM trap: it dies).
    start = time.monotonic()
    t.podman("stop", "-t", "10", "web-app", timeout=30)
    took = time.monotonic() - start
    code = t.inspect("web-app", "{{.State.ExitCode}}")
    rt.check(code == "143" and took < 5, f"podman stop ends the watching podinit: {code} in {took:.1f} s")
