#!/usr/bin/env bash
# podinit run from the command line: -e and --pre-exec-env reach COMMAND and templates,
# a failing --pre-exec aborts with its stderr, 127/126 for a missing or non-executable
# COMMAND, a template error writes nothing, usage errors exit 1.
set -uo pipefail
podinit=${1:?usage: run_test.sh PODINIT SOURCE_ROOT}
root=${2:?}
pod=$root/tests/e2e/testdata/pod-web-0.json
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
expect() {  # name, want exit, want stdout (or -), command...
  local name=$1 want_rc=$2 want_out=$3; shift 3
  local out rc
  out=$("$@" 2>"$work/err"); rc=$?
  if [ "$rc" != "$want_rc" ] || { [ "$want_out" != - ] && [ "$out" != "$want_out" ]; }; then
    echo "FAIL $name: exit $rc (want $want_rc), stdout: $out (want $want_out)"
    echo "     stderr: $(cat "$work/err")"; fails=$((fails + 1))
  else
    echo "ok   $name"
  fi
}

expect "-e sets COMMAND's environment" 0 "web-0 10.1.2.3" \
  "$podinit" run --pod-file "$pod" -e 'NAME={{.metadata.name}}' -e 'IP={{fieldRef "status.podIP"}}' \
  -- sh -c 'echo "$NAME $IP"'
expect "--pre-exec-env output reaches templates and COMMAND" 0 "from-pre-exec|quoted value" \
  "$podinit" run --pod-file "$pod" --pre-exec "printf 'X=from-pre-exec\nY=\"quoted value\"\nnot a var\n'" \
  --pre-exec-env -e 'Z={{ env "X" }}' -- sh -c 'echo "$Z|$Y"'
expect "a pre-exec that renders to nothing is skipped" 0 "ran" \
  "$podinit" run --pod-file "$pod" --pre-exec '{{ if false }}false{{ end }}' -- echo ran
expect "a failing pre-exec aborts" 1 "" \
  "$podinit" run --pod-file "$pod" --pre-exec "sh -c 'echo boom >&2; exit 3'" -- echo never
grep -q "boom" "$work/err" || { echo "FAIL: the pre-exec's stderr was not shown"; fails=$((fails + 1)); }
# A NUL byte would silently cut an environment variable, an argument or a command line.
expect "a NUL in a rendered -e value is a template error" 2 "" \
  "$podinit" run --pod-file "$pod" -e 'X={{ "a\x00b" }}' -- sh -c 'echo "$X"'
grep -q "NUL byte" "$work/err" || { echo "FAIL: the NUL error does not say so"; fails=$((fails + 1)); }
expect "a NUL in an --args argument is a template error" 2 "" \
  "$podinit" run --pod-file "$pod" --args -- echo '{{ "a\x00b" }}'
expect "a NUL in a --pre-exec line is a template error" 2 "" \
  "$podinit" run --pod-file "$pod" --pre-exec 'echo {{ "a\x00b" }}' -- echo never
expect "a NUL in --pre-exec-env output is an error" 1 "" \
  "$podinit" run --pod-file "$pod" --pre-exec "printf 'X=a\\000b\\n'" --pre-exec-env -- echo never
grep -q "pre-exec-env X: .*NUL byte" "$work/err" || { echo "FAIL: the --pre-exec-env NUL error"; fails=$((fails + 1)); }
expect "command not found: 127" 127 "" "$podinit" run -- /no/such/command
grep -q "/no/such/command" "$work/err" || { echo "FAIL: 127 message does not name the command"; fails=$((fails + 1)); }
printf 'not executable\n' > "$work/noexec"; chmod 0644 "$work/noexec"
expect "not executable: 126" 126 "" "$podinit" run -- "$work/noexec"
expect "COMMAND's exit status" 7 "" "$podinit" run -- sh -c 'exit 7'

echo old > "$work/out"
printf '{{ .metadata.nope.deeper }}' > "$work/bad.tmpl"
printf 'fine' > "$work/good.tmpl"
expect "a template error: exit 2" 2 "" \
  "$podinit" render --pod-file "$pod" -t "$work/good.tmpl:$work/good.out" -t "$work/bad.tmpl:$work/out"
grep -q 'bad.tmpl:1:.*map has no entry for key "nope"' "$work/err" ||
  { echo "FAIL: the error does not name the file, position and key: $(cat "$work/err")"; fails=$((fails + 1)); }
[ "$(cat "$work/out")" = old ] && [ ! -e "$work/good.out" ] ||
  { echo "FAIL: a template error wrote files"; fails=$((fails + 1)); }
expect "--args expands COMMAND's arguments" 0 "pod web-0" \
  "$podinit" run --pod-file "$pod" --args -- echo pod '{{.metadata.name}}'
expect "--mode" 0 "600" sh -c "'$podinit' render --pod-file '$pod' --mode 0600 -t '$work/good.tmpl:$work/m.out' 2>/dev/null && stat -c %a '$work/m.out'"
expect "usage error: exit 1" 1 "" "$podinit" run --frobnicate -- true
expect "PODINIT_ environment" 0 "web-0" env PODINIT_POD_FILE="$pod" "$podinit" get metadata.name
exit "$fails"
