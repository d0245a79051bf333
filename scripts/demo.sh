#!/usr/bin/env bash
# The README's first command: set up a fresh Debian 12 machine, build what the demo runs
# (podinit and podinit-fake-apiserver in build/; the static podinit and the tests are built by
# scripts/build.sh and scripts/test.sh), and run the main job: podinit-fake-apiserver serves
# the etcd example's StatefulSet and its three pods over HTTPS with a bearer token, and podinit
# renders etcd's configuration for each pod exactly as it would in the cluster
# (service-account token and CA, KUBERNETES_SERVICE_HOST/PORT, POD_NAME).
# Each step shows how far it is; its full output goes to a log under $PODINIT_DEMO_LOGS
# (default /tmp/podinit-demo), and a failing step prints its last lines and its log's path.
set -euo pipefail
cd "$(dirname "$0")/.."
logs=${PODINIT_DEMO_LOGS:-/tmp/podinit-demo}
mkdir -p "$logs"
rm -f "$logs"/*.log
steps=3 began=$SECONDS
tty=; [ -t 1 ] && tty=1

duration() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# Reads a command's output into LOG; a line "== TITLE" starts the next step, ninja's (and
# build-openssl.sh's) "[n/N]" lines say how far it is. On a terminal one line per step is
# redrawn every second; elsewhere (CI logs) a progress line comes every 20 s.
progress() {  # LOG STEPS_BEFORE
  local log=$1 step=$2 line partial= title= done_= total= start=$SECONDS shown=$SECONDS status
  show() {
    local how="$(duration $((SECONDS - start)))"
    [ -z "$total" ] || how="$done_/$total ($((100 * done_ / total))%), $how"
    if [ -n "$tty" ]; then printf '\r\033[K[%d/%d] %s: %s' "$step" "$steps" "$title" "$how"
    else printf '[%d/%d] %s: %s\n' "$step" "$steps" "$title" "$how"; fi
  }
  finish() {
    [ -n "$title" ] || return 0
    if [ -n "$tty" ]; then printf '\r\033[K'; fi
    printf '[%d/%d] %s: done in %s\n' "$step" "$steps" "$title" "$(duration $((SECONDS - start)))"
  }
  while :; do
    if IFS= read -r -t 1 line; then
      line=$partial$line partial=
      printf '%s\n' "$line" >>"$log"
      case $line in
        "== "*)
          finish
          step=$((step + 1)) title=${line#== } done_= total= start=$SECONDS shown=$SECONDS
          if [ -z "$tty" ]; then printf '[%d/%d] %s\n' "$step" "$steps" "$title"; fi ;;
        \[*/*\]*)
          status=${line%%]*}; status=${status#[}
          if [[ $status =~ ^[0-9]+/[0-9]+$ ]]; then done_=${status%/*} total=${status#*/}; fi ;;
      esac
    else
      status=$?
      if [ "$status" -le 128 ]; then  # end of the output
        [ -z "$partial$line" ] || printf '%s\n' "$partial$line" >>"$log"
        break
      fi
      partial+=$line  # read timed out within a line
    fi
    if [ -n "$title" ] && { [ -n "$tty" ] || [ $((SECONDS - shown)) -ge 20 ]; }; then
      show
      shown=$SECONDS
    fi
  done
  # Whether the last step is done or failed, only the command's exit status tells.
  printf '%s\n%s\n%s\n' "$step" "$title" "$((SECONDS - start))" >"$log.last"
}

run_steps() {  # LOG STEPS_BEFORE COMMAND...: its steps as progress; on failure, its log's tail
  local log=$1 before=$2
  shift 2
  set +e
  "$@" 2>&1 | progress "$log" "$before"
  local rc=${PIPESTATUS[0]} last
  set -e
  mapfile -t last <"$log.last"
  rm -f "$log.last"
  if [ -n "$tty" ]; then printf '\r\033[K'; fi
  if [ "$rc" -eq 0 ]; then
    printf '[%d/%d] %s: done in %s\n' "${last[0]}" "$steps" "${last[1]}" "$(duration "${last[2]}")"
  else
    printf '[%d/%d] %s: FAILED (exit %d) after %s; the last lines of %s:\n' "${last[0]}" "$steps" \
      "${last[1]}" "$rc" "$(duration "${last[2]}")" "$log"
    tail -n 30 "$log" | sed 's/^/  /'
    echo "full log: $log"
    exit "$rc"
  fi
}

echo "== building what the demo runs; full logs in $logs/"
run_steps "$logs/setup.log" 0 bash -c 'echo "== apt-get: build packages (scripts/setup.sh --build)"
  exec bash scripts/setup.sh --build'
# The demo's podinit is build/'s, on Debian's shared libraries: the same code renders the same
# bytes as the static one, which needs wolfSSL, curl, Abseil and RE2 compiled from Debian's
# source and a whole-program link first (scripts/build.sh; the test command builds it too).
# One ninja run builds podinit and the fake API server, sharing what both link.
podinit=$PWD/build/entrypoint/podinit
fakeapi=$PWD/build/fakeapi/podinit-fake-apiserver
server_pid=
work=$(mktemp -d)
# (Under set -e a failing command in the trap would make every exit status 1.)
trap '[ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
run_steps "$logs/configure.log" 1 bash -c 'echo "== meson setup build"
  [ -d build ] || exec meson setup build'
run_steps "$logs/build.log" 2 bash -c 'echo "== podinit and podinit-fake-apiserver (build/)"
  exec meson compile -C build entrypoint/podinit fakeapi/podinit-fake-apiserver'
echo "== built in $(duration $((SECONDS - began)))"
"$fakeapi" --objects examples/etcd/fake-cluster --token demo-token --ca-out "$work/ca.crt" \
  >"$work/listen" 2>"$work/fakeapi.log" &
server_pid=$!
for _ in $(seq 1 100); do grep -q listening "$work/listen" 2>/dev/null && break; sleep 0.1; done
port=$(grep -oE '[0-9]+$' "$work/listen")
sa=$work/serviceaccount
mkdir -p "$sa"
cp "$work/ca.crt" "$sa/ca.crt"
echo demo-token > "$sa/token"
echo default > "$sa/namespace"
echo "== podinit-fake-apiserver on https://127.0.0.1:$port with examples/etcd/fake-cluster"
echo "== template: examples/etcd/etcd.yaml.tmpl"
for i in 0 1 2; do
  echo
  echo "== etcd-$i: podinit render -t etcd.yaml.tmpl"
  KUBERNETES_SERVICE_HOST=127.0.0.1 KUBERNETES_SERVICE_PORT=$port POD_NAME=etcd-$i \
    INITIAL_CLUSTER_SIZE=3 "$podinit" render --sa-dir "$sa" -t examples/etcd/etcd.yaml.tmpl
done
