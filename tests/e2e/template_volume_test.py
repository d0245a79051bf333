#!/usr/bin/env python3
"""Templates from a ConfigMap volume, laid out exactly as the kubelet lays it out
(NAME -> ..data/NAME, ..data -> ..TIMESTAMP/), rendered by the real `podinit render` and
`podinit run --watch`: the visible names come out, never the timestamped directory; links out
of the tree are refused; nothing is written outside DEST, even through links inside DEST; and a
swap of ..data during a --watch run is rendered as one whole version."""
import os, shutil, signal, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks, stop  # noqa: E402

podinit, fakeapi, root = sys.argv[1:4]
POD = os.path.join(root, "tests/e2e/testdata/pod-web-0.json")
work = tempfile.mkdtemp()
procs = []
checks = Checks()
check = checks.check


def configmap_volume(path, files, stamp):
    """Writes `files` (relative name -> text) as the kubelet's AtomicWriter does, swapping
    ..data when the volume already exists."""
    os.makedirs(path, exist_ok=True)
    ts = f"..{stamp}"
    for name, text in files.items():
        p = os.path.join(path, ts, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)
    old = os.readlink(os.path.join(path, "..data")) if os.path.islink(os.path.join(path, "..data")) else None
    os.symlink(ts, os.path.join(path, "..data_tmp"))
    os.rename(os.path.join(path, "..data_tmp"), os.path.join(path, "..data"))
    for top in {n.split("/")[0] for n in files}:
        link = os.path.join(path, top)
        if not os.path.islink(link):
            os.symlink(os.path.join("..data", top), link)
    for entry in os.listdir(path):
        if not entry.startswith("..") and entry not in {n.split("/")[0] for n in files}:
            os.unlink(os.path.join(path, entry))
    if old:
        shutil.rmtree(os.path.join(path, old))


def render(src, dest, *extra):
    return subprocess.run([podinit, "render", "--pod-file", POD, "-t", f"{src}:{dest}", *extra],
                          capture_output=True, text=True, timeout=20)


def tree(path):
    out = []
    for d, dirs, files in os.walk(path):
        for f in files:
            out.append(os.path.relpath(os.path.join(d, f), path))
    return sorted(out)


def read(p):
    try:
        return open(p).read()
    except FileNotFoundError:
        return ""


try:
    # 1. The visible names, through ..data.
    cm = os.path.join(work, "cm")
    configmap_volume(cm, {"app.conf": "name={{ .metadata.name }}\n", "sub/b.conf": "b\n"},
                     "2026_12_07_10_00_00.123456789")
    out = os.path.join(work, "out")
    r = render(cm, out)
    check(r.returncode == 0, f"render of a ConfigMap volume exits 0 (got {r.returncode}: {r.stderr.strip()})")
    check(tree(out) == ["app.conf", "sub/b.conf"], f"only the visible names are written (got {tree(out)})")
    check(read(os.path.join(out, "app.conf")) == "name=web-0\n", "app.conf is rendered from the pod")

    # 2. A link out of the template tree: refused with the link named, nothing written.
    victim_dir = os.path.join(work, "victim")
    os.makedirs(victim_dir)
    victim = os.path.join(victim_dir, "secret.key")
    open(victim, "w").write("SECRET")
    os.chmod(victim, 0o600)
    tdir = os.path.join(work, "tdir")
    os.makedirs(tdir)
    open(os.path.join(tdir, "ok.conf"), "w").write("ok\n")
    os.symlink(victim, os.path.join(tdir, "a.conf"))
    out2 = os.path.join(work, "out2")
    r = render(tdir, out2)
    check(r.returncode == 1, f"a link out of the template tree exits 1 (got {r.returncode})")
    check(os.path.join(tdir, "a.conf") in r.stderr and "outside the template tree" in r.stderr,
          f"the error names the link ({r.stderr.strip()})")
    check(read(victim) == "SECRET" and (os.stat(victim).st_mode & 0o777) == 0o600,
          "the link's target is untouched")
    check(not os.path.exists(out2) or tree(out2) == [], "nothing is written")

    # 3. DEST holds a link out of itself (DEST/sub -> elsewhere): nothing written there.
    t3 = os.path.join(work, "t3")
    os.makedirs(os.path.join(t3, "sub"))
    open(os.path.join(t3, "sub", "secret.key"), "w").write("overwritten")
    out3 = os.path.join(work, "out3")
    os.makedirs(out3)
    os.symlink(victim_dir, os.path.join(out3, "sub"))
    r = render(t3, out3)
    check(r.returncode == 1 and "outside the output tree" in r.stderr,
          f"a directory link out of DEST is refused ({r.returncode}: {r.stderr.strip()})")
    check(read(victim) == "SECRET", "the file behind DEST's link is untouched")

    # 4. A FIFO in the tree: an error at once, not a hang.
    t4 = os.path.join(work, "t4")
    os.makedirs(t4)
    os.mkfifo(os.path.join(t4, "pipe"))
    start = time.monotonic()
    r = render(t4, os.path.join(work, "out4"))
    check(r.returncode == 1 and "not a regular file" in r.stderr and time.monotonic() - start < 5,
          f"a FIFO in the tree is refused at once ({r.returncode}: {r.stderr.strip()})")

    # 5. --watch: the volume is updated (..data swapped) while podinit runs; the next render uses
    # the new version, whole.
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        print("SKIP --watch part: no kubectl")
    else:
        kubeconfig = os.path.join(work, "kubeconfig")
        server = subprocess.Popen([fakeapi, "--objects", os.path.join(root, "examples/etcd/fake-cluster"),
                                   "--token", "tv-token", "--kubeconfig-out", kubeconfig],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        procs.append(server)
        server.stdout.readline()
        wcm = os.path.join(work, "wcm")
        configmap_volume(wcm, {"a.conf": "v1 {{ index .metadata.labels \"tier\" | default \"none\" }}\n",
                               "b.conf": "v1\n"}, "2026_12_07_10_00_00.000000001")
        wout = os.path.join(work, "wout")
        run = subprocess.Popen([podinit, "run", "--kubeconfig", kubeconfig, "--pod-name", "etcd-0", "--watch",
                                "-t", f"{wcm}:{wout}", "--", "sleep", "60"],
                               stderr=subprocess.PIPE, text=True)
        procs.append(run)
        end = time.monotonic() + 10
        while time.monotonic() < end and read(os.path.join(wout, "a.conf")) != "v1 none\n":
            time.sleep(0.02)
        check(read(os.path.join(wout, "a.conf")) == "v1 none\n", "--watch: the first render")
        configmap_volume(wcm, {"a.conf": "v2 {{ index .metadata.labels \"tier\" | default \"none\" }}\n",
                               "b.conf": "v2\n"}, "2026_12_07_10_00_01.000000002")
        env = dict(os.environ, KUBECONFIG=kubeconfig)
        subprocess.run([kubectl, "label", "pod", "etcd-0", "tier=db", "--cache-dir", os.path.join(work, "cache")],
                       check=True, env=env, stdout=subprocess.DEVNULL, timeout=20)
        # Each file is replaced atomically, one after the other: wait for both.
        end = time.monotonic() + 10
        while time.monotonic() < end and (read(os.path.join(wout, "a.conf")) != "v2 db\n" or
                                          read(os.path.join(wout, "b.conf")) != "v2\n"):
            time.sleep(0.02)
        check(read(os.path.join(wout, "a.conf")) == "v2 db\n" and read(os.path.join(wout, "b.conf")) == "v2\n",
              "--watch: after the swap the new version is rendered, whole")
        check(tree(wout) == ["a.conf", "b.conf"], f"--watch: only visible names ({tree(wout)})")
        run.send_signal(signal.SIGTERM)
        run.wait(timeout=10)
finally:
    stop(procs, work)

checks.exit()
