#!/bin/sh
# Compares podinit's init with tini as PID 1 of a fresh PID namespace (needs root):
#   idle RSS (VmRSS of the init while it supervises `sleep`), and the time to reap a burst
#   of 2,000 orphans that become zombies of the init at once.
# usage: bench/init_bench.sh [INIT_CMD...]
#   default: the static and the dynamic test driver of build dir $BUILD (build-init), and
#   /usr/bin/tini-static. An INIT_CMD may have arguments ('/path/podinit run --init').
#   Static vs dynamic linking changes RSS a lot: the table says which each binary is.
set -eu
BUILD=${BUILD:-build-init}
ROUNDS=${ROUNDS:-5}
if [ $# -eq 0 ]; then
  set -- "$BUILD/tests/entrypoint/init/init_driver_static" "$BUILD/tests/entrypoint/init/init_driver" \
    /usr/bin/tini-static
fi

# Prints the pid of the init that unshare started (the child of unshare).
init_pid() {
  i=0
  while [ $i -lt 500 ]; do
    kids=$(cat /proc/$1/task/$1/children 2>/dev/null || true)
    if [ -n "$kids" ]; then echo ${kids%% *}; return; fi
    sleep 0.01; i=$((i+1))
  done
  echo "init did not start" >&2; exit 1
}

idle_rss_kb() {
  unshare --pid --fork --mount-proc $1 -- sleep 30 &
  u=$!
  p=$(init_pid $u)
  sleep 0.5
  awk '/^VmRSS/ {print $2}' /proc/$p/status
  kill -TERM $p
  wait $u || true
}

# The main child makes 2,000 processes that exit at once, exits their parent so they are
# re-parented (as zombies) to PID 1, and measures until /proc shows no zombie.
BURST='
import os, time
def zombies():
    n = 0
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                s = open(f"/proc/{d}/stat").read()
            except OSError:
                continue
            if s[s.rfind(")") + 2] == "Z":
                n += 1
    return n
r, w = os.pipe()
mid = os.fork()
if mid == 0:
    for _ in range(2000):
        if os.fork() == 0:
            os._exit(0)
    while zombies() < 2000:
        time.sleep(0.001)
    os._exit(0)
os.waitpid(mid, 0)
start = time.monotonic()
deadline = start + 30
while zombies() and time.monotonic() < deadline:
    pass
print("%.1f" % ((time.monotonic() - start) * 1000))
'

burst_ms() {
  unshare --pid --fork --mount-proc $1 -- python3 -c "$BURST"
}

linkage() {
  f=$(echo $1 | cut -d' ' -f1)
  if ldd "$f" >/dev/null 2>&1; then echo dynamic; else echo static; fi
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-44s %-8s %14s %22s\n' "init" "linking" "idle RSS (kB)" "2000-orphan reap (ms)"
for cmd in "$@"; do
  rss=$(for r in $(seq $ROUNDS); do idle_rss_kb "$cmd"; done | median)
  ms=$(for r in $(seq $ROUNDS); do burst_ms "$cmd"; done | median)
  printf '%-44s %-8s %14s %22s\n' "$cmd" \
    "$(linkage "$cmd")" "$rss" "$ms"
done
echo "(medians of $ROUNDS runs; reap time = from the burst's parent exiting until /proc shows no zombie, includes /proc scans)"
