#!/usr/bin/env python3
"""Job control under a pseudo-terminal, in every podinit mode (podinit run --init, podinit called
as tini, called as dumb-init, dumb-init -c), in three parts:

ctrl-z:     Ctrl-Z in an interactive shell: the job stops as a whole and the shell gets its
            prompt back; `fg` continues it where it was; Ctrl-C then ends it with 130.
            dumb-init does this (it stops itself after forwarding SIGTSTP); tini does not
            (COMMAND stops, tini waits on, the shell hangs): the real tini is the negative
            control that shows the test can fail.
redirected: the same with the job's standard input redirected (< /dev/null) and in a
            pipeline (sleep 60 | INIT ...), where the terminal is not on standard input.
background: the other two job-control stops, SIGTTIN (a background job reads the terminal)
            and SIGTTOU (it writes with `stty tostop`): the job is reported Stopped, `fg`
            resumes it, as the same command run without any init (the reference) and as the
            real dumb-init -c; the real tini never stops (negative control). (dumb-init's
            default session leaves COMMAND without a controlling terminal, so neither signal
            comes: dumb_init_e2e sends them with kill instead.)
shell:      an interactive shell as COMMAND under podinit as PID 1 of a PID namespace, with
            the terminal as its controlling terminal (`docker run -it IMAGE bash`): the shell
            has job control, Ctrl-Z on a job in it gives its prompt back, and its exit status
            is podinit's; as under the real tini and dumb-init. Needs root.

    job_control_e2e.py PODINIT [--part ctrl-z|redirected|background|shell|all]
                       [--dumb-init /usr/bin/dumb-init] [--tini /usr/bin/tini]
"""
import argparse
import os
import pty
import re
import select
import shutil
import signal
import sys
import tempfile
import time

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


class Shell:
    """An interactive bash on a pseudo-terminal, with job control."""

    def __init__(self, tmp, path_dirs, prefix=()):
        """bash -i, or PREFIX... bash -i (an init running the shell)."""
        env = {"PATH": ":".join(path_dirs + ["/usr/local/bin", "/usr/bin", "/bin"]),
               "PS1": "PROMPT> ", "TERM": "dumb", "HOME": tmp}
        argv = list(prefix) + ["bash", "--norc", "--noprofile", "-i"]
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(99)
        # Never blocks on the terminal: an init that takes the terminal from the shell (the
        # real tini, from the background) leaves nobody reading what we type.
        os.set_blocking(self.fd, False)
        self.buf = ""
        self.mark = 0
        self.status = None

    def send(self, text):
        try:
            os.write(self.fd, text.encode())
        except BlockingIOError:
            pass  # nobody reads the terminal: the expectation that follows fails

    def expect(self, pattern, timeout=10):
        """Waits for pattern in the output after the last match; returns the match or None."""
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern)
        while True:
            m = rx.search(self.buf, self.mark)
            if m:
                self.mark = m.end()
                return m
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.fd], [], [], min(left, 0.2))
            if r:
                try:
                    data = os.read(self.fd, 4096)
                except BlockingIOError:
                    continue
                except OSError:
                    return None
                if not data:
                    return None
                self.buf += data.decode(errors="replace")

    def drain(self, seconds):
        self.expect(r"(?!x)x", timeout=seconds)  # never matches: reads for a while

    def wait_exit(self, timeout=10):
        """The exit status of what runs on the terminal, once it exits; None if it does not
        within timeout (the output is read meanwhile: a full terminal would block it)."""
        deadline = time.monotonic() + timeout
        while self.status is None and time.monotonic() < deadline:
            pid, st = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.status = os.waitstatus_to_exitcode(st)
                break
            self.drain(0.05)
        return self.status

    def last_status(self):
        """$? of the shell's last command, or None."""
        self.send("echo rc=$?\n")
        m = self.expect(r"rc=(\d+)", timeout=5)
        return int(m.group(1)) if m else None

    def leftovers(self):
        """What the terminal's session started that may outlive it: the session's processes
        and their descendants (the init a shell left stopped, the PID 1 of a namespace)."""
        procs = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    with open(f"/proc/{d}/stat") as f:
                        stat = f.read()
                except OSError:
                    continue
                fields = stat[stat.rfind(")") + 2:].split()
                procs[int(d)] = (int(fields[1]), int(fields[3]))  # ppid, session
        found = {pid for pid, (_, sid) in procs.items() if sid == self.pid} | {self.pid}
        grew = True
        while grew:
            more = {pid for pid, (ppid, _) in procs.items() if ppid in found} - found
            found |= more
            grew = bool(more)
        return found - {self.pid, os.getpid()}

    def close(self):
        left = self.leftovers()
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
        # Looked for again once the shell is gone (its session outlives it in its members):
        # a process busy being started when the first look came is found by the next.
        for _ in range(3):
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            left = self.leftovers()
            if not left:
                break
            time.sleep(0.05)
        os.close(self.fd)


# One process that never forks: a shell loop would vfork `sleep`, and a Ctrl-Z that stops the
# vforked child leaves its parent unstoppable in the kernel until the child goes on; that
# hangs a plain bash job as well, whatever the init.
TICKER = ("import sys, time\n"
          "i = 0\n"
          "while i < 600:  # bounded: a minute at most, whatever the test does\n"
          "    i += 1\n"
          "    print(f'tick{i}', flush=True)\n"
          "    time.sleep(0.1)\n")


def job_control(init_words, tmp, path_dirs, around="{}"):
    """Returns a dict of what happened to one init under the shell. around: the shell's
    command line around the init's, e.g. "{} < /dev/null"."""
    ticker = os.path.join(tmp, "ticker.py")
    with open(ticker, "w") as f:
        f.write(TICKER)
    sh = Shell(tmp, path_dirs)
    result = {}
    try:
        if not sh.expect(r"PROMPT> "):
            return {"error": "no prompt: " + sh.buf[-300:]}
        sh.send(around.format(" ".join(init_words) + f" {sys.executable} {ticker}") + "\n")
        if not sh.expect(r"tick2\b"):
            return {"error": "the job did not start: " + sh.buf[-300:]}
        sh.send("\x1a")  # Ctrl-Z
        prompt = sh.expect(r"Stopped[^\n]*\n(?:.*\n)*?PROMPT> ", timeout=3)
        result["prompt back"] = bool(prompt)
        if not prompt:
            return result
        # Stopped as a whole: no tick while the shell has the terminal.
        before = re.findall(r"tick(\d+)", sh.buf)
        sh.drain(0.6)
        after = re.findall(r"tick(\d+)", sh.buf)
        result["quiet while stopped"] = before == after
        last = int(after[-1]) if after else 0
        sh.send("fg\n")
        result["continues after fg"] = bool(sh.expect(rf"tick{last + 2}\b", timeout=5))
        sh.send("\x03")  # Ctrl-C: SIGINT to the foreground job
        result["ends on Ctrl-C"] = bool(sh.expect(r"PROMPT> ", timeout=5))
        result["status"] = sh.last_status()
        return result
    finally:
        sh.close()


# A background job that reads a line from the terminal (SIGTTIN), exits 5 when it got one.
READER = ("import sys\n"
          "line = sys.stdin.readline()\n"
          "print('GOT', line.strip(), flush=True)\n"
          "sys.exit(5)\n")


def stopped_in_background(sh, timeout):
    """Asks `jobs` until the shell reports the job Stopped; whether it did within timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sh.send("jobs\n")
        if sh.expect(r"Stopped[^\n]*\n", timeout=0.3):
            return True
    return False


def background(init_words, tmp, path_dirs, which, timeout=3):
    """SIGTTIN (which="ttin") or SIGTTOU ("ttou") for a background job; what happened."""
    script = os.path.join(tmp, which + ".py")
    with open(script, "w") as f:
        f.write(READER if which == "ttin" else TICKER)
    sh = Shell(tmp, path_dirs)
    result = {}
    try:
        if not sh.expect(r"PROMPT> "):
            return {"error": "no prompt: " + sh.buf[-300:]}
        tostop = "stty tostop; " if which == "ttou" else ""
        sh.send(f"{tostop}{' '.join(init_words)} {sys.executable} {script} &\n")
        if not sh.expect(r"PROMPT> "):
            return {"error": "no prompt after starting the job: " + sh.buf[-300:]}
        result["stopped"] = stopped_in_background(sh, timeout)
        if which == "ttou":
            result["quiet while stopped"] = "tick" not in sh.buf
        if not result["stopped"]:
            return result
        sh.send("fg\n")
        if which == "ttin":
            sh.expect(r"fg\r?\n")
            sh.send("hello\n")
            result["reads after fg"] = bool(sh.expect(r"GOT hello", timeout=5))
        else:
            result["writes after fg"] = bool(sh.expect(r"tick3\b", timeout=5))
            sh.send("\x03")  # Ctrl-C
        sh.expect(r"PROMPT> ", timeout=5)
        result["status"] = sh.last_status()
        return result
    finally:
        sh.close()


def inner_shell(init_words, tmp):
    """bash -i as COMMAND of init_words, PID 1 of a PID namespace, session leader with the
    terminal as its controlling terminal (setsid --ctty), as a container runtime starts it."""
    prefix = ["unshare", "--pid", "--fork", "--mount-proc", "setsid", "--ctty"] + list(init_words)
    sh = Shell(tmp, [], prefix)
    result = {}
    try:
        if not sh.expect(r"PROMPT> "):
            return {"error": "no prompt: " + sh.buf[-300:]}
        result["job control"] = "no job control" not in sh.buf
        sh.send("sleep 50\n")
        sh.expect(r"sleep 50\r?\n")
        time.sleep(0.3)  # sleep has started (a Ctrl-Z before that stops bash's fork)
        sh.send("\x1a")
        result["prompt back"] = bool(sh.expect(r"Stopped[^\n]*\n(?:.*\n)*?PROMPT> ", timeout=3))
        # Until bash has seen the killed job go (`wait` alone may look before the SIGCHLD and
        # find it still stopped), so that `exit` finds no stopped job to refuse over ("There
        # are stopped jobs"). Bounded: 10 s.
        sh.send("kill -KILL %1; i=0; while jobs %1 >/dev/null 2>&1 && [ $i -lt 200 ]; do "
                "sleep 0.05; i=$((i+1)); done; echo reaped\n")
        sh.expect(r"\nreaped\r?\n", timeout=5)
        sh.send("exit 3\n")
        result["status"] = sh.wait_exit(10)
        if result["status"] is None:
            result["terminal"] = sh.buf[-300:]
        return result
    finally:
        sh.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("podinit")
    ap.add_argument("--dumb-init", default=shutil.which("dumb-init"))
    ap.add_argument("--tini", default=shutil.which("tini"))
    ap.add_argument("--part", choices=["ctrl-z", "redirected", "background", "shell", "all"], default="all")
    a = ap.parse_args()
    if shutil.which("bash") is None:
        print("SKIP: no bash")
        return 77
    podinit = os.path.abspath(a.podinit)
    with tempfile.TemporaryDirectory(prefix="jobctl-") as tmp:
        bindir = os.path.join(tmp, "bin")
        os.mkdir(bindir)
        for name in ("tini", "dumb-init"):
            os.symlink(podinit, os.path.join(bindir, name))
        tini, dumb_init = os.path.join(bindir, "tini"), os.path.join(bindir, "dumb-init")
        modes = {
            "podinit run --init": [podinit, "run", "--init", "--"],
            "podinit as tini": [tini, "--"],
            "podinit as tini -g": [tini, "-g", "--"],
            "podinit as dumb-init": [dumb_init],
            "podinit as dumb-init -c": [dumb_init, "-c"],
        }
        if a.part in ("ctrl-z", "all"):
            part_ctrl_z(a, tmp, modes)
        if a.part in ("redirected", "all"):
            for around in ("{} < /dev/null", "sleep 60 | {}"):
                part_ctrl_z(a, tmp, modes, around, negative_control=False)
        if a.part in ("background", "all"):
            part_background(a, tmp, modes)
        if a.part in ("shell", "all"):
            if os.geteuid() != 0 or shutil.which("unshare") is None or shutil.which("setsid") is None:
                print("SKIP shell: needs root, unshare and setsid")
                if a.part == "shell":
                    return 77
            else:
                part_shell(a, tmp, modes)
    print(f"{len(failures)} failed")
    return 1 if failures else 0


def part_ctrl_z(a, tmp, modes, around="{}", negative_control=True):
    """around: the job's command line around the init's. With standard input redirected
    ("{} < /dev/null") or in a pipeline ("sleep 60 | {}") podinit does not hand COMMAND the
    terminal (as tini, which does so through standard input only), so Ctrl-Z reaches the job's
    process group, podinit with it, and podinit must still stop with COMMAND."""
    want = {"prompt back": True, "quiet while stopped": True, "continues after fg": True,
            "ends on Ctrl-C": True, "status": 130}
    label = "" if around == "{}" else f" [{around.format('INIT')}]"
    ref = None
    if a.dumb_init:
        ref = job_control([a.dumb_init], tmp, [], around)
        check(ref == want, f"the real dumb-init{label}: {ref}")
    for name, words in modes.items():
        got = job_control(words, tmp, [], around)
        check(got == want, f"{name}{label}: {got}")
        if ref is not None:
            check(got == ref, f"{name}{label}: same as dumb-init")
    if a.tini and negative_control:
        # Negative control: tini keeps waiting for its stopped child, the prompt never comes.
        got = job_control([a.tini, "--"], tmp, [])
        check(got.get("prompt back") is False, f"the real tini hangs the shell: {got}")


def part_background(a, tmp, modes):
    # dumb-init's default session: no controlling terminal for COMMAND, no SIGTTIN or SIGTTOU.
    modes = {k: v for k, v in modes.items() if k != "podinit as dumb-init"}
    for which in ("ttin", "ttou"):
        # The reference: the same job with no init at all.
        plain = background([], tmp, [], which)
        if which == "ttin":
            want = {"stopped": True, "reads after fg": True, "status": 5}
        else:
            want = {"stopped": True, "quiet while stopped": True, "writes after fg": True, "status": 130}
        check(plain == want, f"{which}: the job without an init: {plain}")
        ref = background([a.dumb_init, "-c"], tmp, [], which) if a.dumb_init else None
        if ref is not None:
            check(ref == want, f"{which}: the real dumb-init -c: {ref}")
        for name, words in modes.items():
            got = background(words, tmp, [], which)
            check(got == want, f"{which}: {name}: {got}")
        if a.tini:
            got = background([a.tini, "--"], tmp, [], which, timeout=1.5)
            check(got.get("stopped") is False, f"{which}: the real tini never stops (negative control): {got}")


def part_shell(a, tmp, modes):
    want = {"job control": True, "prompt back": True, "status": 3}
    refs = {}
    if a.tini:
        refs["tini"] = inner_shell([a.tini, "--"], tmp)
    if a.dumb_init:
        refs["dumb-init"] = inner_shell([a.dumb_init], tmp)
    for name, got in refs.items():
        check(got == want, f"shell under the real {name} as PID 1: {got}")
    for name, words in modes.items():
        got = inner_shell(words, tmp)
        check(got == want, f"shell under {name} as PID 1: {got}")


if __name__ == "__main__":
    sys.exit(main())
