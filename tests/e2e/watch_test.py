#!/usr/bin/env python3
"""podinit run --watch: `kubectl label pod` against podinit-fake-apiserver changes the rendered
file within a second, and COMMAND receives SIGHUP; an annotation that no output uses changes
nothing and sends nothing."""
import os, shutil, signal, subprocess, sys, tempfile, time

podinit, fakeapi, root = sys.argv[1:4]
kubectl = shutil.which("kubectl")
if kubectl is None:
    print("SKIP: no kubectl")
    sys.exit(77)
work = tempfile.mkdtemp()
procs = []

def wait_for(cond, timeout, what):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return time.monotonic()
        time.sleep(0.02)
    raise SystemExit(f"FAIL: timed out waiting for {what}")

def read(p):
    try:
        return open(p).read()
    except FileNotFoundError:
        return ""

try:
    kubeconfig = os.path.join(work, "kubeconfig")
    server = subprocess.Popen([fakeapi, "--objects", os.path.join(root, "examples/etcd/fake-cluster"),
                               "--token", "watch-token", "--kubeconfig-out", kubeconfig],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    procs.append(server)
    server.stdout.readline()  # "listening on ..."
    tmpl = os.path.join(work, "t.tmpl")
    out = os.path.join(work, "out.conf")
    hups = os.path.join(work, "hups")
    open(tmpl, "w").write('tier={{ index .metadata.labels "tier" | default "none" }}\n')
    child = ("import signal,time,sys\n"
             f"signal.signal(signal.SIGHUP, lambda *a: open({hups!r}, 'a').write('HUP\\n'))\n"
             "while True: time.sleep(0.05)\n")
    run = subprocess.Popen([podinit, "run", "--kubeconfig", kubeconfig, "--pod-name", "etcd-0",
                            "--watch", "-t", f"{tmpl}:{out}", "--", sys.executable, "-c", child],
                           stderr=subprocess.PIPE, text=True)
    procs.append(run)
    wait_for(lambda: read(out) == "tier=none\n", 10, "the first render")
    time.sleep(1.0)  # the watch is established and the child has its handler
    env = dict(os.environ, KUBECONFIG=kubeconfig)
    start = time.monotonic()
    subprocess.run([kubectl, "label", "pod", "etcd-0", "tier=db", "--cache-dir", os.path.join(work, "cache")],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    labelled = time.monotonic()
    changed = wait_for(lambda: read(out) == "tier=db\n", 5, "the re-render")
    wait_for(lambda: read(hups) == "HUP\n", 5, "SIGHUP in the child")
    print(f"ok   re-rendered {changed - labelled:.3f}s after kubectl label returned; the child got SIGHUP")
    if changed - labelled > 1.0:
        print("FAIL: the re-render took more than a second")
        sys.exit(1)
    mtime = os.stat(out).st_mtime_ns
    subprocess.run([kubectl, "annotate", "pod", "etcd-0", "note=unused", "--cache-dir", os.path.join(work, "cache")],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    time.sleep(1.5)
    if os.stat(out).st_mtime_ns != mtime or read(hups) != "HUP\n":
        print("FAIL: an unrelated annotation rewrote the file or signalled the child")
        sys.exit(1)
    print("ok   an annotation no output uses changes nothing and sends nothing")
    run.send_signal(signal.SIGTERM)
    rc = run.wait(timeout=10)
    if rc != 128 + signal.SIGTERM:
        print(f"FAIL: podinit exited {rc}, want {128 + signal.SIGTERM} (the child died of SIGTERM)")
        print(run.stderr.read())
        sys.exit(1)
    print("ok   SIGTERM reached the child; podinit exited 143")
finally:
    for p in procs:
        if p.poll() is None:
            p.kill()
    shutil.rmtree(work, ignore_errors=True)
