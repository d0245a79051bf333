#!/usr/bin/env python3
"""What issue 18 asks beyond tini and dumb-init, end to end through the real command lines, in
every mode (podinit run --init, podinit called as tini, podinit called as dumb-init), not as
PID 1 (the case where the kernel does not clean up after the init):

- SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGTRAP and SIGSYS sent with kill reach COMMAND
  like any other signal (the real tini dies of the first one: the negative control);
- `--grace` escalates: a leftover process ignoring SIGTERM is gone when podinit exits, and
  the log names it with SIGKILL;
- tini's environment variables in `podinit run` and called as tini: TINI_KILL_PROCESS_GROUP
  signals the whole group, TINI_SUBREAPER with -w warns of each reaped zombie, and
  TINI_VERBOSITY=0 silences those warnings, as under the real tini.

    beyond_e2e.py PODINIT [--tini /usr/bin/tini]
"""
import argparse
import os
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import init_e2e as e2e  # noqa: E402  (Run, wait_for, read, GROUP_CHILD)

T0 = time.monotonic()
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + f"[{time.monotonic() - T0:5.1f}s] " + what)
    if not cond:
        failures.append(what)


SYNC = [signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS, signal.SIGFPE, signal.SIGILL,
        signal.SIGTRAP, signal.SIGSYS]

# Notes each synchronous signal it gets; TERM ends it with 42. Bounded: 30 s.
SYNC_CHILD = r'''
out=$1
echo $$ > $out.pid
for s in SEGV ABRT BUS FPE ILL TRAP SYS; do trap "echo $s >> $out" $s; done
trap "echo TERM >> $out; exit 42" TERM
echo ready > $out.ready
i=0
while [ $i -lt 1500 ]; do sleep 0.02; i=$((i+1)); done
exit 3
'''


def kill_if_alive(pidfile):
    pid = e2e.read(pidfile).strip()
    if pid:
        try:
            os.kill(int(pid), signal.SIGKILL)
        except ProcessLookupError:
            pass


def scenario_sync_signals(init, tmp):
    """kill -SEGV (then the others, then TERM) to the init, not PID 1."""
    out = os.path.join(tmp, "sync-" + str(time.monotonic_ns()))
    r = e2e.Run(init, [], ["sh", "-c", SYNC_CHILD, "sh", out], namespace=False)
    if e2e.wait_for(lambda: os.path.exists(out + ".ready")):
        for sig in SYNC + [signal.SIGTERM]:
            if r.proc.poll() is not None:
                break  # the init died of it (the real tini)
            r.kill(sig)
            name = sig.name[3:]
            e2e.wait_for(lambda: name in e2e.read(out).split() or r.proc.poll() is not None, timeout=5)
    if r.proc.poll() is not None:
        kill_if_alive(out + ".pid")  # orphaned by the init's death, and holding its stderr
    rc, _ = r.wait()
    kill_if_alive(out + ".pid")
    return {"rc": rc, "received": e2e.read(out).split()}


# Leaves behind a process that ignores SIGTERM (its pid in $1.pid), then exits 5.
STUBBORN_CHILD = r'''
out=$1
sh -c 'trap "" TERM; echo $$ > $1.pid; i=0; while [ $i -lt 1500 ]; do sleep 0.02; i=$((i+1)); done' sh "$out" &
i=0
while [ ! -s $out.pid ] && [ $i -lt 500 ]; do sleep 0.01; i=$((i+1)); done
exit 5
'''


def alive(pid):
    stat = e2e.read(f"/proc/{pid}/stat")
    return bool(stat) and stat[stat.rfind(")") + 2] not in "ZX"


def scenario_grace_kill(init, tmp, grace, seconds):
    out = os.path.join(tmp, "gk-" + str(time.monotonic_ns()))
    start = time.monotonic()
    r = e2e.Run(init, ["--grace", grace], ["sh", "-c", STUBBORN_CHILD, "sh", out], namespace=False)
    # Whether the leftover is there when the init is gone; then it goes (it would hold the
    # init's stderr open).
    e2e.wait_for(lambda: r.proc.poll() is not None, timeout=seconds + 10)
    took = time.monotonic() - start
    pid = e2e.read(out + ".pid").strip()
    left = bool(pid) and alive(pid)
    kill_if_alive(out + ".pid")
    rc, err = r.wait()
    err = err.decode(errors="replace")
    named = bool(pid) and any("SIGKILL" in line and f"{pid} (sh)" in line for line in err.splitlines())
    return {"rc": rc, "pid known": bool(pid), "left alive": left, "log names it": named}, took, err


def scenario_group_env(init, tmp, env):
    out = os.path.join(tmp, "grp-" + str(time.monotonic_ns()))
    r = e2e.Run(init, [], ["sh", "-c", e2e.GROUP_CHILD, "sh", out], namespace=False,
                env=dict(os.environ, **env))
    if e2e.wait_for(lambda: os.path.exists(out + ".ready")):
        r.kill(signal.SIGUSR1)
    rc, _ = r.wait()
    return {"rc": rc, "received": sorted(e2e.read(out).split())}


def scenario_reap_warnings(init, tmp, env):
    """-w with an orphan to reap (TINI_SUBREAPER: the real tini needs it when not PID 1):
    (status, whether stderr says anything)."""
    rc, err = e2e.run_to_end(init, ["-w"], ["sh", "-c", "(sh -c 'exit 0' &); sleep 0.3"],
                             namespace=False, env=dict(os.environ, **env))
    return rc, bool(err.strip())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("podinit")
    ap.add_argument("--tini", default="/usr/bin/tini")
    a = ap.parse_args()
    # As init_e2e: the dispositions a container starts with (none ignored).
    for sig in signal.valid_signals():
        if sig != signal.SIGPIPE and signal.getsignal(sig) == signal.SIG_IGN:
            signal.signal(sig, signal.SIG_DFL)
    podinit = os.path.abspath(a.podinit)
    have_tini = os.path.exists(a.tini)
    with tempfile.TemporaryDirectory(prefix="beyond-e2e-") as tmp:
        links = {}
        for name in ("tini", "dumb-init"):
            links[name] = os.path.join(tmp, name)
            os.symlink(podinit, links[name])
        modes = {"podinit run --init": [podinit, "run", "--init"], "as tini": [links["tini"]],
                 "as dumb-init": [links["dumb-init"]]}
        tini_modes = {k: v for k, v in modes.items() if k != "as dumb-init"}

        want = {"rc": 42, "received": [s.name[3:] for s in SYNC] + ["TERM"]}
        for name, init in modes.items():
            got = scenario_sync_signals(init, tmp)
            check(got == want, f"{name}: synchronous signals sent with kill forwarded: {got}")
        if have_tini:
            got = scenario_sync_signals([a.tini, "-s"], tmp)
            check(got["rc"] == 128 + signal.SIGSEGV and got["received"] == [],
                  f"negative control: the real tini dies of kill -SEGV: {got}")

        for grace, seconds in (("300ms", 0.3), ("1s", 1.0)):
            got, took, err = scenario_grace_kill(modes["podinit run --init"], tmp, grace, seconds)
            check(got == {"rc": 5, "pid known": True, "left alive": False, "log names it": True},
                  f"--grace {grace}: a process ignoring SIGTERM is killed and named: {got} "
                  f"({took:.2f}s) stderr: {err.strip()!r}")
            # The grace period runs out before the SIGKILL (not at once, not for ever).
            check(seconds <= took < seconds + 5, f"--grace {grace}: podinit exits after {took:.2f}s")

        for env, want in (({"TINI_KILL_PROCESS_GROUP": "1"}, ["inner", "outer"]),
                          ({"TINI_KILL_PROCESS_GROUP": ""}, ["inner", "outer"]), ({}, ["outer"])):
            ref = scenario_group_env([a.tini, "-s"], tmp, env) if have_tini else None
            for name, init in tini_modes.items():
                got = scenario_group_env(init, tmp, env)
                check(got == {"rc": 0, "received": want}, f"{name} {env}: {got}")
                if ref is not None:
                    check(got == ref, f"{name} {env}: same as tini ({ref})")

        for env, want in (({"TINI_SUBREAPER": ""}, (0, True)),
                          ({"TINI_SUBREAPER": "", "TINI_VERBOSITY": "0"}, (0, False))):
            ref = scenario_reap_warnings([a.tini], tmp, env) if have_tini else None
            for name, init in tini_modes.items():
                got = scenario_reap_warnings(init, tmp, env)
                check(got == want, f"{name} -w {env}: (status, warns): {got}")
                if ref is not None:
                    check(got == ref, f"{name} -w {env}: same as tini ({ref})")
    return e2e.finish(failures)


if __name__ == "__main__":
    sys.exit(main())
