#!/usr/bin/env python3
"""Crash safety of WriteFileAtomic: a writer alternating two large contents is SIGKILLed at
random moments, 500 times; the destination must always be exactly the complete old or the
complete new content, never a mix, a truncation or empty.

    atomic_crash_test.py CRASH_WRITER [ROUNDS] [--naive]

Temporary files the killed writers leave must all be gone after one more write whose output
is unchanged (what the next run of a restarted container does).

--naive makes the writer truncate and write in place: the test must then fail.
"""
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

SIZE_A = 3 * 1024 * 1024 + 17
SIZE_B = 2 * 1024 * 1024 + 5


def main():
    writer = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    extra = sys.argv[3:4]
    a, b = b"a" * SIZE_A, b"b" * SIZE_B
    seen = {"a": 0, "b": 0}
    bad = []
    rng = random.Random(os.getpid())
    with tempfile.TemporaryDirectory(prefix="atomic-crash-") as tmp:
        path = os.path.join(tmp, "rendered.conf")
        with open(path, "wb") as f:
            f.write(a)
        for i in range(rounds):
            p = subprocess.Popen([writer, path, str(SIZE_A), str(SIZE_B)] + extra)
            time.sleep(rng.uniform(0, 0.03))
            p.send_signal(signal.SIGKILL)
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                print("writer did not die")
                return 1
            if p.returncode != -signal.SIGKILL:
                print(f"round {i}: writer exited on its own with {p.returncode}")
                return 1
            with open(path, "rb") as f:
                got = f.read()
            if got == a:
                seen["a"] += 1
            elif got == b:
                seen["b"] += 1
            else:
                bad.append((i, len(got), got[:1], got[-1:]))
        leftovers = [n for n in os.listdir(tmp) if n != "rendered.conf"]
        # The next run, whose output is unchanged, removes what the killed writers left.
        subprocess.run([writer, path, str(SIZE_A), str(SIZE_B), "--once"], check=True, timeout=30)
        remaining = [n for n in os.listdir(tmp) if n != "rendered.conf"]
    print(f"{rounds} kills: old/new content a={seen['a']} b={seen['b']}, bad={len(bad)}, "
          f"temporary files left by SIGKILL: {len(leftovers)}, after one more unchanged write: "
          f"{len(remaining)}")
    if remaining:
        print(f"  left: {remaining[:5]}")
        return 1
    for i, n, first, last in bad[:10]:
        print(f"  round {i}: {n} bytes, first {first!r} last {last!r}")
    if bad:
        return 1
    # Both outcomes must occur, or the kills did not land during renders and proved nothing.
    if seen["a"] == 0 or seen["b"] == 0:
        print("kills never separated the two contents: test inconclusive")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
