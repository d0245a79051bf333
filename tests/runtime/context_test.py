#!/usr/bin/env python3
"""The build context of the repository's Dockerfile as podman sends it (the root's
.dockerignore applied): its build stage runs `COPY . .` and then the README's scripts, so every
file git tracks must be there, and none of a working tree's build directories, fetched sources
or .git, which are gigabytes and would be taken for the image's own (scripts/build.sh skips a
build-static/ that exists). The full Dockerfile build takes a quarter of an hour; this checks
its input in seconds, with the same COPY into a FROM scratch image."""
import subprocess

import rt

with rt.Test("dockerfile_context", budget=55) as t:
    base = t.images()["fast"]
    image = f"localhost/podinit-rt-context:{t.work.name}"
    containerfile = t.work / "Containerfile"
    containerfile.write_text(f"FROM {base}\nCOPY . /src/\n")
    t.made("image", image)
    t.podman("build", "--pull=never", "-q", "-f", containerfile, "-t", image, rt.SRC, timeout=50)
    name = "rt-context-export"
    t.made("container", name)
    t.podman("rm", "-f", name, check=False, quiet=True)
    t.podman("create", "--name", name, image, quiet=True)
    tar = subprocess.run(t.store.argv("export", name), env=t.store.env, capture_output=True, timeout=60)
    listing = subprocess.run(["tar", "t"], input=tar.stdout, capture_output=True, timeout=60)
    files = {f[len("src/"):] for f in listing.stdout.decode().splitlines()
             if f.startswith("src/") and not f.endswith("/")}
    tracked = subprocess.run(["git", "-C", rt.SRC, "ls-files", "--cached"], capture_output=True,
                             text=True, timeout=30)
    deleted = subprocess.run(["git", "-C", rt.SRC, "ls-files", "--deleted"], capture_output=True,
                             text=True, timeout=30)
    if tracked.returncode != 0:
        print("SKIP: not a git checkout:", tracked.stderr.strip())
        raise SystemExit(rt.SKIP)
    want = set(tracked.stdout.splitlines()) - set(deleted.stdout.splitlines())
    missing = sorted(want - files)
    rt.check(not missing, f"every file git tracks is in the context ({len(want)} files; missing: {missing[:10]})")
    def excluded(f):
        top, _, rest = f.partition("/")
        return (top == ".git" or top.startswith("build")
                or (top == "subprojects" and not rest.startswith("packagefiles/")))
    extra = sorted(f for f in files if excluded(f))
    rt.check(not extra, f"and no build directory, fetched source or .git ({extra[:10]})")
