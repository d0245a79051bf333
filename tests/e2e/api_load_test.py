#!/usr/bin/env python3
"""The API server, politely (PRODUCT.md): one podinit command against every fault mode of
hostile_apiserver.fault_then_healthy at once, one server and one podinit process per mode.

  api_load_test.py PODINIT get|wait|watch [--report]

Each server misbehaves for FAULT_SECONDS (an empty 200 watch, 429 with Retry-After 1 and
1000000000, a 410 on every watch, 500 on everything, connections reset mid-answer, a restarted
server that answers "Too large resource version" to the resourceVersion the client holds),
then works. For each mode: after its first second, the process never sends more than 2
requests in any second; and once the fault is over it makes progress (`get` prints the pod,
`wait pods:app=x:1` sees the pod turn Ready, `run --watch` re-renders the new label). With
--report the figures are printed and nothing fails (to measure an older podinit)."""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile_apiserver as H  # noqa: E402

FAULT_SECONDS = 4
# The longest wait after the fault ends: the backoff's 30 s cap (a huge Retry-After is obeyed
# up to it), else a few seconds of the backoff's growth.
PROGRESS_SECONDS = {"429-huge": 42}
DEFAULT_PROGRESS_SECONDS = 22
MAX_PER_SECOND = 2

podinit, command = sys.argv[1], sys.argv[2]
report_only = "--report" in sys.argv[3:]
assert command in ("get", "wait", "watch"), command
work = tempfile.mkdtemp()
TOKEN = "load-token"


def flags(server):
    return ["--server", server.url, "--ca-file", os.path.join(work, "ca.crt"),
            "--token-file", os.path.join(work, "token"), "--namespace", "ns", "--pod-name", "p"]


class Case:
    def __init__(self, mode):
        self.mode = mode
        # `get` reads only its pod: that read is what the fault hits. `wait` and `run --watch`
        # read their pod (and list) once, which is left alone so that the fault lands on the
        # loops that follow: the watch, its reconnects and relists.
        faulted = (lambda req: True) if command == "get" else (lambda req: "watch=true" in req["path"])
        self.server = H.Server("127.0.0.1", H.fault_then_healthy(mode, FAULT_SECONDS, faulted), work)
        self.out = os.path.join(work, mode + ".out")
        self.err = open(os.path.join(work, mode + ".err"), "w+")
        tmpl = os.path.join(work, "v.tmpl")
        args = {"get": ["get", *flags(self.server), "metadata.name"],
                "wait": ["wait", *flags(self.server), "--timeout", "50s", "pods:app=x:1"],
                "watch": ["run", *flags(self.server), "--watch", "-t", tmpl + ":" + self.out,
                          # SIGHUP (the reload signal) must not end COMMAND, and so the run.
                          "--", "sh", "-c", "trap '' HUP; exec sleep 120"]}[command]
        self.started = time.monotonic()
        self.proc = subprocess.Popen([podinit, *args], stdout=subprocess.PIPE, stderr=self.err,
                                     env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                                          "HOME": work},
                                     start_new_session=True)
        self.progress_at = None
        self.rc = None
        self.stdout = ""

    def progressed(self):
        """Whether the command has shown the progress the end of the fault allows."""
        if command == "watch":
            try:
                return open(self.out).read() == "v=2\n"
            except FileNotFoundError:
                return False
        return self.proc.poll() is not None

    def follow(self, limit):
        end = self.started + limit
        while time.monotonic() < end:
            if self.progressed():
                self.progress_at = time.monotonic() - self.started
                break
            time.sleep(0.05)
        if command == "watch" and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.stdout = self.proc.communicate(timeout=10)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.stdout = self.proc.communicate()[0].decode(errors="replace")
        self.rc = self.proc.returncode
        self.server.close()

    def verdict(self):
        times = [r["t"] for r in self.server.requests]
        problems = []
        first = min(times) if times else self.started
        span = (max(times) - first) if times else 0.0
        most = H.most_in_a_second(times, first + 1.0)
        if most > MAX_PER_SECOND:
            problems.append("%d requests in one second after the first" % most)
        if self.progress_at is None:
            problems.append("no progress within %ds" % PROGRESS_SECONDS.get(self.mode, DEFAULT_PROGRESS_SECONDS))
        elif command == "get" and (self.rc != 0 or self.stdout != "p\n"):
            problems.append("exit %d, printed %r" % (self.rc, self.stdout))
        elif command == "wait" and self.rc != 0:
            problems.append("exit %d" % self.rc)
        self.err.seek(0)
        err = self.err.read()
        if TOKEN in err or TOKEN in self.stdout:
            problems.append("the token is in the output")
        figures = "%d requests in %.1fs (%.0f/s), at most %d in a second after the first, exit %s, progress %s" % (
            len(times), span, len(times) / max(span, 1.0), most, self.rc,
            "after %.1fs" % self.progress_at if self.progress_at is not None else "never")
        return problems, figures, err


def main():
    H.make_certs(work)
    with open(os.path.join(work, "token"), "w") as f:
        f.write(TOKEN + "\n")
    with open(os.path.join(work, "v.tmpl"), "w") as f:
        f.write('v={{ index .metadata.labels "v" }}\n')
    cases = [Case(mode) for mode in H.FAULT_MODES]
    threads = [threading.Thread(target=c.follow,
                                args=(PROGRESS_SECONDS.get(c.mode, DEFAULT_PROGRESS_SECONDS),))
               for c in cases]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    fails = []
    for c in cases:
        problems, figures, err = c.verdict()
        name = "%s, %s" % (command, c.mode)
        if problems and not report_only:
            fails.append(name)
            print("FAIL %s: %s (%s)\n  stderr: %s" % (name, "; ".join(problems), figures,
                                                     err.strip()[-1500:].replace("\n", "\n  ")))
        else:
            print("%s %s: %s" % ("    " if report_only else "ok  ", name, figures))
    print("%d failed: %s" % (len(fails), ", ".join(fails)) if fails else "all passed")
    return 1 if fails else 0


try:
    rc = main()
finally:
    shutil.rmtree(work, ignore_errors=True)
sys.exit(rc)
