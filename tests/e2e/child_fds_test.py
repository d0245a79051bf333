#!/usr/bin/env python3
"""What COMMAND inherits from `podinit run`: exactly the descriptors podinit itself was given
(0, 1, 2 and any the caller passed on purpose, as tini and dumb-init pass them), and none that
podinit opened: not libcurl's sockets or its resolver's socketpair, not the signalfd, the
eventfd of --watch, template files or the token. Checked in every mode: exec, --init, --watch,
after --pre-exec, called as tini and as dumb-init, and with a kubeconfig."""
import os, signal, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks, stop  # noqa: E402

podinit, fakeapi, root = sys.argv[1:4]
work = tempfile.mkdtemp()
checks = Checks()
check = checks.check
procs = []


# The child reports its descriptors (minus the one listing them) and what each points at.
REPORT = os.path.join(work, "fds")
CHILD = [sys.executable, "-c",
         "import os,sys\n"
         "fds=sorted(int(f) for f in os.listdir('/proc/self/fd'))\n"
         "out=[]\n"
         "for f in fds:\n"
         "  try: out.append(f'{f} {os.readlink(f\"/proc/self/fd/{f}\")}')\n"
         "  except OSError: pass\n"
         f"open({REPORT!r},'w').write('\\n'.join(out))\n"]


def child_fds():
    try:
        lines = open(REPORT).read().splitlines()
    except FileNotFoundError:
        return None
    fds = {}
    for line in lines:
        n, target = line.split(" ", 1)
        if "/proc/" in target and "/fd" in target:
            continue  # the listing's own descriptor
        fds[int(n)] = target
    return fds


def run(args, env=None, pass_fd=None, wait=True):
    if os.path.exists(REPORT):
        os.unlink(REPORT)
    kw = {}
    if pass_fd is not None:
        kw["pass_fds"] = (pass_fd,)
    p = subprocess.Popen([podinit, "run", *args, "--", *CHILD], env=env, stderr=subprocess.PIPE,
                         text=True, **kw)
    procs.append(p)
    if wait:
        p.wait(timeout=30)
    return p


try:
    kubeconfig = os.path.join(work, "kubeconfig")
    server = subprocess.Popen([fakeapi, "--objects", os.path.join(root, "examples/etcd/fake-cluster"),
                               "--token", "fd-token", "--kubeconfig-out", kubeconfig],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    procs.append(server)
    server.stdout.readline()
    tmpl = os.path.join(work, "t.tmpl")
    open(tmpl, "w").write("{{ .metadata.name }} {{ (statefulset).spec.replicas }}\n")
    out = os.path.join(work, "out")
    base = ["--kubeconfig", kubeconfig, "--pod-name", "etcd-0", "-t", f"{tmpl}:{out}"]
    # A descriptor the caller passes on purpose (socket activation, a log pipe) must arrive.
    passed_r, passed_w = os.pipe()
    modes = {
        "exec": base,
        "--init": base + ["--init"],
        "--pre-exec": base + ["--pre-exec", "true", "--init"],
    }
    for name, args in modes.items():
        p = run(args, pass_fd=passed_r)
        fds = child_fds()
        check(p.returncode == 0 and fds is not None, f"{name}: COMMAND ran ({p.returncode}: {p.stderr.read().strip()[:200]})")
        if fds is None:
            continue
        extra = {n: t for n, t in fds.items() if n not in (0, 1, 2, passed_r)}
        check(not extra, f"{name}: COMMAND inherits no descriptor podinit opened (extra: {extra})")
        check(passed_r in fds, f"{name}: the descriptor the caller passed (fd {passed_r}) arrives")

    # Called as tini or dumb-init: what tini and dumb-init pass, podinit passes.
    for name in ("tini", "dumb-init"):
        link = os.path.join(work, name)
        os.symlink(os.path.abspath(podinit), link)
        if os.path.exists(REPORT):
            os.unlink(REPORT)
        p = subprocess.Popen([link, "--", *CHILD], stderr=subprocess.PIPE, text=True, pass_fds=(passed_r,))
        procs.append(p)
        p.wait(timeout=30)
        fds = child_fds()
        check(p.returncode == 0 and fds is not None, f"as {name}: COMMAND ran ({p.returncode}: {p.stderr.read().strip()[:200]})")
        if fds is not None:
            extra = {n: t for n, t in fds.items() if n not in (0, 1, 2, passed_r)}
            check(not extra, f"as {name}: COMMAND inherits no descriptor podinit opened (extra: {extra})")
            check(passed_r in fds, f"as {name}: the descriptor the caller passed (fd {passed_r}) arrives")

    # --watch: COMMAND starts while the watch connection is open.
    p = run(base + ["--watch"], pass_fd=passed_r, wait=False)
    end = time.monotonic() + 15
    while time.monotonic() < end and child_fds() is None:
        time.sleep(0.05)
    fds = child_fds()
    check(fds is not None, "--watch: COMMAND ran")
    if fds is not None:
        extra = {n: t for n, t in fds.items() if n not in (0, 1, 2, passed_r)}
        check(not extra, f"--watch: COMMAND inherits no descriptor podinit opened (extra: {extra})")
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=10)
finally:
    stop(procs, work)

checks.exit()
