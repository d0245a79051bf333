#!/usr/bin/env python3
"""podinit reads kubeconfigs as people have them, end to end against the fake API server:
KUBECONFIG=a:b merged as kubectl merges it (the cluster in one file, the user in the other),
certificate-authority relative to its own file, tls-server-name naming the only name the
server's certificate has, and the user an exec credential plugin (ExecCredential v1, as EKS,
GKE, AKS and OIDC kubeconfigs have them): run with KUBERNETES_EXEC_INFO, its token cached
until it expires, run again after a 401. kubectl, given the same KUBECONFIG, agrees.

Usage: kubeconfig_test.py PODINIT FAKEAPI SOURCE_ROOT
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from checks import Checks, start_fakeapi, stop

podinit, fakeapi, root = sys.argv[1:4]
work = tempfile.mkdtemp()
procs = []
NAME = "api.internal.example"  # the server certificate's only name


checks = Checks()


def check(name, ok, detail=""):
    if not checks.check(ok, name):
        print("     ", detail)


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=work, timeout=30)


def write(path, text, mode=0o644):
    with open(os.path.join(work, path), "w") as f:
        f.write(text)
    os.chmod(os.path.join(work, path), mode)


try:
    # A CA and a server certificate for NAME alone: 127.0.0.1 is not in it.
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-days", "1", "-subj", "/CN=kubeconfig-test-ca", "-keyout", "ca.key", "-out", "ca.crt")
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-subj", "/CN=" + NAME, "-keyout", "srv.key", "-out", "srv.csr")
    write("ext", "subjectAltName=DNS:%s\n" % NAME)
    openssl("x509", "-req", "-in", "srv.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
            "-CAcreateserial", "-days", "1", "-extfile", "ext", "-out", "srv.crt")
    write("token", "exec-token-93c1\n", 0o600)
    server, url = start_fakeapi(
        fakeapi, "--objects", root + "/examples/etcd/fake-cluster", "--token-file", work + "/token",
        "--tls-cert", work + "/srv.crt", "--tls-key", work + "/srv.key", "--tls-ca", work + "/ca.crt",
        "--controllers", "none")
    procs.append(server)

    # a/: the cluster, its CA beside it, and the current context.
    os.makedirs(work + "/a")
    shutil.copy(work + "/ca.crt", work + "/a/ca.crt")
    write("a/config", f"""apiVersion: v1
kind: Config
current-context: cloud
clusters:
- name: cloud
  cluster:
    server: {url}
    certificate-authority: ca.crt
    tls-server-name: {NAME}
contexts:
- name: cloud
  context: {{cluster: cloud, user: cloud-user, namespace: default}}
""")
    # b/: the user, an exec plugin beside it. Its first token is stale (a 401 makes podinit
    # run it again), later ones good for an hour.
    os.makedirs(work + "/b")
    write("b/plugin.sh", """#!/bin/sh
d=$(dirname "$0")
echo run >> "$d/runs"
printf '%s' "$KUBERNETES_EXEC_INFO" > "$d/info-$(wc -l < "$d/runs" | tr -d ' ')"
if [ "$(wc -l < "$d/runs")" -eq 1 ]; then token=stale-token; else token=$(cat "$TOKEN_FILE"); fi
exp=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}\\n' "$token" "$exp"
""", 0o755)
    write("b/config", f"""apiVersion: v1
kind: Config
users:
- name: cloud-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./plugin.sh
      env:
      - {{name: TOKEN_FILE, value: {work}/token}}
      interactiveMode: Never
      provideClusterInfo: true
""")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": work,
           "KUBECONFIG": work + "/a/config:" + work + "/b/config", "POD_NAME": "etcd-1"}

    def podinit_get(*args, extra_env=None):
        return subprocess.run([podinit, "get", *args], env=dict(env, **(extra_env or {})),
                              capture_output=True, text=True, timeout=30)

    # Three objects read, one plugin run after the stale token's 401 and no more: cached.
    r = podinit_get("metadata.name", "{{ (statefulset).spec.replicas }} {{ (node).metadata.name }}")
    check("podinit reads through the merged kubeconfig", r.returncode == 0 and
          r.stdout.split() == ["etcd-1", "3", "node-a"], (r.returncode, r.stdout, r.stderr))
    runs = open(work + "/b/runs").read().count("run")
    check("the plugin ran again after the 401, then its token was cached", runs == 2, runs)
    info = json.loads(open(work + "/b/info-1").read())
    check("KUBERNETES_EXEC_INFO as client-go sends it",
          (info["apiVersion"], info["kind"], info["spec"]["interactive"],
           info["spec"]["cluster"]["server"], info["spec"]["cluster"]["tls-server-name"],
           "certificate-authority-data" in info["spec"]["cluster"]) ==
          ("client.authentication.k8s.io/v1", "ExecCredential", False, url, NAME, True), info)
    check("no token in podinit's output", "exec-token-93c1" not in r.stdout + r.stderr)

    # Without tls-server-name the certificate does not cover 127.0.0.1: the name is what made
    # the connection verify.
    text = open(work + "/a/config").read()
    write("a/config", text.replace("    tls-server-name: %s\n" % NAME, ""))
    r = podinit_get("metadata.name")
    check("without tls-server-name the server's certificate is refused",
          r.returncode != 0 and "certificate" in r.stderr.lower(), (r.returncode, r.stderr))
    write("a/config", text)

    # kubectl with the same KUBECONFIG: the same pod.
    if shutil.which("kubectl"):
        r = subprocess.run(["kubectl", "--cache-dir", work + "/kcache", "get", "pod", "etcd-1",
                            "-o", "jsonpath={.metadata.name}"], env=env, capture_output=True,
                           text=True, timeout=30)
        check("kubectl agrees with the kubeconfig", r.stdout == "etcd-1", (r.returncode, r.stderr))
    else:
        print("skip kubectl: not installed")
finally:
    stop(procs, work)

checks.exit()
