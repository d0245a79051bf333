"""A hostile stand-in for the Kubernetes API server, for api_abuse_test.py.

Each Server is one behaviour on one address in 127.0.0.0/8 (TLS with a given certificate, or
bare TCP that never answers the handshake) and records the requests it was sent. Nothing here
runs unbounded: every thread ends after MAX_LIFETIME seconds, every loop has a count.
"""
import gzip
import json
import os
import socket
import ssl
import subprocess
import threading
import time

MAX_LIFETIME = 120  # seconds; a forgotten server stops by itself
MAX_HEADER_BYTES = 64 * 1024


def _openssl(d, *args):
    subprocess.run(["openssl", *args], cwd=d, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


_CA_CNF = """[ca]
default_ca = d
[d]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = p
[p]
commonName = supplied
"""


def make_certs(d):
    """ca.crt; NAME.crt/NAME.key for server (127.0.0.1), second (127.0.0.2), wrongname
    (other.example and 127.0.0.9) and expired (127.0.0.1, valid only in 2020), all signed by
    the CA; selfsigned (127.0.0.1, signed by itself)."""
    _openssl(d, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=podinit-abuse-ca", "-keyout", "ca.key", "-out", "ca.crt")
    with open(os.path.join(d, "ca.cnf"), "w") as f:
        f.write(_CA_CNF)
    open(os.path.join(d, "index.txt"), "w").close()
    with open(os.path.join(d, "serial"), "w") as f:
        f.write("1000\n")
    # `openssl x509 -req` cannot date a certificate in the past; `openssl ca` can.
    for name, san, dates in [("server", "IP:127.0.0.1", None),
                             ("second", "IP:127.0.0.2", None),
                             ("wrongname", "DNS:other.example,IP:127.0.0.9", None),
                             ("expired", "IP:127.0.0.1", ("20200101000000Z", "20200102000000Z"))]:
        _openssl(d, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name,
                 "-keyout", name + ".key", "-out", name + ".csr")
        with open(os.path.join(d, name + ".ext"), "w") as f:
            f.write("subjectAltName=%s\n" % san)
        start, end = dates or (time.strftime("%Y%m%d%H%M%SZ", time.gmtime(time.time() - 3600)),
                               time.strftime("%Y%m%d%H%M%SZ", time.gmtime(time.time() + 2 * 86400)))
        _openssl(d, "ca", "-batch", "-config", "ca.cnf", "-cert", "ca.crt", "-keyfile", "ca.key",
                 "-in", name + ".csr", "-out", name + ".crt", "-notext", "-extfile", name + ".ext",
                 "-startdate", start, "-enddate", end)
    _openssl(d, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
             "-keyout", "selfsigned.key", "-out", "selfsigned.crt")


def pod(name="p", ns="ns", annotations=None):
    return {"kind": "Pod", "apiVersion": "v1",
            "metadata": {"name": name, "namespace": ns, "annotations": annotations or {}},
            "spec": {"containers": [{"name": "c", "image": "x"}]}, "status": {"podIP": "10.0.0.7"}}


class Server:
    """Serves `behaviour(conn, request, server) -> keep_alive` for each request; without a
    certdir it accepts TCP connections and never answers."""

    def __init__(self, host, behaviour, certdir=None, cert="server"):
        self.requests = []  # {"method", "path", "headers": {lower-case name: value}}
        self.behaviour = behaviour
        self.stop = threading.Event()
        self.ctx = None
        if certdir is not None:
            self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.ctx.load_cert_chain(os.path.join(certdir, cert + ".crt"),
                                     os.path.join(certdir, cert + ".key"))
        self.sock = socket.create_server((host, 0))
        self.sock.settimeout(0.2)
        self.host, self.port = host, self.sock.getsockname()[1]
        self.url = "https://%s:%d" % (host, self.port)
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self):
        self.stop.set()
        self.sock.close()

    def _accept(self):
        end = time.monotonic() + MAX_LIFETIME
        while not self.stop.is_set() and time.monotonic() < end:
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        try:
            conn.settimeout(MAX_LIFETIME)
            if self.ctx is None:  # bare TCP: swallow the ClientHello, never answer
                while conn.recv(4096) and not self.stop.is_set():
                    pass
                return
            conn = self.ctx.wrap_socket(conn, server_side=True)
            for _ in range(100):  # requests on one kept-alive connection
                req = _read_request(conn)
                if req is None:
                    return
                self.requests.append(req)
                if not self.behaviour(conn, req, self):
                    return
        except (OSError, ssl.SSLError, ValueError):
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass


def _read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk or len(data) > MAX_HEADER_BYTES:
            return None
        data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    method, path, _ = (head[0].split(" ") + ["", ""])[:3]
    headers = {}
    for line in head[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return {"method": method, "path": path, "headers": headers, "t": time.monotonic()}


def _head(status, headers):
    lines = ["HTTP/1.1 %s" % status] + ["%s: %s" % kv for kv in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


# Behaviours. Each returns whether the connection stays open for another request.

def answer(status, body, content_type="application/json", extra=None):
    data = body if isinstance(body, bytes) else (
        body.encode() if isinstance(body, str) else json.dumps(body).encode())

    def b(conn, req, srv):
        conn.sendall(_head(status, {"Content-Type": content_type, "Content-Length": len(data),
                                    **(extra or {})}) + data)
        return True
    return b


def drip(status_line=b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n", seconds=60):
    """A byte per second, for at most `seconds`."""
    def b(conn, req, srv):
        for i in range(seconds):
            if srv.stop.is_set():
                break
            conn.sendall(status_line[i:i + 1] or b" ")
            time.sleep(1)
        return False
    return b


def short_body(claimed=10000):
    data = json.dumps(pod()).encode()[:100]

    def b(conn, req, srv):
        conn.sendall(_head("200 OK", {"Content-Type": "application/json",
                                      "Content-Length": claimed}) + data)
        return False
    return b


def _chunk(data):
    return b"%x\r\n%s\r\n" % (len(data), data)


def chunked_cut():
    data = json.dumps(pod()).encode()

    def b(conn, req, srv):
        conn.sendall(_head("200 OK", {"Content-Type": "application/json",
                                      "Transfer-Encoding": "chunked"}) + _chunk(data[:len(data) // 2]))
        return False
    return b


def huge_pod(size, chunked):
    """A valid Pod with a `size`-byte annotation, sent in 1 MiB writes."""
    value = "x" * size
    data = json.dumps(pod(annotations={"big": value})).encode()

    def b(conn, req, srv):
        headers = {"Content-Type": "application/json"}
        if chunked:
            headers["Transfer-Encoding"] = "chunked"
        else:
            headers["Content-Length"] = len(data)
        conn.sendall(_head("200 OK", headers))
        for off in range(0, len(data), 1 << 20):
            piece = data[off:off + (1 << 20)]
            conn.sendall(_chunk(piece) if chunked else piece)
        if chunked:
            conn.sendall(b"0\r\n\r\n")
        return False
    return b


def endless_junk(limit_bytes=4 << 30):
    """Chunked junk until the client hangs up (or 4 GiB, or the server stops)."""
    piece = _chunk(b"<junk>" * (1 << 16))

    def b(conn, req, srv):
        conn.sendall(_head("200 OK", {"Content-Type": "text/html",
                                      "Transfer-Encoding": "chunked"}))
        for _ in range(limit_bytes // len(piece)):
            if srv.stop.is_set():
                break
            conn.sendall(piece)
        return False
    return b


def gzip_bomb(size):
    """`size` bytes of JSON-ish whitespace that are a few KiB on the wire."""
    data = gzip.compress(b'{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"' + b" " * size + b"}}")
    return answer("200 OK", data, extra={"Content-Encoding": "gzip"})


def redirect(status, location):
    return answer(status, "", "text/plain", {"Location": location})


def echo_authorization(as_status):
    """A 401 that quotes the request's Authorization header back, as a Status or as text."""
    def b(conn, req, srv):
        auth = req["headers"].get("authorization", "")
        if as_status:
            body = json.dumps({"kind": "Status", "apiVersion": "v1", "status": "Failure",
                               "message": "invalid bearer token in header %r" % auth,
                               "reason": "Unauthorized", "code": 401})
        else:
            body = "bad credentials: " + "%s " % auth * 3
        return answer("401 Unauthorized", body,
                      "application/json" if as_status else "text/plain")(conn, req, srv)
    return b


def by_path(default, **routes):
    """`routes[kind]` for watches ("watch") and lists ("list") of pods, `default` otherwise."""
    def b(conn, req, srv):
        path, _, query = req["path"].partition("?")
        if path.endswith("/pods"):
            kind = "watch" if "watch=true" in query else "list"
            if kind in routes:
                return routes[kind](conn, req, srv)
        return default(conn, req, srv)
    return b


# --- Faults for a while, then a working server (api_load_test.py) ---------------------------
#
# One pod, p in ns, labels app=x and v=1, not Ready. For `fault_seconds` after the server
# starts, the requests that `faulted(req)` picks get the fault; every other request, and every
# request after the fault, gets the working answer, in which the pod is Ready with v=2 (so a
# waiting or watching client sees progress only once the fault is over).

FAULT_MODES = ("empty-watch", "429-tiny", "429-huge", "410-storm", "500-storm", "reset",
               "restarted")

RESTARTED_RV = 50  # the resourceVersion of the restarted server; the client holds 1000


def load_pod(ready, rv):
    p = pod()
    p["metadata"].update({"labels": {"app": "x", "v": "2" if ready else "1"},
                          "resourceVersion": str(rv)})
    p["status"]["conditions"] = [{"type": "Ready", "status": "True" if ready else "False"}]
    return p


def _status(code, reason, message, causes=None):
    s = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
         "message": message, "reason": reason, "code": code}
    if causes:
        s["details"] = {"causes": causes}
    return s


def _query(req):
    path, _, query = req["path"].partition("?")
    params = {}
    for kv in query.split("&"):
        k, _, v = kv.partition("=")
        if k:
            params[k] = v
    return path, params


def _rst(conn):
    """Ends the connection with a TCP reset, as a crashed server or a proxy does."""
    try:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    except OSError:
        pass
    try:
        conn.close()
    except OSError:
        pass


def _stream(conn, srv, events, hang_seconds):
    """A chunked watch answer with `events`, then open for `hang_seconds` (or until the client
    hangs up), then ended properly."""
    conn.sendall(_head("200 OK", {"Content-Type": "application/json",
                                  "Transfer-Encoding": "chunked"}))
    for ev in events:
        conn.sendall(_chunk(json.dumps(ev).encode() + b"\n"))
    end = time.monotonic() + hang_seconds
    conn.settimeout(0.2)
    while time.monotonic() < end and not srv.stop.is_set():
        try:
            if conn.recv(1) == b"":
                return False
        except socket.timeout:
            continue
        except (OSError, ssl.SSLError):
            return False
    conn.settimeout(MAX_LIFETIME)
    conn.sendall(b"0\r\n\r\n")
    return True


def fault_then_healthy(mode, fault_seconds, faulted):
    assert mode in FAULT_MODES, mode
    started = time.monotonic()
    # A restarted server's resourceVersions start again low; before the fault the client read
    # the pod at 1000.
    restarted = mode == "restarted"

    def healthy_rv():
        return RESTARTED_RV if restarted else 10

    def healthy(conn, req, srv, in_fault):
        path, q = _query(req)
        ready = not in_fault
        rv = healthy_rv()
        if path.endswith("/pods/p"):
            return answer("200 OK", load_pod(False, 1000 if restarted else rv))(conn, req, srv)
        if path.endswith("/pods") and q.get("watch") == "true":
            if restarted and int(q.get("resourceVersion") or 0) > RESTARTED_RV:
                return too_large(conn, req, srv)
            events = [{"type": "MODIFIED", "object": load_pod(True, rv + 1)}] if ready else []
            return _stream(conn, srv, events, 20)
        if path.endswith("/pods"):
            return answer("200 OK", {"kind": "PodList", "apiVersion": "v1",
                                     "metadata": {"resourceVersion": str(rv)},
                                     "items": [load_pod(ready, rv)]})(conn, req, srv)
        return answer("404 Not Found", _status(404, "NotFound", "not here"))(conn, req, srv)

    def too_large(conn, req, srv):
        _, q = _query(req)
        body = _status(504, "Timeout", "Timeout: Too large resource version: %s, current: %d"
                       % (q.get("resourceVersion"), RESTARTED_RV),
                       [{"reason": "ResourceVersionTooLarge", "message": "Too large resource version"}])
        return answer("504 Gateway Timeout", body)(conn, req, srv)

    def b(conn, req, srv):
        in_fault = time.monotonic() - started < fault_seconds
        if not in_fault or not faulted(req):
            return healthy(conn, req, srv, in_fault)
        path, q = _query(req)
        watch = q.get("watch") == "true"
        if mode == "empty-watch":
            if watch:
                return _stream(conn, srv, [], 0)
            return healthy(conn, req, srv, in_fault)
        if mode in ("429-tiny", "429-huge"):
            return answer("429 Too Many Requests", "Too many requests, please try again later.\n",
                          "text/plain", {"Retry-After": "1" if mode == "429-tiny" else "1000000000"}
                          )(conn, req, srv)
        if mode == "410-storm":
            if watch:
                gone = _status(410, "Expired", "too old resource version: %s (%d)"
                               % (q.get("resourceVersion"), healthy_rv() + 100))
                return _stream(conn, srv, [{"type": "ERROR", "object": gone}], 0)
            return healthy(conn, req, srv, in_fault)
        if mode == "500-storm":
            return answer("500 Internal Server Error",
                          _status(500, "InternalError", "Internal error occurred: etcd is down"))(conn, req, srv)
        if mode == "reset":
            if watch:  # an event, then the connection is reset mid-stream
                conn.sendall(_head("200 OK", {"Content-Type": "application/json",
                                              "Transfer-Encoding": "chunked"}))
                conn.sendall(_chunk(json.dumps({"type": "MODIFIED",
                                                "object": load_pod(False, 10)}).encode() + b"\n"))
            else:  # half an answer
                data = json.dumps(load_pod(False, 10)).encode()
                conn.sendall(_head("200 OK", {"Content-Type": "application/json",
                                              "Content-Length": len(data)}) + data[:len(data) // 2])
            _rst(conn)
            return False
        if mode == "restarted":
            if watch:
                return too_large(conn, req, srv)
            return healthy(conn, req, srv, in_fault)
        raise AssertionError(mode)
    return b


def most_in_a_second(times, after):
    """The most requests in any window [t, t+1) that starts at or after `after`."""
    most = 0
    times = sorted(times)
    for i, t in enumerate(times):
        if t < after:
            continue
        most = max(most, sum(1 for u in times[i:] if u < t + 1.0))
    return most
