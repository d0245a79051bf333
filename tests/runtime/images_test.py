#!/usr/bin/env python3
"""The run's images (scripts/image.sh fast, fast-debug and etcd-fast around this build's
static podinit), built once for every test of the suite, and what they hold: the FROM scratch
image is /podinit alone with the Dockerfile's ENTRYPOINT and CMD; the debug image adds busybox
as /bin/sh; the etcd image is examples/etcd/Dockerfile's final stage."""
import json
import subprocess

import rt


def dockerfile_stages(path="Dockerfile"):
    """A Dockerfile of the repository as {stage: (FROM, ENTRYPOINT, CMD)}; the unnamed last
    stage, the image `podman build` makes, is "default"."""
    stages, name = {}, None
    for line in (rt.SRC / path).read_text().splitlines():
        word, _, rest = line.partition(" ")
        if word == "FROM":
            base, _, alias = rest.partition(" AS ")
            name = alias.strip() or "default"
            stages[name] = [base.strip(), None, None]
        elif word in ("ENTRYPOINT", "CMD") and name:
            stages[name][1 if word == "ENTRYPOINT" else 2] = json.loads(rest)
    return stages


def files(t, image):
    name = "rt-images-export"
    t.made("container", name)
    t.podman("create", "--name", name, image, quiet=True)
    tar = subprocess.run(t.store.argv("export", name), env=t.store.env, capture_output=True, timeout=60)
    t.podman("rm", name, quiet=True)
    listing = subprocess.run(["tar", "t"], input=tar.stdout, capture_output=True, timeout=60)
    return sorted(listing.stdout.decode().split())


with rt.Test("images", budget=55) as t:
    images = t.images()
    fast = images["fast"]
    for kind, path, stage in (("fast", "Dockerfile", "default"), ("debug", "Dockerfile", "debug"),
                              ("etcd", "examples/etcd/Dockerfile", "default")):
        base, entrypoint, cmd = dockerfile_stages(path)[stage]
        rt.check(base == "scratch", f"{path}'s {stage} stage is FROM scratch")
        meta = t.inspect(images[kind], "{{json .Config.Entrypoint}} {{json .Config.Cmd}}")
        rt.check(meta == f"{json.dumps(entrypoint)} {json.dumps(cmd)}",
                 f"{images[kind]}: ENTRYPOINT and CMD as {path}'s {stage} stage ({meta})")
    rt.check(t.inspect(fast, "{{len .RootFS.Layers}}") == "1", f"{fast}: one layer")
    rt.check(files(t, fast) == ["podinit"], "and it holds /podinit and nothing else")
    with open(t.podinit, "rb") as f:
        want = f.read()
    got = subprocess.run(t.store.argv("run", "--rm", "--network", "none", "--entrypoint", "/bin/cat",
                                      images["debug"], "/podinit"),
                         env=t.store.env, capture_output=True, timeout=30).stdout
    rt.check(got == want, "the images carry this build's static podinit, byte for byte")
    out = t.podman("run", "--rm", "--network", "none", fast, "version").stdout
    rt.check(out.startswith("podinit "), f"podinit runs FROM scratch: {out.splitlines()[0]}")
    out = t.podman("run", "--rm", "--network", "none", "--entrypoint", "/bin/sh", images["debug"],
                   "-c", "echo $0 has ls: $(ls / | tr '\\n' ' ')").stdout.strip()
    rt.check("/bin/sh has ls:" in out and "podinit" in out, f"the debug image has a shell: {out}")
    etcd = files(t, images["etcd"])
    rt.check("etcd" in etcd and "etcdctl" in etcd and "podinit" in etcd and "bin" not in etcd
             and not any(f.startswith(("bin/", "usr/bin/")) for f in etcd),
             f"the etcd image: podinit, etcd, etcdctl and their libraries, no shell ({len(etcd)} files)")
