#!/usr/bin/env bash
# podinit render against a hostile filesystem: a read-only output directory, a full tmpfs, a
# destination symlink that leads out of the output tree, a template tree with a symlink loop,
# and huge or deeply nested templates. Each ends with one clear error (or a correct result),
# never a crash, and never a half-written file.
set -uo pipefail
podinit=${1:?usage: fs_faults_test.sh PODINIT SOURCE_ROOT}
root=${2:?}
[ "$(id -u)" -eq 0 ] || { echo "SKIP: tmpfs and read-only mounts need root"; exit 77; }
pod=$root/tests/e2e/testdata/pod-web-0.json
work=$(mktemp -d)
cleanup() { umount "$work/ro" "$work/full" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fails=0
expect() {  # name, want exit, stderr pattern, command...
  local name=$1 want=$2 pattern=$3; shift 3
  "$@" >"$work/out" 2>"$work/err"; local rc=$?
  if [ $rc -ne "$want" ] || ! grep -qE -- "$pattern" "$work/err"; then
    echo "FAIL $name: exit $rc (want $want); stderr: $(head -c 400 "$work/err")"; fails=$((fails + 1))
  elif [ $rc -ge 128 ]; then
    echo "FAIL $name: crashed ($rc)"; fails=$((fails + 1))
  else
    echo "ok   $name: $(head -n 1 "$work/err" | cut -c1-150)"
  fi
}
printf 'name={{ .metadata.name }}\n' > "$work/t.tmpl"

mkdir -p "$work/ro" && mount -t tmpfs -o size=1m tmpfs "$work/ro" && mount -o remount,ro "$work/ro"
expect "read-only output directory" 1 "Read-only file system" \
  "$podinit" render --pod-file "$pod" -t "$work/t.tmpl:$work/ro/out.conf"

mkdir -p "$work/full" && mount -t tmpfs -o size=64k tmpfs "$work/full"
echo old > "$work/full/out.conf"
head -c 60000 /dev/zero > "$work/full/filler"
printf '{{ range $i := until 5000 }}{{ $.metadata.name }} padding padding padding\n{{ end }}' > "$work/big.tmpl"
expect "full filesystem" 1 "No space left on device" \
  "$podinit" render --pod-file "$pod" -t "$work/big.tmpl:$work/full/out.conf"
[ "$(cat "$work/full/out.conf")" = old ] || { echo "FAIL: a full disk left a changed file"; fails=$((fails + 1)); }
[ "$(ls "$work/full" | wc -l)" -eq 2 ] || { echo "FAIL: a temporary file was left: $(ls "$work/full")"; fails=$((fails + 1)); }

mkdir -p "$work/tree" "$work/outside"
echo secret > "$work/outside/target"
ln -s ../outside/target "$work/tree/out.conf"
expect "destination symlink leading out of the tree" 1 "symlink|symbolic link|outside" \
  "$podinit" render --pod-file "$pod" -t "$work/t.tmpl:$work/tree/out.conf"
[ "$(cat "$work/outside/target")" = secret ] || { echo "FAIL: the symlink was followed"; fails=$((fails + 1)); }

mkdir -p "$work/loop/sub" && ln -s .. "$work/loop/sub/up" && cp "$work/t.tmpl" "$work/loop/a.tmpl"
expect "template tree with a symlink loop" 0 "wrote" \
  "$podinit" render --pod-file "$pod" -t "$work/loop:$work/loop-out"
[ "$(cat "$work/loop-out/a.tmpl")" = "name=web-0" ] || { echo "FAIL: loop tree rendered wrong"; fails=$((fails + 1)); }

expect "missing output directory is created" 0 "wrote" \
  "$podinit" render --pod-file "$pod" -t "$work/t.tmpl:$work/new/dir/out.conf"

python3 -c "print('x' * 10_000_000 + '{{ .metadata.name }}')" > "$work/huge.tmpl"
expect "a 10 MB template" 0 "wrote" "$podinit" render --pod-file "$pod" -t "$work/huge.tmpl:$work/huge.out"
[ "$(stat -c %s "$work/huge.out")" -eq 10000006 ] || { echo "FAIL: 10 MB output size $(stat -c %s "$work/huge.out")"; fails=$((fails + 1)); }
python3 -c "print('{{ if 1 }}' * 10000 + 'x' + '{{ end }}' * 10000)" > "$work/deep.tmpl"
expect "nesting 10,000 deep" 2 "template: .*deep.tmpl" "$podinit" render --pod-file "$pod" -t "$work/deep.tmpl"
printf '{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}' > "$work/rec.tmpl"
expect "infinite template recursion" 2 "exceeded maximum template depth" "$podinit" render --pod-file "$pod" -t "$work/rec.tmpl"
printf '{{ range $i := until 100000 }}{{ $i }},{{ end }}' > "$work/range.tmpl"
expect "a range over 100k items" 0 "wrote" "$podinit" render --pod-file "$pod" -t "$work/range.tmpl:$work/range.out"
exit $fails
