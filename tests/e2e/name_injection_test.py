#!/usr/bin/env python3
"""Secrets stay behind --allow-secrets, whatever a name says. Names and namespaces reach API
paths from templates, labels, annotations, ownerReferences and spec.nodeName, i.e. from whoever
wrote the pod. Each hostile form is tried through every template function that takes one, and
through --namespace and --pod-name: podinit must refuse it with an error naming it, and the fake
API server's request log must show no request for a Secret (nor any path with `..` or an
escaped slash), and no Secret's value may appear anywhere."""
import base64, json, os, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks, stop  # noqa: E402

podinit, fakeapi = sys.argv[1:3]
work = tempfile.mkdtemp()
checks = Checks()
check = checks.check
SECRET = "TOPSECRET-VALUE"


HOSTILE = ["../secrets/s", "x/../../secrets/s", "%2e%2e/secrets/s", "..%2Fsecrets%2Fs", "s?x=1",
           "s#frag", "..", ".", "a\u0000b", "UPPER", "s" * 254, "ünïcode", ""]

objects = [
    {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "namespace": "default"},
     "data": {"k": base64.b64encode(SECRET.encode()).decode()}},
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm", "namespace": "default"},
     "data": {"k": "plain"}},
    {"apiVersion": "v1", "kind": "Pod",
     "metadata": {"name": "web-0", "namespace": "default", "labels": {"app": "web"},
                  "annotations": {"evil": "../secrets/s", "evil-ns": "default/../default"},
                  "ownerReferences": [{"apiVersion": "v1", "kind": "Secret", "name": "s",
                                       "uid": "u", "controller": True}]},
     "spec": {"containers": [{"name": "c", "image": "x"}]},
     "status": {"podIP": "10.0.0.1"}},
    {"apiVersion": "v1", "kind": "Pod",
     "metadata": {"name": "web-1", "namespace": "default", "labels": {"app": "web"},
                  "ownerReferences": [{"apiVersion": "apps/v1", "kind": "StatefulSet",
                                       "name": "../../../api/v1/namespaces/default/secrets/s",
                                       "uid": "u", "controller": True}]},
     "spec": {"containers": [{"name": "c", "image": "x"}],
              "nodeName": "../api/v1/namespaces/default/secrets/s"},
     "status": {"podIP": "10.0.0.2"}},
]

procs = []
try:
    objdir = os.path.join(work, "objects")
    os.makedirs(objdir)
    for i, o in enumerate(objects):
        with open(os.path.join(objdir, f"{i}.json"), "w") as f:
            json.dump(o, f)
    kubeconfig = os.path.join(work, "kubeconfig")
    log = os.path.join(work, "requests.log")
    server = subprocess.Popen([fakeapi, "--objects", objdir, "--token", "name-injection-test-token", "--kubeconfig-out", kubeconfig,
                               "--request-log", log, "--controllers", "none"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    procs.append(server)
    line = server.stdout.readline()
    if "listening" not in line:
        print("FAIL: the fake API server did not start:", line, server.stderr.read()[:2000])
        sys.exit(1)

    def render(template, pod="web-0", extra=()):
        t = os.path.join(work, "t.tmpl")
        with open(t, "w") as f:
            f.write(template)
        return subprocess.run([podinit, "render", "--kubeconfig", kubeconfig, "--pod-name", pod,
                               "-t", t, *extra], capture_output=True, text=True, timeout=30)

    def requests():
        try:
            return open(log).read().splitlines()
        except FileNotFoundError:
            return []

    def q(s):
        return json.dumps(s)  # a Go string literal for these characters

    # (what, template, must it fail?) Every case must leave no Secret read and no request with
    # a smuggled path; those whose argument is not a valid name must also fail with an error.
    # A valid label selector ("UPPER", "", and "a\0b", which Go's parser reads as "a") and
    # lookups of a kind no server has (Helm's empty map) legitimately succeed.
    valid_selectors = {"UPPER", "", "a\u0000b"}
    cases = []
    for name in HOSTILE:
        cases += [
            (f"configMap {name!r}", f"{{{{ configMap {q(name)} \"k\" }}}}", True),
            (f"configMap {name!r} (whole)", f"{{{{ configMap {q(name)} }}}}", True),
            (f"lookup ConfigMap name {name!r}", f"{{{{ lookup \"v1\" \"ConfigMap\" \"default\" {q(name)} }}}}",
             name != ""),
            (f"lookup namespace {name!r}", f"{{{{ lookup \"v1\" \"ConfigMap\" {q(name)} \"cm\" }}}}", True),
            (f"lookup kind {name!r}", f"{{{{ lookup \"v1\" {q(name)} \"default\" \"cm\" }}}}", name != "UPPER"),
            (f"lookup apiVersion {name!r}", f"{{{{ lookup {q(name)} \"ConfigMap\" \"default\" \"cm\" }}}}", True),
            (f"endpoints {name!r}", f"{{{{ endpoints {q(name)} }}}}", True),
            (f"pods {name!r}", f"{{{{ pods {q(name)} }}}}", name not in valid_selectors),
        ]
    cases += [
        ("configMap from an annotation", '{{ configMap (index .metadata.annotations "evil") "k" }}', True),
        ("lookup namespace from an annotation",
         '{{ lookup "v1" "ConfigMap" (index .metadata.annotations "evil-ns") "cm" }}', True),
        ("lookup v1 secret (lower case kind)", '{{ lookup "v1" "secret" "default" "s" }}', True),
        ("lookup v1 SECRETS", '{{ lookup "v1" "SECRET" "default" "s" }}', True),
        ("lookup of every Secret", '{{ lookup "v1" "Secret" "default" "" }}', True),
        ("lookup of every Secret, 3 arguments", '{{ lookup "v1" "Secret" "" }}', True),
        ("lookup Secret in another group's clothes", '{{ lookup "core/v1" "Secret" "default" "s" }}', True),
        ("pods with a query in the selector", '{{ pods "app=web&fieldSelector=x" }}', True),
        ("owner: an ownerReference to a Secret", "{{ owner }}", True),
        ("secret itself", '{{ secret "s" "k" }}', True),
    ]
    for what, template, must_fail in cases:
        before = len(requests())
        r = render(template)
        new = requests()[before:]
        leaked = SECRET in r.stdout or SECRET in r.stderr
        bad_requests = [l for l in new if "/secrets" in l or ".." in l or "%2F" in l.upper() or "%2E" in l.upper()]
        ok = not leaked and not bad_requests and (r.returncode != 0 if must_fail else r.returncode == 0)
        check(ok, f"{what}: {'refused' if must_fail else 'allowed'} (exit {r.returncode})"
                  f"{' LEAKED' if leaked else ''}{' requests: ' + str(bad_requests) if bad_requests else ''}: "
                  f"{r.stderr.strip()[-160:]}")

    # Names that come from the pod itself.
    for what, template in [("statefulset with a path in its ownerReference name", "{{ statefulset }}"),
                           ("owner with a path in its ownerReference name", "{{ owner }}"),
                           ("node with a path as spec.nodeName", "{{ node }}"),
                           ("resource falling back to a node with a path as its name",
                            '{{ resource "limits.memory" }}')]:
        before = len(requests())
        r = render(template, pod="web-1")
        new = requests()[before:]
        bad_requests = [l for l in new if "/secrets" in l or ".." in l]
        check(r.returncode != 0 and SECRET not in r.stdout + r.stderr and not bad_requests,
              f"{what}: refused (exit {r.returncode}): {r.stderr.strip()[-160:]} {bad_requests or ''}")

    # The run's own pod name and namespace.
    for what, extra in [("--namespace ns/../ns", ["--namespace", "default/../default"]),
                        ("--namespace with a slash", ["--namespace", "default/secrets"]),
                        ("--pod-name ../secrets/s", ["--pod-name", "../secrets/s"])]:
        before = len(requests())
        t = os.path.join(work, "t.tmpl")
        open(t, "w").write("{{ .metadata.name }}")
        r = subprocess.run([podinit, "render", "--kubeconfig", kubeconfig, "--pod-name", "web-0", *extra, "-t", t],
                           capture_output=True, text=True, timeout=30)
        new = requests()[before:]
        check(r.returncode == 1 and not new, f"{what}: exit 1 before any request (exit {r.returncode}, "
              f"{len(new)} requests): {r.stderr.strip()[-160:]}")

    # Still allowed, as a control: the same functions with good names work.
    r = render('{{ configMap "cm" "k" }} {{ (lookup "v1" "ConfigMap" "default" "cm").data.k }}')
    check(r.returncode == 0 and "plain plain" in r.stdout, f"control: good names work ({r.returncode}: {r.stderr.strip()[-200:]})")
    r = render('{{ secret "s" "k" }}', extra=["--allow-secrets"])
    check(r.returncode == 0 and SECRET in r.stdout, "control: --allow-secrets reads the Secret")
finally:
    stop(procs, work)

checks.exit()
