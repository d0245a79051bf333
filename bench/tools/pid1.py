#!/usr/bin/env python3
"""Measures an init (podinit or tini) as PID 1 of a new PID namespace (needs root).

    pid1.py rss  INIT_ARGV...   -> VmRSS of PID 1 in kB, one second after it started `sleep 1000`
    pid1.py reap RUNS COUNT DRIVER INIT_ARGV...
                                -> median seconds from the burst script's exit until PID 1 reaped
                                   COUNT orphans, over RUNS runs ("n/a reason" on failure)

INIT_ARGV is the init's command line up to and including its `--`; the child is appended.
"""
import os
import statistics
import subprocess
import sys
import time

UNSHARE = ["unshare", "--pid", "--fork", "--mount-proc", "--kill-child"]


def child_of(pid, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
                kids = f.read().split()
            if kids:
                return int(kids[0])
        except OSError:
            return None
        time.sleep(0.01)
    return None


def rss(init_argv):
    p = subprocess.Popen(UNSHARE + init_argv + ["sleep", "1000"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        init = child_of(p.pid)
        time.sleep(1.0)
        if init is None or p.poll() is not None:
            err = p.stderr.read().decode(errors="replace").strip().splitlines() if p.poll() is not None else []
            return "n/a (%s)" % (err[-1] if err else "init did not start")
        with open("/proc/%d/status" % init) as f:
            status = dict(line.split(":", 1) for line in f if ":" in line)
        if status.get("NSpid", "").split()[-1:] != ["1"]:
            return "n/a (init is not PID 1 in its namespace)"
        return status["VmRSS"].split()[0]
    finally:
        if p.poll() is None:
            p.kill()  # unshare ignores SIGTERM; --kill-child takes PID 1 and the namespace with it
        p.wait(timeout=10)


def reap(runs, count, driver, init_argv):
    results = []
    for _ in range(runs):
        p = subprocess.run(UNSHARE + init_argv + [sys.executable, driver, str(count)],
                           capture_output=True, text=True, timeout=120)
        out = p.stdout.strip().split()
        if p.returncode != 0 or len(out) != 2:
            err = (p.stderr.strip().splitlines() or ["exit status %d" % p.returncode])[-1]
            return "n/a (%s)" % err
        if out[0] == "timeout":
            return "n/a (%s orphans not reaped after 20 s)" % out[1]
        results.append(float(out[1]))
    return "%.6f" % statistics.median(results)


def main():
    if sys.argv[1] == "rss":
        print(rss(sys.argv[2:]))
    else:
        print(reap(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5:]))


if __name__ == "__main__":
    main()
