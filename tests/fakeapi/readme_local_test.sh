#!/bin/bash
# The console session in examples/local/README.md, run as written (its /tmp paths moved to a
# temporary directory) with real kubectl against podinit-fake-apiserver: every command's
# output must be the one the README shows, up to column widths, ages, the port and the
# EndpointSlice's random name suffix.
# Usage: readme_local_test.sh FAKE_APISERVER SOURCE_ROOT
set -u
server_bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")  # the session runs in the source root
root=$2
readme=$root/examples/local/README.md
command -v kubectl >/dev/null 2>&1 || { echo "SKIP: kubectl not found"; exit 77; }

tmp=$(mktemp -d)
trap 'kill $(cat "$tmp/pids" 2>/dev/null) 2>/dev/null; rm -rf "$tmp"' EXIT
head -c 24 /dev/urandom | base64 >"$tmp/fake.token"

# The session: "$ " starts a command (a trailing backslash continues it), anything else is the
# output of the command before it.
python3 - "$readme" "$tmp" <<'EOF'
import re, sys
readme, tmp = sys.argv[1:3]
text = open(readme).read()
block = re.search(r"```console\n(.*?)```", text, re.S).group(1)
cmds, want, cont = [], [], False
for line in block.splitlines():
    if cont:
        cmds[-1] += "\n" + line
    elif line.startswith("$ "):
        cmds.append(line[2:])
        want.append([])
    else:
        want[-1].append(line)
        continue
    cont = line.endswith("\\")
script = ["set -u"]
for i, c in enumerate(cmds):
    c = c.replace("/tmp/", tmp + "/")
    script.append("echo '@@ %d'" % i)
    if c.rstrip().endswith("&"):
        # A server started in the background: wait (bounded) until it wrote its kubeconfig.
        script += [c.rstrip(), "echo $! >>%s/pids" % tmp,
                   "for _ in $(seq 100); do [ -s %s/fake.kubeconfig ] && break; sleep 0.1; done" % tmp]
    else:
        script.append(c + " 2>&1")
open(tmp + "/session.sh", "w").write("\n".join(script) + "\n")
open(tmp + "/want", "w").write("\n".join("@@ %d\n" % i + "".join(l + "\n" for l in w)
                                         for i, w in enumerate(want)))
EOF

norm() {  # column widths, ages, ports and generated name suffixes vary from run to run
  sed -E 's/[[:space:]]+/ /g; s/ $//; s/(^| )[0-9]+s( |$)/\1AGE\2/g; s/(etcd-)[a-z0-9]{5}( |$)/\1XXXXX\2/g
          s/(127\.0\.0\.1:)[0-9]+/\1PORT/'
}
(cd "$root" && PATH=$(dirname "$server_bin"):$PATH timeout 50 bash "$tmp/session.sh") >"$tmp/got" 2>&1
grep -v '^$' "$tmp/want" | norm >"$tmp/want.n"
grep -v '^$' "$tmp/got" | norm >"$tmp/got.n"
if diff -u "$tmp/want.n" "$tmp/got.n"; then
  echo "the README's local session gives the output it shows ($(grep -c '^@@' "$tmp/want.n") commands)"
else
  echo "FAIL: examples/local/README.md shows other output than the session gives (- README, + run)"
  exit 1
fi
