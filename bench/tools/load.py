#!/usr/bin/env python3
"""Starts COUNT copies of a command at once and reports how they finished.

    load.py COUNT EXPECT_STDOUT COMMAND [ARG...]

Prints "p50_s p99_s ok makespan_s": the median and 99th percentile of each process's
completion time (from its own start), how many exited 0 printing EXPECT_STDOUT (or just
exited 0 when EXPECT_STDOUT is empty), and the time until the last one finished. Each
process has 120 s.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time


def main():
    count, expect, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    outdir = tempfile.mkdtemp(prefix="podinit-load.")
    procs = {}
    first = time.monotonic()
    for i in range(count):
        # Files, not pipes: a thousand pipes would exceed a default RLIMIT_NOFILE of 1024.
        path = os.path.join(outdir, str(i))
        with open(path, "wb") as out:
            start = time.monotonic()
            p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        procs[p.pid] = (p, start, path)
    durations, ok = [], 0
    deadline = time.monotonic() + 120
    while procs and time.monotonic() < deadline:
        pid, status = os.waitpid(-1, 0)
        end = time.monotonic()
        if pid not in procs:
            continue
        p, start, path = procs.pop(pid)
        p.returncode = os.waitstatus_to_exitcode(status)
        with open(path, "rb") as f:
            out = f.read().decode(errors="replace").strip()
        os.unlink(path)
        durations.append(end - start)
        if p.returncode == 0 and (out == expect or not expect):
            ok += 1
    for p, _, path in procs.values():
        p.kill()
        p.wait()
        os.unlink(path)
    os.rmdir(outdir)
    makespan = time.monotonic() - first
    durations.sort()
    p99 = durations[min(len(durations) - 1, int(len(durations) * 0.99))] if durations else float("nan")
    p50 = statistics.median(durations) if durations else float("nan")
    print("%.6f %.6f %d %.6f" % (p50, p99, ok, makespan))


if __name__ == "__main__":
    main()
