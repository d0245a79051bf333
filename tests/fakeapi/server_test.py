#!/usr/bin/env python3
"""podinit-fake-apiserver over the network, with the standard library only: plain HTTP, TLS
names, injected faults, chunked watches and bookmarks, a thousand concurrent clients, and
watchers that hang up.

Usage: server_test.py FAKE_APISERVER TESTDATA_DIR
"""
import asyncio
import http.client
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest
import warnings

SERVER = None
TESTDATA = None
TOKEN = "net-token"


class Fake:
    def __init__(self, *extra, http_mode=False):
        self.dir = tempfile.TemporaryDirectory()
        self.ca = os.path.join(self.dir.name, "ca.pem")
        self.log = os.path.join(self.dir.name, "requests.log")
        args = [SERVER, "--listen", "127.0.0.1:0", "--objects", TESTDATA, "--token", TOKEN,
                "--request-log", self.log]
        if http_mode:
            args.append("--http")
        else:
            args += ["--ca-out", self.ca]
        self.proc = subprocess.Popen(args + list(extra), stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        prefix = "listening on http://127.0.0.1:" if http_mode else "listening on https://127.0.0.1:"
        if not line.startswith(prefix):
            self.proc.kill()
            raise RuntimeError("server did not start: %r %s" % (line, self.proc.stderr.read()))
        self.port = int(line.rsplit(":", 1)[1])
        self.http_mode = http_mode

    def context(self):
        ctx = ssl.create_default_context(cafile=self.ca)
        return ctx

    def conn(self, timeout=10, host="127.0.0.1"):
        if self.http_mode:
            return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        c = http.client.HTTPSConnection(host, self.port, timeout=timeout, context=self.context())
        if host != "127.0.0.1":
            # Dial the loopback address but verify the certificate for `host`.
            c.sock = None
            orig_connect = c.connect

            def connect():
                sock = socket.create_connection(("127.0.0.1", self.port), timeout)
                c.sock = self.context().wrap_socket(sock, server_hostname=host)
            c.connect = connect
            del orig_connect
        return c

    def get(self, path, token=TOKEN, conn=None):
        c = conn or self.conn()
        headers = {"Authorization": "Bearer " + token} if token else {}
        c.request("GET", path, headers=headers)
        r = c.getresponse()
        return r.status, dict(r.getheaders()), r.read()

    def fd_count(self):
        return len(os.listdir("/proc/%d/fd" % self.proc.pid))

    def requests(self):
        with open(self.log) as f:
            return f.read().splitlines()

    def close(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.stdout.close()
            self.proc.stderr.close()
            self.dir.cleanup()
        return rc


POD = "/api/v1/namespaces/default/pods/etcd-0"


class PlainHttpTest(unittest.TestCase):
    def test_http_and_sigint(self):
        f = Fake(http_mode=True)
        try:
            status, headers, body = f.get(POD)
            self.assertEqual(status, 200)
            self.assertEqual(headers["Content-Type"], "application/json")
            self.assertEqual(json.loads(body)["metadata"]["name"], "etcd-0")
            status, _, body = f.get(POD, token="")
            self.assertEqual(status, 401)
            self.assertEqual(json.loads(body)["reason"], "Unauthorized")
        finally:
            self.assertEqual(f.close(signal.SIGINT), 0)


class KubeconfigTest(unittest.TestCase):
    def test_kubeconfig_contents(self):
        try:
            import yaml
        except ImportError:
            self.skipTest("python3-yaml not installed")
        for http_mode in (False, True):
            d = tempfile.TemporaryDirectory()
            path = os.path.join(d.name, "kc")
            f = Fake("--kubeconfig-out", path, "--namespace", "db", http_mode=http_mode)
            try:
                with open(path) as fh:
                    kc = yaml.safe_load(fh)
                self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)
                ctx = kc["contexts"][0]["context"]
                self.assertEqual(kc["current-context"], kc["contexts"][0]["name"])
                self.assertEqual(ctx["namespace"], "db")
                cluster = kc["clusters"][0]["cluster"]
                scheme = "http" if http_mode else "https"
                self.assertEqual(cluster["server"], "%s://127.0.0.1:%d" % (scheme, f.port))
                self.assertEqual(kc["users"][0]["user"]["token"], TOKEN)
                if http_mode:
                    self.assertNotIn("certificate-authority-data", cluster)
                else:
                    import base64
                    with open(f.ca) as fh:
                        self.assertEqual(base64.b64decode(cluster["certificate-authority-data"]).decode(),
                                         fh.read())
            finally:
                f.close()
                d.cleanup()


class TlsTest(unittest.TestCase):
    def test_certificate_names(self):
        f = Fake("--san", "fake.example.test,10.9.8.7")
        try:
            for host in ("127.0.0.1", "localhost", "fake.example.test"):
                status, _, _ = f.get("/version", conn=f.conn(host=host))
                self.assertEqual(status, 200, host)
            with self.assertRaises(ssl.SSLCertVerificationError):
                f.get("/version", conn=f.conn(host="other.example.test"))
            # Without the generated CA, verification fails: the server is not trusted blindly.
            c = http.client.HTTPSConnection("127.0.0.1", f.port, timeout=5,
                                            context=ssl.create_default_context())
            with self.assertRaises(ssl.SSLCertVerificationError):
                c.request("GET", "/version")
        finally:
            self.assertEqual(f.close(), 0)


class GivenCertificateTest(unittest.TestCase):
    def test_tls_cert_and_key(self):
        d = tempfile.TemporaryDirectory()
        cert, key = os.path.join(d.name, "tls.crt"), os.path.join(d.name, "tls.key")
        try:
            r = subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                                "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj",
                                "/CN=fake", "-addext", "subjectAltName=IP:127.0.0.1",
                                "-keyout", key, "-out", cert], capture_output=True)
            if r.returncode != 0:
                self.skipTest("openssl cannot make a certificate: %s" % r.stderr)
            p = subprocess.Popen([SERVER, "--tls-cert", cert, "--tls-key", key],
                                 stdout=subprocess.PIPE, text=True)
            try:
                line = p.stdout.readline()
                port = int(line.strip().rsplit(":", 1)[1])
                c = http.client.HTTPSConnection("127.0.0.1", port, timeout=5,
                                                context=ssl.create_default_context(cafile=cert))
                c.request("GET", "/version")
                self.assertEqual(c.getresponse().status, 200)
                c.close()
            finally:
                p.terminate()
                self.assertEqual(p.wait(10), 0)
                p.stdout.close()
            # A key that is not PEM is an error at start-up, not a crash.
            with open(key, "w") as fh:
                fh.write("not a key")
            r = subprocess.run([SERVER, "--tls-cert", cert, "--tls-key", key],
                               capture_output=True, text=True, timeout=10)
            self.assertEqual(r.returncode, 1)
            self.assertIn("TLS private key", r.stderr)
        finally:
            d.cleanup()


class ExpectContinueTest(unittest.TestCase):
    def test_100_continue_is_answered(self):
        f = Fake(http_mode=True)
        try:
            body = json.dumps({"metadata": {"annotations": {"big": "x" * 4096}}}).encode()
            s = socket.create_connection(("127.0.0.1", f.port), timeout=5)
            s.sendall(("PATCH /api/v1/namespaces/default/pods/etcd-0 HTTP/1.1\r\nHost: x\r\n"
                       "Authorization: Bearer %s\r\nContent-Type: application/merge-patch+json\r\n"
                       "Content-Length: %d\r\nExpect: 100-continue\r\n\r\n" % (TOKEN, len(body))).encode())
            start = time.monotonic()
            interim = s.recv(4096)
            self.assertTrue(interim.startswith(b"HTTP/1.1 100 Continue\r\n"), interim)
            self.assertLess(time.monotonic() - start, 0.5)
            s.sendall(body)
            data = b""
            while b"\r\n\r\n" not in data:
                data += s.recv(65536)
            self.assertTrue(data.startswith(b"HTTP/1.1 200 OK\r\n"), data[:100])
            s.close()
        finally:
            f.close()


class FaultTest(unittest.TestCase):
    def test_latency(self):
        f = Fake("--latency", "300ms")
        try:
            start = time.monotonic()
            self.assertEqual(f.get(POD)[0], 200)
            self.assertGreaterEqual(time.monotonic() - start, 0.3)
            start = time.monotonic()
            self.assertEqual(f.get("/api/v1")[0], 200)  # discovery is not delayed
            self.assertLess(time.monotonic() - start, 0.3)
        finally:
            f.close()

    def test_429_5xx_drop_and_request_log(self):
        f = Fake("--rate-429", "1", "--retry-after", "3")
        try:
            status, headers, body = f.get(POD)
            self.assertEqual(status, 429)
            self.assertEqual(headers["Retry-After"], "3")
            self.assertEqual(body, b"Too many requests, please try again later.\n")
        finally:
            f.close()
        f = Fake("--rate-5xx", "1")
        try:
            status, _, body = f.get(POD)
            self.assertEqual(status, 500)
            self.assertEqual(json.loads(body)["reason"], "InternalError")
        finally:
            f.close()
        f = Fake("--rate-drop", "1")
        try:
            with self.assertRaises((http.client.RemoteDisconnected, ConnectionResetError)):
                f.get(POD)
            self.assertEqual(f.get("/version")[0], 200)
            self.assertEqual(f.requests(), ["GET %s -" % POD, "GET /version 200"])
        finally:
            f.close()

    def test_seeded_faults_repeat(self):
        def pattern():
            f = Fake("--rate-5xx", "0.5", "--seed", "7")
            try:
                c = f.conn()
                return "".join("x" if f.get(POD, conn=c)[0] == 500 else "." for _ in range(30))
            finally:
                f.close()
        a, b = pattern(), pattern()
        self.assertEqual(a, b)
        self.assertIn("x", a)
        self.assertIn(".", a)


def read_chunked_lines(resp, want, timeout):
    """Reads newline-delimited JSON events until `want` returns True or the stream ends."""
    events = []
    deadline = time.monotonic() + timeout
    buf = b""
    while time.monotonic() < deadline:
        chunk = resp.read1(65536)
        if not chunk:
            break
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            events.append(json.loads(line))
            if want(events):
                return events
    return events


class WatchTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.f = Fake("--bookmark-interval", "1s")

    @classmethod
    def tearDownClass(cls):
        cls.f.close()

    def test_chunked_events_and_bookmarks(self):
        c = self.f.conn()
        c.request("GET", "/api/v1/namespaces/default/pods?watch=1&allowWatchBookmarks=true"
                  "&labelSelector=app%3Detcd&timeoutSeconds=5",
                  headers={"Authorization": "Bearer " + TOKEN})
        r = c.getresponse()
        self.assertEqual(r.status, 200)
        self.assertEqual(r.getheader("Transfer-Encoding"), "chunked")
        events = read_chunked_lines(r, lambda ev: ev[-1]["type"] == "BOOKMARK", 5)
        types = [e["type"] for e in events]
        self.assertEqual(types, ["ADDED", "ADDED", "ADDED", "BOOKMARK"])
        bm = events[-1]["object"]
        self.assertEqual(bm["kind"], "Pod")
        self.assertTrue(int(bm["metadata"]["resourceVersion"]) > 0)
        c.close()

    def test_watch_ends_at_timeout_with_last_chunk(self):
        c = self.f.conn()
        start = time.monotonic()
        c.request("GET", "/api/v1/nodes?watch=true&timeoutSeconds=1",
                  headers={"Authorization": "Bearer " + TOKEN})
        r = c.getresponse()
        body = r.read()  # returns only after the terminating chunk
        self.assertLess(time.monotonic() - start, 4)
        self.assertEqual(len(body.splitlines()), 3)

    def test_hung_up_watchers_are_released(self):
        f = Fake()  # its own server, so that other tests' connections do not move the count
        try:
            before = f.fd_count()
            conns = []
            for _ in range(50):
                c = f.conn()
                c.request("GET", "/api/v1/pods?watch=true",
                          headers={"Authorization": "Bearer " + TOKEN})
                r = c.getresponse()
                self.assertEqual(r.status, 200)
                conns.append((c, r))
            self.assertGreaterEqual(f.fd_count(), before + 50)
            for c, r in conns:
                r.close()  # the response holds the socket of a Connection: close exchange
                c.close()
            for _ in range(100):
                if f.fd_count() <= before:
                    break
                time.sleep(0.05)
            self.assertLessEqual(f.fd_count(), before)
        finally:
            f.close()


class ConcurrencyTest(unittest.TestCase):
    def test_thousand_concurrent_clients(self):
        f = Fake()
        n = 1000
        try:
            ctx = f.context()

            async def one(i, ready):
                reader, writer = await asyncio.open_connection("127.0.0.1", f.port, ssl=ctx)
                ready.append(i)
                # Everybody connects first, then all ask at once.
                while len(ready) < n:
                    await asyncio.sleep(0.01)
                writer.write(("GET /api/v1/namespaces/default/pods?labelSelector=app%%3Detcd HTTP/1.1\r\n"
                              "Host: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                              "Connection: close\r\n\r\n" % TOKEN).encode())
                await writer.drain()
                data = await reader.read()
                writer.close()
                return data.split(b"\r\n", 1)[0], data

            async def main():
                ready = []
                return await asyncio.wait_for(
                    asyncio.gather(*(one(i, ready) for i in range(n))), timeout=120)

            results = asyncio.run(main())
            statuses = [r[0] for r in results]
            self.assertEqual(statuses.count(b"HTTP/1.1 200 OK"), n)
            self.assertTrue(all(b'"kind":"PodList"' in r[1] for r in results))
            self.assertEqual(len([l for l in f.requests() if "labelSelector" in l]), n)
        finally:
            self.assertEqual(f.close(), 0)


class ThousandWatchersTest(unittest.TestCase):
    def test_one_patch_wakes_a_thousand_watchers(self):
        f = Fake()
        n = 1000
        try:
            ctx = f.context()
            status, _, body = f.get("/api/v1/pods")
            rv = int(json.loads(body)["metadata"]["resourceVersion"])

            async def watcher(started):
                reader, writer = await asyncio.open_connection("127.0.0.1", f.port, ssl=ctx)
                writer.write(("GET /api/v1/namespaces/default/pods?watch=true&resourceVersion=%d"
                              "&fieldSelector=metadata.name%%3Detcd-0 HTTP/1.1\r\nHost: x\r\n"
                              "Authorization: Bearer %s\r\n\r\n" % (rv, TOKEN)).encode())
                await writer.drain()
                buf = b""
                while b"\r\n\r\n" not in buf:
                    chunk = await reader.read(4096)
                    if not chunk:
                        return False
                    buf += chunk
                started.append(1)
                while b'"MODIFIED"' not in buf:
                    chunk = await reader.read(65536)
                    if not chunk:
                        break
                    buf += chunk
                writer.close()
                return b'"MODIFIED"' in buf and buf.startswith(b"HTTP/1.1 200 OK")

            async def main():
                started = []
                tasks = [asyncio.create_task(watcher(started)) for _ in range(n)]
                deadline = time.monotonic() + 60
                while len(started) < n and time.monotonic() < deadline:
                    await asyncio.sleep(0.05)
                self.assertEqual(len(started), n)
                loop = asyncio.get_running_loop()
                c = f.conn()
                await loop.run_in_executor(None, lambda: c.request(
                    "PATCH", "/api/v1/namespaces/default/pods/etcd-0",
                    body=b'{"metadata":{"labels":{"woken":"yes"}}}',
                    headers={"Authorization": "Bearer " + TOKEN,
                             "Content-Type": "application/merge-patch+json"}))
                resp = await loop.run_in_executor(None, c.getresponse)
                self.assertEqual(resp.status, 200)
                return await asyncio.wait_for(asyncio.gather(*tasks), timeout=60)

            results = asyncio.run(main())
            self.assertEqual(results.count(True), n)
        finally:
            self.assertEqual(f.close(), 0)


def main():
    global SERVER, TESTDATA
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    SERVER, TESTDATA = sys.argv[1], sys.argv[2]
    warnings.simplefilter("ignore", ResourceWarning)
    prog = unittest.main(argv=[sys.argv[0], "-v"], exit=False, warnings="ignore")
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
