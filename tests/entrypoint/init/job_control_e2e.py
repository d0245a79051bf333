#!/usr/bin/env python3
"""Ctrl-Z in an interactive shell, under a pseudo-terminal: the job stops as a whole and the
shell gets its prompt back; `fg` continues it where it was; Ctrl-C then ends it with 130.

dumb-init does this (it stops itself after forwarding SIGTSTP); tini does not (COMMAND
stops, tini waits on, the shell hangs). Each podinit mode (podinit run --init, podinit
called as tini, podinit called as dumb-init, dumb-init -c) must do what the real dumb-init
does; the real tini is the negative control that shows the test can fail.

    job_control_e2e.py PODINIT [--dumb-init /usr/bin/dumb-init] [--tini /usr/bin/tini]
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

    def __init__(self, tmp, path_dirs):
        env = {"PATH": ":".join(path_dirs + ["/usr/local/bin", "/usr/bin", "/bin"]),
               "PS1": "PROMPT> ", "TERM": "dumb", "HOME": tmp}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.execvpe("bash", ["bash", "--norc", "--noprofile", "-i"], env)
            finally:
                os._exit(99)
        self.buf = ""
        self.mark = 0

    def send(self, text):
        os.write(self.fd, text.encode())

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
                except OSError:
                    return None
                if not data:
                    return None
                self.buf += data.decode(errors="replace")

    def drain(self, seconds):
        self.expect(r"(?!x)x", timeout=seconds)  # never matches: reads for a while

    def close(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
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


def job_control(init_words, tmp, path_dirs):
    """Returns a dict of what happened to one init under the shell."""
    ticker = os.path.join(tmp, "ticker.py")
    with open(ticker, "w") as f:
        f.write(TICKER)
    sh = Shell(tmp, path_dirs)
    result = {}
    try:
        if not sh.expect(r"PROMPT> "):
            return {"error": "no prompt: " + sh.buf[-300:]}
        sh.send(" ".join(init_words) + f" {sys.executable} {ticker}\n")
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
        sh.send("echo rc=$?\n")
        m = sh.expect(r"rc=(\d+)", timeout=5)
        result["status"] = int(m.group(1)) if m else None
        return result
    finally:
        sh.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("podinit")
    ap.add_argument("--dumb-init", default=shutil.which("dumb-init"))
    ap.add_argument("--tini", default=shutil.which("tini"))
    a = ap.parse_args()
    if shutil.which("bash") is None:
        print("SKIP: no bash")
        return 77
    with tempfile.TemporaryDirectory(prefix="jobctl-") as tmp:
        bindir = os.path.join(tmp, "bin")
        os.mkdir(bindir)
        for name in ("tini", "dumb-init"):
            os.symlink(os.path.abspath(a.podinit), os.path.join(bindir, name))
        want = {"prompt back": True, "quiet while stopped": True, "continues after fg": True,
                "ends on Ctrl-C": True, "status": 130}
        ref = None
        if a.dumb_init:
            ref = job_control([a.dumb_init], tmp, [])
            check(ref == want, f"the real dumb-init: {ref}")
        modes = {
            "podinit run --init": [a.podinit, "run", "--init", "--"],
            "podinit as tini": [os.path.join(bindir, "tini"), "--"],
            "podinit as tini -g": [os.path.join(bindir, "tini"), "-g", "--"],
            "podinit as dumb-init": [os.path.join(bindir, "dumb-init")],
            "podinit as dumb-init -c": [os.path.join(bindir, "dumb-init"), "-c"],
        }
        for name, words in modes.items():
            got = job_control(words, tmp, [])
            check(got == want, f"{name}: {got}")
            if ref is not None:
                check(got == ref, f"{name}: same as dumb-init")
        if a.tini:
            # Negative control: tini keeps waiting for its stopped child, the prompt never comes.
            got = job_control([a.tini, "--"], tmp, [])
            check(got.get("prompt back") is False, f"the real tini hangs the shell: {got}")
    print(f"{len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
