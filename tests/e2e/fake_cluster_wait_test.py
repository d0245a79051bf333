#!/usr/bin/env python3
"""`podinit wait` on a fake cluster that has no hand-written pods: the fake API server gets the
etcd example's StatefulSet, Service and node only; its StatefulSet controller makes the pods
(Ready after --ready-delay) and its endpoints controller fills the Service's Endpoints.
`service:etcd` and `pods:app=etcd:3` are met once the pods are Ready, not before; after a
scale to 4, `pods:app=etcd:4` waits for the new pod.

Usage: fake_cluster_wait_test.py PODINIT FAKEAPI SOURCE_ROOT
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

from checks import Checks, start_fakeapi, stop

podinit, fakeapi, root = sys.argv[1:4]
work = tempfile.mkdtemp()
DELAY = 1.0  # --ready-delay


checks = Checks()


def check(name, ok, detail=""):
    if not checks.check(ok, name):
        print("     ", detail)


os.mkdir(work + "/objects")
for f in ("node", "service", "statefulset"):
    shutil.copy("%s/examples/etcd/fake-cluster/%s.json" % (root, f), work + "/objects/")
kubeconfig = work + "/kubeconfig"
server, _ = start_fakeapi(fakeapi, "--objects", work + "/objects", "--token", "wait-token",
                         "--ready-delay", "%gs" % DELAY, "--kubeconfig-out", kubeconfig)
try:
    started = time.monotonic()

    def wait(*conds):
        t0 = time.monotonic()
        r = subprocess.run([podinit, "wait", "--kubeconfig", kubeconfig, "--pod-name", "etcd-0",
                            "--timeout", "20s", *conds], capture_output=True, text=True, timeout=40)
        return r, time.monotonic() - t0

    r, _ = wait("service:etcd", "pods:app=etcd:3")
    took = time.monotonic() - started
    check("service:etcd and pods:app=etcd:3 are met by the controllers' pods",
          r.returncode == 0 and took >= DELAY * 0.9, "exit %d after %.1fs: %s" % (r.returncode, took, r.stderr))

    if shutil.which("kubectl"):
        subprocess.run(["kubectl", "--kubeconfig", kubeconfig, "--cache-dir", work + "/kcache", "scale",
                        "statefulset", "etcd", "--replicas=4"], capture_output=True, timeout=30, check=True)
        r, took = wait("pods:app=etcd:4")
        check("after a scale to 4, pods:app=etcd:4 waits for etcd-3 to be Ready",
              r.returncode == 0 and took >= DELAY * 0.5, "exit %d after %.1fs: %s" % (r.returncode, took, r.stderr))
    else:
        print("skip scale: kubectl not installed")
finally:
    stop([server], work)

checks.exit()
