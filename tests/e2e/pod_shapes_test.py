#!/usr/bin/env python3
"""No crash, whatever the pod looks like. An API answer, a watch event or a --pod-file that is
not a Pod, or a Pod whose fields have the wrong JSON types, is one clear error (exit 3 for the
API server, 1 for a file), never a signal; under `run --watch` a bad event leaves COMMAND
running and the old files in place, and the next good event is rendered."""
import http.server, json, os, signal, socketserver, subprocess, sys, tempfile, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks, stop  # noqa: E402

podinit = sys.argv[1]
work = tempfile.mkdtemp()
checks = Checks()
check = checks.check


def pod(**over):
    p = {"kind": "Pod", "apiVersion": "v1",
         "metadata": {"name": "p", "namespace": "ns", "resourceVersion": "1", "labels": {"tier": "a"}},
         "spec": {"nodeName": "n1", "containers": [{"name": "c", "image": "x"}]},
         "status": {"podIP": "10.0.0.7"}}
    for path, value in over.items():
        obj = p
        keys = path.split("__")
        for k in keys[:-1]:
            obj = obj[k]
        obj[keys[-1]] = value
    return p


BAD = {
    "an empty object": {},
    "an array": [1, 2, 3],
    "a string": "pod",
    "null": None,
    "a Status": {"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": "nope", "code": 500},
    "another kind": {"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": "p"}},
    "a number for metadata.name": pod(metadata__name=7),
    "an array for metadata": pod(metadata=[1]),
    "a number for a label": pod(metadata__labels={"tier": 1}),
    "a string for spec.containers": pod(spec__containers="c"),
    "null spec.nodeName": pod(spec__nodeName=None),
    "an object for status.podIP": pod(status__podIP={"ip": "x"}),
}
# Go's decoder takes these as they are: a quantity may be a JSON number (Quantity.UnmarshalJSON).
GOOD = {
    "a number for a limit": (pod(spec__containers=[{"name": "c", "resources": {"limits": {"memory": 5}}}]),
                             "p 1\n"),
}


class State:
    answer = pod()
    lock = threading.Lock()
    events = []  # taken by a watch only once it has been written to it

    @staticmethod
    def next_event():
        with State.lock:
            return State.events[0] if State.events else None

    @staticmethod
    def sent():
        with State.lock:
            State.events.pop(0)

    @staticmethod
    def put(ev):
        with State.lock:
            State.events.append(ev)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_GET(self):
        if "watch=" in self.path:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            end = time.monotonic() + 20
            while time.monotonic() < end:
                ev = State.next_event()
                if ev is None:
                    time.sleep(0.05)
                    continue
                data = (json.dumps(ev) + "\n").encode()
                try:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                    self.wfile.flush()
                except OSError:
                    return
                State.sent()
                if not isinstance(ev.get("object"), dict):
                    return  # the client ends the watch on junk; a new one takes the rest
            self.wfile.write(b"0\r\n\r\n")
            return
        if "/nodes/" in self.path:
            body = json.dumps({"kind": "Node", "metadata": {"name": "n1"},
                               "status": {"allocatable": {"memory": "1Gi", "cpu": "2"}}}).encode()
        else:
            body = json.dumps(State.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


srv = Server(("127.0.0.1", 0), Handler)
threading.Thread(target=srv.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{srv.server_address[1]}"
base = ["--server", url, "--namespace", "ns", "--pod-name", "p", "--timeout", "5s"]

try:
    tmpl = os.path.join(work, "t.tmpl")
    open(tmpl, "w").write('{{ .metadata.name }} {{ resource "limits.memory" "1Mi" }}\n')
    for what, body in BAD.items():
        State.answer = body
        r = subprocess.run([podinit, "render", *base, "-t", tmpl], capture_output=True, text=True, timeout=30)
        crashed = r.returncode < 0 or r.returncode > 125
        lines = [l for l in r.stderr.splitlines() if l.startswith("podinit: error:")]
        # A Pod with a field of the wrong type fails before rendering (3); one that is fine but
        # for a field only a function reads (a null nodeName) fails in the template (2).
        check(not crashed and r.returncode in (2, 3) and len(lines) == 1,
              f"API answer {what}: exit {r.returncode}, one error line: {r.stderr.strip()[-200:]}")
        path = os.path.join(work, "pod.json")
        with open(path, "w") as f:
            json.dump(body, f)
        r = subprocess.run([podinit, "render", "--pod-file", path, "-t", tmpl], capture_output=True, text=True,
                           timeout=30)
        crashed = r.returncode < 0 or r.returncode > 125
        check(not crashed and r.returncode in (1, 2), f"--pod-file {what}: exit {r.returncode}: {r.stderr.strip()[-200:]}")
    for what, (body, want) in GOOD.items():
        State.answer = body
        r = subprocess.run([podinit, "render", *base, "-t", tmpl], capture_output=True, text=True, timeout=30)
        check(r.returncode == 0 and r.stdout == want, f"API answer {what}: rendered ({r.returncode}: {r.stdout!r} "
                                                      f"{r.stderr.strip()[-200:]})")

    # --watch: bad events between good ones.
    State.answer = pod()
    out = os.path.join(work, "out")
    wt = os.path.join(work, "w.tmpl")
    open(wt, "w").write("tier={{ .metadata.labels.tier }}\n")
    run = subprocess.Popen([podinit, "run", *base, "--watch", "-t", f"{wt}:{out}", "--",
                            "sh", "-c", "trap '' HUP; i=0; while [ $i -lt 60 ]; do sleep 1; i=$((i+1)); done"],
                           stderr=subprocess.PIPE, text=True)

    def wait_for(cond, t):
        end = time.monotonic() + t
        while time.monotonic() < end:
            if cond():
                return True
            time.sleep(0.05)
        return False

    def content():
        try:
            return open(out).read()
        except FileNotFoundError:
            return ""

    check(wait_for(lambda: content() == "tier=a\n", 10), "--watch: the first render")
    time.sleep(0.5)
    # Objects of the wrong shape reach the watcher and are refused one by one; junk that is not
    # an object at all ends the watch, which is made again with backoff (once here).
    for what, body in BAD.items():
        if isinstance(body, dict):
            State.put({"type": "MODIFIED", "object": body})
    State.put({"type": "BOGUS", "object": {}})
    State.put({"type": "MODIFIED", "object": [1]})
    State.put({"type": "MODIFIED", "object": pod(metadata__labels={"tier": "b"}, metadata__resourceVersion="9")})
    check(wait_for(lambda: content() == "tier=b\n", 20), f"--watch: the good event after the bad ones is rendered "
                                                          f"({content()!r})")
    check(run.poll() is None, "--watch: podinit and COMMAND are still running")
    run.send_signal(signal.SIGTERM)
    rc = run.wait(timeout=10)
    check(rc == 143, f"--watch: SIGTERM ends it with 143 (got {rc})")
finally:
    srv.shutdown()
    stop([], work)

checks.exit()
