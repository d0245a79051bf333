#!/usr/bin/env python3
"""podinit as PID 1 of a real container (the debug image: podinit, with busybox for the
COMMANDs), driven the way a container engine drives it.

  pid1_test.py status   exit statuses 0, 1, 42, 143 (podman stop, TERM forwarded, COMMAND
                        dies of it) and 137 (COMMAND ignores TERM: SIGKILL after stop's -t)
  pid1_test.py signals  podman stop and podman kill -s HUP reach COMMAND's traps; a COMMAND
                        that double-forks leaves no zombies (podman top), where a PID 1 that
                        does not reap does
  pid1_test.py grace    --term-delay holds TERM back within podman stop -t (and loses to a
                        shorter -t); --grace lets an adopted process finish its TERM handler,
                        which without it the kernel kills mid-way
  pid1_test.py dropin   images whose ENTRYPOINT is ["tini", "-g", "--"] or ["dumb-init",
                        "--rewrite", "15:2", "--"], with podinit copied in under that name:
                        podman stop reaches the whole process group (-g), TERM arrives as INT"""
import json
import os
import shutil
import sys
import time

import rt

# A COMMAND that says when its traps are set, then waits interruptibly (a trap runs only
# between commands, and `wait` is one).
def waiting(traps=""):
    return f"{traps} echo ready; sleep 1000 & wait $!; echo woke; sleep 1000 & wait $!"


def start(t, name, *podinit_args, command, entrypoint=None, volume=None):
    args = ["run", "-d", "--name", name, "--network", "none"]
    if volume:
        args += ["-v", f"{volume}:/out"]
    if entrypoint:
        args += ["--entrypoint", entrypoint]
    t.made("container", name)
    t.podman("rm", "-f", "-t", "0", name, check=False, quiet=True)
    if entrypoint:
        t.podman(*args, t.debug, *command)
    else:
        t.podman(*args, t.debug, "run", *podinit_args, "--", "/bin/sh", "-c", command)


def ready(t, name, word="ready"):
    rt.wait_until(f"{name} to print {word!r}", lambda: word in t.logs(name), 15, 0.1)


def exit_code(t, name):
    code = t.podman("wait", name, timeout=30, quiet=True).stdout.strip()
    return int(code)


def stop(t, name, timeout):
    start_time = time.monotonic()
    t.podman("stop", "-t", str(timeout), name, timeout=timeout + 20)
    return time.monotonic() - start_time


def status(t):
    for code in (0, 1, 42):
        start(t, f"rt-status-{code}", command=f"exit {code}")
    # podinit's own usage error is 1 as well, with COMMAND never run.
    t.made("container", "rt-status-usage")
    t.podman("run", "-d", "--name", "rt-status-usage", "--network", "none", t.debug, "run",
             "--no-such-option", "--", "/bin/true")
    start(t, "rt-status-143", command=waiting())
    start(t, "rt-status-137", command=waiting("trap '' TERM;"))
    for code in (0, 1, 42):
        rt.check(exit_code(t, f"rt-status-{code}") == code, f"COMMAND's exit {code} is the container's")
    rt.check(exit_code(t, "rt-status-usage") == 1, "a usage error exits 1")
    rt.check("--no-such-option" in t.logs("rt-status-usage"), "and says which option")
    ready(t, "rt-status-143")
    ready(t, "rt-status-137")
    took = stop(t, "rt-status-143", 10)
    rt.check(exit_code(t, "rt-status-143") == 143 and took < 5,
             f"podman stop: TERM reaches COMMAND, which dies of it: 143 in {took:.1f} s")
    took = stop(t, "rt-status-137", 2)
    rt.check(exit_code(t, "rt-status-137") == 137 and took >= 2,
             f"COMMAND ignores TERM: podman stop -t 2 kills after {took:.1f} s: 137")


def signals(t):
    traps = "trap 'echo got-TERM; exit 0' TERM; trap 'echo got-HUP' HUP;"
    start(t, "rt-signals", command=waiting(traps))
    ready(t, "rt-signals")
    t.podman("kill", "-s", "HUP", "rt-signals")
    rt.wait_until("COMMAND's HUP trap", lambda: "got-HUP" in t.logs("rt-signals"), 10, 0.1)
    state = t.inspect("rt-signals", "{{.State.Status}}")
    rt.check(state == "running", f"podman kill -s HUP reaches COMMAND's trap; it runs on ({state})")
    took = stop(t, "rt-signals", 10)
    rt.check("got-TERM" in t.logs("rt-signals") and exit_code(t, "rt-signals") == 0 and took < 5,
             f"podman stop: COMMAND's TERM trap runs and its exit 0 is the container's ({took:.1f} s)")

    # 40 grandchildren, each orphaned at once (its parent subshell exits) and adopted by PID 1.
    spawn = ("i=0; while [ $i -lt 40 ]; do ( sleep 0.2 & ); i=$((i+1)); done; echo spawned;")
    start(t, "rt-zombies", command=spawn + " sleep 1000 & wait $!")
    # The control: the same, then `exec sleep` makes a PID 1 that never reaps.
    start(t, "rt-zombies-control", entrypoint="/bin/sh",
          command=["-c", spawn + " exec sleep 1000"])
    ready(t, "rt-zombies", "spawned")
    ready(t, "rt-zombies-control", "spawned")

    def zombies(name):
        out = t.podman("top", name, "pid", "ppid", "state", "comm", quiet=True).stdout
        rows = [line.split() for line in out.splitlines()[1:]]
        return rows, sum(1 for r in rows if len(r) >= 3 and r[2] == "Z")

    rt.wait_until("the control's 40 zombies", lambda: zombies("rt-zombies-control")[1] == 40, 10)
    rt.check(True, "podman top shows the 40 zombies under a PID 1 that does not reap")
    rows, count = zombies("rt-zombies")
    for _ in range(20):  # their sleeps are long over: a few more looks, 1 s in all
        if count:
            break
        time.sleep(0.05)
        rows, count = zombies("rt-zombies")
    rt.check(count == 0 and len(rows) <= 4, f"podinit as PID 1 reaps them all: {rows}")


def grace(t):
    traps = "trap 'echo got-TERM; exit 0' TERM;"
    # --term-delay 2s: TERM reaches COMMAND 2 s after podman stop sends it, well within -t 10.
    start(t, "rt-delay", "--term-delay", "2s", command=waiting(traps))
    start(t, "rt-delay-lost", "--term-delay", "5s", command=waiting(traps))
    # An adopted process (double-forked) whose TERM handler takes a second to finish.
    out = t.work / "out"
    out.mkdir()
    out.chmod(0o777)
    (out / "adopted.sh").write_text(
        "trap 'sleep 1; echo finished > /out/$1; exit 0' TERM\n"
        "echo ready > /out/$1.ready\n"
        "sleep 1000 & wait\n")
    for name, opts in (("rt-grace", ["--grace", "5s"]), ("rt-grace-control", [])):
        start(t, name, *opts, command=f"( sh /out/adopted.sh {name} & ); {waiting(traps)}", volume=out)
    for name in ("rt-delay", "rt-delay-lost", "rt-grace", "rt-grace-control"):
        ready(t, name)
    for name in ("rt-grace", "rt-grace-control"):
        rt.wait_until(f"{name}'s adopted process", lambda: (out / f"{name}.ready").exists(), 10, 0.1)

    took = stop(t, "rt-delay", 10)
    rt.check(2 <= took < 6 and "got-TERM" in t.logs("rt-delay") and exit_code(t, "rt-delay") == 0,
             f"--term-delay 2s: COMMAND gets TERM after the delay, within podman stop -t 10 ({took:.1f} s)")
    took = stop(t, "rt-delay-lost", 1)
    rt.check(exit_code(t, "rt-delay-lost") == 137 and "got-TERM" not in t.logs("rt-delay-lost"),
             f"--term-delay 5s under podman stop -t 1: SIGKILL first, 137 ({took:.1f} s)")
    took = stop(t, "rt-grace", 10)
    rt.check((out / "rt-grace").exists() and exit_code(t, "rt-grace") == 0 and took < 8,
             f"--grace 5s: the adopted process gets TERM and finishes its handler ({took:.1f} s)")
    took = stop(t, "rt-grace-control", 10)
    rt.check(not (out / "rt-grace-control").exists() and exit_code(t, "rt-grace-control") == 0,
             f"without --grace it dies with PID 1, its handler unfinished ({took:.1f} s)")


def dropin(t):
    """The one-line switch of README "Replacing tini or dumb-init": the same ENTRYPOINT, podinit
    installed under the other program's name."""
    entrypoints = {"tini": ["tini", "-g", "--"], "dumb-init": ["dumb-init", "--rewrite", "15:2", "--"]}
    for name, entrypoint in entrypoints.items():
        ctx = t.work / f"ctx-{name}"
        ctx.mkdir()
        shutil.copy(t.podinit, ctx / name)
        (ctx / "Containerfile").write_text(
            f"FROM {t.debug}\nCOPY {name} /usr/bin/{name}\nENV PATH=/usr/bin:/bin\n"
            f"ENTRYPOINT {json.dumps(entrypoint)}\n")
        image = f"localhost/podinit-rt-dropin-{name}:{os.getpid()}"
        t.made("image", image)
        t.podman("build", "--pull=never", "-q", "-t", image, str(ctx), timeout=60)
        t.made("container", f"rt-dropin-{name}")

    # tini -g: podman stop's TERM goes to COMMAND's whole process group, so the grandchild
    # (a shell COMMAND started in the background, same group) runs its trap too.
    grandchild = "trap 'echo grandchild-TERM; exit 0' TERM; echo ready; sleep 1000 & wait $!"
    t.podman("run", "-d", "--name", "rt-dropin-tini", "--network", "none",
             f"localhost/podinit-rt-dropin-tini:{os.getpid()}",
             "/bin/sh", "-c", f"sh -c \"{grandchild}\" & pid=$!; "
             "trap 'wait $pid; echo child-TERM; exit 3' TERM; wait $pid; exit 7")
    # dumb-init --rewrite 15:2: the TERM of podman stop arrives as INT.
    traps = "trap 'echo got-INT; exit 5' INT; trap 'echo got-TERM; exit 6' TERM;"
    t.podman("run", "-d", "--name", "rt-dropin-dumb-init", "--network", "none",
             f"localhost/podinit-rt-dropin-dumb-init:{os.getpid()}", "/bin/sh", "-c", waiting(traps))
    ready(t, "rt-dropin-tini")
    ready(t, "rt-dropin-dumb-init")
    took = stop(t, "rt-dropin-tini", 10)
    logs = t.logs("rt-dropin-tini")
    # Without -g only COMMAND gets TERM: its trap waits for the grandchild until the SIGKILL.
    rt.check("grandchild-TERM" in logs and "child-TERM" in logs and exit_code(t, "rt-dropin-tini") == 3
             and took < 5, f"ENTRYPOINT [\"tini\", \"-g\", \"--\"]: TERM reaches the whole group, "
             f"COMMAND's exit 3 is the container's ({took:.1f} s; {logs.strip()!r})")
    took = stop(t, "rt-dropin-dumb-init", 10)
    logs = t.logs("rt-dropin-dumb-init")
    rt.check("got-INT" in logs and "got-TERM" not in logs and exit_code(t, "rt-dropin-dumb-init") == 5,
             f"ENTRYPOINT [\"dumb-init\", \"--rewrite\", \"15:2\", \"--\"]: podman stop's TERM "
             f"arrives as INT ({took:.1f} s; {logs.strip()!r})")


if __name__ == "__main__":
    case = {"status": status, "signals": signals, "grace": grace, "dropin": dropin}[sys.argv[1]]
    with rt.Test(f"pid1_{sys.argv[1]}", budget=50) as t:
        t.debug = t.images()["debug"]
        case(t)
