#!/usr/bin/env python3
"""Measures an init (podinit or tini) as PID 1 of a new PID namespace (needs root).

    pid1.py rss  INIT_ARGV...   -> VmRSS of PID 1 in kB, one second after it started `sleep 1000`
    pid1.py reap RUNS COUNT DRIVER INIT_ARGV...
                                -> "WALL CPU": medians over RUNS runs of the seconds from the
                                   moment COUNT zombies were orphaned to PID 1 until it had
                                   reaped them all, and of PID 1's CPU time meanwhile
                                   (reap_driver.py; "n/a reason" on failure)
    pid1.py reap-pair RUNS COUNT DRIVER :: INIT_A_ARGV... :: INIT_B_ARGV...
                                -> "WALL_A WALL_B CPU_A CPU_B": the same, the two inits taking
                                   turns run by run, so a busy machine weighs on both alike
    pid1.py wakeups SECONDS INIT_ARGV...
                                -> how often PID 1 ran (voluntary and involuntary context
                                   switches of all its threads) during SECONDS of idleness,
                                   from one second after it started `sleep 1000`

INIT_ARGV is the init's command line up to and including its `--`; the child is appended.
"""
import contextlib
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


@contextlib.contextmanager
def idle_init(init_argv):
    """Starts INIT_ARGV + `sleep 1000` as PID 1 of a new namespace and waits one second;
    yields its PID (outside) or "n/a (reason)"; kills it at the end."""
    p = subprocess.Popen(UNSHARE + init_argv + ["sleep", "1000"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        init = child_of(p.pid)
        time.sleep(1.0)
        if init is None or p.poll() is not None:
            err = p.stderr.read().decode(errors="replace").strip().splitlines() if p.poll() is not None else []
            yield "n/a (%s)" % (err[-1] if err else "init did not start")
        else:
            yield init
    finally:
        if p.poll() is None:
            p.kill()  # unshare ignores SIGTERM; --kill-child takes PID 1 and the namespace with it
        p.wait(timeout=10)


def rss(init_argv):
    with idle_init(init_argv) as init:
        if isinstance(init, str):
            return init
        with open("/proc/%d/status" % init) as f:
            status = dict(line.split(":", 1) for line in f if ":" in line)
        if status.get("NSpid", "").split()[-1:] != ["1"]:
            return "n/a (init is not PID 1 in its namespace)"
        return status["VmRSS"].split()[0]


def reap_once(count, driver, init_argv):
    """(wall seconds until COUNT orphans were reaped, PID 1's CPU seconds), or "n/a (reason)"."""
    p = subprocess.run(UNSHARE + init_argv + [sys.executable, driver, str(count)],
                       capture_output=True, text=True, timeout=120)
    out = p.stdout.strip().split()
    if p.returncode == 0 and len(out) == 2 and out[0] == "timeout":
        return "n/a (%s orphans not reaped after 20 s)" % out[1]
    if p.returncode != 0 or len(out) != 3:
        err = (p.stderr.strip().splitlines() or ["exit status %d" % p.returncode])[-1]
        return "n/a (%s)" % err
    return float(out[1]), float(out[2])


def reap(runs, count, driver, inits):
    """Medians per init, all the wall times first, then the CPU times; the inits take turns,
    run by run."""
    results = [[] for _ in inits]
    failed = [None for _ in inits]
    for _ in range(runs):
        for i, argv in enumerate(inits):
            if failed[i]:
                continue
            r = reap_once(count, driver, argv)
            if isinstance(r, str):
                failed[i] = r
            else:
                results[i].append(r)
                print("reap %s: %.2f ms, PID 1 CPU %.2f ms" % (argv[0], r[0] * 1e3, r[1] * 1e3),
                      file=sys.stderr)
    walls = [failed[i] or "%.6f" % statistics.median(r[0] for r in results[i]) for i in range(len(inits))]
    cpus = [failed[i] or "%.6f" % statistics.median(r[1] for r in results[i]) for i in range(len(inits))]
    return " ".join(walls + cpus)


def wakeups(seconds, init_argv):
    def switches(pid):
        total = 0
        for task in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/status" % (pid, task)) as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        total += int(line.split()[1])
        return total

    with idle_init(init_argv) as init:
        if isinstance(init, str):
            return init
        before = switches(init)
        time.sleep(seconds)
        return str(switches(init) - before)


def split_inits(args):
    """`:: A... :: B...` -> [[A...], [B...]]"""
    inits = []
    for a in args:
        if a == "::":
            inits.append([])
        else:
            inits[-1].append(a)
    return inits


def main():
    if sys.argv[1] == "rss":
        print(rss(sys.argv[2:]))
    elif sys.argv[1] == "wakeups":
        print(wakeups(float(sys.argv[2]), sys.argv[3:]))
    elif sys.argv[1] == "reap-pair":
        print(reap(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], split_inits(sys.argv[5:])))
    else:
        print(reap(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], [sys.argv[5:]]))


if __name__ == "__main__":
    main()
