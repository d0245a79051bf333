#!/usr/bin/env python3
"""podinit wait against podinit-fake-apiserver: pods becoming ready and matching as the test
patches them, a TCP port that opens later, and a timeout (exit 4) naming what is missing."""
import json, os, shutil, socket, subprocess, sys, tempfile, threading, time, urllib.request, ssl

podinit, fakeapi, root = sys.argv[1:4]
work = tempfile.mkdtemp()
procs = []
fails = []

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

try:
    kubeconfig = os.path.join(work, "kubeconfig")
    ca = os.path.join(work, "ca.crt")
    server = subprocess.Popen([fakeapi, "--objects", os.path.join(root, "examples/etcd/fake-cluster"),
                               "--token", "wait-token", "--kubeconfig-out", kubeconfig, "--ca-out", ca],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    procs.append(server)
    url = server.stdout.readline().split()[-1]
    ctx = ssl.create_default_context(cafile=ca)

    def patch(pod, body, subresource=""):
        req = urllib.request.Request(f"{url}/api/v1/namespaces/default/pods/{pod}{subresource}",
                                     method="PATCH",
                                     data=json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer wait-token",
                                              "Content-Type": "application/merge-patch+json"})
        urllib.request.urlopen(req, context=ctx).read()

    def ready(pod, status):
        # Status changes only through the status subresource, as on a real cluster.
        patch(pod, {"status": {"conditions": [{"type": "Ready", "status": status}]}}, "/status")

    def wait(*conds, timeout="10s"):
        return subprocess.Popen([podinit, "wait", "--kubeconfig", kubeconfig, "--pod-name", "etcd-0",
                                 "--timeout", timeout, *conds], stderr=subprocess.PIPE, text=True)

    def later(delay, fn):
        t = threading.Timer(delay, fn); t.start(); return t

    def check(name, proc, want_rc, max_seconds, started, stderr_has=None):
        try:
            rc = proc.wait(timeout=max_seconds + 5)
        except subprocess.TimeoutExpired:
            proc.kill(); fails.append(f"{name}: did not finish"); return
        took = time.monotonic() - started
        err = proc.stderr.read()
        if rc != want_rc or took > max_seconds or (stderr_has and stderr_has not in err):
            fails.append(f"{name}: exit {rc} (want {want_rc}) after {took:.1f}s; stderr: {err.strip()}")
        else:
            print(f"ok   {name} (exit {rc} after {took:.1f}s)")

    # 1. Two pods come to match the selector when labelled.
    start = time.monotonic()
    p = wait("pods:tier=db:2")
    later(1.0, lambda: (patch("etcd-0", {"metadata": {"labels": {"tier": "db"}}}),
                        patch("etcd-1", {"metadata": {"labels": {"tier": "db"}}})))
    check("pods:tier=db:2 after two pods are labelled", p, 0, 6, start)

    # 2. Every app=etcd pod ready, after one of them turns ready again.
    ready("etcd-2", "False")
    start = time.monotonic()
    p = wait("pods:app=etcd")
    later(1.5, lambda: ready("etcd-2", "True"))
    check("pods:app=etcd once etcd-2 is ready again", p, 0, 6, start)

    # 3. A TCP port that opens later.
    port = free_port()
    listener = socket.socket()
    def open_port():
        listener.bind(("127.0.0.1", port)); listener.listen(1)
    start = time.monotonic()
    p = wait(f"tcp:127.0.0.1:{port}")
    later(1.0, open_port)
    check("tcp port opening later", p, 0, 6, start)
    listener.close()

    # 4. A timeout: exit 4, and the message says what is missing.
    start = time.monotonic()
    p = wait("pods:app=nope", timeout="2s")
    check("timeout", p, 4, 5, start, stderr_has="0/1 pods ready")
finally:
    for p in procs:
        if p.poll() is None:
            p.kill()
    shutil.rmtree(work, ignore_errors=True)
for f in fails:
    print("FAIL:", f)
sys.exit(1 if fails else 0)
