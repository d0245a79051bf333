"""The few lines every end-to-end test script shares: named checks that print "ok"/"FAIL"
and an exit status that says whether any failed, and the clean-up of what a test started."""
import shutil
import subprocess
import sys


class Checks:
    def __init__(self):
        self.failures = []

    def check(self, cond, what):
        print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            self.failures.append(what)
        return cond

    def exit(self):
        print(f"{len(self.failures)} failed")
        sys.exit(1 if self.failures else 0)


def stop(procs, *dirs):
    """Kills what is still running and removes the test's directories."""
    for p in procs:
        if p.poll() is None:
            p.kill()
            p.wait()
    for d in dirs:
        shutil.rmtree(d, ignore_errors=True)


def start_fakeapi(fakeapi, *args):
    """podinit-fake-apiserver on a loopback port with ARGS: (process, URL) once it listens,
    else exit 1 with what it said."""
    server = subprocess.Popen([fakeapi, "--listen", "127.0.0.1:0", *args], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    if not line.startswith("listening on "):
        server.kill()
        print("FAIL: fake API server did not start:", line, server.communicate(timeout=10)[1])
        sys.exit(1)
    return server, line.split()[-1]
