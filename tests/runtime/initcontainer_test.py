#!/usr/bin/env python3
"""examples/initcontainer/pod.yaml itself, run by podman kube play: the FROM scratch podinit
image as the initContainer renders the ConfigMap's template and a Downward API directory into
the emptyDir, and the app container (which only reads files) sees them.

The kubelet's part is played here: the ConfigMap volume is a directory laid out as the kubelet
lays it out (..data symlinks), the service-account token volume and KUBERNETES_SERVICE_HOST/PORT
are in every container, and the API server (podinit-fake-apiserver, serving this Pod with the
address podman gives it, and the node) listens on the pod network's gateway."""
import json
import re

import yaml

import rt

with rt.Test("initcontainer", budget=50) as t:
    docs = [d for d in yaml.safe_load_all((rt.SRC / "examples/initcontainer/pod.yaml").read_text()) if d]
    pod = next(d for d in docs if d["kind"] == "Pod")
    configmap = next(d for d in docs if d["kind"] == "ConfigMap")
    images = t.images()
    net = t.network("rt-initcontainer")
    pod_ip = net.ip(20)

    node = json.loads((rt.SRC / "examples/etcd/fake-cluster/node.json").read_text())
    objects = t.work / "objects"
    objects.mkdir()
    (objects / "pod.json").write_text(json.dumps(rt.api_view(pod, ip=pod_ip, node=node["metadata"]["name"])))
    (objects / "node.json").write_text(json.dumps(node))
    api = t.fake_api([objects], listen=net.gateway)

    played = rt.as_kubelet_runs_it(
        pod, api=api, volumes_dir=t.work / "volumes",
        images={"registry.example/podinit:latest": images["fast"],
                "registry.example/app:1.0": images["app"]},
        configmaps={configmap["metadata"]["name"]: configmap["data"]})
    t.kube_play([played], network=net, ips=[pod_ip])
    app = f"{pod['metadata']['name']}-app"
    out = rt.wait_until("the app container to read its files",
                        lambda: (lambda s: "== app: read everything" in s and s)(t.logs(app)), 20)
    print(out)

    # What the ConfigMap's template gives for this pod, by Go's text/template rules: the node's
    # zone label, the address podman gave the pod, and no memory limit on the app container, so
    # the node's allocatable memory (16Gi) in MiB, as the kubelet's resourceFieldRef gives it.
    zone = node["metadata"]["labels"]["topology.kubernetes.io/zone"]
    want = (f"# rendered by podinit for {pod['metadata']['name']}\n"
            f"zone: {zone}\npod_ip: {pod_ip}\nmemory_limit_mib: {16 * 1024}\n")
    got = out.split("== /shared/app.yaml\n", 1)[1].split("== ", 1)[0]
    rt.check(got == want, f"the app reads /shared/app.yaml as rendered for this pod:\n{got}")
    files = dict(re.findall(r"^== /shared/podinfo/(\S+) -> \S+\n(.*?)\n(?===)", out, re.M | re.S))
    links = dict(re.findall(r"^== /shared/podinfo/(\S+) -> (\S*)$", out, re.M))
    rt.check(all(links[f] == f"..data/{f}" for f in links) and len(links) >= 10,
             f"the Downward API files are the kubelet's ..data links: {sorted(links)}")
    rt.check(files.get("name") == "app" and files.get("namespace") == "default", "name, namespace")
    rt.check(files.get("podIP") == pod_ip, f"podIP is the address podman gave the pod ({pod_ip})")
    rt.check(files.get("labels") == 'app="web"', f"labels: {files.get('labels')!r}")
    rt.check(f'topology.kubernetes.io/zone="{zone}"' in files.get("node-labels", "").splitlines(),
             "node-labels holds the node's zone, which the Downward API cannot give")
    addr = t.podman("exec", app, "ip", "-4", "-o", "addr", "show", "eth0").stdout
    rt.check(f" {pod_ip}/" in addr, f"the pod really has {pod_ip}")
    rt.check(rt.FakeApi.TOKEN not in t.logs(app), "no token in the app's log")
    # Last, as it is a detail no reader depends on: the kubelet names the timestamped directory
    # with os.MkdirTemp(dir, "..2006_01_02_15_04_05."), whose random part is the decimal
    # digits of a uint32 (pkg/volume/util/atomic_writer.go, newTimestampDir).
    data_dir = re.search(r"== podinfo/\.\.data -> (\S+)", out).group(1)
    rt.check(re.fullmatch(r"\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d{1,10}", data_dir) is not None,
             f"..data points at a directory named as the kubelet names it ({data_dir})")
