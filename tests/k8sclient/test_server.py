#!/usr/bin/env python3
"""A scriptable HTTP(S) server standing in for the API server in k8sclient's client tests.

  test_server.py --gen-certs DIR
      writes ca.crt/ca.key, server.crt/server.key (for 127.0.0.1 and localhost, signed by ca),
      client.crt/client.key (signed by ca)
      and other-ca.crt (a CA that signed nothing here) with the openssl CLI, then exits.
  test_server.py --script FILE --log FILE [--tls-dir DIR [--require-client-cert]]
      serves on 127.0.0.1:<free port>, prints the port on stdout, and answers from FILE:
      {"routes": {"/api/v1/namespaces/ns/pods/x": [RESPONSE, ...]}}
      Requests to a path (query ignored) take the next RESPONSE; the last one repeats.
      RESPONSE: {"status": 200, "json": {...} | "body": "text", "headers": {...},
                 "delay": seconds, "drop": true (close without answering),
                 "auth": "Bearer X" (anything else gets a 401 Status, entry not consumed),
                 "stream": [{"json": {...} | "line": "text", "delay": s}, ...],
                 "end": "close" | "drop" | "hang"}    (for streams: how the stream ends)
      Every accepted connection and request is appended to the log as one JSON line.
"""
import argparse
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_HANG_SECONDS = 30


def gen_certs(d):
    def run(*args):
        subprocess.run(["openssl", *args], check=True, cwd=d,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    for name in ("ca", "other-ca"):
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=%s" % name, "-keyout", name + ".key", "-out", name + ".crt")
    with open(os.path.join(d, "san.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
        "-keyout", "server.key", "-out", "server.csr")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.crt")
    with open(os.path.join(d, "client.ext"), "w") as f:
        f.write("extendedKeyUsage=clientAuth\n")
    run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=podinit-test/O=system:masters",
        "-keyout", "client.key", "-out", "client.csr")
    run("x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-extfile", "client.ext", "-out", "client.crt")


class State:
    def __init__(self, script, log_path):
        self.routes = script.get("routes", {})
        self.next = {}
        self.lock = threading.Lock()
        self.log = open(log_path, "a", buffering=1)

    def record(self, entry):
        with self.lock:
            self.log.write(json.dumps(entry) + "\n")
            self.log.flush()

    def peek(self, path):
        with self.lock:
            seq = self.routes.get(path)
            if not seq:
                return None
            return seq[min(self.next.get(path, 0), len(seq) - 1)]

    def consume(self, path):
        with self.lock:
            self.next[path] = self.next.get(path, 0) + 1


STATE = None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        STATE.record({"event": "connect", "peer": self.client_address[1]})

    def do_GET(self):
        self.answer()

    def do_PATCH(self):
        self.answer()

    def do_POST(self):
        self.answer()

    def send_json(self, status, obj, headers=None):
        data = json.dumps(obj).encode() if not isinstance(obj, (bytes, str)) else (
            obj.encode() if isinstance(obj, str) else obj)
        self.send_response(status)
        ctype = "application/json" if not isinstance(obj, (bytes, str)) else "text/plain"
        for k, v in (headers or {}).items():
            if k.lower() == "content-type":
                ctype = v
        self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            if k.lower() != "content-type":
                self.send_header(k, str(v))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        path = self.path.split("?", 1)[0]
        STATE.record({"event": "request", "method": self.command, "path": self.path,
                      "auth": self.headers.get("Authorization", ""),
                      "accept": self.headers.get("Accept", ""),
                      "user_agent": self.headers.get("User-Agent", ""),
                      "content_type": self.headers.get("Content-Type", ""),
                      "body": body})
        resp = STATE.peek(path)
        if resp is None:
            self.send_json(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure",
                                 "message": "no route for %s in the test script" % path,
                                 "reason": "NotFound", "code": 404})
            return
        if "auth" in resp and self.headers.get("Authorization", "") != resp["auth"]:
            self.send_json(401, {"kind": "Status", "apiVersion": "v1", "status": "Failure",
                                 "message": "Unauthorized", "reason": "Unauthorized",
                                 "code": 401})
            return
        STATE.consume(path)
        time.sleep(resp.get("delay", 0))
        if resp.get("drop"):
            self.drop()
            return
        if "stream" in resp:
            self.stream(resp)
            return
        payload = resp["json"] if "json" in resp else resp.get("body", "")
        self.send_json(resp.get("status", 200), payload, resp.get("headers"))

    def drop(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def stream(self, resp):
        self.send_response(resp.get("status", 200))
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()
        try:
            for item in resp["stream"]:
                time.sleep(item.get("delay", 0))
                line = json.dumps(item["json"]) if "json" in item else item["line"]
                data = (line + "\n").encode()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.flush()
            end = resp.get("end", "close")
            if end == "drop":
                self.drop()
                return
            if end == "hang":
                deadline = time.time() + MAX_HANG_SECONDS
                self.connection.settimeout(0.2)
                while time.time() < deadline:
                    try:
                        if self.connection.recv(1) == b"":
                            break
                    except socket.timeout:
                        continue
                    except OSError:
                        break
                self.close_connection = True
                return
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except OSError:
            self.close_connection = True


class Server(ThreadingHTTPServer):
    daemon_threads = True
    tls = None

    def finish_request(self, request, client_address):
        if self.tls is not None:
            try:
                request = self.tls.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError) as e:
                STATE.record({"event": "tls_error", "error": str(e)})
                return
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        pass


def main():
    global STATE
    p = argparse.ArgumentParser()
    p.add_argument("--gen-certs")
    p.add_argument("--script")
    p.add_argument("--log")
    p.add_argument("--tls-dir")
    p.add_argument("--require-client-cert", action="store_true")
    a = p.parse_args()
    if a.gen_certs:
        gen_certs(a.gen_certs)
        return
    with open(a.script) as f:
        STATE = State(json.load(f), a.log)
    srv = Server(("127.0.0.1", 0), Handler)
    if a.tls_dir:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(os.path.join(a.tls_dir, "server.crt"),
                            os.path.join(a.tls_dir, "server.key"))
        if a.require_client_cert:
            ctx.verify_mode = ssl.CERT_REQUIRED
            # Under TLS 1.3 a missing client certificate is rejected after the client thinks
            # the handshake is done, and whether it then reads the alert or a reset is a race;
            # TLS 1.2 rejects it inside the handshake, every time.
            ctx.maximum_version = ssl.TLSVersion.TLSv1_2
            ctx.load_verify_locations(os.path.join(a.tls_dir, "ca.crt"))
        srv.tls = ctx
    print(srv.server_address[1], flush=True)
    srv.serve_forever(poll_interval=0.1)


if __name__ == "__main__":
    main()
