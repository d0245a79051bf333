#!/usr/bin/env bash
# The size each wolfCrypt feature of Sprig's crypto functions adds to a static binary that
# already links wolfSSL's TLS client, as section GC leaves it (bench/README.md, "Size").
#   bash bench/size/wolfcrypt_cost.sh [WOLFSSL_PREFIX]   (default: subprojects/wolfssl-prefix)
# Prints "feature bytes" lines: code and data (`size`: text + data + bss, which page alignment
# of the file does not round) over the TLS-only build; each built feature also runs once (RSA
# 4096 key generation included), so a missing one fails here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=${1:-$here/../../subprojects/wolfssl-prefix}
work=$(mktemp -d /tmp/wolfcrypt-cost.XXXXXX)
trap 'rm -rf "$work"' EXIT
build() {  # name defines...
  local name=$1; shift
  cc -Os -ffunction-sections -fdata-sections "$@" -I"$prefix/include" "$here/wolfcrypt_cost.c" \
    -static -Wl,--gc-sections -s -L"$prefix/lib" -lwolfssl -lm -o "$work/$name"
  size "$work/$name" | awk 'NR == 2 { print $4 }'
}
base=$(build tls)
echo "tls-client-only $base"
all=()
for f in SHA1 SHA256 HMAC AESCBC RNG SCRYPT RSA_KEYGEN DSA_KEYGEN ECDSA_KEYGEN ED25519_KEYGEN CERTGEN; do
  size=$(build "$f" -DFEATURE_$f)
  "$work/$f" >/dev/null
  echo "$f $((size - base))"
  all+=(-DFEATURE_$f)
done
size=$(build all "${all[@]}")
echo "ALL $((size - base))"
