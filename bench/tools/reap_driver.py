#!/usr/bin/env python3
"""Runs as the init's only child inside a fresh PID namespace: makes COUNT zombies and
orphans them to PID 1 all at once, then times how long PID 1 takes to reap them.

A helper process forks COUNT children that exit at once, waits until every one of them is a
zombie (waitid with WNOWAIT: seen, not reaped), then exits: the kernel hands all COUNT
zombies to PID 1 in one go. From the moment the helper exits (its own clock reading, its
last act), this process watches /proc until it holds only PID 1 and itself. Besides the wall time it reads PID 1's CPU time from
/proc/1/schedstat (nanoseconds), which a loaded machine disturbs less than the wall time.

(A shell starting COUNT background `sleep 0` and exiting, the earlier method, orphans only
the few dozen that the shell has not reaped itself yet, and times how soon those get a CPU
to exit: not the init's reaping.)

Prints "spawn_s reap_s cpu_s" (seconds), or "timeout N" when zombies are still there after
20 s.

    reap_driver.py COUNT
"""
import os
import sys
import time


def others():
    me = os.getpid()
    return sum(1 for e in os.listdir("/proc") if e.isdigit() and int(e) not in (1, me))


def pid1_cpu_ns():
    with open("/proc/1/schedstat") as f:
        return int(f.read().split()[0])


def orphan_zombies(count):
    """Forks the helper and returns, once it has exited leaving COUNT zombies to PID 1, the
    CLOCK_MONOTONIC time at which it was about to exit (this process may get the CPU back
    later than that, when PID 1 has already been reaping for a while)."""
    r, w = os.pipe()
    helper = os.fork()
    if helper == 0:
        try:
            os.close(r)
            kids = []
            for _ in range(count):
                pid = os.fork()
                if pid == 0:
                    os._exit(0)
                kids.append(pid)
            for pid in kids:
                os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)  # a zombie now, still ours
            os.write(w, b"%.9f" % time.monotonic())
        except BaseException:
            os._exit(1)
        os._exit(0)
    os.close(w)
    _, status = os.waitpid(helper, 0)
    exiting = os.read(r, 64)
    os.close(r)
    if status != 0 or not exiting:
        sys.exit("the helper could not make %d zombies" % count)
    return float(exiting)


def main():
    count = int(sys.argv[1])
    if others() != 0:
        sys.exit("other processes in the namespace before the burst")
    start = time.monotonic()
    cpu_before = pid1_cpu_ns()  # PID 1 is idle until the helper exits
    exited = orphan_zombies(count)
    deadline = exited + 20
    left = others()
    while left and time.monotonic() < deadline:
        left = others()
    done = time.monotonic()
    cpu = pid1_cpu_ns() - cpu_before
    if left:
        print("timeout %d" % left)
    else:
        print("%.6f %.6f %.6f" % (exited - start, done - exited, cpu / 1e9))


if __name__ == "__main__":
    main()
