#!/usr/bin/env bash
# Builds the OpenSSL that the static podinit links: Debian's source package
# (scripts/fetch-sources.sh), cut down to a TLS 1.2/1.3 client. Debian's libcrypto.a carries
# every algorithm, engine and protocol, which was half of the static binary and most of its
# start-up time (registering ciphers and loading their error strings).
# It runs before `meson setup build-static`, because curl's CMake looks for OpenSSL then.
# Prints the install prefix; skips the build when that prefix was built with these options.
set -euo pipefail
cd "$(dirname "$0")/.."

src=$PWD/subprojects/openssl
build=$PWD/subprojects/openssl-build
prefix=$PWD/subprojects/openssl-prefix

# Kept: TLS 1.2/1.3 with the suites and groups a Kubernetes API server (Go's crypto/tls) or a
# TLS-terminating proxy offers (AES-GCM, ChaCha20-Poly1305, ECDHE on P-256/384/521 and X25519,
# also FFDHE/DHE), RSA, ECDSA and Ed25519 certificates, PEM, error strings (client.cc tells a
# TLS alert from a dropped connection by the words in curl's message).
# Dropped: what neither curl's HTTPS nor a Kubernetes client reaches.
options=(
  no-shared no-module no-dso no-engine no-legacy no-tests
  no-autoload-config no-atexit no-filenames
  no-ssl3 no-tls1 no-tls1_1 no-dtls no-srp no-psk no-srtp no-nextprotoneg no-comp
  no-ocsp no-ct no-cms no-ts no-cmp no-ui-console no-async
  no-idea no-camellia no-seed no-bf no-cast no-des no-rc2 no-rc4 no-rc5 no-md4 no-mdc2
  no-whirlpool no-rmd160 no-blake2 no-aria no-sm2 no-sm3 no-sm4 no-siphash no-siv no-ocb
  no-scrypt no-dsa no-ec2m
)
cflags=(-Os -ffunction-sections -fdata-sections)
# Debian's target and OPENSSLDIR, as Debian's libssl was built: its security level 2
# (no RSA keys under 2048 bits, no SHA-1 signatures), hardening and default verify paths.
config=("debian-$(dpkg --print-architecture)" --prefix="$prefix" --libdir=lib --openssldir=/usr/lib/ssl
        "${options[@]}" "${cflags[@]}")
stamp=$prefix/.podinit-built
want="$(head -n 1 "$src/debian/changelog") ${config[*]}"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "$prefix"
  exit 0
fi

[ -d "$src" ] || { echo "build-openssl: $src is missing: run scripts/fetch-sources.sh" >&2; exit 1; }
rm -rf "$build" "$prefix"
mkdir -p "$build"
jobs=$(nproc)
{
  cd "$build"
  "$src/Configure" "${config[@]}"
  # Only the libraries and headers: no apps, no docs.
  make -j"$jobs" build_libs
  make install_dev
} >"$build.log" 2>&1 || { tail -n 40 "$build.log" >&2; echo "build-openssl: failed; see $build.log" >&2; exit 1; }
echo "$want" >"$stamp"
echo "$prefix"
