#!/usr/bin/env python3
"""RBAC, proven against the fake API server's real authorizer (Roles and bindings evaluated
for the ServiceAccount behind each token):

1. the Role of examples/etcd/etcd.yaml is sufficient: the example's container, run with its
   own args as the StatefulSet's ServiceAccount, renders etcd's configuration;
2. the Role podinit prints on a 403 is sufficient: a ServiceAccount with no permission at all,
   whose administrator applies each printed Role as it comes (as `kubectl apply` would: a
   Role of the same name is replaced), gets there in one round per missing permission, and
   the permissions it ends up with are exactly the example's Role;
3. the same for a cluster-scoped read (a ClusterRole and its ClusterRoleBinding).

Usage: rbac_hint_test.py PODINIT FAKEAPI SOURCE_ROOT
"""
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import yaml

from checks import Checks, start_fakeapi, stop

podinit, fakeapi, root = sys.argv[1:4]
work = tempfile.mkdtemp()
ADMIN = "rbac-admin-token"


checks = Checks()


def check(name, ok, detail=""):
    if not checks.check(ok, name):
        print("     ", detail)


os.mkdir(work + "/objects")
shutil.copy(root + "/examples/etcd/etcd.yaml", work + "/objects/")
shutil.copy(root + "/examples/etcd/fake-cluster/node.json", work + "/objects/")
server, url = start_fakeapi(
    fakeapi, "--objects", work + "/objects", "--token", ADMIN, "--token", "etcd-token=default/etcd",
    "--token", "bare-token=default/bare", "--ready-delay", "0s", "--ca-out", work + "/ca.crt")
try:
    port = url.rsplit(":", 1)[1]
    tls = ssl.create_default_context(cafile=work + "/ca.crt")

    def api(method, path, body=None, ctype="application/json"):
        req = urllib.request.Request(url + path, method=method, data=body,
                                     headers={"Authorization": "Bearer " + ADMIN,
                                              "Content-Type": ctype})
        with urllib.request.urlopen(req, context=tls, timeout=10) as r:
            return json.load(r)

    def apply(doc):
        """What `kubectl apply --server-side --force-conflicts` does: create, or replace the
        object of that name."""
        meta = doc["metadata"]
        plural = doc["kind"].lower() + "s"
        ns = "namespaces/%s/" % meta["namespace"] if "namespace" in meta else ""
        api("PATCH", "/apis/rbac.authorization.k8s.io/v1/%s%s/%s?fieldManager=test&force=true"
            % (ns, plural, meta["name"]), json.dumps(doc).encode(), "application/apply-patch+yaml")

    # The StatefulSet controller makes the pods from the example's StatefulSet.
    for _ in range(100):
        try:
            if api("GET", "/api/v1/namespaces/default/pods/etcd-1")["status"].get("podIP"):
                break
        except urllib.error.HTTPError:
            pass
        time.sleep(0.1)
    sts = api("GET", "/apis/apps/v1/namespaces/default/statefulsets/etcd")
    container = sts["spec"]["template"]["spec"]["containers"][0]
    cm = api("GET", "/api/v1/namespaces/default/configmaps/etcd-podinit")
    with open(work + "/etcd.yaml.tmpl", "w") as f:
        f.write(cm["data"]["etcd.yaml.tmpl"])

    def run_as(sa, args):
        """podinit in pod etcd-1 with the ServiceAccount `sa`'s token."""
        sa_dir = "%s/sa-%s" % (work, sa)
        os.makedirs(sa_dir, exist_ok=True)
        shutil.copy(work + "/ca.crt", sa_dir + "/ca.crt")
        with open(sa_dir + "/token", "w") as f:
            f.write(sa + "-token\n")
        with open(sa_dir + "/namespace", "w") as f:
            f.write("default")
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "KUBERNETES_SERVICE_HOST": "127.0.0.1",
               "KUBERNETES_SERVICE_PORT": port, "POD_NAME": "etcd-1", "PODINIT_SA_DIR": sa_dir}
        env.update({e["name"]: e["value"] for e in container.get("env", [])})
        return subprocess.run([podinit] + args, env=env, capture_output=True, text=True, timeout=30)

    # The container's args, with the template and its output in the work directory and a
    # program that exits at once in place of etcd.
    out_file = work + "/etcd.yaml"
    args = []
    for a in container["args"]:
        a = a.replace("/etc/podinit/", work + "/").replace("/var/run/etcd/etcd.yaml", out_file)
        args.append(a)
    args = args[:args.index("--") + 1] + ["/bin/true"]

    # 1. The example's Role.
    r = run_as("etcd", args)
    rendered = open(out_file).read() if os.path.exists(out_file) else ""
    check("the example's Role lets its container run", r.returncode == 0 and "name: etcd-1\n" in rendered,
          "exit %d: %s" % (r.returncode, r.stderr))

    # 2. Nothing granted; apply what podinit prints, round by round.
    def follow_hints(sa, argv, rounds):
        granted = []
        for _ in range(rounds):
            r = run_as(sa, argv)
            if r.returncode == 0:
                return r, granted
            marker = "podinit: a Role that grants it:\n"
            if marker not in r.stderr:
                return r, granted
            for doc in yaml.safe_load_all(r.stderr.split(marker, 1)[1]):
                apply(doc)
                for rule in doc.get("rules", []):
                    granted += [(g, res, v) for g in rule["apiGroups"] for res in rule["resources"]
                                for v in rule["verbs"]]
        return run_as(sa, argv), granted

    os.remove(out_file)
    r, granted = follow_hints("bare", args, 4)
    check("the printed Roles, applied one by one, let the container run",
          r.returncode == 0 and open(out_file).read() == rendered, "exit %d: %s" % (r.returncode, r.stderr))
    role = api("GET", "/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles/etcd-podinit")
    example = sorted((g, res, v) for rule in role["rules"] for g in rule["apiGroups"]
                     for res in rule["resources"] for v in rule["verbs"])
    check("they grant exactly the example's Role", sorted(granted) == example,
          "printed %s, example %s" % (sorted(granted), example))

    # 3. A cluster-scoped read: the hint is a ClusterRole with a ClusterRoleBinding.
    r, granted = follow_hints("bare", ["get", "{{ (node).metadata.name }}"], 3)
    check("a printed ClusterRole grants a cluster-scoped read",
          r.returncode == 0 and r.stdout.strip() == "node-a" and granted == [("", "nodes", "get")],
          "exit %d, granted %s: %s" % (r.returncode, granted, r.stderr))
finally:
    stop([server], work)

checks.exit()
