#!/usr/bin/env python3
"""Runs as the init's only child inside a fresh PID namespace: starts a shell script that
spawns COUNT background `sleep 0` and exits at once, so they all become orphans of PID 1;
then times how long it takes PID 1 to reap them (until /proc holds only PID 1 and us).
Prints "spawn_s reap_s" (seconds), or "timeout N" when orphans are still there after 20 s.

    reap_driver.py COUNT
"""
import os
import subprocess
import sys
import time


def others():
    me = os.getpid()
    return sum(1 for e in os.listdir("/proc") if e.isdigit() and int(e) not in (1, me))


def main():
    count = int(sys.argv[1])
    script = "i=0; while [ $i -lt %d ]; do sleep 0 & i=$((i+1)); done; exit 0" % count
    start = time.monotonic()
    subprocess.run(["/bin/sh", "-c", script], check=True)
    exited = time.monotonic()
    deadline = exited + 20
    left = others()
    while left and time.monotonic() < deadline:
        left = others()
    done = time.monotonic()
    if left:
        print("timeout %d" % left)
    else:
        print("%.6f %.6f" % (exited - start, done - exited))


if __name__ == "__main__":
    main()
