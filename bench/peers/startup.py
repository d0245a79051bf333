#!/usr/bin/python3
"""The job podinit replaces, written with the official Python client: read the
service-account files, GET our own Pod, fill the config template, exec the program.

    startup.py SA_DIR TEMPLATE.in OUT -- COMMAND [ARG...]
"""
import os
import sys

from kubernetes import client


def main(argv):
    sa, template, out = argv[1:4]
    command = argv[4:]
    if command and command[0] == "--":
        command = command[1:]

    # What kubernetes.config.load_incluster_config() does, with the directory as a parameter.
    conf = client.Configuration()
    conf.host = "https://%s:%s" % (os.environ["KUBERNETES_SERVICE_HOST"],
                                   os.environ["KUBERNETES_SERVICE_PORT"])
    conf.ssl_ca_cert = os.path.join(sa, "ca.crt")
    with open(os.path.join(sa, "token")) as f:
        conf.api_key = {"authorization": "Bearer " + f.read().strip()}
    with open(os.path.join(sa, "namespace")) as f:
        namespace = f.read().strip()

    api = client.CoreV1Api(client.ApiClient(conf))
    pod = api.read_namespaced_pod(os.environ["POD_NAME"], namespace)

    statefulset = next(o.name for o in pod.metadata.owner_references if o.kind == "StatefulSet")
    size = 1
    for c in pod.spec.containers:
        if c.name == "etcd":
            for e in c.env or []:
                if e.name == "INITIAL_CLUSTER_SIZE":
                    size = int(e.value)
    ns, sub = pod.metadata.namespace, pod.spec.subdomain
    peers = ",".join("%s-%d=https://%s-%d.%s.%s.svc:2380" % (statefulset, i, statefulset, i, sub, ns)
                     for i in range(size))
    values = {
        "NAME": pod.metadata.name, "NAMESPACE": ns, "UID": pod.metadata.uid,
        "NODE": pod.spec.node_name, "POD_IP": pod.status.pod_ip, "SUBDOMAIN": sub,
        "SET": statefulset, "INITIAL_CLUSTER": peers,
    }
    with open(template) as f:
        text = f.read()
    for key, value in values.items():
        text = text.replace("@%s@" % key, value)
    with open(out + ".tmp", "w") as f:
        f.write(text)
    os.replace(out + ".tmp", out)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv)
