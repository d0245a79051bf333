#!/usr/bin/env bash
# Builds the OpenSSL that the static podinit links: Debian's source package
# (scripts/fetch-sources.sh), cut down to a TLS 1.2/1.3 client. Debian's libcrypto.a carries
# every algorithm, engine and protocol, which was half of the static binary and most of its
# start-up time (registering ciphers and loading their error strings).
# It runs before `meson setup build-static`, because curl's CMake looks for OpenSSL then.
# Prints the install prefix; skips the build when that prefix was built with these options.
set -euo pipefail
cd "$(dirname "$0")/.."

fetched=$PWD/subprojects/openssl
src=$PWD/subprojects/openssl-src  # the fetched source with our patches applied
patches=$PWD/subprojects/packagefiles/openssl
build=$PWD/subprojects/openssl-build
prefix=$PWD/subprojects/openssl-prefix

# Kept: TLS 1.2/1.3 with the suites and groups a Kubernetes API server (Go's crypto/tls) or a
# TLS-terminating proxy offers (AES-GCM, ChaCha20-Poly1305, ECDHE on P-256/384/521 and X25519),
# RSA, ECDSA and Ed25519 certificates, PEM, error strings (client.cc tells a TLS alert from a
# dropped connection by the words in curl's message).
# Dropped: what neither curl's HTTPS nor a Kubernetes client reaches, and what client-go's
# crypto/tls and crypto/x509 do not do either (finite-field DH, RFC 3779 extensions).
options=(
  no-shared no-module no-dso no-engine no-legacy no-tests
  no-autoload-config no-atexit no-filenames
  no-ssl3 no-tls1 no-tls1_1 no-dtls no-srp no-psk no-srtp no-nextprotoneg no-comp
  no-ocsp no-ct no-cms no-ts no-cmp no-ui-console no-async
  no-idea no-camellia no-seed no-bf no-cast no-des no-rc2 no-rc4 no-rc5 no-md4 no-mdc2
  no-whirlpool no-rmd160 no-blake2 no-aria no-sm2 no-sm3 no-sm4 no-siphash no-siv no-ocb
  no-scrypt no-dsa no-ec2m no-dh no-rfc3779 no-ssl-trace no-cmac no-multiblock
)
# No unwind tables: OpenSSL never calls back into C++ in podinit (curl's callbacks into us run
# outside OpenSSL's frames), and they were 250 kB of the binary.
cflags=(-Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables)
# Debian's target and OPENSSLDIR, as Debian's libssl was built: its security level 2
# (no RSA keys under 2048 bits, no SHA-1 signatures), hardening and default verify paths.
config=("debian-$(dpkg --print-architecture)" --prefix="$prefix" --libdir=lib --openssldir=/usr/lib/ssl
        "${options[@]}" "${cflags[@]}")
[ -d "$fetched" ] || { echo "build-openssl: $fetched is missing: run scripts/fetch-sources.sh" >&2; exit 1; }
# The upstream version (a newer one rebuilds) and how fetch-sources.sh got it.
version=$(sed -n 's/^\(MAJOR\|MINOR\|PATCH\)=//p' "$fetched/VERSION.dat" | paste -sd.)
origin=$(cat "$fetched/.podinit-fetched")
stamp=$prefix/.podinit-built
want="OpenSSL $version; $origin; ${config[*]}; $(cat "$patches"/*.patch | sha256sum)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "$prefix"
  exit 0
fi
echo "build-openssl: building $origin" >&2
rm -rf "$src" "$build" "$prefix"
cp -a "$fetched" "$src"
for p in "$patches"/*.patch; do
  patch -s -d "$src" -p1 <"$p" || { echo "build-openssl: $p does not apply" >&2; exit 1; }
done
mkdir -p "$build"
jobs=$(nproc)
exec 3>&2  # progress, in ninja's "[n/N]" form, every 25 files: the make output goes to the log
{
  echo "build-openssl: $origin" &&
  cd "$build" &&
  "$src/Configure" "${config[@]}" &&
  # Only the libraries and headers: no apps, no docs.
  total=$(make -n build_libs | grep -c -- ' -c -o ' || true) &&
  make -j"$jobs" build_libs | awk -v total="$total" '
    { print; fflush() }
    / -c -o / && (++n % 25 == 0 || n == total) {
      printf "[%d/%d] OpenSSL: compiling\n", n, total > "/dev/fd/3"; fflush("/dev/fd/3") }' &&
  make install_dev
} >"$build.log" 2>&1 || { tail -n 40 "$build.log" >&2; echo "build-openssl: failed; see $build.log" >&2; exit 1; }
echo "$want" >"$stamp"
echo "$prefix"
