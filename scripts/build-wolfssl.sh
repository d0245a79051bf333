#!/usr/bin/env bash
# Builds the wolfSSL that the static podinit links (-Dtls=wolfssl, the default): Debian's source
# package (scripts/fetch-sources.sh, Debian's patches applied), configured as a TLS 1.2/1.3
# client and nothing else. bench/README.md has the sizes that chose it over OpenSSL and mbedTLS.
# It runs before `meson setup build-static`, because curl's CMake looks for wolfSSL then.
# Prints the install prefix; skips the build when that prefix was built with these options.
set -euo pipefail
cd "$(dirname "$0")/.."

fetched=$PWD/subprojects/wolfssl
src=$PWD/subprojects/wolfssl-src  # the fetched source, autoreconf'd (Debian's build does that too)
prefix=$PWD/subprojects/wolfssl-prefix

# Kept: what a Kubernetes API server (Go's crypto/tls) or a TLS-terminating proxy offers and a
# kubeconfig carries. TLS 1.2 and 1.3; ECDHE on X25519, P-256, P-384 and P-521; AES-GCM,
# ChaCha20-Poly1305 and the AES-CBC-SHA suites Go still enables; RSA (PKCS#1 v1.5 and PSS),
# ECDSA and Ed25519 certificates and client keys (PKCS#1, PKCS#8, SEC1); IP addresses in
# subjectAltName (in-cluster, the API server is https://10.96.0.1); error strings (client.cc
# tells a TLS alert from a dropped connection by curl's words).
# The x86-64 assembly (single-precision RSA/ECC math, AES-NI, SHA, ChaCha, Poly1305) is what
# makes the handshake no slower than OpenSSL's.
# Also kept, for Sprig's crypto functions on wolfCrypt's own API (templating/sprig/): key
# generation (RSA, DSA, ECDSA, Ed25519: genPrivateKey), certificate generation, signing and
# extensions (genCA, genSelfSignedCert, genSignedCert; PEM/DER), SHA-1 (sha1sum, DSA), AES-CBC
# (encryptAES), and scrypt (derivePassword), which wolfSSL only builds with password-based
# keys. Only what a template calls is linked (section GC): bench/README.md has the cost of each.
# Dropped: TLS 1.0/1.1, finite-field DH, 3DES, SHA-224, SHA-3, PKCS#12 (kubeconfigs carry no
# PKCS#12 or encrypted PEM), and the system CA store (only the configured CA is trusted, as
# client-go does).
options=(
  --enable-static --disable-shared --disable-examples --disable-crypttests --disable-benchmark
  --enable-tls13 --enable-tlsv12 --disable-oldtls
  --enable-ecc --enable-supportedcurves --enable-curve25519 --enable-ed25519
  --enable-aesgcm --enable-chacha --enable-poly1305 --enable-rsapss
  --enable-sni --enable-alpn --enable-ip-alt-name
  --enable-keygen --enable-certgen --enable-certext --enable-dsa --enable-sha --enable-aescbc
  --enable-pwdbased --enable-scrypt
  --disable-dh --disable-des3 --disable-sha224 --disable-sha3 --disable-pkcs12
  --disable-sys-ca-certs --enable-opensslextra=x509small
  --enable-sp=smallec256,smallrsa2048 --enable-sp-asm --enable-aesni
)
# No unwind tables: wolfSSL never calls back into C++ in podinit.
cflags="-Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables"
[ -d "$fetched" ] || { echo "build-wolfssl: $fetched is missing: run scripts/fetch-sources.sh" >&2; exit 1; }
origin=$(cat "$fetched/.podinit-fetched")
version=$(sed -n 's/^AC_INIT(\[wolfssl\],\[\([^]]*\)\].*/\1/p' "$fetched/configure.ac")
stamp=$prefix/.podinit-built
want="wolfSSL $version; $origin $(sed -n '1s/.*(\(.*\)).*/\1/p' "$fetched/debian/changelog"); ${options[*]}; CFLAGS=$cflags"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "$prefix"
  exit 0
fi
echo "build-wolfssl: building wolfSSL $version" >&2
rm -rf "$src" "$prefix"
cp -a "$fetched" "$src"
jobs=$(nproc)
{
  cd "$src" &&
  ./autogen.sh &&
  ./configure --prefix="$prefix" "${options[@]}" CFLAGS="$cflags" &&
  make -j"$jobs" &&
  make install
} >"$src.log" 2>&1 || { tail -n 40 "$src.log" >&2; echo "build-wolfssl: failed; see $src.log" >&2; exit 1; }
echo "$want" >"$stamp"
echo "$prefix"
