#!/usr/bin/env python3
"""podinit called as dumb-init, scenario by scenario beside Debian's dumb-init (the reference):
exit statuses, forwarded signals, --rewrite, the session and its process group (and -c,
DUMB_INIT_SETSID=0), a double-forking child whose daemon gets SIGTERM when the child exits,
SIGTSTP, SIGTTIN and SIGTTOU stopping dumb-init as well, synchronous signals sent with kill, reaping as PID 1,
DUMB_INIT_DEBUG. Needs root (unshare --pid) for the PID-1 scenarios.

    dumb_init_e2e.py PODINIT [--dumb-init /usr/bin/dumb-init]
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import init_e2e as e2e  # noqa: E402  (the PID-namespace helpers)

failures = []


T0 = time.monotonic()


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + f"[{time.monotonic() - T0:5.1f}s] " + what)
    if not cond:
        failures.append(what)


def compare(name, mine, ref, want=None):
    if want is not None:
        check(mine == want, f"{name}: {mine}")
    check(mine == ref, f"{name}: same as dumb-init ({ref})")


# A child that writes the name of every signal it gets, one per line, and exits 42 on TERM
# (or on the signal given as $2).
PRINTER = r'''
import os, signal, sys, time
out, last = sys.argv[1], sys.argv[2]
def on(sig, frame):
    with open(out, "a") as f:
        f.write(signal.Signals(sig).name[3:] + "\n")
    if signal.Signals(sig).name[3:] == last:
        sys.exit(42)
for s in ("HUP INT QUIT USR1 USR2 WINCH ALRM CONT TERM SEGV ABRT BUS FPE ILL TRAP SYS "
          "TSTP TTIN TTOU").split():
    signal.signal(getattr(signal, "SIG" + s), on)
open(out + ".ready", "w").close()
deadline = time.monotonic() + 25
while time.monotonic() < deadline:
    time.sleep(0.02)
sys.exit(3)
'''


def printer(tmp, last="TERM"):
    out = os.path.join(tmp, "p-" + str(time.monotonic_ns()))
    script = os.path.join(tmp, "printer.py")
    with open(script, "w") as f:
        f.write(PRINTER)
    return out, [sys.executable, script, out, last]


def scenario_exit_codes(init, tmp):
    noexec, noshebang = e2e.awkward_programs(tmp, noshebang_status=5)
    cases = {
        "true": ["true"], "exit 7": ["sh", "-c", "exit 7"],
        "killed by TERM": ["sh", "-c", "kill -TERM $$"], "killed by KILL": ["sh", "-c", "kill -KILL $$"],
        "not found": ["/nonexistent/prog"], "not found in PATH": ["no-such-program-podinit"],
        "not executable": [noexec], "directory": [tmp], "no shebang": [noshebang],
    }
    return {k: e2e.run_to_end(init, [], cmd)[0] for k, cmd in cases.items()}


def signals_received(init, tmp, flags, send, last="TERM", namespace=True, env=None):
    out, cmd = printer(tmp, last)
    r = e2e.Run(init, flags, cmd, namespace=namespace, env=env)
    if e2e.wait_for(lambda: os.path.exists(out + ".ready")):
        for sig in send:
            seen = len(e2e.read(out).split())
            r.kill(sig)
            e2e.wait_for(lambda: len(e2e.read(out).split()) > seen, timeout=1)
    rc, _ = r.wait()
    return {"rc": rc, "received": e2e.read(out).split()}


# The main child starts a daemon the classic way (fork, setsid-less, parent exits) and exits 3
# soon after; the daemon notes a SIGTERM.
DOUBLE_FORK = r'''
import os, signal, sys, time
out = sys.argv[1]
if os.fork() == 0:
    if os.fork() == 0:
        null = os.open(os.devnull, os.O_RDWR)  # as daemons do: the caller's pipes close
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        signal.signal(signal.SIGTERM, lambda *a: (open(out + ".term", "w").close(), os._exit(0)))
        open(out + ".daemon", "w").write(str(os.getpid()))
        time.sleep(20)
        os._exit(0)
    os._exit(0)
for _ in range(1000):  # bounded: 10 s at most
    if os.path.exists(out + ".daemon"):
        break
    time.sleep(0.01)
sys.exit(3)
'''


def scenario_double_fork(init, tmp, flags, env=None):
    out = os.path.join(tmp, "df-" + str(time.monotonic_ns()))
    rc, _ = e2e.run_to_end(init, flags, [sys.executable, "-c", DOUBLE_FORK, out], namespace=False, env=env)
    got_term = e2e.wait_for(lambda: os.path.exists(out + ".term"), timeout=2)
    pid = e2e.read(out + ".daemon").strip()
    if pid and not got_term:
        try:
            os.kill(int(pid), signal.SIGKILL)
        except ProcessLookupError:
            pass
    return {"rc": rc, "daemon got SIGTERM": bool(got_term)}


def state(pid):
    stat = e2e.read(f"/proc/{pid}/stat")
    return stat[stat.rfind(")") + 2] if stat else "gone"


def scenario_tstp(init, tmp, flags, sig=signal.SIGTSTP):
    """kill -TSTP (or -TTIN, -TTOU) dumb-init (no terminal, not PID 1): the child stops, then
    dumb-init; SIGCONT continues both."""
    out = os.path.join(tmp, "ts-" + str(time.monotonic_ns()))
    # A child that never forks: a shell looping on sleep sits in vfork() (state D) whenever
    # the SIGSTOP lands between vfork and exec, for the real dumb-init as for podinit.
    child = ("import os, sys, time\n"
             "open(sys.argv[1], 'w').write(str(os.getpid()))\n"
             "for _ in range(600): time.sleep(0.05)\n")
    # The init in a process group of its own in our session, as a shell's job is: when the
    # test runs as a session leader (meson does that), our own group is orphaned, and the
    # kernel discards a SIGTSTP to an orphaned group's process (so -c would never stop).
    r = e2e.Run(init, flags, [sys.executable, "-c", child, out + ".pid"], namespace=False,
                preexec=os.setpgrp)
    result = {}
    if e2e.wait_for(lambda: e2e.read(out + ".pid").strip()):
        cpid = int(e2e.read(out + ".pid"))
        r.kill(sig)
        e2e.wait_for(lambda: state(cpid) == "T" and state(r.init_pid) == "T", timeout=3)
        result["stopped"] = (state(r.init_pid), state(cpid))
        r.kill(signal.SIGCONT)
        e2e.wait_for(lambda: state(cpid) != "T" and state(r.init_pid) != "T", timeout=3)
        result["continued"] = (state(r.init_pid) != "T", state(cpid) != "T")
        r.kill(signal.SIGTERM)
    rc, _ = r.wait()
    result["rc"] = rc
    return result


def scenario_debug_output(init, tmp, env_debug):
    env = dict(os.environ)
    if env_debug:
        env["DUMB_INIT_DEBUG"] = "1"
    rc, err = e2e.run_to_end(init, [], ["true"], namespace=False, env=env)
    return rc, bool(err.strip())


def part_signals(ours, ref, tmp):
    """Everything but the orphans: statuses, signals, groups, job control, what COMMAND gets."""
    compare("exit statuses", scenario_exit_codes(ours, tmp), scenario_exit_codes(ref, tmp),
            {"true": 0, "exit 7": 7, "killed by TERM": 143, "killed by KILL": 137, "not found": 2,
             "not found in PATH": 2, "not executable": 2, "directory": 2, "no shebang": 5})

    common = [signal.SIGHUP, signal.SIGINT, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2,
              signal.SIGWINCH, signal.SIGALRM, signal.SIGCONT, signal.SIGTERM]
    names = [s.name[3:] for s in common]
    for flags in ([], ["-c"]):
        compare(f"signals forwarded {flags}", signals_received(ours, tmp, flags, common),
                signals_received(ref, tmp, flags, common), {"rc": 42, "received": names})

    # The ENTRYPOINT of issue 18: --rewrite 15:2; and a signal rewritten to 0 is dropped.
    send = [signal.SIGUSR1, signal.SIGHUP, signal.SIGTERM]
    flags = ["--rewrite", "15:2", "-r", "10:0"]
    compare("--rewrite 15:2 -r 10:0", signals_received(ours, tmp, flags, send, last="INT"),
            signals_received(ref, tmp, flags, send, last="INT"), {"rc": 42, "received": ["HUP", "INT"]})

    # Signals sent with kill that tini cannot forward: dumb-init (and podinit) pass them on.
    sync = [signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS, signal.SIGFPE, signal.SIGILL,
            signal.SIGTRAP, signal.SIGSYS, signal.SIGTERM]
    compare("synchronous signals sent with kill, not PID 1",
            signals_received(ours, tmp, [], sync, namespace=False),
            signals_received(ref, tmp, [], sync, namespace=False),
            {"rc": 42, "received": [s.name[3:] for s in sync]})

    # A session of its own: the whole group gets the signal; -c or DUMB_INIT_SETSID=0: only
    # the child.
    env_nosid = dict(os.environ, DUMB_INIT_SETSID="0")
    for flags, env, want in (([], None, ["inner", "outer"]), (["-c"], None, ["outer"]),
                             ([], env_nosid, ["outer"])):
        label = f"process group {flags}{' DUMB_INIT_SETSID=0' if env else ''}"

        def group(init):
            out = os.path.join(tmp, "grp-" + str(time.monotonic_ns()))
            r = e2e.Run(init, flags, ["sh", "-c", e2e.GROUP_CHILD, "sh", out], env=env)
            if e2e.wait_for(lambda: os.path.exists(out + ".ready")):
                r.kill(signal.SIGUSR1)
            rc, _ = r.wait()
            return {"rc": rc, "received": sorted(e2e.read(out).split())}

        compare(label, group(ours), group(ref), {"rc": 0, "received": want})

    for flags, want in (([], True), (["-c"], False)):
        compare(f"double-forking child {flags}", scenario_double_fork(ours, tmp, flags),
                scenario_double_fork(ref, tmp, flags), {"rc": 3, "daemon got SIGTERM": want})

    # All three job-control stops: forwarded (as SIGSTOP in a session of its own), then
    # dumb-init stops itself.
    for sig in (signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU):
        for flags in ([], ["-c"]):
            compare(f"{sig.name} sent with kill {flags}", scenario_tstp(ours, tmp, flags, sig),
                    scenario_tstp(ref, tmp, flags, sig),
                    {"stopped": ("T", "T"), "continued": (True, True), "rc": 143})

    # What COMMAND inherits: dumb-init resets the standard signals to their default action
    # and blocks nothing, whatever it was started with (tini passes them on).
    mine, theirs = e2e.scenario_inherited_signals(ours, tmp), e2e.scenario_inherited_signals(ref, tmp)
    compare("signal dispositions and mask COMMAND gets", mine, theirs, (0, {"SigIgn": 0, "SigBlk": 0}))

    for debug in (False, True):
        compare(f"DUMB_INIT_DEBUG={int(debug)}: (status, says something)",
                scenario_debug_output(ours, tmp, debug), scenario_debug_output(ref, tmp, debug),
                (0, debug))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("podinit")
    ap.add_argument("--dumb-init", default="/usr/bin/dumb-init")
    # Two parts that run in parallel, each well inside an e2e test's 60 s under the sanitizers:
    # 2000 orphans as PID 1 take half the time alone.
    ap.add_argument("--part", choices=["signals", "orphans", "all"], default="all")
    a = ap.parse_args()
    if not os.path.exists(a.dumb_init):
        print("SKIP: no dumb-init (apt-get install dumb-init)")
        return 77
    if os.geteuid() != 0:
        print("SKIP: needs root for unshare --pid")
        return 77
    with tempfile.TemporaryDirectory(prefix="dumb-init-e2e-") as tmp:
        link = os.path.join(tmp, "dumb-init")
        os.symlink(os.path.abspath(a.podinit), link)
        ours, ref = [link], [a.dumb_init]
        if a.part in ("signals", "all"):
            part_signals(ours, ref, tmp)
        if a.part in ("orphans", "all"):
            mine, theirs = e2e.scenario_orphans(ours, tmp), e2e.scenario_orphans(ref, tmp)
            compare("2000 orphans reaped as PID 1", mine, theirs, {"rc": 0, "zombies_left": 0})
    return e2e.finish(failures)


if __name__ == "__main__":
    sys.exit(main())
