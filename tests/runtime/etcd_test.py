#!/usr/bin/env python3
"""The etcd example (examples/etcd/etcd.yaml) as pods on a podman network, as its StatefulSet
makes them: each pod with its own address and hostname, the image FROM scratch with podinit
as ENTRYPOINT and Debian's etcd and etcdctl (scripts/image.sh etcd-fast), the StatefulSet's
exact container args and its ConfigMap's template laid out as the kubelet lays it out. The
three form a cluster and a key written on one is read on another; then the StatefulSet is
scaled to 4 and etcd-3 joins through --pre-exec (etcdctl member add) and --pre-exec-env.

The headless Service's DNS records are the pods' hostAliases; the API server is
podinit-fake-apiserver serving examples/etcd/fake-cluster with these addresses."""
import json
import re
import subprocess

import yaml

import rt

DOMAIN = "default.svc.cluster.local"


def etcdctl(*args, endpoints):
    p = subprocess.run(["etcdctl", f"--endpoints={','.join(endpoints)}", "--dial-timeout=1s",
                        "--command-timeout=3s", *args], capture_output=True, text=True, timeout=10,
                       env={"ETCDCTL_API": "3", "PATH": "/usr/bin:/bin"})
    return p.stdout if p.returncode == 0 else ""


def started(endpoints):
    return etcdctl("member", "list", endpoints=endpoints).count(", started, ")


with rt.Test("etcd", budget=55) as t:
    docs = [d for d in yaml.safe_load_all((rt.SRC / "examples/etcd/etcd.yaml").read_text()) if d]
    sts = next(d for d in docs if d["kind"] == "StatefulSet")
    configmap = next(d for d in docs if d["kind"] == "ConfigMap")
    service = sts["spec"]["serviceName"]
    images = t.images()
    net = t.network("rt-etcd")
    ips = [net.ip(11 + i) for i in range(4)]

    # The API server's view: the example's fake cluster, with the addresses podman gives.
    objects = t.work / "objects"
    objects.mkdir()
    sources = {src.name: json.loads(src.read_text())
               for src in (rt.SRC / "examples/etcd/fake-cluster").glob("*.json")}
    # The scale-up pod: etcd-2 as the StatefulSet controller would make it at ordinal 3.
    pod3 = json.loads(json.dumps(sources["pod-etcd-2.json"]).replace("etcd-2", "etcd-3"))
    pod3["metadata"]["labels"]["apps.kubernetes.io/pod-index"] = "3"
    pod3["metadata"].pop("uid", None)
    sources["pod-etcd-3.json"] = pod3
    for name, obj in sources.items():
        if obj["kind"] == "Pod":
            i = int(obj["metadata"]["name"].rsplit("-", 1)[1])
            obj["status"]["podIP"] = ips[i]
            obj["status"]["podIPs"] = [{"ip": ips[i]}]
        (objects / name).write_text(json.dumps(obj))
    api = t.fake_api([objects], listen=net.gateway)

    def pod(i):
        """The Pod the StatefulSet controller makes from its template, as the kubelet runs it."""
        tmpl = json.loads(json.dumps(sts["spec"]["template"]))
        name = f"{sts['metadata']['name']}-{i}"
        spec = tmpl["spec"]
        spec.update(hostname=name, subdomain=service,
                    hostAliases=[{"ip": ip, "hostnames": [f"{sts['metadata']['name']}-{j}.{service}.{DOMAIN}"]}
                                 for j, ip in enumerate(ips)],
                    dnsConfig={"searches": [DOMAIN, "svc.cluster.local", "cluster.local"]})
        data = t.work / f"data-{i}"  # the volumeClaimTemplate's volume
        data.mkdir()
        labels = dict(tmpl["metadata"]["labels"], **{"apps.kubernetes.io/pod-index": str(i),
                                                    "statefulset.kubernetes.io/pod-name": name})
        p = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": labels}, "spec": spec}
        return rt.as_kubelet_runs_it(
            p, api=api, volumes_dir=t.work / f"volumes-{i}",
            images={spec["containers"][0]["image"]: images["etcd"]},
            configmaps={configmap["metadata"]["name"]: configmap["data"]}, pvc_dirs={"data": data})

    t.kube_play([pod(i) for i in range(3)], network=net, ips=ips[:3], name="etcd-0-2")
    endpoints = [f"http://{ip}:2379" for ip in ips[:3]]
    rt.wait_until("three started members", lambda: started(endpoints) == 3, 30, 0.5)
    rt.check(True, "etcd-0, etcd-1 and etcd-2 form a cluster:\n" + etcdctl("member", "list", endpoints=endpoints))
    for i in range(3):
        # podinit finds its own pod by the hostname the pod spec gives the container.
        host = t.inspect(f"etcd-{i}-etcd", "{{.Config.Hostname}}")
        conf = (t.work / f"data-{i}/etcd.yaml").read_text()
        rt.check(host == f"etcd-{i}" and f"name: etcd-{i}\n" in conf
                 and f"advertise-client-urls: http://etcd-{i}.{service}.{DOMAIN}:2379" in conf
                 and "initial-cluster-state: new" in conf
                 and f"listen-client-urls: http://{ips[i]}:2379" in conf,
                 f"etcd-{i} (hostname {host}) rendered its config from its own pod: its name and {ips[i]}")
    etcdctl("put", "/podinit/runtime", "written-on-etcd-0", endpoints=endpoints[:1])
    got = etcdctl("get", "--print-value-only", "/podinit/runtime", endpoints=endpoints[2:3]).strip()
    rt.check(got == "written-on-etcd-0", f"a put on etcd-0 is read on etcd-2 ({got!r})")

    # Scale up: the StatefulSet grows to 4 and etcd-3 starts beyond INITIAL_CLUSTER_SIZE, so
    # podinit runs `etcdctl member add` first (the container restarts until etcd accepts it).
    api.kubectl("patch", "statefulset", sts["metadata"]["name"], "--type=merge",
                "-p", '{"spec":{"replicas":4}}')
    t.kube_play([pod(3)], network=net, ips=ips[3:], name="etcd-3")
    rt.wait_until("four started members", lambda: started(endpoints) == 4, 30, 0.5)
    conf = (t.work / "data-3/etcd.yaml").read_text()
    rt.check("initial-cluster-state: existing" in conf and re.search(
        r"initial-cluster: .*etcd-3=http://etcd-3\.", conf) is not None,
        "etcd-3's config takes the join path, its initial-cluster from member add's output")
    got = etcdctl("get", "--print-value-only", "/podinit/runtime", endpoints=[f"http://{ips[3]}:2379"]).strip()
    rt.check(got == "written-on-etcd-0", f"etcd-3 joined and reads the data ({got!r})")
    restarts = t.inspect("etcd-3-etcd", "{{.RestartCount}}")
    rt.log(f"etcd-3's container restarted {restarts} times before member add was accepted")
    for i in range(4):
        rt.check(rt.FakeApi.TOKEN not in t.logs(f"etcd-{i}-etcd"), f"no token in etcd-{i}'s log")
