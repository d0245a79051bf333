#!/usr/bin/env python3
"""The service-account token and Secrets, through the real podinit and podinit-fake-apiserver:
COMMAND and --pre-exec (exec'd, or under the init supervisor) find the token neither in their
cmdline, environment, open descriptors nor their parent's cmdline and environment; no output
carries it at -v -v; files rendered from a Secret, by `secret` or by `lookup "v1" "Secret"`,
are 0600 and other files 0644; `lookup` of a Secret needs --allow-secrets as `secret` does."""
import json, os, shutil, subprocess, sys, tempfile

podinit, fakeapi, root = sys.argv[1:4]
work = tempfile.mkdtemp()
TOKEN = "secrets-token-" + os.urandom(12).hex()
SECRET_VALUE = "s3cr3t"  # etcd-auth's password in tests/fakeapi/testdata
fails = []
os.umask(0o022)

DUMP = r"""
import json, os, sys
def read(p):
    try:
        return open(p, "rb").read().decode(errors="replace")
    except OSError as e:
        return "unreadable: %s" % e
fds = {}
for fd in os.listdir("/proc/self/fd"):
    try:
        fds[fd] = os.readlink("/proc/self/fd/" + fd)
    except OSError:
        pass
tcp = []  # inherited TCP connections, by the socket inodes in /proc/net/tcp*
inodes = {t[len("socket:["):-1] for t in fds.values() if t.startswith("socket:[")}
for table in ("/proc/net/tcp", "/proc/net/tcp6"):
    for line in read(table).splitlines()[1:]:
        f = line.split()
        if len(f) > 9 and f[9] in inodes:
            tcp.append(f[1] + " -> " + f[2])
ppid = os.getppid()
json.dump({"cmdline": read("/proc/self/cmdline"), "environ": read("/proc/self/environ"),
           "fds": fds, "tcp": tcp, "parent_cmdline": read("/proc/%d/cmdline" % ppid),
           "parent_environ": read("/proc/%d/environ" % ppid)}, open(sys.argv[1], "w"))
"""


def fail(msg):
    fails.append(msg)
    print("FAIL " + msg)


def run(args, env, what):
    p = subprocess.run([podinit, *args], env={"PATH": os.environ["PATH"], **env},
                       capture_output=True, text=True, timeout=30)
    if TOKEN in p.stdout + p.stderr:
        fail("%s: the token is in podinit's output" % what)
    if SECRET_VALUE in p.stderr:
        fail("%s: the secret's value is in podinit's log" % what)
    return p


def check_children(label, args, env):
    for f in ("pre.json", "cmd.json"):
        if os.path.exists(os.path.join(work, f)):
            os.remove(os.path.join(work, f))
    dump = os.path.join(work, "dump.py")
    p = run(["run", "-v", "-v", *args, "--pre-exec", "%s %s %s" % (sys.executable, dump, os.path.join(work, "pre.json")),
             "--", sys.executable, dump, os.path.join(work, "cmd.json")], env, label)
    if p.returncode != 0:
        return fail("%s: exit %d: %s" % (label, p.returncode, p.stderr.strip()))
    for child in ("pre", "cmd"):
        d = json.load(open(os.path.join(work, child + ".json")))
        leaks = [k for k in ("cmdline", "environ", "parent_cmdline", "parent_environ") if TOKEN in d[k]]
        token_fds = [t for t in d["fds"].values() if "token" in t or t.endswith("kubeconfig")]
        if leaks or token_fds or d["tcp"]:
            fail("%s: %s: the token in %s, token files open %s, TCP connections %s"
                 % (label, child, leaks, token_fds, d["tcp"]))
        else:
            sockets = sorted(t for t in d["fds"].values() if t.startswith("socket:"))
            print("ok   %s: %s: no token in cmdline, environ, fds, parent's cmdline/environ; no TCP connection%s"
                  % (label, child, " (inherited sockets: %s)" % sockets if sockets else ""))


def check_mode(label, path, want):
    if not os.path.exists(path):
        return fail("%s: %s was not written" % (label, path))
    got = os.stat(path).st_mode & 0o777
    if got != want:
        fail("%s: mode %o, want %o" % (label, got, want))
    else:
        print("ok   %s: mode %o" % (label, got))


server = None
try:
    open(os.path.join(work, "dump.py"), "w").write(DUMP)
    ca, kubeconfig, sa = (os.path.join(work, n) for n in ("ca.crt", "kubeconfig", "sa"))
    server = subprocess.Popen([fakeapi, "--objects", os.path.join(root, "tests/fakeapi/testdata"),
                               "--token", TOKEN, "--ca-out", ca, "--kubeconfig-out", kubeconfig],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = server.stdout.readline().split()[-1]
    port = url.rsplit(":", 1)[1]
    os.mkdir(sa)
    shutil.copy(ca, sa)
    open(os.path.join(sa, "token"), "w").write(TOKEN)
    open(os.path.join(sa, "namespace"), "w").write("default")
    cluster = {"KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": port,
               "POD_NAME": "etcd-0"}
    in_cluster = ["--sa-dir", sa]

    check_children("exec, in-cluster", in_cluster, cluster)
    check_children("--init, in-cluster", ["--init", *in_cluster], cluster)
    check_children("exec, kubeconfig with the token inline", ["--kubeconfig", kubeconfig, "--pod-name", "etcd-0"], {})
    check_children("--init, PODINIT_ options", [], {**cluster, "PODINIT_SA_DIR": sa, "PODINIT_INIT": "1"})

    t = lambda name, text: (open(os.path.join(work, name), "w").write(text), os.path.join(work, name))[1]
    by_secret = t("secret.tmpl", 'password={{ secret "etcd-auth" "password" }}\n')
    by_lookup = t("lookup.tmpl", '{{ (lookup "v1" "Secret" "etcd-auth").data.password | b64dec }}\n')
    by_list = t("list.tmpl", '{{ range (lookup "v1" "Secret" "").items }}{{ .data.password | b64dec }}{{ end }}\n')
    plain = t("plain.tmpl", "{{ .metadata.name }}\n")
    out = lambda name: os.path.join(work, name)
    r = lambda *a: run(["render", "-v", "-v", *in_cluster, *a], cluster, "render " + " ".join(a))

    p = r("--allow-secrets", "-t", by_secret + ":" + out("s.conf"), "-e", "PW={{ secret \"etcd-auth\" \"password\" }}",
          "--env-file", out("s.env"))
    check_mode("secret → file", out("s.conf"), 0o600)
    check_mode("secret → --env-file", out("s.env"), 0o600)
    r("--allow-secrets", "-t", by_lookup + ":" + out("l.conf"))
    check_mode("lookup v1 Secret → file", out("l.conf"), 0o600)
    r("--allow-secrets", "-t", by_list + ":" + out("ll.conf"))
    check_mode("lookup v1 Secret list → file", out("ll.conf"), 0o600)
    r("-t", plain + ":" + out("p.conf"))
    check_mode("no secret → file", out("p.conf"), 0o644)
    run(["run", *in_cluster, "--allow-secrets", "-t", by_secret + ":" + out("run.conf"), "--", "true"], cluster, "run")
    check_mode("run, secret → file", out("run.conf"), 0o600)

    for name, tmpl in (("lookup", by_lookup), ("lookup list", by_list)):
        p = r("-t", tmpl + ":" + out("denied.conf"))
        if p.returncode == 0 or "--allow-secrets" not in p.stderr or os.path.exists(out("denied.conf")):
            fail("%s of a Secret without --allow-secrets: exit %d, %s" % (name, p.returncode, p.stderr.strip()))
        else:
            print("ok   %s of a Secret without --allow-secrets: exit %d: %s" % (name, p.returncode, p.stderr.strip().splitlines()[-1]))
finally:
    if server is not None:
        server.kill()
        server.wait()
    shutil.rmtree(work, ignore_errors=True)
print("%d failed" % len(fails) if fails else "all passed")
sys.exit(1 if fails else 0)
