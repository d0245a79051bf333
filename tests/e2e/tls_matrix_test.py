#!/usr/bin/env python3
"""podinit's TLS against the certificates, protocols, cipher suites, key-exchange groups and
client keys that real API servers and kubeconfigs use. The static podinit links a TLS library
cut down to a client (scripts/build-wolfssl.sh; scripts/build-openssl.sh with -Dtls=openssl);
this is where a missing algorithm or key format would show.

Usage: tls_matrix_test.py [--shard I/N] PODINIT [PODINIT...]
--shard I/N runs every Nth case from the Ith (meson runs the shards side by side, each well
inside an e2e test's 60 s under the sanitizers); every shard makes the same certificates.
Each case starts a small Python `ssl` HTTPS server on 127.0.0.1 (in a child process, so a
case can give it its own OPENSSL_CONF) that answers GET /api/v1/namespaces/ns/pods/p with a
Pod, then runs `podinit get ... metadata.name` with every binary. Prints `ok   NAME` or
`FAIL NAME: why` per case and binary; exits 1 if any failed.

Nothing runs unbounded: a server child exits when its stdin closes or after SERVER_LIFETIME
seconds, podinit runs under a timeout, every loop has a count. Certificates, keys and
kubeconfigs live in one temporary directory, removed at the end.
"""
import base64
import json
import os
import queue
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

SERVER_LIFETIME = 120   # seconds; a forgotten server child stops by itself
PODINIT_TIMEOUT = "10s"  # podinit's own --timeout
RUN_TIMEOUT = 40        # seconds; the subprocess limit around one podinit run
POD_PATH = "/api/v1/namespaces/ns/pods/p"
TOKEN = "tls-matrix-not-a-secret"


# --- the server child -------------------------------------------------------------------

def _emit(lock, event):
    with lock:
        print(json.dumps(event), flush=True)


def _read_head(conn):
    """The request line and headers, or None when the peer is gone (at most 64 kB)."""
    data = b""
    for _ in range(64):
        if b"\r\n\r\n" in data:
            return data.split(b"\r\n\r\n", 1)[0]
        chunk = conn.recv(1024)
        if not chunk:
            return None
        data += chunk
    return None


def _reply(conn, status, obj):
    body = json.dumps(obj).encode()
    conn.sendall(b"HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                 % (status.encode(), len(body)) + body)


def _handle(ctx, conn, lock):
    conn.settimeout(10)
    try:
        tls = ctx.wrap_socket(conn, server_side=True)
    except (ssl.SSLError, OSError) as e:
        _emit(lock, {"error": "handshake: %s" % e})
        conn.close()
        return
    try:
        peer = tls.getpeercert() or {}
        cn = [v for rdn in peer.get("subject", ()) for k, v in rdn if k == "commonName"]
        _emit(lock, {"version": tls.version(), "cipher": tls.cipher()[0],
                     "peer": cn[0] if cn else None})
        for _ in range(20):  # requests on one kept-alive connection
            head = _read_head(tls)
            if head is None:
                return
            target = head.split(b"\r\n", 1)[0].split(b" ")
            path = target[1].decode("latin-1").split("?", 1)[0] if len(target) > 1 else ""
            if path == POD_PATH:
                _reply(tls, "200 OK", {"kind": "Pod", "apiVersion": "v1",
                                       "metadata": {"name": "p", "namespace": "ns"},
                                       "spec": {"containers": [{"name": "c", "image": "x"}]}})
            else:
                _reply(tls, "404 Not Found", {"kind": "Status", "apiVersion": "v1",
                                              "status": "Failure", "reason": "NotFound",
                                              "code": 404, "message": "no " + path})
    except (ssl.SSLError, OSError) as e:
        _emit(lock, {"error": "after handshake: %s" % e})
    finally:
        tls.close()


def serve(spec_file):
    """Runs one server as described by the JSON spec; prints {"port": N}, then one line per
    TLS handshake: its version, cipher and client certificate's CN, or its error."""
    with open(spec_file) as f:
        spec = json.load(f)
    versions = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(spec["cert"], spec["key"])
    if spec.get("min"):
        ctx.minimum_version = versions[spec["min"]]
    if spec.get("max"):
        ctx.maximum_version = versions[spec["max"]]
    if spec.get("ciphers"):
        ctx.set_ciphers(spec["ciphers"])
    if spec.get("group"):
        ctx.set_ecdh_curve(spec["group"])  # OpenSSL 3: the only group the server accepts
    if spec.get("client_ca"):
        # kube-apiserver asks every client for a certificate and needs none (a token will
        # do): CERT_OPTIONAL; a server that only takes certificates: CERT_REQUIRED.
        ctx.verify_mode = ssl.CERT_OPTIONAL if spec.get("client_optional") else ssl.CERT_REQUIRED
        ctx.load_verify_locations(spec["client_ca"])
    lock = threading.Lock()
    sock = socket.create_server(("127.0.0.1", 0))
    sock.settimeout(0.2)
    _emit(lock, {"port": sock.getsockname()[1]})
    # The parent closes our stdin when the case is done (or dies): stop then.
    done = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    deadline = time.monotonic() + SERVER_LIFETIME
    accepted = 0
    while not done.is_set() and time.monotonic() < deadline and accepted < 100:
        try:
            conn, _ = sock.accept()
        except socket.timeout:
            continue
        accepted += 1
        threading.Thread(target=_handle, args=(ctx, conn, lock), daemon=True).start()
    sock.close()


# --- certificates -----------------------------------------------------------------------

_OPENSSL_CNF = """[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,digitalSignature,keyEncipherment,keyCertSign
subjectKeyIdentifier = hash
[intermediate_ext]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,digitalSignature,keyCertSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[server_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:kubernetes,DNS:kubernetes.default.svc,IP:127.0.0.1
authorityKeyIdentifier = keyid
[client_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
"""

# genpkey writes PKCS#8 ("BEGIN PRIVATE KEY").
_KEY_ALGORITHMS = {
    "rsa2048": ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
    "rsa4096": ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:4096"],
    "p256": ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
    "p384": ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
    "p521": ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"],
    "ed25519": ["-algorithm", "ED25519"],
}


class Certs:
    """Keys and certificates in `d`: NAME.key (PKCS#8) and NAME.crt."""

    def __init__(self, d):
        self.d = d
        self.serial = 1000
        self.cnf = self.path("openssl.cnf")
        with open(self.cnf, "w") as f:
            f.write(_OPENSSL_CNF)

    def path(self, name):
        return os.path.join(self.d, name)

    def openssl(self, *args):
        r = subprocess.run(["openssl", *args], cwd=self.d, capture_output=True, text=True,
                           timeout=120)
        if r.returncode != 0:
            raise RuntimeError("openssl %s: %s" % (" ".join(args), r.stderr.strip()))

    def key(self, name, alg):
        self.openssl("genpkey", *_KEY_ALGORITHMS[alg], "-out", name + ".key")

    def ca(self, name, alg, digest="sha256"):
        """A self-signed root."""
        self.key(name, alg)
        self.openssl("req", "-config", self.cnf, "-x509", "-new", "-key", name + ".key",
                     "-subj", "/CN=" + name, "-days", "2", "-extensions", "ca_ext",
                     *(["-" + digest] if digest else []), "-out", name + ".crt")

    def issue(self, name, alg, ca, ext, digest="sha256", sigopts=()):
        """NAME's certificate signed by CA with DIGEST (None for an Ed25519 CA) and `sigopts`
        (`-sigopt` values, e.g. RSA-PSS padding)."""
        self.key(name, alg)
        self.openssl("req", "-config", self.cnf, "-new", "-key", name + ".key",
                     "-subj", "/CN=" + name, "-out", name + ".csr")
        self.serial += 1
        sig = [a for o in sigopts for a in ("-sigopt", o)]
        self.openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt",
                     "-CAkey", ca + ".key", "-set_serial", str(self.serial), "-days", "2",
                     "-extfile", self.cnf, "-extensions", ext,
                     *(["-" + digest] if digest else []), *sig, "-out", name + ".crt")

    def traditional(self, name, out, header):
        """NAME's key in OpenSSL's traditional form (PKCS#1 for RSA, SEC1 for EC) as OUT."""
        self.openssl("pkey", "-in", name + ".key", "-traditional", "-out", out)
        self.expect_header(out, header)

    def expect_header(self, name, header):
        with open(self.path(name)) as f:
            first = f.readline().strip()
        if first != "-----BEGIN %s-----" % header:
            raise RuntimeError("%s starts with %r, not BEGIN %s" % (name, first, header))

    def read(self, *names):
        out = ""
        for n in names:
            with open(self.path(n)) as f:
                out += f.read()
        return out


def make_certs(c):
    c.ca("ca", "rsa2048")
    for alg in _KEY_ALGORITHMS:
        c.issue("srv-" + alg, alg, "ca", "server_ext")
    # The CA's signature on the server certificate.
    c.issue("srv-sha384", "rsa2048", "ca", "server_ext", digest="sha384")
    c.issue("srv-sha512", "rsa2048", "ca", "server_ext", digest="sha512")
    c.issue("srv-pss", "rsa2048", "ca", "server_ext",
            sigopts=("rsa_padding_mode:pss", "rsa_pss_saltlen:digest", "rsa_mgf1_md:sha256"))
    for ca, alg, digest in [("ca-p256", "p256", "sha256"), ("ca-p384", "p384", "sha384"),
                            ("ca-p521", "p521", "sha512"), ("ca-ed25519", "ed25519", None)]:
        c.ca(ca, alg, digest)
        c.issue("srv-by-" + ca, "p256", ca, "server_ext", digest=digest)
    # root -> intermediate -> leaf; the server sends leaf + intermediate.
    c.issue("intermediate", "rsa2048", "ca", "intermediate_ext")
    c.issue("srv-chain", "p256", "intermediate", "server_ext")
    with open(c.path("srv-chain-bundle.crt"), "w") as f:
        f.write(c.read("srv-chain.crt", "intermediate.crt"))
    # The negative control: a server certificate from a CA podinit was not given.
    c.ca("other-ca", "rsa2048")
    c.issue("srv-other-ca", "rsa2048", "other-ca", "server_ext")
    # Client certificates and their keys in the forms kubeconfigs carry.
    c.issue("cli-rsa", "rsa2048", "ca", "client_ext")
    c.issue("cli-p256", "p256", "ca", "client_ext")
    c.issue("cli-p384", "p384", "ca", "client_ext")
    c.issue("cli-ed25519", "ed25519", "ca", "client_ext")
    c.traditional("cli-rsa", "cli-rsa.pkcs1.key", "RSA PRIVATE KEY")
    c.traditional("cli-p256", "cli-p256.sec1.key", "EC PRIVATE KEY")
    c.traditional("cli-p384", "cli-p384.sec1.key", "EC PRIVATE KEY")
    for name in ("cli-rsa", "cli-p256", "cli-ed25519"):
        c.expect_header(name + ".key", "PRIVATE KEY")
    # `openssl ecparam -genkey` (and guides built on it) put the curve's EC PARAMETERS
    # block before the SEC1 key.
    c.openssl("ecparam", "-name", "prime256v1", "-out", "p256.params")
    with open(c.path("cli-p256.params-sec1.key"), "w") as f:
        f.write(c.read("p256.params", "cli-p256.sec1.key"))


# --- cases ------------------------------------------------------------------------------

class Case:
    """One server configuration and how podinit reaches it.
    server: the spec for serve() (cert/key are names in the cert dir); conf: an OPENSSL_CONF
    text for the server child; ca: the CA file podinit trusts; user: the kubeconfig user's
    fields (None: --server/--ca-file/--token-file flags instead of a kubeconfig);
    want: expected handshake facts (version, cipher, peer); want_exit: podinit's exit code."""

    def __init__(self, name, cert, key=None, ca="ca", conf=None, user=None, want=None,
                 want_exit=0, **server):
        self.name, self.ca, self.conf, self.user = name, ca, conf, user
        self.want, self.want_exit = want or {}, want_exit
        self.server = {"cert": cert + ".crt", "key": (key or cert) + ".key", **server}


def _tls13_suite_conf(suite):
    return ("openssl_conf = init\n[init]\nssl_conf = ssl\n[ssl]\nsystem_default = tls\n"
            "[tls]\nCiphersuites = %s\n" % suite)


def cases():
    out = []
    # Server certificate key types (CA: RSA 2048, SHA-256).
    for alg, label in [("rsa2048", "RSA 2048"), ("rsa4096", "RSA 4096"),
                       ("p256", "ECDSA P-256"), ("p384", "ECDSA P-384"),
                       ("p521", "ECDSA P-521"), ("ed25519", "Ed25519")]:
        out.append(Case("server key %s" % label, "srv-" + alg))
        out.append(Case("server key %s, TLS 1.2" % label, "srv-" + alg, max="1.2",
                        want={"version": "TLSv1.2"}))
    # The CA's signature algorithm.
    out.append(Case("CA signature sha256WithRSA", "srv-rsa2048"))
    out.append(Case("CA signature sha384WithRSA", "srv-sha384"))
    out.append(Case("CA signature sha512WithRSA", "srv-sha512"))
    out.append(Case("CA signature RSASSA-PSS (SHA-256)", "srv-pss"))
    out.append(Case("CA ECDSA P-256, ecdsa-with-SHA256", "srv-by-ca-p256", ca="ca-p256"))
    out.append(Case("CA ECDSA P-384, ecdsa-with-SHA384", "srv-by-ca-p384", ca="ca-p384"))
    out.append(Case("CA ECDSA P-521, ecdsa-with-SHA512", "srv-by-ca-p521", ca="ca-p521"))
    out.append(Case("CA Ed25519", "srv-by-ca-ed25519", ca="ca-ed25519"))
    out.append(Case("chain: root > intermediate > leaf, root trusted only",
                    "srv-chain-bundle", key="srv-chain"))
    # Protocol versions.
    out.append(Case("TLS 1.2 only", "srv-rsa2048", max="1.2", want={"version": "TLSv1.2"}))
    out.append(Case("TLS 1.3 only", "srv-rsa2048", min="1.3", want={"version": "TLSv1.3"}))
    # TLS 1.2: the ECDHE suites Go's crypto/tls enables by default (GCM and ChaCha20 first,
    # the CBC-SHA1 ones last).
    for kind, cert in [("RSA", "srv-rsa2048"), ("ECDSA", "srv-p256")]:
        for bulk in ("AES128-GCM-SHA256", "AES256-GCM-SHA384", "CHACHA20-POLY1305",
                     "AES128-SHA", "AES256-SHA"):
            suite = "ECDHE-%s-%s" % (kind, bulk)
            out.append(Case("TLS 1.2 %s" % suite, cert, max="1.2", ciphers=suite,
                            want={"version": "TLSv1.2", "cipher": suite}))
    # TLS 1.3: each of the three suites; Python's ssl cannot limit them but OPENSSL_CONF can.
    for suite in ("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                  "TLS_CHACHA20_POLY1305_SHA256"):
        out.append(Case("TLS 1.3 %s" % suite, "srv-rsa2048", min="1.3",
                        conf=_tls13_suite_conf(suite),
                        want={"version": "TLSv1.3", "cipher": suite}))
    # Key exchange: the server accepts one group. In TLS 1.3 a group other than the
    # client's first key share takes a HelloRetryRequest.
    for group, label in [("X25519", "X25519"), ("prime256v1", "P-256"),
                         ("secp384r1", "P-384"), ("secp521r1", "P-521")]:
        for version in ("1.2", "1.3"):
            out.append(Case("TLS %s group %s" % (version, label), "srv-rsa2048", group=group,
                            min=version, max=version, want={"version": "TLSv" + version}))
    # Client certificates from a kubeconfig; the server requires one signed by the CA.
    keys = [("RSA PKCS#1", "cli-rsa", "cli-rsa.pkcs1"), ("RSA PKCS#8", "cli-rsa", "cli-rsa"),
            ("EC P-256 SEC1", "cli-p256", "cli-p256.sec1"),
            ("EC P-256 PKCS#8", "cli-p256", "cli-p256"),
            ("Ed25519 PKCS#8", "cli-ed25519", "cli-ed25519")]
    for label, cert, key in keys:
        for form in ("data", "file"):
            out.append(Case("client cert %s, kubeconfig %s" % (label, form), "srv-rsa2048",
                            client_ca="ca.crt", user=(form, cert, key), want={"peer": cert}))
    for label, cert, key in keys + [("EC P-384 SEC1", "cli-p384", "cli-p384.sec1"),
                                    ("EC P-256 SEC1 after EC PARAMETERS", "cli-p256",
                                     "cli-p256.params-sec1")]:
        out.append(Case("client cert %s, kubeconfig data, TLS 1.2" % label, "srv-rsa2048",
                        client_ca="ca.crt", max="1.2", user=("data", cert, key),
                        want={"peer": cert, "version": "TLSv1.2"}))
    out.append(Case("client cert EC P-384 SEC1, kubeconfig data", "srv-rsa2048",
                    client_ca="ca.crt", user=("data", "cli-p384", "cli-p384.sec1"),
                    want={"peer": "cli-p384"}))
    out.append(Case("client cert EC P-256 SEC1 after EC PARAMETERS, kubeconfig data",
                    "srv-rsa2048", client_ca="ca.crt",
                    user=("data", "cli-p256", "cli-p256.params-sec1"), want={"peer": "cli-p256"}))
    # As kube-apiserver: a certificate is asked for, a token or a certificate will do.
    out.append(Case("client cert asked for, not required: token only", "srv-rsa2048",
                    client_ca="ca.crt", client_optional=True, user=("token", None, None),
                    want={"peer": None}))
    out.append(Case("client cert asked for, not required: EC P-256 SEC1 given", "srv-rsa2048",
                    client_ca="ca.crt", client_optional=True,
                    user=("data", "cli-p256", "cli-p256.sec1"), want={"peer": "cli-p256"}))
    # Negative controls: these must not connect.
    out.append(Case("negative: server certificate from another CA (exit 3)", "srv-other-ca",
                    want_exit=3))
    out.append(Case("negative: client certificate required, kubeconfig has a token only (exit 3)",
                    "srv-rsa2048", client_ca="ca.crt", user=("token", None, None),
                    want_exit=3))
    return out


# --- running ----------------------------------------------------------------------------

class ServerChild:
    def __init__(self, work, index, case):
        spec = {k: (os.path.join(work, v) if k in ("cert", "key", "client_ca") else v)
                for k, v in case.server.items()}
        spec_file = os.path.join(work, "server-%d.json" % index)
        with open(spec_file, "w") as f:
            json.dump(spec, f)
        env = dict(os.environ)
        if case.conf:
            conf = os.path.join(work, "server-%d.cnf" % index)
            with open(conf, "w") as f:
                f.write(case.conf)
            env["OPENSSL_CONF"] = conf
        self.proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--serve",
                                      spec_file], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env)
        self.events = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        first = self.next_event(15)
        if not first or "port" not in first:
            self.close()
            raise RuntimeError("server did not start: %s" % self.proc.stderr.read().strip())
        self.url = "https://127.0.0.1:%d" % first["port"]

    def _read(self):
        for line in self.proc.stdout:  # ends when the child exits
            try:
                self.events.put(json.loads(line))
            except ValueError:
                pass

    def next_event(self, timeout):
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            return None

    def drain(self, wait):
        """The handshake events so far, waiting up to `wait` seconds for the first."""
        out = []
        e = self.next_event(wait)
        for _ in range(1000):
            if e is None:
                break
            out.append(e)
            e = self.next_event(0.05)
        return out

    def close(self):
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)


def _b64(c, name):
    return base64.b64encode(c.read(name).encode()).decode()


def write_kubeconfig(c, path, url, case):
    form, cert, key = case.user
    if form == "data":
        user = ["client-certificate-data: " + _b64(c, cert + ".crt"),
                "client-key-data: " + _b64(c, key + ".key")]
    elif form == "file":
        user = ["client-certificate: " + c.path(cert + ".crt"),
                "client-key: " + c.path(key + ".key")]
    else:
        user = ["token: " + TOKEN]
    with open(path, "w") as f:
        f.write("apiVersion: v1\nkind: Config\nclusters:\n- name: matrix\n  cluster:\n"
                "    server: %s\n    certificate-authority-data: %s\n"
                "users:\n- name: u\n  user:\n%s\n"
                "contexts:\n- name: ctx\n  context:\n    cluster: matrix\n    user: u\n"
                "    namespace: ns\ncurrent-context: ctx\n"
                % (url, _b64(c, case.ca + ".crt"), "".join("    %s\n" % u for u in user).rstrip("\n")))


def podinit_env(work):
    drop = ("KUBECONFIG", "POD_NAME", "POD_NAMESPACE", "KUBERNETES_SERVICE_HOST",
            "KUBERNETES_SERVICE_PORT")
    env = {k: v for k, v in os.environ.items() if k not in drop and "proxy" not in k.lower()}
    env["HOME"] = work
    return env


def run_case(c, work, index, case, binaries):
    """{binary: None if it passed, else why}"""
    results = {}
    server = ServerChild(work, index, case)
    try:
        if case.user is None:
            token_file = c.path("token")
            args = ["--server", server.url, "--ca-file", c.path(case.ca + ".crt"),
                    "--token-file", token_file, "--namespace", "ns", "--pod-name", "p"]
        else:
            kubeconfig = os.path.join(work, "kubeconfig-%d" % index)
            write_kubeconfig(c, kubeconfig, server.url, case)
            args = ["--kubeconfig", kubeconfig, "--pod-name", "p"]
        for b in binaries:
            cmd = [b, "get", "--timeout", PODINIT_TIMEOUT, *args, "metadata.name"]
            try:
                r = subprocess.run(cmd, capture_output=True, text=True, timeout=RUN_TIMEOUT,
                                   env=podinit_env(work), cwd=work)
                rc, out, err = r.returncode, r.stdout, r.stderr
            except subprocess.TimeoutExpired:
                rc, out, err = "timeout", "", "no exit within %d s" % RUN_TIMEOUT
            events = server.drain(2 if rc == 0 else 0.5)
            handshakes = [e for e in events if "version" in e]
            why = []
            want_out = "p\n" if case.want_exit == 0 else ""
            if rc != case.want_exit or out != want_out:
                why.append("exit %s (want %d), stdout %r" % (rc, case.want_exit, out))
            if case.want_exit == 0:
                if not handshakes:
                    why.append("the server saw no handshake")
                for k, v in case.want.items():
                    got = [h.get(k) for h in handshakes]
                    if any(g != v for g in got):
                        why.append("%s %s (want %s)" % (k, got, v))
            if why:
                errors = [e["error"] for e in events if "error" in e]
                stderr = " | ".join(err.strip().splitlines()[-3:]).replace(TOKEN, "<token>")
                why.append("stderr: " + stderr)
                if errors:
                    why.append("server: " + "; ".join(errors[:3]))
            results[b] = "; ".join(why) or None
    finally:
        server.close()
    return results


def main(argv):
    if len(argv) >= 2 and argv[0] == "--serve":
        serve(argv[1])
        return 0
    shard, shards = 0, 1
    if argv and argv[0] == "--shard":
        try:
            shard, shards = (int(x) for x in argv[1].split("/"))
        except (IndexError, ValueError):
            shards = 0
        if not 0 <= shard < shards:
            print("--shard wants I/N with 0 <= I < N", file=sys.stderr)
            return 2
        argv = argv[2:]
    if not argv:
        print("usage: tls_matrix_test.py [--shard I/N] PODINIT [PODINIT...]", file=sys.stderr)
        return 2
    binaries = []
    for b in argv:
        if os.access(b, os.X_OK):
            binaries.append(os.path.abspath(b))
        else:
            print("skip %s: not built" % b)
    if not binaries:
        return 77
    work = tempfile.mkdtemp(prefix="podinit-tls-matrix-")
    try:
        c = Certs(work)
        with open(c.path("token"), "w") as f:
            f.write(TOKEN)
        t = time.monotonic()
        make_certs(c)
        print("# certificates made in %.1f s" % (time.monotonic() - t))
        all_cases = list(enumerate(cases()))[shard::shards]
        results = {b: [] for b in binaries}
        for i, case in all_cases:
            try:
                per_binary = run_case(c, work, i, case, binaries)
            except RuntimeError as e:
                per_binary = {b: "test setup: %s" % e for b in binaries}
            for b in binaries:
                results[b].append((case.name, per_binary[b]))
        failed = 0
        for b in binaries:
            fails = sum(1 for _, why in results[b] if why)
            failed += fails
            print("== %s: %d/%d ok" % (b, len(results[b]) - fails, len(results[b])))
            for name, why in results[b]:
                print("ok   %s" % name if why is None else "FAIL %s: %s" % (name, why))
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
