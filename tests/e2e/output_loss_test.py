#!/usr/bin/env python3
"""Output is never lost silently: every write to standard output is checked, a failed or short
write is an error with a non-zero exit, and a non-blocking or slow standard output still gets
every byte."""
import fcntl, os, subprocess, sys, tempfile, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import Checks, stop  # noqa: E402

podinit, root = sys.argv[1:3]
POD = os.path.join(root, "tests/e2e/testdata/pod-web-0.json")
work = tempfile.mkdtemp()
checks = Checks()
check = checks.check


try:
    tmpl = os.path.join(work, "t.tmpl")
    open(tmpl, "w").write("{{ .metadata.name }}\n")
    # A template whose output is 11.8 MB.
    big = os.path.join(work, "big.tmpl")
    open(big, "w").write('{{ range until 100000 }}' + 'x' * 117 + '{{ . | printf "%06d" }}\n{{ end }}')
    want_big = sum(117 + 6 + 1 for _ in range(100000))

    for name, args in {"get": ["get", "--pod-file", POD, "metadata.name"],
                       "render to stdout": ["render", "--pod-file", POD, "-t", tmpl]}.items():
        with open("/dev/full", "w") as full:
            r = subprocess.run([podinit, *args], stdout=full, stderr=subprocess.PIPE, text=True, timeout=20)
        check(r.returncode != 0 and "standard output" in r.stderr,
              f"{name} > /dev/full fails and says so (exit {r.returncode}: {r.stderr.strip()})")
        r = subprocess.run([podinit, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                           timeout=20, preexec_fn=lambda: os.close(1))
        check(r.returncode != 0 and "standard output" in r.stderr,
              f"{name} with standard output closed fails and says so (exit {r.returncode}: {r.stderr.strip()})")

    # A non-blocking pipe read slowly: every byte arrives.
    rfd, wfd = os.pipe()
    fcntl.fcntl(wfd, fcntl.F_SETFL, fcntl.fcntl(wfd, fcntl.F_GETFL) | os.O_NONBLOCK)
    got = bytearray()

    def reader():
        time.sleep(0.3)  # let the pipe fill first
        while True:
            chunk = os.read(rfd, 65536)
            if not chunk:
                return
            got.extend(chunk)
            time.sleep(0.001)

    t = threading.Thread(target=reader)
    t.start()
    p = subprocess.Popen([podinit, "render", "--pod-file", POD, "-t", big], stdout=wfd,
                         stderr=subprocess.PIPE, text=True)
    os.close(wfd)
    rc = p.wait(timeout=40)
    t.join(timeout=40)
    check(rc == 0 and len(got) == want_big,
          f"render into a slow non-blocking pipe delivers all {want_big} bytes (exit {rc}, got {len(got)}: "
          f"{p.stderr.read().strip()[:200]})")
    os.close(rfd)
finally:
    stop([], work)

checks.exit()
