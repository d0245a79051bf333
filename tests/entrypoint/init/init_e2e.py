#!/usr/bin/env python3
"""End-to-end tests of podinit's init (RunAsInit) as PID 1 of a real PID namespace.

Every scenario runs under the init under test AND under Debian's tini, and the results are
compared (tini's behaviour is the reference), besides being checked against fixed
expectations. Needs root (unshare --pid).

    init_e2e.py --init 'PROG [ARGS...]' [--tini /usr/bin/tini] [--driver-extras]

The init command is called as: PROG ARGS... [FLAGS] -- CMD..., so pointing the test at
podinit is `--init '/path/podinit run --init'` (or env PODINIT_INIT_CMD, which wins).
--driver-extras enables scenarios that need the test driver's --reload-every flag.
"""

import argparse
import atexit
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

TIMEOUT = 30  # seconds, for any single init run

failures = []
passes = 0


def check(cond, what):
    global passes
    if cond:
        passes += 1
        print(f"ok   {what}")
    else:
        failures.append(what)
        print(f"FAIL {what}")


def wait_for(pred, timeout=10.0, step=0.01):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except (FileNotFoundError, ProcessLookupError):  # a process that just went away
        return ""


def finish(failures):
    """The end of a test script built on these helpers: its failures, and its exit status."""
    print(f"{len(failures)} failed")
    for f in failures:
        print("FAILED:", f)
    return 1 if failures else 0


def norm_rc(rc):
    return 128 - rc if rc < 0 else rc


class Run:
    """One init (prefix) started as PID 1 of a new PID namespace."""

    def __init__(self, init, flags, cmd, namespace=True, env=None, stdout=None, preexec=None):
        argv = list(init) + list(flags) + ["--"] + list(cmd)
        if namespace:
            argv = ["unshare", "--pid", "--fork", "--mount-proc"] + argv
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=stdout,
                                     stderr=subprocess.PIPE, env=env, preexec_fn=preexec)
        self.namespace = namespace
        self._init_pid = None if namespace else self.proc.pid

    @property
    def init_pid(self):
        # Looked up when first needed: a command like `true` may be gone before that.
        if self._init_pid is None:
            self._init_pid = self._find_init()
        return self._init_pid

    def _find_init(self):
        path = f"/proc/{self.proc.pid}/task/{self.proc.pid}/children"

        def child():
            try:
                kids = read(path).split()
            except OSError:
                return None
            return int(kids[0]) if kids else None

        pid = wait_for(child, timeout=5)
        if pid is None:
            raise RuntimeError("init did not start")
        return pid

    def kill(self, sig):
        os.kill(self.init_pid, sig)

    def wait(self, timeout=TIMEOUT):
        try:
            _, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            if self._init_pid is not None:
                try:
                    os.kill(self._init_pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            self.proc.communicate()
            return "timeout", b""
        return norm_rc(self.proc.returncode), err


def run_to_end(init, flags, cmd, **kw):
    r = Run(init, flags, cmd, **kw)
    return r.wait()


# ---------------------------------------------------------------- scenarios
# Each returns a comparable result for one init.

def awkward_programs(tmp, noshebang_status=0):
    """A script without the execute bit, and an executable without a #! line that exits with
    noshebang_status when a shell runs it (execvp falls back to /bin/sh; execve says ENOEXEC)."""
    noexec = os.path.join(tmp, "noexec.sh")
    with open(noexec, "w") as f:
        f.write("#!/bin/sh\nexit 0\n")
    os.chmod(noexec, 0o644)
    noshebang = os.path.join(tmp, "noshebang")
    with open(noshebang, "w") as f:
        f.write(f"exit {noshebang_status}\n")
    os.chmod(noshebang, 0o755)
    return noexec, noshebang


def scenario_exit_codes(init, tmp):
    noexec, noshebang = awkward_programs(tmp)
    cases = {
        "true": ([], ["true"]),
        "exit 7": ([], ["sh", "-c", "exit 7"]),
        "exit 255": ([], ["sh", "-c", "exit 255"]),
        "killed by KILL": ([], ["sh", "-c", "kill -KILL $$"]),
        "killed by TERM": ([], ["sh", "-c", "kill -TERM $$"]),
        "killed by USR1": ([], ["sh", "-c", "kill -USR1 $$"]),
        "-e 7 on exit 7": (["-e", "7"], ["sh", "-c", "exit 7"]),
        "-e 7 -e 3 on exit 3": (["-e", "7", "-e", "3"], ["sh", "-c", "exit 3"]),
        "-e 7 on exit 8": (["-e", "7"], ["sh", "-c", "exit 8"]),
        "-e 143 on TERM": (["-e", "143"], ["sh", "-c", "kill -TERM $$"]),
        "not found": ([], ["/nonexistent/prog"]),
        "not found in PATH": ([], ["no-such-program-podinit"]),
        "not executable": ([], [noexec]),
        "directory": ([], [tmp]),
        "no shebang": ([], [noshebang]),
    }
    return {name: run_to_end(init, flags, cmd)[0] for name, (flags, cmd) in cases.items()}


SIGNAL_CHILD = r'''
out=$1
for s in HUP INT QUIT USR1 USR2 WINCH ALRM CONT; do trap "echo $s >> $out" $s; done
trap "echo TERM >> $out; exit 42" TERM
echo ready > $out.ready
while :; do sleep 0.02; done
'''

FORWARDED = [signal.SIGHUP, signal.SIGINT, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2,
             signal.SIGWINCH, signal.SIGALRM, signal.SIGCONT]


def scenario_signals(init, tmp, flags=()):
    out = os.path.join(tmp, "sig-" + str(time.monotonic_ns()))
    r = Run(init, list(flags), ["sh", "-c", SIGNAL_CHILD, "sh", out])
    got = []
    if wait_for(lambda: os.path.exists(out + ".ready")):
        for sig in FORWARDED + [signal.SIGTERM]:
            r.kill(sig)
            name = sig.name[3:]
            wait_for(lambda: name in read(out).split(), timeout=5)
    rc, _ = r.wait()
    got = read(out).split()
    return {"rc": rc, "received": got}


GROUP_CHILD = r'''
out=$1
sh -c 'trap "echo inner >> $1; exit 0" USR1; echo x > $1.inner; while :; do sleep 0.02; done' sh "$out" &
trap "echo outer >> $out; touch $out.outer" USR1
while [ ! -e $out.inner ]; do sleep 0.01; done
echo ready > $out.ready
while [ ! -e $out.outer ]; do sleep 0.02; done
# with -g the inner shell got USR1 too; give it time to record it
sleep 0.3
kill $! 2>/dev/null
exit 0
'''


def scenario_group(init, tmp, flags):
    out = os.path.join(tmp, "grp-" + str(time.monotonic_ns()))
    r = Run(init, list(flags), ["sh", "-c", GROUP_CHILD, "sh", out])
    if wait_for(lambda: os.path.exists(out + ".ready")):
        r.kill(signal.SIGUSR1)
    rc, _ = r.wait()
    return {"rc": rc, "received": sorted(read(out).split())}


def helper_orphans(n, settle):
    """Run as the main child: make n orphans that exit soon, then count zombies in /proc."""
    pid = os.fork()
    if pid == 0:
        for i in range(n):
            if os.fork() == 0:
                if i % 2:
                    time.sleep(0.05)
                os._exit(0)
        os._exit(0)  # without waiting: every grandchild is re-parented to PID 1
    os.waitpid(pid, 0)

    def zombies():
        count = 0
        for d in os.listdir("/proc"):
            if d.isdigit():
                stat = read(f"/proc/{d}/stat")
                if stat and stat[stat.rfind(")") + 2] == "Z":
                    count += 1
        return count

    deadline = time.monotonic() + settle
    z = zombies()
    while z and time.monotonic() < deadline:
        time.sleep(0.05)
        z = zombies()
    print(z, flush=True)
    os._exit(0)


def scenario_orphans(init, tmp, n=2000, flags=(), settle=10):
    out = os.path.join(tmp, "orph-" + str(time.monotonic_ns()))
    cmd = ["sh", "-c", f'"$@" > {out}', "sh", sys.executable, os.path.abspath(__file__),
           "--helper-orphans", str(n), "--settle", str(settle)]
    rc, err = run_to_end(init, list(flags), cmd)
    z = read(out).strip()
    if rc != 0:
        print(f"  orphans under {init[0]}: rc={rc} stderr: {err.decode(errors='replace')[-2000:]}")
    return {"rc": rc, "zombies_left": int(z) if z else None}


def helper_bad_init(argv):
    """An init that only waits for its own child: orphans stay zombies (negative control)."""
    pid = os.fork()
    if pid == 0:
        os.execvp(argv[0], argv)
    _, status = os.waitpid(pid, 0)
    os._exit(os.waitstatus_to_exitcode(status) & 0xFF)


def voluntary_switches(pid):
    for line in read(f"/proc/{pid}/status").splitlines():
        if line.startswith("voluntary_ctxt_switches"):
            return int(line.split()[1])
    return None


def scenario_idle_wakeups(init, seconds=2.0):
    r = Run(init, [], ["sleep", "30"])
    # Idle from when its start-up is over: no new switch for 0.3 s (on a loaded machine, or
    # under ASan, starting takes longer than any fixed pause; bounded: 10 s).
    before = voluntary_switches(r.init_pid)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        time.sleep(0.3)
        now = voluntary_switches(r.init_pid)
        if now == before:
            break
        before = now
    time.sleep(seconds)
    after = voluntary_switches(r.init_pid)
    r.kill(signal.SIGTERM)
    r.wait()
    return after - before


TERM_CHILD = r'''
out=$1
trap "date +%s.%N > $out.term; exit 0" TERM
echo ready > $out.ready
while :; do sleep 0.01; done
'''


def scenario_term_delay(init, tmp, delay):
    out = os.path.join(tmp, "td-" + str(time.monotonic_ns()))
    r = Run(init, ["--term-delay", f"{delay}s"], ["sh", "-c", TERM_CHILD, "sh", out])
    wait_for(lambda: os.path.exists(out + ".ready"))
    sent = time.time()
    r.kill(signal.SIGTERM)
    rc, _ = r.wait()
    t = read(out + ".term").strip()
    return rc, (float(t) - sent) if t else None


GRACE_CHILD = r'''
out=$1
# An adopted process that needs a moment to shut down cleanly after SIGTERM.
sh -c 'trap "sleep 0.3; echo clean > $1.adopted; exit 0" TERM; echo x > $1.started; while :; do sleep 0.01; done' sh "$out" &
while [ ! -e $out.started ]; do sleep 0.01; done
exit 5
'''


STUBBORN_CHILD = r'''
out=$1
# An adopted process that ignores SIGTERM: the grace period must end anyway.
sh -c 'trap "" TERM; echo x > $1.started; while :; do sleep 0.01; done' sh "$out" &
while [ ! -e $out.started ]; do sleep 0.01; done
exit 5
'''


def scenario_grace(init, tmp, flags, namespace=True, child=GRACE_CHILD):
    out = os.path.join(tmp, "gr-" + str(time.monotonic_ns()))
    start = time.monotonic()
    rc, _ = run_to_end(init, list(flags), ["sh", "-c", child, "sh", out],
                       namespace=namespace)
    return rc, read(out + ".adopted").strip(), time.monotonic() - start


RELOAD_CHILD = r'''
out=$1
trap "echo HUP >> $out" HUP
trap "exit 0" TERM
echo ready > $out.ready
while :; do sleep 0.02; done
'''


def scenario_reload(init, tmp):
    out = os.path.join(tmp, "rl-" + str(time.monotonic_ns()))
    r = Run(init, ["--reload-every", "100ms"], ["sh", "-c", RELOAD_CHILD, "sh", out])
    wait_for(lambda: os.path.exists(out + ".ready"))
    wait_for(lambda: len(read(out).split()) >= 3, timeout=5)
    r.kill(signal.SIGTERM)
    rc, _ = r.wait()
    return rc, len(read(out).split())


def scenario_allocations(init, tmp):
    """Signals, orphans and a reload while the driver counts mallocs: the loop makes none."""
    out = os.path.join(tmp, "al-" + str(time.monotonic_ns()))
    # The child first orphans 300 processes (reaped by the init), then traps signals.
    child = (f"{sys.executable} {os.path.abspath(__file__)} --helper-orphans 300 --settle 5"
             f" > {out}.zombies; exec sh -c \"$0\" sh \"$1\"")
    r = Run(init, ["--count-allocs", "-v", "-v", "--term-delay", "50ms"],
            ["sh", "-c", child, SIGNAL_CHILD, out])
    if wait_for(lambda: os.path.exists(out + ".ready")):
        for sig in FORWARDED + [signal.SIGTERM]:
            r.kill(sig)
            name = sig.name[3:]
            wait_for(lambda: name in read(out).split(), timeout=5)
    rc, err = r.wait()
    lines = [l for l in err.decode().splitlines() if l.startswith("allocations")]
    lines.append("zombies left: " + read(out + ".zombies").strip())
    return rc, lines


def scenario_inherited_signals(init, tmp):
    """COMMAND gets the signal mask and dispositions the init started with."""
    out = os.path.join(tmp, "inh-" + str(time.monotonic_ns()))

    def preexec():
        signal.signal(signal.SIGUSR2, signal.SIG_IGN)
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, {signal.SIGPWR})

    with open(out, "w") as f:
        r = Run(init, [], ["cat", "/proc/self/status"], stdout=f, preexec=preexec)
        rc, _ = r.wait()
    fields = {}
    for line in read(out).splitlines():
        if line.startswith(("SigIgn", "SigBlk")):
            k, v = line.split(":")
            fields[k] = int(v.strip(), 16)
    return rc, fields


PDEATH_CHILD = r'''
out=$1
trap "echo USR1 >> $out; exit 0" USR1
echo ready > $out.ready
i=0
while [ $i -lt 500 ]; do sleep 0.02; i=$((i+1)); done
exit 3
'''


def scenario_parent_death(init, tmp):
    """-p SIGUSR1: when the init's parent dies, the init gets USR1 and forwards it."""
    out = os.path.join(tmp, "pd-" + str(time.monotonic_ns()))
    parent = (" ".join(shlex.quote(x) for x in init) +
              f" -p SIGUSR1 -- sh -c \"$0\" sh {out} 2>/dev/null & echo $! > {out}.pid; "
              f"while [ ! -e {out}.ready ]; do sleep 0.01; done; exit 0")
    subprocess.run(["sh", "-c", parent, PDEATH_CHILD], timeout=TIMEOUT)
    got = wait_for(lambda: read(out).split(), timeout=10)
    pid = read(out + ".pid").strip()
    wait_for(lambda: not os.path.exists(f"/proc/{pid}"), timeout=10)
    return got


TTY_CHILD = r'''
out=$1
trap "echo INT >> $out; exit 7" INT
set -- $(cat /proc/self/stat | sed "s/.*) //")
# fields after the name: state ppid pgrp session tty_nr tpgid
# own process group (not the init's) and that group is the terminal's foreground
[ "$3" = "$$" ] && g=own-group || g=init-group
[ "$3" = "$6" ] && echo foreground $g > $out.fg || echo background $g > $out.fg
echo ready > $out.ready
i=0
while [ $i -lt 500 ]; do sleep 0.02; i=$((i+1)); done
exit 3
'''


def scenario_tty(init, tmp):
    """With a terminal, COMMAND gets the foreground: Ctrl-C reaches it from the terminal."""
    import pty
    out = os.path.join(tmp, "tty-" + str(time.monotonic_ns()))
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvp(init[0], init + ["--", "sh", "-c", TTY_CHILD, "sh", out])
        finally:
            os._exit(99)
    result = {}
    if wait_for(lambda: os.path.exists(out + ".ready")):
        result["fg"] = read(out + ".fg").strip()
        os.write(fd, b"\x03")
        wait_for(lambda: read(out).strip(), timeout=5)
    deadline = time.monotonic() + TIMEOUT
    status = None
    while time.monotonic() < deadline:
        try:
            os.read(fd, 4096)  # keep the terminal drained
        except OSError:
            pass
        wpid, st = os.waitpid(pid, os.WNOHANG)
        if wpid == pid:
            status = os.waitstatus_to_exitcode(st)
            break
        time.sleep(0.01)
    if status is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    os.close(fd)
    result["rc"] = status
    result["received"] = read(out).split()
    return result


def scenario_subreaper(init, tmp, flags):
    """Not PID 1: orphans must come back to the init (subreaper) and be reaped."""
    out = os.path.join(tmp, "sr-" + str(time.monotonic_ns()))
    cmd = [sys.executable, os.path.abspath(__file__), "--helper-orphans-sub", out]
    rc, _ = run_to_end(init, list(flags), cmd, namespace=False)
    return rc, read(out).strip()


def helper_orphans_sub(out):
    """Orphan 200 processes, then report how many of them are zombies of our parent."""
    init = os.getppid()
    pid = os.fork()
    if pid == 0:
        for _ in range(200):
            if os.fork() == 0:
                time.sleep(0.05)
                os._exit(0)
        os._exit(0)
    os.waitpid(pid, 0)
    time.sleep(0.5)

    def zombie_children_of_init():
        n = 0
        for d in os.listdir("/proc"):
            if d.isdigit():
                stat = read(f"/proc/{d}/stat")
                if stat:
                    fields = stat[stat.rfind(")") + 2:].split()
                    if fields[0] == "Z" and int(fields[1]) == init:
                        n += 1
        return n

    z = zombie_children_of_init()
    deadline = time.monotonic() + 5
    while z and time.monotonic() < deadline:
        time.sleep(0.05)
        z = zombie_children_of_init()
    with open(out, "w") as f:
        f.write(str(z))
    os._exit(0)


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--init", help="init under test: 'PROG [ARGS...]'")
    ap.add_argument("--tini", default="/usr/bin/tini")
    ap.add_argument("--driver-extras", action="store_true")
    # Run the init under test with this argv[0] (e.g. tini: podinit installed under tini's
    # name takes tini's command line); the scenarios of podinit's own flags are left out.
    ap.add_argument("--as", dest="as_name")
    ap.add_argument("--helper-orphans", type=int)
    ap.add_argument("--settle", type=float, default=10)
    ap.add_argument("--helper-orphans-sub")
    if len(sys.argv) > 1 and sys.argv[1] == "--helper-bad-init":
        args = sys.argv[2:]
        helper_bad_init(args[1:] if args and args[0] == "--" else args)
    a = ap.parse_args()
    if a.helper_orphans is not None:
        helper_orphans(a.helper_orphans, a.settle)
    if a.helper_orphans_sub:
        helper_orphans_sub(a.helper_orphans_sub)

    # The scenarios expect the dispositions a container starts with: none ignored but the
    # ones they set. Under nohup HUP is ignored, in a background job of a non-interactive shell
    # INT and QUIT are, and both inits rightly pass that on (SIGPIPE: Python's own, which
    # subprocess restores for each child).
    for sig in signal.valid_signals():
        if sig != signal.SIGPIPE and signal.getsignal(sig) == signal.SIG_IGN:
            signal.signal(sig, signal.SIG_DFL)

    spec = os.environ.get("PODINIT_INIT_CMD") or a.init
    if not spec:
        ap.error("--init or PODINIT_INIT_CMD required")
    ours = shlex.split(spec)
    if a.as_name:
        # A symbolic link, as images install it (a wrapper exec'ing with another argv[0] would
        # change the signal dispositions COMMAND inherits: Python ignores SIGXFSZ).
        links = tempfile.mkdtemp(prefix="init-e2e-as-")
        atexit.register(shutil.rmtree, links, True)
        os.symlink(os.path.abspath(ours[0]), os.path.join(links, a.as_name))
        ours = [os.path.join(links, a.as_name)] + ours[1:]
    tini = [a.tini]
    if os.geteuid() != 0:
        print("SKIP: needs root for unshare --pid")
        return 77

    with tempfile.TemporaryDirectory(prefix="init-e2e-") as tmp:
        # exit codes and -e
        mine, ref = scenario_exit_codes(ours, tmp), scenario_exit_codes(tini, tmp)
        expected = {"true": 0, "exit 7": 7, "exit 255": 255, "killed by KILL": 137,
                    "killed by TERM": 143, "killed by USR1": 138, "-e 7 on exit 7": 0,
                    "-e 7 -e 3 on exit 3": 0, "-e 7 on exit 8": 8, "-e 143 on TERM": 0,
                    "not found": 127, "not found in PATH": 127, "not executable": 126,
                    "directory": 126, "no shebang": 126}
        if a.as_name == "tini":
            expected["no shebang"] = ref["no shebang"]  # as tini: tini's execvp, as in tini
        for k, v in expected.items():
            check(mine[k] == v, f"exit code {k}: {mine[k]} == {v}")
            # tini's execvp runs a text file without #! through /bin/sh; podinit does not
            # (distroless images have no shell): 126, exec format error.
            if k != "no shebang":
                check(mine[k] == ref[k], f"exit code {k}: same as tini ({ref[k]})")

        # every catchable signal reaches the child; TERM ends it with its trap's status
        mine, ref = scenario_signals(ours, tmp), scenario_signals(tini, tmp)
        names = [s.name[3:] for s in FORWARDED] + ["TERM"]
        check(mine == {"rc": 42, "received": names}, f"signals forwarded: {mine}")
        check(mine == ref, f"signals: same as tini ({ref})")

        # -g: the whole process group; without -g only the child
        for flags, want in (([], ["outer"]), (["-g"], ["inner", "outer"])):
            mine, ref = scenario_group(ours, tmp, flags), scenario_group(tini, tmp, flags)
            check(mine == {"rc": 0, "received": want}, f"group {flags}: {mine}")
            check(mine == ref, f"group {flags}: same as tini ({ref})")

        # 2,000 orphans: no zombie left; negative control with an init that does not reap
        mine, ref = scenario_orphans(ours, tmp), scenario_orphans(tini, tmp)
        check(mine == {"rc": 0, "zombies_left": 0}, f"2000 orphans reaped: {mine}")
        check(mine == ref, f"orphans: same as tini ({ref})")
        bad = [sys.executable, os.path.abspath(__file__), "--helper-bad-init"]
        ctl = scenario_orphans(bad, tmp, n=50, settle=1)
        check(ctl["zombies_left"] == 50, f"negative control leaves 50 zombies: {ctl}")

        # not PID 1: ours becomes a subreaper by itself; tini needs -s
        mine, ref = scenario_subreaper(ours, tmp, []), scenario_subreaper(tini, tmp, ["-s"])
        check(mine == (0, "0"), f"subreaper when not PID 1: {mine}")
        check(mine == ref, f"subreaper: same as tini -s ({ref})")

        # the child inherits the mask and dispositions the init started with
        mine, ref = scenario_inherited_signals(ours, tmp), scenario_inherited_signals(tini, tmp)
        want = {"SigIgn": (1 << (signal.SIGUSR2 - 1)) | (1 << (signal.SIGPIPE - 1)),
                "SigBlk": 1 << (signal.SIGPWR - 1)}
        check(mine == (0, want), f"inherited signal mask/dispositions: {mine} == {(0, want)}")
        check(mine == ref, f"inherited signals: same as tini ({ref})")

        # -p: parent death signal
        mine, ref = scenario_parent_death(ours, tmp), scenario_parent_death(tini, tmp)
        check(mine == ["USR1"], f"-p SIGUSR1 on parent death reaches the child: {mine}")
        check(mine == ref, f"-p: same as tini ({ref})")

        # a terminal: the child is the foreground process group, Ctrl-C reaches it
        mine, ref = scenario_tty(ours, tmp), scenario_tty(tini, tmp)
        check(mine == {"fg": "foreground own-group", "rc": 7, "received": ["INT"]}, f"tty: {mine}")
        check(mine == ref, f"tty: same as tini ({ref})")

        # no wake-ups while idle (tini polls every second, so it is no reference here)
        w = scenario_idle_wakeups(ours)
        check(w == 0, f"idle for 2 s: {w} voluntary context switches")

        if not a.as_name:  # podinit run's own flags
            # --term-delay holds SIGTERM back
            rc, delay = scenario_term_delay(ours, tmp, 0.5)
            check(rc == 0 and delay is not None and 0.5 <= delay < 3,
                  f"--term-delay 0.5s: rc={rc} TERM after {delay}")
            rc, delay = scenario_term_delay(ours, tmp, 0)
            check(rc == 0 and delay is not None and delay < 0.4, f"no term delay: {delay}")

        # --grace lets an adopted process finish; without it (tini), it is killed
        mine, ref = scenario_grace(ours, tmp, []), scenario_grace(tini, tmp, [])
        check(mine[:2] == (5, ""), f"no grace: adopted process killed: {mine}")
        check(mine[:2] == ref[:2], f"no grace: same as tini ({ref})")
        if not a.as_name:
            rc, adopted, took = scenario_grace(ours, tmp, ["--grace", "5s"])
            check((rc, adopted) == (5, "clean") and took < 4,
                  f"--grace 5s: adopted process finished cleanly, rc={rc} '{adopted}' {took:.2f}s")

            rc, _, took = scenario_grace(ours, tmp, ["--grace", "500ms"], child=STUBBORN_CHILD)
            check(rc == 5 and 0.5 <= took < 3,
                  f"--grace 500ms with a process ignoring SIGTERM: exits after {took:.2f}s, rc={rc}")

            # not PID 1 (a subreaper): only our own descendants get the SIGTERM
            rc, adopted, took = scenario_grace(ours, tmp, ["--grace", "5s"], namespace=False)
            check((rc, adopted) == (5, "clean") and took < 4,
                  f"--grace 5s not PID 1: adopted process finished cleanly, rc={rc} '{adopted}'")

        if a.driver_extras:
            rc, n = scenario_reload(ours, tmp)
            check(rc == 0 and n >= 3, f"reload trigger sends HUP: rc={rc} count={n}")
            rc, lines = scenario_allocations(ours, tmp)
            check(rc == 42 and lines == ["allocations while supervising: 0", "zombies left: 0"],
                  f"supervising loop allocates nothing (verbose logs, signals, reaping): {rc} {lines}")

    print(f"{passes} passed, {len(failures)} failed")
    for f in failures:
        print("FAILED:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
