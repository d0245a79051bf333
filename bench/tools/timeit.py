#!/usr/bin/env python3
"""Fallback when hyperfine is not installed: run a command RUNS times (after WARMUP
untimed runs), output to /dev/null, and print the median wall time in seconds. With
--prepare, PREPARE (split on spaces, no shell) runs untimed before every run.

    timeit.py RUNS WARMUP [--prepare PREPARE] COMMAND [ARG...]
"""
import statistics
import subprocess
import sys
import time


def main():
    runs, warmup, cmd = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    prepare = None
    if cmd[:1] == ["--prepare"]:
        prepare, cmd = cmd[1].split(), cmd[2:]
    times = []
    for i in range(warmup + runs):
        if prepare:
            subprocess.call(prepare, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        start = time.perf_counter()
        rc = subprocess.call(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        if rc != 0:
            print("command failed with status %d" % rc, file=sys.stderr)
            sys.exit(1)
        if i >= warmup:
            times.append(elapsed)
    print("%.9f" % statistics.median(times))


if __name__ == "__main__":
    main()
