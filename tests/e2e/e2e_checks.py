"""What the end-to-end scripts share: checks that record failures, bounded waits, reading a
file that may not be there yet, and the fake API server with the etcd example's objects."""
import os
import shutil
import subprocess
import sys
import time

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def wait_for(cond, timeout, step=0.02):
    """Polls cond until it is true or timeout seconds passed; returns its last value."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(step)
    return cond()


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return ""


def start_fakeapi(fakeapi, root, work, token):
    """podinit-fake-apiserver with examples/etcd/fake-cluster; returns (process, kubeconfig)."""
    kubeconfig = os.path.join(work, "kubeconfig")
    server = subprocess.Popen([fakeapi, "--objects", os.path.join(root, "examples/etcd/fake-cluster"),
                               "--token", token, "--kubeconfig-out", kubeconfig],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    server.stdout.readline()  # "listening on ...": the kubeconfig is written
    return server, kubeconfig


def require(program):
    """The path of program, or exit 77 (skipped) when it is not installed."""
    path = shutil.which(program)
    if path is None:
        print(f"SKIP: no {program}")
        sys.exit(77)
    return path


def stop(procs):
    """Kills whatever of procs still runs, and waits for it."""
    for p in procs:
        if p.poll() is None:
            p.kill()
            p.wait()
