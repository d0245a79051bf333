"""What every test of tests/runtime shares: podman in a store of the tests' own, the images
built once per run, a network whose bridge podinit-fake-apiserver listens on, the kubelet's
part of running a Pod manifest, bounded waits, and cleanup of everything a test made.

The store (graph root, run root, CNI configuration) lives under the build directory's
tests/runtime/state, so nothing here ever touches the machine's own containers, images or
networks, and `python3 rt.py cleanup STATE` can remove everything in it."""

import contextlib
import fcntl
import hashlib
import json
import os
import pathlib
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
SRC = HERE.parent.parent
IMAGE_REPO = "localhost/podinit-rt"
SKIP = 77


class Failure(Exception):
    pass


def log(*words):
    print(time.strftime("%H:%M:%S"), *words, flush=True)


def wait_until(what, fn, timeout, interval=0.25):
    """Calls fn until it returns something true; at most timeout seconds and
    timeout/interval + 1 calls. Raises Failure naming what was awaited."""
    end = time.monotonic() + timeout
    for _ in range(int(timeout / interval) + 1):
        got = fn()
        if got:
            return got
        if time.monotonic() >= end:
            break
        time.sleep(interval)
    raise Failure(f"timed out after {timeout:g} s waiting for {what}")


def check(cond, what):
    if not cond:
        raise Failure(what)
    log("ok  ", what)


# ---------------------------------------------------------------------------------------------
# The store

class Store:
    """podman with configuration files of our own: vfs storage and runc (what these sandboxes
    support), no default ulimits (the sandbox refuses setrlimit), CNI networks in our own
    directory. Every command also names the graph root and run root explicitly."""

    def __init__(self, state):
        self.state = pathlib.Path(state).resolve()
        self.state.mkdir(parents=True, exist_ok=True)
        tag = hashlib.sha256(str(self.state).encode()).hexdigest()[:10]
        run = pathlib.Path("/run") if os.access("/run", os.W_OK) else self.state
        # Run-time state belongs on a tmpfs: podman tells a reboot from a stale lock by it.
        self.run = run / f"podinit-runtime-{tag}"
        self.graph = self.state / "storage"
        self.cni = self.state / "cni"
        self.conf = self.state / "containers.conf"
        self.storage_conf = self.state / "storage.conf"
        self._write(self.conf, f"""[containers]
default_ulimits = []
[engine]
runtime = "runc"
tmp_dir = "{self.run}/libpod"
events_logger = "file"
events_logfile_path = "{self.state}/events.log"
[network]
network_config_dir = "{self.cni}"
""")
        self._write(self.storage_conf, f"""[storage]
driver = "vfs"
graphroot = "{self.graph}"
runroot = "{self.run}/storage"
""")
        self.env = dict(os.environ, CONTAINERS_CONF=str(self.conf),
                        CONTAINERS_STORAGE_CONF=str(self.storage_conf))

    @staticmethod
    def _write(path, text):
        if not path.exists() or path.read_text() != text:
            tmp = path.with_suffix(f".tmp{os.getpid()}")
            tmp.write_text(text)
            tmp.rename(path)

    def argv(self, *args):
        return ["podman", "--root", str(self.graph), "--runroot", f"{self.run}/storage",
                "--storage-driver", "vfs", "--runtime", "runc", *map(str, args)]

    def podman(self, *args, timeout=30, check=True, input=None, cwd=None, quiet=False):
        argv = self.argv(*args)
        start = time.monotonic()
        try:
            p = subprocess.run(argv, env=self.env, cwd=cwd, input=input, text=True,
                               capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired as e:
            raise Failure(f"podman {' '.join(map(str, args))}: no answer in {timeout} s") from e
        took = time.monotonic() - start
        if not quiet:
            log(f"$ podman {' '.join(map(str, args))[:160]}  [{p.returncode}, {took:.1f} s]")
        if check and p.returncode != 0:
            raise Failure(f"podman {' '.join(map(str, args))} exited {p.returncode}:\n{p.stderr.strip()}")
        return p

    def is_ours(self):
        """Whether podman really uses our graph root: checked before anything is removed."""
        p = self.podman("info", "--format", "{{.Store.GraphRoot}}", check=False, quiet=True)
        return p.returncode == 0 and pathlib.Path(p.stdout.strip()) == self.graph

    @contextlib.contextmanager
    def lock(self, name):
        with open(self.state / f"{name}.lock", "w") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            yield


def prerequisites():
    """Why podman cannot run containers here, or None."""
    if os.geteuid() != 0:
        return "not root (podman's CNI networks and root store need root)"
    # podman and its helpers; busybox, etcd and etcdctl go into the images.
    for tool in ("podman", "runc", "conmon", "ip", "busybox", "etcd", "etcdctl", "kubectl"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (bash scripts/setup.sh)"
    if shutil.which("catatonit") is None and not os.path.exists("/usr/libexec/podman/catatonit"):
        return "catatonit (podman's pod infra process) is not installed (bash scripts/setup.sh)"
    return None


def probe(state):
    """Runs one container in our store: None when that works, else why not."""
    why = prerequisites()
    if why:
        return why
    store = Store(state)
    busybox = shutil.which("busybox")
    with tempfile.TemporaryDirectory(prefix="podinit-rt-probe-") as rootfs:
        shutil.copy(busybox, f"{rootfs}/busybox")
        try:
            p = store.podman("run", "--rm", "--network", "none", "--rootfs", rootfs,
                             "/busybox", "true", check=False, quiet=True, timeout=60)
        except Failure as e:
            return str(e)
    if p.returncode != 0:
        lines = p.stderr.strip().splitlines()
        return f"podman cannot run a container here: {lines[-1] if lines else p.returncode}"
    return None


# ---------------------------------------------------------------------------------------------
# Images: built once per run (whichever test comes first builds them under a lock; the others
# find them), named after what they hold, so a new podinit makes new ones.

def file_digest(*paths):
    h = hashlib.sha256()
    for p in paths:
        with open(p, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()[:12]


def list_images(store, *args):
    """podman images: podman 4.3 fails the whole listing ("image not known", exit 125) when
    another test removes an image while it lists (seen once in a clean-clone run). Asked
    again, a few times, for that one error only."""
    for attempt in range(5):
        p = store.podman("images", *args, quiet=True, check=False)
        if p.returncode == 0:
            return p.stdout.split()
        if "image not known" not in p.stderr or attempt == 4:
            raise Failure(f"podman images {' '.join(args)} exited {p.returncode}:\n{p.stderr.strip()}")
        time.sleep(0.2)


def images(store, podinit):
    key = file_digest(podinit, shutil.which("busybox"), "/usr/bin/etcd", "/usr/bin/etcdctl",
                      SRC / "scripts/image.sh", SRC / "Dockerfile", SRC / "examples/etcd/Dockerfile",
                      HERE / "app.sh")
    names = {kind: f"{IMAGE_REPO}:{key}-{kind}" for kind in ("fast", "debug", "etcd", "app")}
    with store.lock("images"):
        have = set(list_images(store, "--format", "{{.Repository}}:{{.Tag}}"))
        if all(n in have for n in names.values()):
            return names
        for old in sorted(have):
            if old.startswith(IMAGE_REPO + ":") and old not in names.values():
                store.podman("rmi", old, check=False)
        script = SRC / "scripts/image.sh"
        for kind, target in (("fast", "fast"), ("debug", "fast-debug"), ("etcd", "etcd-fast")):
            if names[kind] in have:
                continue
            start = time.monotonic()
            p = subprocess.run(["bash", str(script), target, "--tag", names[kind], "--podinit", podinit],
                               env=store.env,
                               capture_output=True, text=True, timeout=120)
            if p.returncode != 0:
                raise Failure(f"scripts/image.sh {target} failed:\n{p.stderr}")
            log(f"image {names[kind]} ({target}) built in {time.monotonic() - start:.1f} s")
        if names["app"] not in have:
            # registry.example/app:1.0 of examples/initcontainer/pod.yaml: a program that only
            # reads files, here a shell script in the debug image.
            with tempfile.TemporaryDirectory(prefix="podinit-rt-app-") as ctx:
                shutil.copy(HERE / "app.sh", f"{ctx}/app")
                os.chmod(f"{ctx}/app", 0o755)
                pathlib.Path(ctx, "Containerfile").write_text(f"FROM {names['debug']}\nCOPY app /app\n")
                store.podman("build", "--pull=never", "-q", "-t", names["app"], ctx, timeout=60)
        # A pod's infra container runs podman's pause image, which podman builds on first use:
        # build it here, once, rather than in several tests at the same moment.
        store.podman("pod", "rm", "-f", "rt-warm-pause", check=False, quiet=True)
        store.podman("pod", "create", "--name", "rt-warm-pause", timeout=60)
        store.podman("pod", "rm", "-f", "rt-warm-pause", timeout=60)
    return names


# ---------------------------------------------------------------------------------------------
# Networks: a CNI bridge whose gateway address podinit-fake-apiserver listens on, so pods with
# addresses of their own reach it the way a pod reaches its API server's Service address.

class Network:
    def __init__(self, store, name):
        self.store, self.name = store, name
        # The bridge exists before any container joins (the server listens on it first); its
        # name is ours, not podman's next cni-podmanN, which another store could pick as well.
        self.bridge = "pirt" + hashlib.sha256(f"{store.state}/{name}".encode()).hexdigest()[:8]
        self.remove()
        store.podman("network", "create", name)
        conflist = store.cni / f"{name}.conflist"
        conf = json.loads(conflist.read_text())
        for plugin in conf["plugins"]:
            if plugin.get("type") == "bridge":
                plugin["bridge"] = self.bridge
        conflist.write_text(json.dumps(conf, indent=2))
        info = json.loads(store.podman("network", "inspect", name, quiet=True).stdout)[0]
        subnet = info["subnets"][0]
        self.subnet, self.gateway = subnet["subnet"], subnet["gateway"]
        self.prefix = self.subnet.rsplit(".", 1)[0]
        run = lambda *a: subprocess.run(["ip", *a], check=True, capture_output=True, text=True)
        run("link", "add", self.bridge, "type", "bridge")
        run("addr", "add", f"{self.gateway}/{self.subnet.split('/')[1]}", "dev", self.bridge)
        run("link", "set", self.bridge, "up")
        log(f"network {name}: {self.subnet}, gateway {self.gateway} on bridge {self.bridge}")

    def ip(self, host):
        return f"{self.prefix}.{host}"

    def remove(self):
        self.store.podman("network", "rm", "-f", self.name, check=False, quiet=True)
        subprocess.run(["ip", "link", "del", self.bridge], capture_output=True)


# ---------------------------------------------------------------------------------------------
# podinit-fake-apiserver

class FakeApi:
    TOKEN = "rt-sa-token"

    def __init__(self, fakeapi, work, objects, listen="127.0.0.1"):
        self.dir = pathlib.Path(work) / "fakeapi"
        self.dir.mkdir()
        self.ca = self.dir / "ca.crt"
        self.kubeconfig = self.dir / "kubeconfig"
        self.requests = self.dir / "requests.log"
        argv = [fakeapi, "--listen", f"{listen}:0", "--san", listen, "--token", self.TOKEN,
                "--ca-out", self.ca, "--kubeconfig-out", self.kubeconfig,
                "--request-log", self.requests,
                # podman plays the kubelet and the tests lay the pods out with podman's
                # addresses: the fake server's own StatefulSet controller would replace them.
                "--controllers", "none"]
        for o in objects:
            argv += ["--objects", o]
        self.out = open(self.dir / "stdout", "w")
        self.err = open(self.dir / "stderr", "w")
        self.proc = subprocess.Popen(list(map(str, argv)), stdout=self.out, stderr=self.err)
        text = wait_until("podinit-fake-apiserver to listen",
                          lambda: self.proc.poll() is None and re.search(
                              r"listening on https://([^ ]+):(\d+)", (self.dir / "stdout").read_text()),
                          10, 0.1)
        self.host, self.port = text.group(1), int(text.group(2))
        log(f"podinit-fake-apiserver on https://{self.host}:{self.port}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def kubectl(self, *args):
        p = subprocess.run(["kubectl", "--kubeconfig", str(self.kubeconfig), *args],
                           capture_output=True, text=True, timeout=20)
        log(f"$ kubectl {' '.join(args)}  [{p.returncode}]")
        if p.returncode != 0:
            raise Failure(f"kubectl {' '.join(args)}: {p.stderr.strip()}")
        return p.stdout


# ---------------------------------------------------------------------------------------------
# What the kubelet does for a Pod manifest that podman kube play does not

def kubelet_volume(path, files, mode=0o644):
    """A ConfigMap/Secret/projected volume as the kubelet's AtomicWriter lays it out:
    NAME -> ..data/NAME, ..data -> ..2026_12_07_10_00_00.123456789/ holding the files."""
    path = pathlib.Path(path)
    path.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("..%Y_%m_%d_%H_%M_%S.", time.gmtime()) + str(random.getrandbits(32))
    data = path / stamp
    data.mkdir(mode=0o755)
    for name, text in files.items():
        target = data / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode() if isinstance(text, str) else text)
        target.chmod(mode)
    (path / "..data_tmp").symlink_to(stamp)
    (path / "..data_tmp").rename(path / "..data")
    for top in sorted({name.split("/")[0] for name in files}):
        (path / top).symlink_to(f"..data/{top}")
    return path


SA_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"


def as_kubelet_runs_it(pod, *, api, volumes_dir, images, configmaps=None, pvc_dirs=None):
    """The Pod manifest as the kubelet would run it, for podman kube play: the service's
    environment and the service-account volume in every container; ConfigMap volumes laid out
    as the kubelet lays them out (hostPath to such a directory); images by our names."""
    pod = json.loads(json.dumps(pod))
    spec = pod["spec"]
    volumes_dir = pathlib.Path(volumes_dir)
    sa = kubelet_volume(volumes_dir / "kube-api-access", {
        "token": FakeApi.TOKEN, "ca.crt": api.ca.read_text(), "namespace": "default"})
    volumes = []
    for v in spec.get("volumes", []):
        if "configMap" in v:
            data = (configmaps or {})[v["configMap"]["name"]]
            d = kubelet_volume(volumes_dir / v["name"], data)
            v = {"name": v["name"], "hostPath": {"path": str(d), "type": "Directory"}}
        volumes.append(v)
    for name, d in (pvc_dirs or {}).items():
        volumes.append({"name": name, "hostPath": {"path": str(d), "type": "Directory"}})
    volumes.append({"name": "kube-api-access", "hostPath": {"path": str(sa), "type": "Directory"}})
    spec["volumes"] = volumes
    for c in spec.get("initContainers", []) + spec["containers"]:
        c["image"] = images.get(c["image"], c["image"])
        # podman 4.3 publishes a containerPort on the host's port of the same number (three
        # etcd pods would collide on 2379); the kubelet publishes none without a hostPort.
        c["ports"] = [port for port in c.get("ports", []) if "hostPort" in port]
        c.setdefault("env", [])
        c["env"] += [{"name": "KUBERNETES_SERVICE_HOST", "value": api.host},
                     {"name": "KUBERNETES_SERVICE_PORT", "value": str(api.port)}]
        c.setdefault("volumeMounts", []).append(
            {"name": "kube-api-access", "mountPath": SA_PATH, "readOnly": True})
    # podman 4.3 applies the pod's restartPolicy to init containers too, so with Always it
    # restarts an init container that succeeded and waits 20 s for it (containers/podman#16343).
    # OnFailure is what the kubelet does for init containers.
    if spec.get("initContainers") and spec.get("restartPolicy", "Always") == "Always":
        spec["restartPolicy"] = "OnFailure"
    return pod


def api_view(pod, *, ip, node="node-a", host_ip="127.0.0.1"):
    """The Pod as the API server returns it once scheduled and running."""
    pod = json.loads(json.dumps(pod))
    pod["metadata"].setdefault("namespace", "default")
    pod["spec"]["nodeName"] = node
    pod["status"] = {"phase": "Running", "hostIP": host_ip, "hostIPs": [{"ip": host_ip}],
                     "podIP": ip, "podIPs": [{"ip": ip}],
                     "conditions": [{"type": "Ready", "status": "True"}]}
    return pod


# ---------------------------------------------------------------------------------------------
# A test: its budget, its work directory, what it made (removed at the end, even on failure)

class Test:
    def __init__(self, name, budget):
        self.name = name
        self.podinit = os.environ.get("PODINIT_STATIC", "")
        self.fakeapi_bin = os.environ.get("PODINIT_FAKEAPI", "")
        state = os.environ.get("PODINIT_RUNTIME_STATE")
        if not state:
            print("usage: run by meson (PODINIT_STATIC, PODINIT_FAKEAPI, PODINIT_RUNTIME_STATE)")
            sys.exit(2)
        why = prerequisites()
        if why:
            print("SKIP:", why)
            sys.exit(SKIP)
        if not self.podinit or not os.access(self.podinit, os.X_OK):
            print(f"SKIP: no static podinit ({self.podinit or 'configure with -Dstatic_podinit'})")
            sys.exit(SKIP)
        self.store = Store(state)
        self.work = pathlib.Path(tempfile.mkdtemp(prefix=f"podinit-rt-{name}-"))
        self.empty = self.work / "empty"  # podman kube play's working directory
        self.empty.mkdir()
        self.budget = budget
        self.start = time.monotonic()
        self._undo = []
        self.servers = []

    def remaining(self):
        return self.budget - (time.monotonic() - self.start)

    def __enter__(self):
        def on_alarm(*_):
            raise Failure(f"{self.name} ran out of its {self.budget} s budget")

        def on_term(*_):
            # meson's timeout: SIGTERM, and SIGKILL half a second later. Remove what we made
            # from a process of its own that outlives this one.
            self.detached_cleanup()
            os._exit(1)

        signal.signal(signal.SIGALRM, on_alarm)
        signal.signal(signal.SIGTERM, on_term)
        signal.alarm(self.budget)
        return self

    def __exit__(self, kind, value, tb):
        signal.alarm(0)
        failed = kind is not None and not issubclass(kind, SystemExit)
        if failed and isinstance(value, Failure):
            print("FAIL:", value, flush=True)
        self.cleanup(keep_logs=failed)
        took = time.monotonic() - self.start
        log(f"{self.name}: {'FAILED' if failed else 'passed'} in {took:.1f} s")
        if failed and isinstance(value, Failure):
            sys.exit(1)
        return False

    # What was made, and how it is removed: the same commands run in-process or detached.
    def made(self, kind, name):
        self._undo.append((kind, name))

    def _undo_argvs(self):
        argvs = []
        for kind, name in reversed(self._undo):
            if kind == "pod":
                argvs.append(self.store.argv("pod", "rm", "-f", "-t", "0", name))
            elif kind == "container":
                argvs.append(self.store.argv("rm", "-f", "-t", "0", name))
            elif kind == "image":
                argvs.append(self.store.argv("rmi", "-f", name))
            elif kind == "volume":
                argvs.append(self.store.argv("volume", "rm", "-f", name))
            elif kind == "network":
                argvs.append(self.store.argv("network", "rm", "-f", name.name))
                argvs.append(["ip", "link", "del", name.bridge])
        return argvs

    def cleanup(self, keep_logs=False):
        if keep_logs:
            self.dump_logs()
        # Pods and containers go in parallel (each takes seconds on vfs), networks after them.
        start = time.monotonic()
        argvs = self._undo_argvs()
        # Images and networks once nothing uses them.
        first = [a for a in argvs if "network" not in a and "rmi" not in a and a[0] != "ip"]
        procs = [subprocess.Popen(a, env=self.store.env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL) for a in first]
        for proc in procs:
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
        for argv in [a for a in argvs if a not in first]:
            subprocess.run(argv, env=self.store.env, capture_output=True, timeout=60)
        if argvs:
            log(f"cleanup: {len(argvs)} removals in {time.monotonic() - start:.1f} s")
        for s in self.servers:
            s.stop()
        self._undo = []
        shutil.rmtree(self.work, ignore_errors=True)

    def detached_cleanup(self):
        for s in self.servers:
            with contextlib.suppress(Exception):
                s.proc.kill()
        script = "\n".join(" ".join(f"'{a}'" for a in argv) + " >/dev/null 2>&1"
                           for argv in self._undo_argvs())
        subprocess.Popen(["sh", "-c", script + f"\nrm -rf '{self.work}'"], env=self.store.env,
                         start_new_session=True, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def dump_logs(self):
        for kind, name in self._undo:
            if kind == "pod":
                p = self.store.podman("ps", "-a", "--pod", "--filter", f"pod={name}", "--format",
                                      "{{.Names}} {{.Status}}", check=False, quiet=True)
                for line in p.stdout.splitlines():
                    ctr = line.split()[0]
                    print(f"---- {line}")
                    logs = self.store.podman("logs", "--tail", "30", ctr, check=False, quiet=True)
                    print(logs.stdout + logs.stderr)
            elif kind == "container":
                logs = self.store.podman("logs", "--tail", "30", name, check=False, quiet=True)
                print(f"---- {name}\n{logs.stdout}{logs.stderr}")
        for s in self.servers:
            print("---- podinit-fake-apiserver stderr (last lines)")
            print("\n".join((s.dir / "stderr").read_text().splitlines()[-20:]))

    # Conveniences
    def podman(self, *args, **kw):
        kw.setdefault("timeout", max(5, min(30, self.remaining())))
        return self.store.podman(*args, **kw)

    def images(self):
        return images(self.store, self.podinit)

    def network(self, name):
        net = Network(self.store, name)
        self.made("network", net)
        return net

    def fake_api(self, objects, listen="127.0.0.1"):
        api = FakeApi(self.fakeapi_bin, self.work, objects, listen)
        self.servers.append(api)
        return api

    def kube_play(self, pods, *, network, ips, name="pods"):
        """podman kube play of these Pod objects on network, one address each, from an empty
        directory (kube play takes a directory named like an image for a build context)."""
        path = self.work / f"{name}.yaml"
        path.write_text("---\n".join(json.dumps(p) + "\n" for p in pods))
        for p in pods:  # a pod left by a run that was killed would stop kube play
            self.made("pod", p["metadata"]["name"])
            self.podman("pod", "rm", "-f", "-t", "0", p["metadata"]["name"], check=False, quiet=True)
        args = ["kube", "play", "--network", network.name]
        for ip in ips:
            args += ["--ip", ip]
        return self.podman(*args, path, cwd=self.empty, timeout=max(5, min(60, self.remaining())))

    def logs(self, container):
        p = self.podman("logs", container, check=False, quiet=True)
        return p.stdout + p.stderr

    def inspect(self, container, fmt):
        return self.podman("inspect", "--format", fmt, container, quiet=True).stdout.strip()


# ---------------------------------------------------------------------------------------------
# Everything in the store goes: the runtime suite's last test, and `rt.py cleanup STATE`.

def cleanup_all(state):
    why = prerequisites()
    if why:
        print("SKIP:", why)
        return SKIP
    store = Store(state)
    if not store.is_ours():
        print(f"podman does not use {store.graph}: nothing removed")
        return 1
    bridges = []
    for conflist in store.cni.glob("*.conflist"):
        with contextlib.suppress(Exception):
            bridges += [p["bridge"] for p in json.loads(conflist.read_text())["plugins"]
                        if p.get("type") == "bridge"]
    store.podman("pod", "rm", "-a", "-f", "-t", "0", check=False, timeout=120)
    store.podman("rm", "-a", "-f", "-t", "0", check=False, timeout=120)
    for net in store.podman("network", "ls", "--format", "{{.Name}}", quiet=True).stdout.split():
        if net != "podman":
            store.podman("network", "rm", "-f", net, check=False)
    for b in bridges:
        subprocess.run(["ip", "link", "del", b], capture_output=True)
    store.podman("volume", "rm", "-a", "-f", check=False)
    store.podman("rmi", "-a", "-f", check=False, timeout=120)
    left = store.podman("ps", "-a", "-q", quiet=True).stdout.split()
    left += store.podman("images", "-q", quiet=True).stdout.split()
    if left:
        print("FAIL: left in the store:", " ".join(left))
        return 1
    print(f"ok   the test store {store.graph} holds no container, pod, network, volume or image")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "probe":
        why = probe(sys.argv[2])
        if why:
            print(why)
        sys.exit(1 if why else 0)
    if len(sys.argv) == 3 and sys.argv[1] == "cleanup":
        sys.exit(cleanup_all(sys.argv[2]))
    print("usage: rt.py probe|cleanup STATE_DIR", file=sys.stderr)
    sys.exit(2)
