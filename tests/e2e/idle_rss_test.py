#!/usr/bin/env python3
"""Idle memory as an init (issue 18): the static podinit supervising `sleep` holds no more than
1.5 times what tini-static holds (VmRSS), in each mode: `run --init`, `run --init` after a
render (the lean supervisor), called as tini, called as dumb-init. The static binary, because
that is what images ship and what tini-static is compared with; skipped (77) without either.

    idle_rss_test.py STATIC_PODINIT SOURCE_ROOT [--tini-static /usr/bin/tini-static]
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

LIMIT = 1.5
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


def vm_rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def idle_rss(argv):
    """VmRSS of the init once its child is `sleep` and it has been idle a moment; None if the
    child never got there (bounded: 10 s)."""
    p = subprocess.Popen(argv + ["sleep", "30"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while (time.monotonic() < deadline and p.poll() is None
               and not any(comm(c) == "sleep" for c in children(p.pid))):
            time.sleep(0.02)
        if not any(comm(c) == "sleep" for c in children(p.pid)):
            return None
        time.sleep(0.5)  # what the supervisor does after starting COMMAND is part of it
        return vm_rss_kb(p.pid)
    finally:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def smallest(argv, samples=3):
    """The smallest of a few samples: a loaded machine only ever adds pages (reclaim is lazy)."""
    got = [idle_rss(argv) for _ in range(samples)]
    got = [g for g in got if g is not None]
    return min(got) if got else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("podinit")
    ap.add_argument("root")
    ap.add_argument("--tini-static", default="/usr/bin/tini-static")
    a = ap.parse_args()
    if not os.path.exists(a.podinit) or not os.path.exists(a.tini_static):
        print(f"SKIP: needs the static podinit ({a.podinit}) and tini-static ({a.tini_static})")
        return 77
    # Beside the binary, on its file system: a tmpfs /tmp would hold the copies in memory that
    # can only be paged out to swap.
    here = os.path.dirname(os.path.abspath(a.podinit))
    with tempfile.TemporaryDirectory(prefix="idle-rss-", dir=here if os.access(here, os.W_OK) else None) as tmp:
        # Private copies of both binaries: the kernel pages out no page that another process
        # maps too, and other tests run the same static podinit (and tini-static) at the same
        # time, which kept podinit's start-up pages resident (1040 kB against 900 kB alone).
        # A copy is dirty in the page cache, and no dirty page is paged out either; an image's
        # binary is clean: write the copies back first.
        podinit = os.path.join(tmp, "podinit")
        tini_static = os.path.join(tmp, "tini-static")
        for src, dst in ((a.podinit, podinit), (a.tini_static, tini_static)):
            shutil.copyfile(src, dst)
            os.chmod(dst, 0o755)
            fd = os.open(dst, os.O_RDONLY)
            os.fsync(fd)
            os.close(fd)
        tini = smallest([tini_static, "-s", "--"])
        check(tini is not None, f"tini-static: {tini} kB")
        if tini is None:
            return 1
        links = {}
        for name in ("tini", "dumb-init"):
            links[name] = os.path.join(tmp, name)
            os.symlink(podinit, links[name])
        pod = os.path.join(a.root, "tests/e2e/testdata/pod-web-0.json")
        modes = {
            "run --init": [podinit, "run", "--init", "--"],
            "run --init after a render": [podinit, "run", "--init", "--pod-file", pod,
                                          "-e", "POD={{.metadata.name}}", "--"],
            "as tini -g": [links["tini"], "-g", "--"],
            "as dumb-init": [links["dumb-init"]],
        }
        for name, argv in modes.items():
            rss = smallest(argv)
            check(rss is not None and rss <= LIMIT * tini,
                  f"{name}: {rss} kB, at most {LIMIT} x tini-static's {tini} kB")
    print(f"{len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
