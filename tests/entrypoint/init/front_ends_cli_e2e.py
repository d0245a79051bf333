#!/usr/bin/env python3
"""The command lines of podinit called as tini and as dumb-init, against Debian's tini and
dumb-init: for each argument list, the exit status and which of stdout and stderr say
something (the wording is podinit's own, so only that). Also `podinit run` with tini's -w,
-l, --version and TINI_* variables, which tini's ENTRYPOINTs use.

    front_ends_cli_e2e.py PODINIT [--tini /usr/bin/tini] [--dumb-init /usr/bin/dumb-init]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def outcome(argv, env=None):
    """(exit status, stdout says something, stderr says something)."""
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=20,
                       env=dict(os.environ, **(env or {})))
    return p.returncode, bool(p.stdout.strip()), bool(p.stderr.strip())


TINI_CASES = [
    ([], None), (["-h"], None), (["-x", "--", "true"], None), (["--version"], None),
    (["--version", "--", "true"], None), (["-l"], None), (["-p", "SIGKILL", "--", "true"], None),
    (["-p", "KILL", "--", "true"], None), (["-p", "9", "--", "true"], None),
    (["-p", "SIGPWR", "--", "true"], None), (["-p"], None), (["-e", "256", "--", "true"], None),
    (["-e", "abc", "--", "true"], None), (["-e", "", "--", "true"], None),
    (["-e", "3", "--", "sh", "-c", "exit 3"], None), (["-e", "3", "-e", "4", "--", "sh", "-c", "exit 4"], None),
    (["-e3", "--", "sh", "-c", "exit 3"], None), (["-vvv", "-s", "-g", "-w", "--", "true"], None),
    (["-sg", "--", "sh", "-c", "exit 9"], None),
    # getopt permutes: an option after COMMAND is still tini's, unless POSIXLY_CORRECT.
    (["echo", "-n", "hi"], None), (["echo", "-n", "hi"], {"POSIXLY_CORRECT": "1"}),
    (["echo", "-v", "hi"], None),
    (["--", "/nonexistent"], None), (["--", "/"], None), (["--", ""], None),
    (["--", "sh", "-c", "exit 300"], None), (["--", "sh", "-c", "kill -TERM $$"], None),
    (["-h", "-x"], None), (["-x", "-h"], None),
    (["-s", "--", "true"], {"TINI_VERBOSITY": "0"}), (["--", "true"], {"TINI_SUBREAPER": ""}),
    (["--", "true"], {"TINI_KILL_PROCESS_GROUP": "1"}),
]

DUMB_INIT_CASES = [
    ([], None), (["-h"], None), (["--help"], None), (["-V"], None), (["--version"], None),
    (["--yolo", "true"], None), (["-x", "true"], None), (["-r"], None), (["-r", ""], None),
    (["-r", "herp"], None), (["-r", "15"], None), (["-r", "15::12"], None), (["-r", "15:derp"], None),
    (["-r", "15:12", "-r"], None), (["-r", "0:12", "true"], None), (["-r", "1:32", "true"], None),
    (["-r", "32:1", "true"], None), (["-r", "15:0", "true"], None), (["-r", "31:1", "true"], None),
    (["-r", " 15:2", "true"], None), (["-r", "15:2x", "true"], None),
    (["--rewrite", "15:2", "--", "true"], None), (["--rewrite=15:2", "true"], None),
    (["--single", "true"], None), (["--verb", "true"], None), (["--ver", "true"], None),
    (["-c", "-v", "true"], None), (["-cv", "true"], None),
    # Options end at COMMAND: -v here is echo's.
    (["echo", "-v"], None), (["--", "echo", "-v"], None),
    (["/nonexistent"], None), (["/"], None), ([""], None), (["sh", "-c", "exit 7"], None),
    (["sh", "-c", "kill -TERM $$"], None),
    (["true"], {"DUMB_INIT_DEBUG": "1"}), (["true"], {"DUMB_INIT_DEBUG": "yes"}),
    (["true"], {"DUMB_INIT_SETSID": "0"}), (["true"], {"DUMB_INIT_SETSID": "0", "DUMB_INIT_DEBUG": "1"}),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("podinit")
    ap.add_argument("--tini", default="/usr/bin/tini")
    ap.add_argument("--dumb-init", default="/usr/bin/dumb-init")
    a = ap.parse_args()
    podinit = os.path.abspath(a.podinit)
    with tempfile.TemporaryDirectory(prefix="front-ends-") as tmp:
        links = {}
        for name in ("tini", "tini-static", "docker-init", "dumb-init"):
            links[name] = os.path.join(tmp, name)
            os.symlink(podinit, links[name])
        copy = os.path.join(tmp, "copy", "tini")
        os.mkdir(os.path.dirname(copy))
        shutil.copy(podinit, copy)

        if os.path.exists(a.tini):
            for args, env in TINI_CASES:
                label = f"tini {args}{' ' + str(env) if env else ''}"
                # Not PID 1, tini warns on stderr unless it is a subreaper; podinit always is one.
                env = dict(env or {}, TINI_SUBREAPER="")
                mine, ref = outcome([links["tini"]] + args, env), outcome([a.tini] + args, env)
                # tini logs its informational lines (-v) on stdout; podinit logs on stderr only.
                if "-vvv" in args or "-v" in args:
                    mine, ref = mine[0], ref[0]
                check(mine == ref, f"{label}: {mine} (tini: {ref})")
            for name in ("tini-static", "docker-init"):
                check(outcome([links[name], "-e", "3", "--", "sh", "-c", "exit 3"]) == (0, False, False),
                      f"called as {name}: tini's command line")
            check(outcome([copy, "-e", "3", "--", "sh", "-c", "exit 3"]) == (0, False, False),
                  "a copy named tini: tini's command line")
        else:
            print("SKIP tini cases: no", a.tini)

        if os.path.exists(a.dumb_init):
            for args, env in DUMB_INIT_CASES:
                label = f"dumb-init {args}{' ' + str(env) if env else ''}"
                mine, ref = outcome([links["dumb-init"]] + args, env), outcome([a.dumb_init] + args, env)
                check(mine == ref, f"{label}: {mine} (dumb-init: {ref})")
        else:
            print("SKIP dumb-init cases: no", a.dumb_init)

        # podinit run: what tini's ENTRYPOINTs pass it exits 0 instead of 1.
        for args, want in ((["-l"], (0, True, False)), (["--version"], (0, True, False)),
                           (["--init", "-w", "--", "true"], (0, False, False)),
                           (["--init", "-s", "-v", "--", "true"], (0, False, True))):
            got = outcome([podinit, "run"] + args)
            check(got == want, f"podinit run {args}: {got}")
        # -s says once, at -v, that podinit is always a subreaper.
        p = subprocess.run([podinit, "run", "--init", "-s", "-v", "--", "true"], capture_output=True, text=True,
                           timeout=20)
        check(p.stderr.count("subreaper") == 1, f"-s at -v: one line about subreapers: {p.stderr!r}")
        p = subprocess.run([podinit, "run", "--init", "-s", "--", "true"], capture_output=True, text=True,
                           timeout=20)
        check(p.stderr == "", f"-s without -v: nothing said: {p.stderr!r}")
        # Docker says 127 for an empty command (exec: "": executable file not found in $PATH).
        check(outcome([podinit, "run", "--", ""])[0] == 127, "podinit run -- '': 127")
        check(outcome([podinit, "run", "--init", "--", ""])[0] == 127, "podinit run --init -- '': 127")
        # PODINIT_VERSION or PODINIT_LICENSE in an image's environment must not stop it.
        got = outcome([podinit, "run", "--", "true"], {"PODINIT_VERSION": "1", "PODINIT_LICENSE": "1"})
        check(got == (0, False, False), f"PODINIT_VERSION=1 PODINIT_LICENSE=1 do nothing: {got}")
    print(f"{len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
