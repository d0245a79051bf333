#!/usr/bin/env bash
# podinit's benchmark: one Markdown table on stdout where each podinit figure stands beside
# its peer measured in the same run, with the ratio (peer ÷ podinit). Progress goes to stderr.
# A benchmark, not a test: nothing here fails on a slow figure; a piece that is missing or
# broken prints "n/a (reason)" in its cell.
#
#   bash bench/run.sh [--quick] [--no-setup]
#
# First runs scripts/setup.sh --bench (apt-get: Go, hyperfine, ...) and scripts/build.sh, so a
# fresh Debian 12 machine needs nothing else; --no-setup measures the binaries as they are.
#
# Environment (all optional):
#   PODINIT   podinit binary (default: build-static/, then build/ of this checkout)
#   FAKEAPI   podinit-fake-apiserver (default: build/, then build-static/); without it the
#             HTTPS server is `openssl s_server -WWW` serving the pod file
#   KUBECTL   kubectl (default: the plain kubectl 1.32 of the Cloud SDK, else `kubectl`)
#   TINI      tini-static (default /usr/bin/tini-static)
#   TEMPLATE_BENCH  podinit's engine alone (default build/bench/template_bench)
#   FLOOR     the start-up floor, bench/floor/floor.c (default build-static/bench/podinit-floor)
#   PYTHON    a python3 with the `kubernetes` package (default /usr/bin/python3)
#   BENCH_NO_HYPERFINE=1  time with tools/timeit.py even when hyperfine is installed
set -uo pipefail

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$bench")
quick=0 setup=1
for a in "$@"; do
  case $a in
    --quick) quick=1 ;;
    --no-setup) setup=0 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "usage: bash bench/run.sh [--quick] [--no-setup]" >&2; exit 1 ;;
  esac
done

# On a fresh machine the one command is enough: the peers (apt-get) and both builds first.
if [ "$setup" = 1 ]; then
  echo "[bench] setting up: scripts/setup.sh --bench, scripts/build.sh (log: /tmp/podinit-bench-setup.log)" >&2
  { bash "$repo/scripts/setup.sh" --bench && bash "$repo/scripts/build.sh"; } >/tmp/podinit-bench-setup.log 2>&1 ||
    { echo "[bench] setup failed; measuring what exists:" >&2; tail -n 5 /tmp/podinit-bench-setup.log >&2; }
  # Built by no default target: the engine alone (row 2) and the start-up floor (row 1e).
  { meson compile -C "$repo/build" bench/template_bench &&
    meson compile -C "$repo/build-static" bench/podinit-floor; } >>/tmp/podinit-bench-setup.log 2>&1 ||
    echo "[bench] template_bench or podinit-floor did not build: see /tmp/podinit-bench-setup.log" >&2
fi

first_exe() { local f; for f in "$@"; do [ -n "$f" ] && [ -x "$f" ] && { echo "$f"; return; }; done; }
PODINIT=${PODINIT:-$(first_exe "$repo/build-static/entrypoint/podinit" "$repo/build/entrypoint/podinit")}
FAKEAPI=${FAKEAPI:-$(first_exe "$repo/build/fakeapi/podinit-fake-apiserver" "$repo/build-static/fakeapi/podinit-fake-apiserver")}
KUBECTL=${KUBECTL:-$(first_exe /usr/lib/google-cloud-sdk/bin/kubectl.1.32 "$(command -v kubectl)")}
TINI=${TINI:-/usr/bin/tini-static}
TEMPLATE_BENCH=${TEMPLATE_BENCH:-$(first_exe "$repo/build/bench/template_bench")}
FLOOR=${FLOOR:-$(first_exe "$repo/build-static/bench/podinit-floor")}
PYTHON=${PYTHON:-/usr/bin/python3}
PODINIT=${PODINIT:+$(readlink -f "$PODINIT")}
FAKEAPI=${FAKEAPI:+$(readlink -f "$FAKEAPI")}

if [ "$quick" = 1 ]; then
  R_FAST=15 R_SLOW=8 W=2 LOAD_N=200 SIZES="1000 10000 100000"
else
  R_FAST=100 R_SLOW=30 W=5 LOAD_N=1000 SIZES="1000 10000 100000"
fi

work=$(mktemp -d /tmp/podinit-bench.XXXXXX)
# Row 1's outputs go where a pod's go: an emptyDir, which does not outlive the pod, so podinit
# writes it without an fsync (entrypoint/fsio/durability.h). A tmpfs stands in for it (podinit
# skips the fsync there too); every contender writes into the same directory. Row 1f writes
# to this machine's disk instead, as to a hostPath, where podinit does fsync.
if [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ]; then
  outdir=$(mktemp -d /dev/shm/podinit-bench-out.XXXXXX)
else
  outdir=$work/out-tmpfs
fi
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work" "$outdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

commas() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
log() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
isnum() { [[ $1 =~ ^[0-9]+(\.[0-9]+)?$ ]]; }
na() { echo "n/a ($*)"; }
lastline() { tr -d '|' | sed '/^[[:space:]]*$/d' | tail -n 1 | cut -c1-90; }

# Seconds → "412 µs", "3.21 ms", "1.25 s".
fmt_s() {
  isnum "$1" || { echo "$1"; return; }
  awk -v s="$1" 'BEGIN {
    if (s < 0.001) printf "%.0f µs", s * 1e6;
    else if (s < 0.1) printf "%.2f ms", s * 1e3;
    else if (s < 1) printf "%.0f ms", s * 1e3;
    else printf "%.2f s", s }'
}
fmt_bytes() {
  isnum "$1" || { echo "$1"; return; }
  # Decimal units, as the goal "≤ 4 MB" and `ls -l --si` count.
  awk -v b="$1" 'BEGIN { if (b >= 1e6) printf "%.2f MB", b / 1e6; else printf "%.0f kB", b / 1e3 }'
}
# peer ÷ podinit, "12.3×"; n/a when either side is missing.
ratio() {
  if isnum "$1" && isnum "$2" && awk -v a="$1" 'BEGIN { exit !(a > 0) }'; then
    awk -v a="$1" -v b="$2" 'BEGIN { r = b / a; printf (r >= 10 ? "%.0f×" : "%.2f×"), r }'
  else
    echo "n/a"
  fi
}
# Goal cell: "≥10× (met)" when the ratio reaches MIN, else "(not met)"; nothing judged on n/a.
goal() {  # text min podinit peer
  local text=$1 min=$2
  if isnum "$3" && isnum "$4" && awk -v a="$3" 'BEGIN { exit !(a > 0) }'; then
    if awk -v a="$3" -v b="$4" -v m="$min" 'BEGIN { exit !(b / a >= m) }'; then
      echo "$text (met)"; else echo "$text (not met)"; fi
  else
    echo "$text"
  fi
}

rows=()
row() { rows+=("| $1 | $2 | $3 | $4 | $5 | $6 | $7 |"); }

# measure RUNS WARMUP [--prepare CMD] -- COMMAND...: median wall seconds of the whole process,
# or "n/a (reason)" when the command fails. hyperfine when installed, else tools/timeit.py.
measure() {
  local runs=$1 warmup=$2 prepare=
  shift 2
  if [ "$1" = --prepare ]; then prepare=$2; shift 2; fi
  [ "$1" = -- ] && shift
  local err
  [ -n "$prepare" ] && $prepare
  if ! err=$("$@" 2>&1 >/dev/null); then
    na "$(basename "$1") failed: $(printf '%s\n' "$err" | lastline)"; return
  fi
  if have hyperfine && [ "${BENCH_NO_HYPERFINE:-}" != 1 ]; then
    local cmd json=$work/hyperfine.json
    cmd=$(printf '%q ' "$@")
    if hyperfine -N --style basic --warmup "$warmup" --runs "$runs" --output null \
         ${prepare:+--prepare "$prepare"} --export-json "$json" -- "$cmd" >>"$work/hyperfine.log" 2>&1; then
      jq -r '.results[0].median' "$json"
    else
      na "hyperfine failed: $(lastline < "$work/hyperfine.log")"
    fi
  else
    local out
    if out=$("$PYTHON" "$bench/tools/timeit.py" "$runs" "$warmup" ${prepare:+--prepare "$prepare"} "$@" 2>&1); then echo "$out"
    else na "$(printf '%s\n' "$out" | lastline)"; fi
  fi
}

# The podinit binary, or why it cannot be used.
podinit_missing() {
  if [ -z "$PODINIT" ]; then echo "no podinit binary: set PODINIT"
  elif [ ! -x "$PODINIT" ]; then echo "PODINIT=$PODINIT is not executable"
  fi
}
# Whether podinit implements COMMAND (an unimplemented one says so and exits 1).
podinit_has() {
  local out
  out=$("$PODINIT" "$1" --help 2>&1) || { echo "podinit $1: $(printf '%s\n' "$out" | lastline)"; return 1; }
}

data=$bench/data
mkdir -p "$work/out" "$work/sa" "$work/objects" "$outdir"
log "podinit=${PODINIT:-none} fakeapi=${FAKEAPI:-none} kubectl=${KUBECTL:-none} quick=$quick work=$work"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

##############################################################################################
# The HTTPS API server for rows 1 and 5: podinit-fake-apiserver, else openssl s_server -WWW.
NS=storage POD=etcd-1
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s' "$token" > "$work/sa/token"
printf 'Authorization: Bearer %s\n' "$token" > "$work/auth-header"
chmod 600 "$work/sa/token" "$work/auth-header"
echo "$NS" > "$work/sa/namespace"
cp "$data/pod-etcd-1.json" "$work/objects/"
server_kind='' port=''

# start_fakeapi LOGFILE EXTRA_ARGS...: starts a fake server; sets $port; returns 1 on failure.
start_fakeapi() {
  local logf=$1; shift
  "$FAKEAPI" --listen 127.0.0.1:0 --objects "$work/objects" --token "$token" --namespace "$NS" "$@" \
    >"$logf" 2>&1 &
  pids+=($!)
  local i
  for i in $(seq 1 100); do
    port=$(sed -n 's|.*listening on https://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$logf" 2>/dev/null | head -n 1)
    [ -n "$port" ] && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.05
  done
  return 1
}

start_s_server() {
  local c=$work/certs d=$work/docroot/api/v1/namespaces/$NS/pods
  mkdir -p "$c" "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=podinit-bench-ca" \
    -keyout "$c/ca.key" -out "$c/ca.crt" 2>/dev/null || return 1
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$c/server.key" \
    -out "$c/server.csr" 2>/dev/null || return 1
  echo "subjectAltName=IP:127.0.0.1,DNS:localhost" > "$c/san.ext"
  openssl x509 -req -in "$c/server.csr" -CA "$c/ca.crt" -CAkey "$c/ca.key" -CAcreateserial \
    -days 2 -extfile "$c/san.ext" -out "$c/server.crt" 2>/dev/null || return 1
  cp "$data/pod-etcd-1.json" "$d/$POD"
  ln -s "$POD" "$d/$POD?resourceVersion=0"
  cp "$c/ca.crt" "$work/sa/ca.crt"
  port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  (cd "$work/docroot" && exec openssl s_server -quiet -WWW -accept "127.0.0.1:$port" \
     -cert "$c/server.crt" -key "$c/server.key") >"$work/s_server.log" 2>&1 &
  pids+=($!)
  local i
  for i in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
  cat > "$work/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: bench
  cluster: {server: "https://127.0.0.1:$port", certificate-authority: "$c/ca.crt"}
users:
- name: bench
  user: {tokenFile: "$work/sa/token"}
contexts:
- name: bench
  context: {cluster: bench, user: bench, namespace: $NS}
current-context: bench
EOF
}

if [ -n "$FAKEAPI" ] && start_fakeapi "$work/fakeapi.log" --ca-out "$work/sa/ca.crt" \
     --kubeconfig-out "$work/kubeconfig"; then
  server_kind="podinit-fake-apiserver"
else
  [ -n "$FAKEAPI" ] && log "fake API server did not start: $(lastline < "$work/fakeapi.log")"
  start_s_server && server_kind="openssl s_server -WWW"
fi
log "API server: ${server_kind:-none} on port ${port:-?}"
export KUBERNETES_SERVICE_HOST=127.0.0.1 KUBERNETES_SERVICE_PORT=$port POD_NAME=$POD
unset POD_NAMESPACE KUBECONFIG

##############################################################################################
# Row 1: start-up to exec. Every contender reads the service account, GETs the pod over HTTPS,
# renders the etcd config into a file and (except kubectl, which only renders) execs /bin/true.
# The output file is removed before every run: a fresh pod has none.
log "row 1: start-up to exec"
ref=$work/out/kubectl.conf
if [ -n "$KUBECTL" ]; then
  "$KUBECTL" --kubeconfig "$work/kubeconfig" --cache-dir "$work/kcache" get pod "$POD" -n "$NS" \
    -o go-template-file="$data/etcd.tmpl" >"$ref" 2>"$work/kubectl.err" || : >"$ref"
fi
# compare FILE [TIME]: note for a cell when FILE differs from kubectl's rendering (Go's own engine).
compare() {
  if [ ! -s "$ref" ] || [[ ${2:-} == n/a* ]]; then echo ""
  elif [ ! -e "$1" ]; then echo " (wrote no output)"
  elif cmp -s "$1" "$ref"; then echo ""
  else echo " (output differs from kubectl's)"; fi
}

t_kubectl=$(na "kubectl missing")
if [ -n "$KUBECTL" ]; then
  if [ -s "$ref" ]; then
    t_kubectl=$(measure "$R_SLOW" "$W" -- "$KUBECTL" --kubeconfig "$work/kubeconfig" \
      --cache-dir "$work/kcache" get pod "$POD" -n "$NS" -o go-template-file="$data/etcd.tmpl")
  else
    t_kubectl=$(na "kubectl failed: $(lastline < "$work/kubectl.err")")
  fi
fi

out=$outdir/shell.conf
t_shell=$(measure "$R_FAST" "$W" --prepare "rm -f $out" -- /bin/sh "$bench/peers/startup.sh" \
  "$work/sa" "$bench/peers/etcd.conf.in" "$out" -- /bin/true)
n_shell=$(compare "$out" "$t_shell")

out=$outdir/python.conf
if "$PYTHON" -c 'import kubernetes' 2>/dev/null; then
  t_python=$(measure "$R_SLOW" "$W" --prepare "rm -f $out" -- "$PYTHON" "$bench/peers/startup.py" \
    "$work/sa" "$bench/peers/etcd.conf.in" "$out" -- /bin/true)
  n_python=$(compare "$out" "$t_python")
else
  t_python=$(na "$PYTHON has no kubernetes package") n_python=
fi

out=$outdir/podinit.conf
why=$(podinit_missing)
if [ -z "$why" ] && why=$(podinit_has run); then
  t_podinit=$(measure "$R_FAST" "$W" --prepare "rm -f $out" -- "$PODINIT" run --sa-dir "$work/sa" \
    -t "$data/etcd.tmpl:$out" -- /bin/true)
  n_podinit=$(compare "$out" "$t_podinit")
  # The same onto this machine's disk, as onto a hostPath: podinit fsyncs the file there.
  disk=$work/out/podinit-disk.conf
  t_podinit_disk=$(measure "$R_FAST" "$W" --prepare "rm -f $disk" -- "$PODINIT" run --sa-dir "$work/sa" \
    -t "$data/etcd.tmpl:$disk" -- /bin/true)
else
  t_podinit=$(na "$why") n_podinit= t_podinit_disk=$(na "$why")
fi
disk=$work/out/shell-disk.conf
t_shell_disk=$(measure "$R_FAST" "$W" --prepare "rm -f $disk" -- /bin/sh "$bench/peers/startup.sh" \
  "$work/sa" "$bench/peers/etcd.conf.in" "$disk" -- /bin/true)

# The floor: the same GET, file and exec in C with the same TLS library, no template.
if [ -n "$FLOOR" ]; then
  out=$outdir/floor.json
  t_floor=$(measure "$R_FAST" "$W" --prepare "rm -f $out" -- "$FLOOR" "$work/sa" "$out" -- /bin/true)
else
  t_floor=$(na "no podinit-floor: meson compile -C build-static bench/podinit-floor (-Dtls=wolfssl)")
fi

what="start-up to exec: read SA, GET pod over HTTPS, render etcd.tmpl to a file (on tmpfs, as an emptyDir), exec /bin/true (median)"
row 1a "$what" "$(fmt_s "$t_podinit")$n_podinit" "shell: curl + jq + sed (peers/startup.sh)" \
  "$(fmt_s "$t_shell")$n_shell" "$(ratio "$t_podinit" "$t_shell")" "$(goal "≥10× faster" 10 "$t_podinit" "$t_shell")"
row 1b "same; kubectl renders to stdout, no exec; warm discovery cache" "$(fmt_s "$t_podinit")$n_podinit" \
  "kubectl get pod -o go-template-file" "$(fmt_s "$t_kubectl")" "$(ratio "$t_podinit" "$t_kubectl")" \
  "— (issue 7's ≥50× gave way to issue 17's floor, row 1e: kubectl is $(ratio "$t_floor" "$t_kubectl") the floor itself)"
row 1c "same" "$(fmt_s "$t_podinit")$n_podinit" "Python kubernetes client (peers/startup.py)" \
  "$(fmt_s "$t_python")$n_python" "$(ratio "$t_podinit" "$t_python")" "—"
row 1e "same, against the floor: no template, no JSON, no retries" "$(fmt_s "$t_podinit")" \
  "static floor: C + the same wolfSSL (floor/floor.c): read SA, GET, write the body, exec" \
  "$(fmt_s "$t_floor")" "$(ratio "$t_podinit" "$t_floor")" \
  "$(goal "within 1.5× of the floor" 0.6667 "$t_podinit" "$t_floor")"
row 1f "same, the file on this machine's disk (as a hostPath: podinit fsyncs it, the shell does not)" \
  "$(fmt_s "$t_podinit_disk")" "shell: curl + jq + sed (peers/startup.sh)" "$(fmt_s "$t_shell_disk")" \
  "$(ratio "$t_podinit_disk" "$t_shell_disk")" "—"

# The HTTPS GET alone, podinit's client against one curl process.
t_curl=$(measure "$R_FAST" "$W" -- curl -sS --fail --cacert "$work/sa/ca.crt" -H "@$work/auth-header" \
  "https://127.0.0.1:$port/api/v1/namespaces/$NS/pods/$POD")
why=$(podinit_missing)
if [ -z "$why" ] && why=$(podinit_has get); then
  t_get=$(measure "$R_FAST" "$W" -- "$PODINIT" get --sa-dir "$work/sa" metadata.name)
else
  t_get=$(na "$why")
fi
row 1d "GET the pod only: \`podinit get metadata.name\` (no template, no exec)" "$(fmt_s "$t_get")" \
  "one curl GET" "$(fmt_s "$t_curl")" "$(ratio "$t_get" "$t_curl")" "—"

##############################################################################################
# Row 2: render speed against Go's text/template (the engine kubectl uses), same data.
log "row 2: render speed"
gobin=
if have go; then
  mkdir -p "$work/gobuild"
  if (cd "$bench/gotemplate" && GOCACHE=$work/gocache GOPATH=$work/gopath GOFLAGS='' GOPROXY=off \
        GO111MODULE=on go build -o "$work/gobuild/gotemplate" .) >"$work/gobuild.log" 2>&1; then
    gobin=$work/gobuild/gotemplate
  fi
fi
go_missing=$( [ -n "$gobin" ] || echo "Go peer not built: $(lastline < "$work/gobuild.log" 2>/dev/null || echo 'no go')")
why=$(podinit_missing)
[ -z "$why" ] && why=$(podinit_has render)

render_case() {  # id label data template runs warmup items
  local id=$1 label=$2 d=$3 t=$4 runs=$5 warmup=$6 items=$7
  local tp tg per note='' n_go
  # The 100,000-pod List is 126 MB, over the 32 MiB a pod file may be by default.
  local limit=(--pod-file-limit 256Mi)
  if [ -z "$why" ]; then
    tp=$(measure "$runs" "$warmup" -- "$PODINIT" render --missingkey default "${limit[@]}" --pod-file "$d" -t "$t")
  else
    tp=$(na "$why")
  fi
  if [ -n "$gobin" ]; then
    tg=$(measure "$runs" "$warmup" -- "$gobin" -data "$d" -template "$t" -n 1)
    # Go's execution alone, in-process (the document decoded and the template parsed once).
    n_go=$(( items >= 10000 ? 3 : (items >= 1000 ? 20 : 2000) ))
    per=$("$gobin" -data "$d" -template "$t" -n "$n_go" -quiet 2>&1 | sed -n 's/.*per_render_ns=\([0-9]*\).*/\1/p')
    if [ -z "$why" ] && isnum "$tp"; then
      "$gobin" -data "$d" -template "$t" >"$work/out/go.txt" 2>/dev/null
      "$PODINIT" render --missingkey default "${limit[@]}" --pod-file "$d" -t "$t" >"$work/out/podinit.txt" 2>/dev/null
      cmp -s "$work/out/go.txt" "$work/out/podinit.txt" || note=" (output differs from Go's)"
    fi
  else
    tg=$(na "$go_missing")
  fi
  # podinit's execution alone, the same way: decoded and parsed once, mean of 10 renders.
  local pe=""
  if [ -n "$TEMPLATE_BENCH" ] && [ -z "$why" ]; then
    pe=$("$TEMPLATE_BENCH" "$t" "$d" 2>/dev/null | sed -n 's/^c++: \([0-9.]*\) ms per render.*/\1/p')
    [ -n "$pe" ] && pe=$(awk -v m="$pe" 'BEGIN { printf "%.9f", m / 1e3 }')
  fi
  local pi="" gi=""
  if [ "$items" -gt 1 ]; then
    isnum "$tp" && pi=$(awk -v s="$tp" -v n="$items" 'BEGIN { printf " = %.1f µs/pod", s * 1e6 / n }')
    isnum "$tg" && gi=$(awk -v s="$tg" -v n="$items" 'BEGIN { printf " = %.1f µs/pod", s * 1e6 / n }')
  fi
  local inproc="" pinproc="" ge="" target="—"
  if [ -n "${per:-}" ]; then
    ge=$(awk -v n="$per" 'BEGIN { printf "%.9f", n / 1e9 }')
    inproc="; Go execution alone $(fmt_s "$ge")"
  fi
  [ -n "$pe" ] && pinproc="; execution alone $(fmt_s "$pe")"
  # The goal is on every List case (1k, 10k, 100k pods), whole process (what a user waits
  # for); execution alone is shown beside it.
  if [ "$items" -gt 1 ]; then
    target="$(goal "≥2× faster, whole process" 2 "$tp" "$tg"): whole process $(ratio "$tp" "$tg"), execution alone $(ratio "$pe" "$ge")"
  fi
  row "$id" "$label: whole process (read JSON, parse, render to stdout; podinit with --missingkey default, as Go), median; and execution alone (in-process, data decoded and template parsed once)" \
    "$(fmt_s "$tp")$pi$note$pinproc" "Go 1.19 text/template program, 1 render (gotemplate/)" \
    "$(fmt_s "$tg")$gi$inproc" "$(ratio "$tp" "$tg")" "$target"
}

render_case 2a "etcd.tmpl on one pod" "$data/pod-etcd-1.json" "$data/etcd.tmpl" "$R_FAST" "$W" 1
sub=b
for n in $SIZES; do
  f=$work/pods-$n.json
  if "$PYTHON" "$bench/data/gen_pods.py" "$n" "$f" 2>"$work/gen.err"; then
    case $n in 1000) r=15 w=2 ;; 10000) r=5 w=1 ;; *) r=3 w=0 ;; esac
    [ "$quick" = 1 ] && r=$(( r > 3 ? 3 : r ))
    label="pods.tmpl over a List of $(commas "$n") pods ($(fmt_bytes "$(stat -c %s "$f")") JSON)"
    render_case "2$sub" "$label" "$f" "$data/pods.tmpl" "$r" "$w" "$n"
  else
    row "2$sub" "pods.tmpl over $n pods" "n/a (gen_pods.py failed: $(lastline < "$work/gen.err"))" "" "" "" ""
  fi
  rm -f "$f"
  sub=$(echo "$sub" | tr 'a-y' 'b-z')
done

##############################################################################################
# Row 3: on-disk footprint.
log "row 3: sizes"
lib_total() {  # sum of the binaries' sizes and every shared library they load (each counted once)
  { for b in "$@"; do echo "$b"; ldd "$b" 2>/dev/null | awk '/=>/ { print $3 } /^\t\// { print $1 }'; done; } |
    grep '^/' | xargs -r readlink -f | sort -u | xargs -r stat -c %s | awk '{ t += $1 } END { print t + 0 }'
}
s_podinit=$(na "no podinit binary") s_note=
if [ -n "$PODINIT" ] && [ -x "$PODINIT" ]; then
  cp "$PODINIT" "$work/podinit.stripped" && strip "$work/podinit.stripped" 2>/dev/null
  s_podinit=$(stat -c %s "$work/podinit.stripped")
  if file -L "$PODINIT" | grep -q 'statically linked\|static-pie'; then s_note=" static"
  else s_note=" DYNAMIC build ($(fmt_bytes "$(lib_total "$PODINIT")") with its libs)"; fi
fi
s_tini=$(na "no $TINI"); [ -x "$TINI" ] && s_tini=$(stat -c %s "$TINI")
s_kubectl=$(na "no kubectl"); [ -n "$KUBECTL" ] && s_kubectl=$(stat -L -c %s "$KUBECTL")
s_curljq=$(na "curl or jq missing")
have curl && have jq && s_curljq=$(lib_total "$(command -v curl)" "$(command -v jq)")
s_python=$(na "no kubernetes package") py_note=
if "$PYTHON" -c 'import kubernetes' 2>/dev/null; then
  # The kubernetes package with the packages it imports, plus the interpreter and its stdlib.
  s_python=$("$PYTHON" - <<'EOF' 2>/dev/null
import os, sys, sysconfig, importlib
def du(p):
    if os.path.isfile(p): return os.path.getsize(p)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(p) for f in fs
               if not os.path.islink(os.path.join(d, f)))
pkgs = 0
for m in ["kubernetes", "urllib3", "yaml", "six", "certifi", "dateutil", "google.auth", "requests",
          "requests_oauthlib", "oauthlib", "websocket", "cachetools", "rsa", "pyasn1", "pyasn1_modules",
          "idna", "charset_normalizer", "chardet"]:
    try:
        mod = importlib.import_module(m)
    except Exception:
        continue
    f = mod.__file__
    pkgs += du(os.path.dirname(f) if f.endswith("__init__.py") else f)
stdlib = sysconfig.get_paths()["stdlib"]
total = pkgs + du(stdlib) - du(os.path.join(stdlib, "test")) + os.path.getsize(os.path.realpath(sys.executable))
print(total, pkgs)
EOF
)
  py_pkgs=${s_python#* }; s_python=${s_python%% *}
  isnum "$py_pkgs" && py_note=" (client packages $(fmt_bytes "$py_pkgs"), rest interpreter + stdlib)"
  isnum "$s_python" || s_python=$(na "could not measure")
fi
# The 4 MB are for the whole product (RE2 for the regex functions included: bench/README.md):
# the cell says how much is left.
size_goal() {
  isnum "$1" || { echo "≤ 4 MB"; return; }
  awk -v s="$1" 'BEGIN { if (s <= 4e6) printf "≤ 4 MB (met, %.2f MB to spare)", (4e6 - s) / 1e6;
                         else printf "≤ 4 MB (not met, %.2f MB over)", (s - 4e6) / 1e6 }'
}
row 3a "binary size, stripped" "$(fmt_bytes "$s_podinit")$s_note" "tini-static (PID 1 only)" "$(fmt_bytes "$s_tini")" \
  "$(ratio "$s_podinit" "$s_tini")" "$(size_goal "$s_podinit")"
row 3b "same" "$(fmt_bytes "$s_podinit")" "kubectl ($(basename "${KUBECTL:-kubectl}"))" "$(fmt_bytes "$s_kubectl")" \
  "$(ratio "$s_podinit" "$s_kubectl")" "—"
row 3c "same" "$(fmt_bytes "$s_podinit")" "curl + jq + their shared libraries (+ a shell)" "$(fmt_bytes "$s_curljq")" \
  "$(ratio "$s_podinit" "$s_curljq")" "—"
row 3d "same" "$(fmt_bytes "$s_podinit")" "python3 + stdlib + kubernetes client" "$(fmt_bytes "$s_python")$py_note" \
  "$(ratio "$s_podinit" "$s_python")" "—"

##############################################################################################
# Row 4: as PID 1 of a new PID namespace.
log "row 4: PID 1"
r_podinit='' r_tini='' q_podinit='' q_tini='' c_podinit='' c_tini=''
pid1_missing=
if [ "$(id -u)" != 0 ]; then pid1_missing="needs root for unshare --pid"
elif ! unshare --pid --fork --mount-proc true 2>/dev/null; then pid1_missing="unshare --pid not permitted here"
fi
REAP_RUNS=$([ "$quick" = 1 ] && echo 5 || echo 15)
WAKE_S=10
w_podinit='' w_tini=''
if [ -z "$pid1_missing" ]; then
  if [ -x "$TINI" ]; then
    r_tini=$("$PYTHON" "$bench/tools/pid1.py" rss "$TINI" --)
    w_tini=$("$PYTHON" "$bench/tools/pid1.py" wakeups "$WAKE_S" "$TINI" --)
  else r_tini=$(na "no $TINI") q_tini=$r_tini w_tini=$r_tini; fi
  why=$(podinit_missing)
  if [ -z "$why" ] && why=$(podinit_has run); then
    init=("$PODINIT" run --init --)
    r_podinit=$("$PYTHON" "$bench/tools/pid1.py" rss "${init[@]}")
    if [[ $r_podinit == n/a* ]]; then
      # Without a pod source podinit may still insist on a service account; an offline pod
      # file keeps the network out of it. Said in the cell.
      init=("$PODINIT" run --init --pod-file "$data/pod-etcd-1.json" --)
      r2=$("$PYTHON" "$bench/tools/pid1.py" rss "${init[@]}")
      if isnum "$r2"; then r_podinit="$r2 kB with --pod-file (bare run --init: ${r_podinit:0:90})"
      else init=("$PODINIT" run --init --); fi
    fi
    w_podinit=$("$PYTHON" "$bench/tools/pid1.py" wakeups "$WAKE_S" "${init[@]}")
    if [ -x "$TINI" ]; then
      # Run by run, tini and podinit take turns, so the machine's load weighs on both alike.
      pair=$("$PYTHON" "$bench/tools/pid1.py" reap-pair "$REAP_RUNS" 2000 "$bench/tools/reap_driver.py" \
        :: "${init[@]}" :: "$TINI" --)
      if [[ $pair == n/a* ]]; then q_podinit=$pair q_tini=$pair
      else read -r q_podinit q_tini c_podinit c_tini <<< "$pair"; fi
    else
      q_podinit=$("$PYTHON" "$bench/tools/pid1.py" reap "$REAP_RUNS" 2000 "$bench/tools/reap_driver.py" "${init[@]}")
      [[ $q_podinit == n/a* ]] || read -r q_podinit c_podinit <<< "$q_podinit"
    fi
  else r_podinit=$(na "$why") q_podinit=$r_podinit w_podinit=$r_podinit; fi
else
  r_tini=$(na "$pid1_missing") q_tini=$r_tini r_podinit=$r_tini q_podinit=$r_tini w_tini=$r_tini w_podinit=$r_tini
fi
kb() { isnum "$1" && echo "$1 kB" || echo "$1"; }
r_podinit_num=${r_podinit%% kB with*}
row 4a "idle RSS as PID 1 (\`run --init -- sleep 1000\`, VmRSS after 1 s)" "$(kb "$r_podinit")" "tini-static -- sleep 1000" \
  "$(kb "$r_tini")" "$(ratio "$r_podinit_num" "$r_tini")" "$(goal "≤ 2× tini-static" 0.5 "$r_podinit_num" "$r_tini")"
# Wall time, then PID 1's CPU time (which the machine's load disturbs less) in brackets.
reap_cell() { isnum "$2" && echo "$(fmt_s "$1") (CPU $(fmt_s "$2"))" || fmt_s "$1"; }
reap_goal="no slower than tini-static"
if isnum "$c_podinit" && isnum "$c_tini"; then
  reap_goal="$reap_goal: wall $(goal "" 1 "$q_podinit" "$q_tini" | sed 's/^ //'), CPU $(goal "" 1 "$c_podinit" "$c_tini" | sed 's/^ //')"
  reap_ratio="$(ratio "$q_podinit" "$q_tini") (CPU $(ratio "$c_podinit" "$c_tini"))"
else
  reap_goal=$(goal "$reap_goal" 1 "$q_podinit" "$q_tini") reap_ratio=$(ratio "$q_podinit" "$q_tini")
fi
row 4b "reap 2,000 zombies orphaned to PID 1 at once: wall time until all are reaped (PID 1's CPU time) (median of $REAP_RUNS, taking turns with tini)" \
  "$(reap_cell "$q_podinit" "$c_podinit")" "tini-static" "$(reap_cell "$q_tini" "$c_tini")" "$reap_ratio" "$reap_goal"
# Zero is the goal: any wake-up at all fails it (a count cannot be compared as a ratio).
w_goal="zero"
if isnum "$w_podinit"; then [ "$w_podinit" = 0 ] && w_goal="zero (met)" || w_goal="zero (not met)"; fi
row 4c "idle wake-ups of PID 1 in ${WAKE_S} s (its context switches, \`sleep 1000\` running)" "$w_podinit" \
  "tini-static" "$w_tini" "—" "$w_goal"

##############################################################################################
# Row 5: many pods starting at once against an API server that answers 30% of requests 429.
log "row 5: API load ($LOAD_N processes)"
n_fmt=$(commas "$LOAD_N")
load_missing=
[ -z "$FAKEAPI" ] && load_missing="needs FAKEAPI (429 injection)"
if [ -z "$load_missing" ]; then
  save_port=$port
  # Its own service-account directory: each fake server generates its own CA.
  mkdir -p "$work/sa-load"
  cp "$work/sa/token" "$work/sa/namespace" "$work/sa-load/"
  if start_fakeapi "$work/fakeapi-load.log" --rate-429 0.3 --retry-after 1 --seed 1 \
       --ca-out "$work/sa-load/ca.crt" --request-log "$work/requests.log"; then
    load_port=$port
  else
    load_missing="fake API server with --rate-429 did not start: $(lastline < "$work/fakeapi-load.log")"
  fi
  port=$save_port
fi
load_run() {  # EXPECTED_STDOUT COMMAND...  → "p50 p99 ok makespan requests"
  local before after res expect=$1
  shift
  before=$(wc -l < "$work/requests.log" 2>/dev/null || echo 0)
  res=$("$PYTHON" "$bench/tools/load.py" "$LOAD_N" "$expect" "$@" 2>&1) || { na "$(printf '%s\n' "$res" | lastline)"; return; }
  after=$(wc -l < "$work/requests.log" 2>/dev/null || echo 0)
  echo "$res $((after - before))"
}
if [ -z "$load_missing" ]; then
  why=$(podinit_missing)
  if [ -z "$why" ] && why=$(podinit_has get); then
    l_podinit=$(KUBERNETES_SERVICE_PORT=$load_port load_run "$POD" "$PODINIT" get --sa-dir "$work/sa-load" metadata.name)
  else l_podinit=$(na "$why"); fi
  # One curl process each (no shell, no jq): the HTTP client alone, retrying a 429 after its
  # Retry-After; success is its exit status 0 (--fail) after the retries.
  l_curl=$(load_run "" curl -sS --fail --retry 10 -o /dev/null --cacert "$work/sa-load/ca.crt" \
    -H "@$work/auth-header" "https://127.0.0.1:$load_port/api/v1/namespaces/$NS/pods/$POD")
else
  l_podinit=$(na "$load_missing") l_curl=$l_podinit
fi
pick() { [[ $2 == n/a* ]] && echo "$2" || { local a=($2); echo "${a[$1]}"; }; }
per_proc() { [[ $1 == n/a* ]] && echo "$1" || { local a=($1); awk -v r="${a[4]}" -v n="$LOAD_N" -v ok="${a[2]}" \
  'BEGIN { printf "%d/%d ok, %.2f requests each", ok, n, r / n }'; }; }
row 5a "$n_fmt \`podinit get\` started at once, server answers 30% 429 (Retry-After 1): p50 completion" \
  "$(fmt_s "$(pick 0 "$l_podinit")")" "$n_fmt × curl --retry 10 (exit status only)" "$(fmt_s "$(pick 0 "$l_curl")")" \
  "$(ratio "$(pick 0 "$l_podinit")" "$(pick 0 "$l_curl")")" "—"
row 5b "same: p99 completion" "$(fmt_s "$(pick 1 "$l_podinit")")" "same" "$(fmt_s "$(pick 1 "$l_curl")")" \
  "$(ratio "$(pick 1 "$l_podinit")" "$(pick 1 "$l_curl")")" "—"
row 5c "same: successes, API requests per process" "$(per_proc "$l_podinit")" "same" "$(per_proc "$l_curl")" "—" "—"

##############################################################################################
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
echo "| # | what is measured | podinit | peer | peer's figure | peer ÷ podinit | goal |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "Ratios are peer ÷ podinit: above 1 podinit is faster (smaller). API server: ${server_kind:-none}."
echo "podinit: ${PODINIT:-none} ($([ -n "$PODINIT" ] && "$PODINIT" version 2>/dev/null | head -n 1))."
echo "Machine: $(nproc) CPUs, $(free -h | awk '/^Mem:/ { print $2 }') RAM, kernel $(uname -r)," \
  "$(date -u '+%Y-%m-%d %H:%M UTC'), load average $load_start at start, $load_end at end$([ "$quick" = 1 ] && echo ', --quick')."
