#!/usr/bin/env python3
"""podinit through an HTTP CONNECT proxy, as client-go goes through one: a kubeconfig's
proxy-url, else HTTPS_PROXY, skipped for hosts in NO_PROXY. The proxy only ever sees the
TLS tunnel, never the token; a dead proxy is an API error (exit 3)."""
import os, select, shutil, socket, subprocess, sys, tempfile, threading

podinit, fakeapi, root = sys.argv[1:4]
TOKEN = "proxy-test-token-7f3a"
work = tempfile.mkdtemp()
procs = []
failures = 0


class ConnectProxy:
    """A minimal CONNECT proxy on 127.0.0.2; records each CONNECT target and every byte the
    client sent through it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.2", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connects = []
        self.client_bytes = b""
        self.stop = False
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            threading.Thread(target=self.tunnel, args=(conn,), daemon=True).start()

    def tunnel(self, conn):
        conn.settimeout(10)
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 8192:
            chunk = conn.recv(4096)
            if not chunk:
                return conn.close()
            head += chunk
        line = head.split(b"\r\n", 1)[0].decode()
        self.client_bytes += head
        method, target, _ = line.split(" ", 2)
        self.connects.append(target)
        if method != "CONNECT":
            conn.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            return conn.close()
        host, port = target.rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)), timeout=10)
        conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        # Bounded: the tunnel ends when either side closes or after 20 s of silence.
        for _ in range(100000):
            ready, _, _ = select.select([conn, upstream], [], [], 20)
            if not ready:
                break
            done = False
            for s in ready:
                data = s.recv(65536)
                if not data:
                    done = True
                    break
                if s is conn:
                    self.client_bytes += data
                    upstream.sendall(data)
                else:
                    conn.sendall(data)
            if done:
                break
        upstream.close()
        conn.close()


def check(name, ok, detail=""):
    global failures
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))
    if not ok:
        failures += 1


def get(args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower() and k != "KUBECONFIG"}
    env.update(env_extra or {})
    return subprocess.run([podinit, "get", "--timeout", "10s", *args, "metadata.name"], env=env,
                          capture_output=True, text=True, timeout=30)


try:
    ca = os.path.join(work, "ca.crt")
    token_file = os.path.join(work, "token")
    open(token_file, "w").write(TOKEN)
    server = subprocess.Popen([fakeapi, "--objects", os.path.join(root, "examples/etcd/fake-cluster"),
                               "--token", TOKEN, "--namespace", "default", "--ca-out", ca],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    procs.append(server)
    url = server.stdout.readline().split()[-1]  # "listening on https://127.0.0.1:PORT"
    api_target = url[len("https://"):]
    proxy = ConnectProxy()
    proxy_url = f"http://127.0.0.2:{proxy.port}"

    kubeconfig = os.path.join(work, "kubeconfig")
    open(kubeconfig, "w").write(f"""apiVersion: v1
kind: Config
current-context: c
clusters:
- name: k
  cluster: {{server: "{url}", certificate-authority: ca.crt, proxy-url: "{proxy_url}"}}
users:
- name: u
  user: {{tokenFile: token}}
contexts:
- name: c
  context: {{cluster: k, user: u, namespace: default}}
""")
    r = get(["--kubeconfig", kubeconfig, "--pod-name", "etcd-0"])
    check("kubeconfig proxy-url: the GET goes through the proxy",
          r.returncode == 0 and r.stdout == "etcd-0\n" and proxy.connects == [api_target],
          f"rc={r.returncode} out={r.stdout!r} err={r.stderr!r} connects={proxy.connects}")

    direct = ["--server", url, "--ca-file", ca, "--token-file", token_file,
              "--namespace", "default", "--pod-name", "etcd-1"]
    r = get(direct, {"HTTPS_PROXY": proxy_url})
    check("HTTPS_PROXY: the GET goes through the proxy",
          r.returncode == 0 and r.stdout == "etcd-1\n" and proxy.connects == [api_target] * 2,
          f"rc={r.returncode} err={r.stderr!r} connects={proxy.connects}")

    r = get(direct, {"HTTPS_PROXY": proxy_url, "NO_PROXY": "127.0.0.1"})
    check("NO_PROXY: the API server is reached directly",
          r.returncode == 0 and r.stdout == "etcd-1\n" and len(proxy.connects) == 2,
          f"rc={r.returncode} err={r.stderr!r} connects={proxy.connects}")

    check("the proxy saw only the TLS tunnel, never the token",
          TOKEN.encode() not in proxy.client_bytes and len(proxy.client_bytes) > 0,
          "the token crossed the proxy in clear text")

    dead = socket.socket()
    dead.bind(("127.0.0.2", 0))
    dead_port = dead.getsockname()[1]
    dead.close()  # nothing listens there now
    r = get(direct + ["--timeout", "3s"], {"HTTPS_PROXY": f"http://127.0.0.2:{dead_port}"})
    check("a dead proxy is an API error (exit 3) that names the proxy's address",
          r.returncode == 3 and f"{dead_port}" in r.stderr and TOKEN not in r.stderr,
          f"rc={r.returncode} err={r.stderr!r}")
    proxy.stop = True
finally:
    for p in procs:
        if p.poll() is None:
            p.kill()
    shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if failures else 0)
