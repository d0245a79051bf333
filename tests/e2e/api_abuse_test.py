#!/usr/bin/env python3
"""The real podinit against a hostile API server (hostile_apiserver.py): a server that never
answers TLS or drips a byte a second, garbage and truncated answers, 50 MB and endless bodies,
a redirect to another host, certificates for another name, expired or self-signed, and a 401
that echoes the token. Every case wants exit 3, one `podinit: error:` line that names the
problem, bounded time and memory, no output file, and never the token in any output."""
import os, re, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile_apiserver as H  # noqa: E402

podinit = sys.argv[1]  # then the groups to run (PARTS below); all by default
work = tempfile.mkdtemp()
TOKEN = "abuse-token-" + os.urandom(12).hex()
fails = []
servers = []


def setup():
    H.make_certs(work)
    with open(os.path.join(work, "token"), "w") as f:
        f.write(TOKEN + "\n")
    sa = os.path.join(work, "sa")
    os.mkdir(sa)
    shutil.copy(os.path.join(work, "ca.crt"), sa)
    shutil.copy(os.path.join(work, "token"), sa)
    with open(os.path.join(sa, "namespace"), "w") as f:
        f.write("ns\n")
    with open(os.path.join(work, "t.tmpl"), "w") as f:
        f.write("ip={{ .status.podIP }}\n")


def serve(behaviour, host="127.0.0.1", cert="server", tls=True):
    s = H.Server(host, behaviour, work if tls else None, cert)
    servers.append(s)
    return s


SANITIZED = bool(os.environ.get("PODINIT_TEST_SANITIZED"))  # see tests/e2e/meson.build
TIME = shutil.which("time", path="/usr/bin:/bin")


def start(args, env=None):
    """podinit ARGS with a clean environment, under /usr/bin/time when there is one: its child
    is forked from a small process, while ru_maxrss survives exec, so podinit forked straight
    from this big Python would report Python's size. Without `time`, VmHWM is polled from
    /proc (a new mm at exec starts from zero)."""
    n = len(os.listdir(work))
    files = [os.path.join(work, "run%d.%s" % (n, x)) for x in ("out", "err", "rss")]
    full_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": work, **(env or {})}
    argv = [podinit, *args]
    if TIME:
        argv = [TIME, "-q", "-f", "%M", "-o", files[2], *argv]
    with open(files[0], "wb") as o, open(files[1], "wb") as e:
        p = subprocess.Popen(argv, stdout=o, stderr=e, env=full_env, start_new_session=True)
    return p, files, time.monotonic()


def finish(started, limit=40):
    """Waits for start()'s podinit, killing it after `limit` seconds; returns (rc, stdout,
    stderr, seconds, peak RSS in MiB)."""
    p, (out, err, rss_file), begun = started
    hwm_kib = 0
    for _ in range(int(limit / 0.02) + 1):
        if p.poll() is not None:
            break
        if not TIME:
            hwm_kib = max(hwm_kib, _vm_hwm_kib(p.pid))
        if time.monotonic() - begun > limit:
            os.killpg(p.pid, 9)
            p.wait()
            break
        time.sleep(0.02)
    took = time.monotonic() - begun
    if TIME and os.path.exists(rss_file):
        words = open(rss_file).read().split()
        hwm_kib = int(words[-1]) if words and words[-1].isdigit() else 0
    return (p.returncode, open(out, errors="replace").read(), open(err, errors="replace").read(),
            took, hwm_kib / 1024)


def podinit_pid(started):
    """The podinit of start(), not the `time` around it."""
    p = started[0]
    if not TIME:
        return p.pid
    children = open("/proc/%d/task/%d/children" % (p.pid, p.pid)).read().split()
    return int(children[0]) if children else p.pid


def run(args, env=None, limit=40):
    return finish(start(args, env), limit)


def _vm_hwm_kib(pid):
    try:
        for line in open("/proc/%d/status" % pid):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def flags(server):
    return ["--server", server.url, "--ca-file", os.path.join(work, "ca.crt"),
            "--token-file", os.path.join(work, "token"), "--namespace", "ns", "--pod-name", "p"]


def in_cluster(server):
    """The in-cluster form: KUBERNETES_SERVICE_* and the service-account directory."""
    return ["--sa-dir", os.path.join(work, "sa")], {
        "KUBERNETES_SERVICE_HOST": server.host, "KUBERNETES_SERVICE_PORT": str(server.port),
        "POD_NAME": "p"}


def check(name, result, rc, pattern, max_seconds=15, max_rss_mib=64, error_mark="podinit: error: "):
    """Exit code, exactly one error line (the last) matching `pattern`, the bounds, no token."""
    got_rc, out, err, took, rss = result
    errors = [l for l in err.splitlines() if error_mark in l]
    last = err.splitlines()[-1] if err.strip() else ""
    problems = []
    if got_rc != rc:
        problems.append("exit %d, want %d" % (got_rc, rc))
    if rc != 0 and (len(errors) != 1 or errors[0] != last or not re.search(pattern, last)):
        problems.append("want one last line matching /%s/" % pattern)
    if took > max_seconds:
        problems.append("took %.1fs, bound %ds" % (took, max_seconds))
    if rss > max_rss_mib and not SANITIZED:
        problems.append("peak RSS %.0f MiB, bound %d MiB" % (rss, max_rss_mib))
    if TOKEN in out or TOKEN in err:
        problems.append("the token is in the output")
    if problems:
        fails.append(name)
        print("FAIL %s: %s\n  stderr: %s" % (name, "; ".join(problems), err.strip()[-2000:]))
    else:
        print("ok   %s: exit %d in %.1fs, %.0f MiB: %s" % (name, got_rc, took, rss, last))


def get(server, *extra, env=None, limit=40):
    return run(["get", "-v", "-v", *flags(server), *extra, "metadata.name"], env, limit)


def render_nothing_written(name, server, pattern, *extra):
    """`render -t T:OUT` fails and writes nothing."""
    dest = os.path.join(work, "out-" + re.sub(r"\W", "_", name))
    r = run(["render", "-v", "-v", *flags(server), *extra, "-t", os.path.join(work, "t.tmpl") + ":" + dest])
    check(name + " (render)", r, 3, pattern)
    if os.path.exists(dest):
        fails.append(name + " wrote")
        print("FAIL %s: render wrote %s" % (name, dest))


def slow_servers():
    """With --timeout (or PODINIT_TIMEOUT) a call gives up at that deadline; without, at the
    client's 60 s (a 5 s connect timeout and 30 s per attempt inside it). Waiting out those
    60 s would make this test longer than an end-to-end test may be: the default is seen still
    trying well past --timeout's 4 s here, and its give-up at 60 s is tested on a fake clock
    (tests/k8sclient/client_backoff_test.cc, HugeRetryAfterIsCappedAndTheDeadlineEndsTheCall)."""
    s = serve(None, tls=False)
    default = start(["get", *flags(s), "metadata.name"])
    check("accepts TCP, never answers TLS", get(s, "--timeout", "4s"), 3,
          r"timed out \(in the TLS handshake", max_seconds=8)
    s = serve(H.drip())
    args, env = in_cluster(s)
    check("a byte a second (in-cluster form, PODINIT_TIMEOUT)",
          run(["get", "-v", "-v", *args, "metadata.name"], dict(env, PODINIT_TIMEOUT="4s")),
          3, r"timed out \(reading the answer", max_seconds=8)
    p = default[0]
    still_trying = p.poll() is None and time.monotonic() - default[2] >= 6
    print(("ok   " if still_trying else "FAIL ") + "never answers TLS, no --timeout: still trying after %.0f s"
          % (time.monotonic() - default[2]))
    if not still_trying:
        fails.append("default deadline")
    os.killpg(p.pid, 9)  # podinit and the `time` that may wrap it: start() made it a session
    p.wait()


def broken_answers():
    cases = [("HTML instead of JSON", H.answer("200 OK", "<html><body>Welcome to nginx!</body></html>",
                                                "text/html"), r"not JSON"),
             ("Content-Length beyond the bytes sent", H.short_body(), r"cut short|closed|dropped"),
             ("chunked body cut mid-object", H.chunked_cut(), r"cut short|closed|dropped")]
    for name, behaviour, pattern in cases:
        s = serve(behaviour)
        check(name, get(s, "--timeout", "5s"), 3, pattern, max_seconds=10)
        render_nothing_written(name, s, pattern, "--timeout", "5s")


def huge_answers():
    """The client's limit is 32 MiB; while a chunked body grows to it, its string reallocates
    (old and new copies at once), so the bound is 1.5 times the limit plus podinit's own
    ~20 MiB, with some slack."""
    big = 50 << 20
    for name, behaviour in [("50 MB Pod, Content-Length", H.huge_pod(big, chunked=False)),
                            ("50 MB Pod, chunked", H.huge_pod(big, chunked=True)),
                            ("endless junk", H.endless_junk()),
                            ("gzip bomb, 50 MB inflated", H.gzip_bomb(big))]:
        s = serve(behaviour)
        check(name, get(s, "--timeout", "20s"), 3, r"exceeds 32 MiB", max_seconds=10,
              max_rss_mib=72)
    bound = 72
    s = serve(H.by_path(H.answer("200 OK", H.pod()), list=H.endless_junk()))
    check("`pods` LIST, endless junk", get(s, '{{ len (pods "app=x") }}', "--timeout", "20s"), 3,
          r"pods\?labelSelector=app%3Dx.*exceeds 32 MiB", max_seconds=10, max_rss_mib=bound)
    # A watch stream is long-lived, so only each event is limited: one that never ends is cut
    # off at 32 MiB, and the watch starts again. The watch runs on its own thread, whose malloc
    # arena gives memory back less eagerly (measured: 82 MiB after the first cut-off, and the
    # same after ten).
    watch_bound = 96
    s = serve(H.by_path(H.answer("200 OK", H.pod()), watch=H.endless_junk()))
    tmpl = os.path.join(work, "t.tmpl")
    watching = start(["run", *flags(s), "--watch", "-t", tmpl + ":" + os.path.join(work, "w.out"),
                      "--", "sleep", "30"])
    time.sleep(4)
    os.kill(podinit_pid(watching), 15)
    got_rc, out, err, took, rss = r = finish(watching, limit=10)
    cut = err.count("a watch event exceeds 32 MiB")
    if cut < 2 or (rss > watch_bound and not SANITIZED) or TOKEN in out + err or got_rc != 128 + 15:
        fails.append("endless watch event")
        print("FAIL endless watch event: exit %d, %d cut-offs, %.0f MiB:\n%s" % (got_rc, cut, rss, err[-1500:]))
    else:
        print("ok   --watch, an endless watch event: cut off %d times in 4 s, %.0f MiB, then SIGTERM: exit %d"
              % (cut, rss, got_rc))


def redirects():
    for status in ("302 Found", "307 Temporary Redirect"):
        second = serve(H.answer("200 OK", H.pod()), host="127.0.0.2", cert="second")
        first = serve(H.redirect(status, second.url + "/api/v1/namespaces/ns/pods/p"))
        check("redirect %s to another host" % status, get(first), 3,
              r"redirect.*%s" % status.split()[0])
        if second.requests:
            fails.append("redirect followed")
            print("FAIL: the redirect was followed: %s" % second.requests)


def certificates():
    for cert, pattern in [("wrongname", r"certificate.*(name|match)"),
                          ("expired", r"certificate.*expired"),
                          ("selfsigned", r"certificate.*self.signed")]:
        s = serve(H.answer("200 OK", H.pod()), cert=cert)
        check("certificate: %s" % cert, get(s), 3, pattern, max_seconds=5)
        if s.requests:
            fails.append(cert + " got a request")
            print("FAIL: a request went over the %s certificate" % cert)


def token_echo():
    for as_status in (True, False):
        s = serve(H.echo_authorization(as_status))
        check("401 echoing the token (%s)" % ("Status" if as_status else "text"), get(s), 3,
              r"401.*token was rejected", max_seconds=5)
        s = serve(H.echo_authorization(as_status))
        r = run(["get", "-v", "-v", "--log-format", "json", *flags(s), "metadata.name"])
        check("401 echoing the token, JSON logs", r, 3, r'"level":"error".*401',
              error_mark='"level":"error"')


def success():
    s = serve(H.answer("200 OK", H.pod()))
    r = get(s)
    check("a good answer at -v -v", r, 0, "")
    if r[1] != "p\n":
        fails.append("good answer")
        print("FAIL: a good answer printed %r" % r[1])


# One meson test per group (tests/e2e/meson.build), so that each stays well inside the 60 s an
# end-to-end test may take, and they run in parallel.
PARTS = {"slow": [slow_servers], "answers": [success, broken_answers, huge_answers],
         "peers": [redirects, certificates, token_echo]}
try:
    setup()
    for name in sys.argv[2:] or PARTS:
        for part in PARTS[name]:
            part()
finally:
    for s in servers:
        s.close()
    shutil.rmtree(work, ignore_errors=True)
print("%d failed: %s" % (len(fails), ", ".join(fails)) if fails else "all passed")
sys.exit(1 if fails else 0)
