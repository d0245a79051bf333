"""The few lines every end-to-end test script shares: named checks that print "ok"/"FAIL"
and an exit status that says whether any failed, and the clean-up of what a test started."""
import shutil
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
