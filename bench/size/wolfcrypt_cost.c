/* What each wolfCrypt feature Sprig's crypto functions use adds to a static binary that
 * already has wolfSSL's TLS client (bench/size/wolfcrypt_cost.sh builds this once per
 * FEATURE_* macro and subtracts the TLS-only build). Run with no argument, each built feature
 * also runs once, so a feature the library was configured without fails here, not in a
 * template (RSA 4096 is what Sprig's genPrivateKey "rsa" makes). */
#include <stdio.h>
#include <string.h>

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/wolfcrypt/aes.h>
#include <wolfssl/wolfcrypt/asn_public.h>
#include <wolfssl/wolfcrypt/dsa.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/ed25519.h>
#include <wolfssl/wolfcrypt/hmac.h>
#include <wolfssl/wolfcrypt/pwdbased.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/rsa.h>
#include <wolfssl/wolfcrypt/sha.h>
#include <wolfssl/wolfcrypt/sha256.h>

static int fail(const char *what, int rc) {
  fprintf(stderr, "wolfcrypt_cost: %s failed: %d\n", what, rc);
  return 1;
}

int main(int argc, char **argv) {
  (void)argv;
  /* The TLS client every build has (as bench/floor/floor.c and podinit through curl). */
  wolfSSL_Init();
  WOLFSSL_CTX *ctx = wolfSSL_CTX_new(wolfSSLv23_client_method());
  if (argc > 5) {  /* never: only makes the linker keep the handshake */
    wolfSSL_CTX_load_verify_buffer(ctx, (const unsigned char *)argv[1], 1, WOLFSSL_FILETYPE_PEM);
    WOLFSSL *ssl = wolfSSL_new(ctx);
    wolfSSL_set_fd(ssl, 3);
    wolfSSL_connect(ssl);
    wolfSSL_write(ssl, argv[2], 1);
    char b[16];
    wolfSSL_read(ssl, b, sizeof b);
  }
  if (argc > 1) return 0;
  static byte der[8192], pem[16384];
  int rc = 0;
  WC_RNG rng;
  if ((rc = wc_InitRng(&rng)) != 0) return fail("wc_InitRng", rc);
  (void)der; (void)pem;
#ifdef FEATURE_SHA1
  byte d1[WC_SHA_DIGEST_SIZE];
  if ((rc = wc_ShaHash((const byte *)"abc", 3, d1)) != 0) return fail("sha1", rc);
#endif
#ifdef FEATURE_SHA256
  byte d2[WC_SHA256_DIGEST_SIZE];
  if ((rc = wc_Sha256Hash((const byte *)"abc", 3, d2)) != 0) return fail("sha256", rc);
#endif
#ifdef FEATURE_HMAC
  Hmac h;
  byte mac[WC_SHA256_DIGEST_SIZE];
  if ((rc = wc_HmacSetKey(&h, WC_SHA256, (const byte *)"key", 3)) != 0 ||
      (rc = wc_HmacUpdate(&h, (const byte *)"abc", 3)) != 0 || (rc = wc_HmacFinal(&h, mac)) != 0)
    return fail("hmac", rc);
#endif
#ifdef FEATURE_AESCBC
  Aes aes;
  byte key[32] = {0}, iv[16] = {0}, in[32] = {0}, out[32];
  if ((rc = wc_AesSetKey(&aes, key, 32, iv, AES_ENCRYPTION)) != 0 ||
      (rc = wc_AesCbcEncrypt(&aes, out, in, 32)) != 0 ||
      (rc = wc_AesSetKey(&aes, key, 32, iv, AES_DECRYPTION)) != 0 ||
      (rc = wc_AesCbcDecrypt(&aes, in, out, 32)) != 0)
    return fail("aes-cbc", rc);
#endif
#ifdef FEATURE_RNG
  byte r[32];
  if ((rc = wc_RNG_GenerateBlock(&rng, r, sizeof r)) != 0) return fail("rng", rc);
#endif
#ifdef FEATURE_SCRYPT
  byte sk[32];
  /* derivePassword's parameters: N=32768 (2^15), r=8, p=4. */
  if ((rc = wc_scrypt(sk, (const byte *)"pw", 2, (const byte *)"salt", 4, 15, 8, 4, 32)) != 0)
    return fail("scrypt", rc);
#endif
#ifdef FEATURE_RSA_KEYGEN
  RsaKey rsa;
  wc_InitRsaKey(&rsa, NULL);
  if ((rc = wc_MakeRsaKey(&rsa, 4096, WC_RSA_EXPONENT, &rng)) != 0) return fail("rsa 4096 keygen", rc);
  if ((rc = wc_RsaKeyToDer(&rsa, der, sizeof der)) < 0) return fail("rsa to der", rc);
#endif
#ifdef FEATURE_DSA_KEYGEN
  DsaKey dsa;
  wc_InitDsaKey(&dsa);
  if ((rc = wc_MakeDsaParameters(&rng, 1024, &dsa)) != 0) return fail("dsa params", rc);
  if ((rc = wc_MakeDsaKey(&rng, &dsa)) != 0) return fail("dsa keygen", rc);
  if ((rc = wc_DsaKeyToDer(&dsa, der, sizeof der)) < 0) return fail("dsa to der", rc);
#endif
#ifdef FEATURE_ECDSA_KEYGEN
  ecc_key ecc;
  wc_ecc_init(&ecc);
  if ((rc = wc_ecc_make_key(&rng, 32, &ecc)) != 0) return fail("ecdsa keygen", rc);
  if ((rc = wc_EccKeyToDer(&ecc, der, sizeof der)) < 0) return fail("ecc to der", rc);
#endif
#ifdef FEATURE_ED25519_KEYGEN
  ed25519_key ed;
  wc_ed25519_init(&ed);
  if ((rc = wc_ed25519_make_key(&rng, ED25519_KEY_SIZE, &ed)) != 0) return fail("ed25519 keygen", rc);
  if ((rc = wc_Ed25519KeyToDer(&ed, der, sizeof der)) < 0) return fail("ed25519 to der", rc);
#endif
#ifdef FEATURE_CERTGEN
  /* genSelfSignedCert-like: an ECDSA P-256 key (TLS has the curve), a v3 certificate with
   * subject/authority key ids and key usage (certext), signed, then PEM. */
  ecc_key ck;
  wc_ecc_init(&ck);
  if ((rc = wc_ecc_make_key(&rng, 32, &ck)) != 0) return fail("certgen key", rc);
  Cert cert;
  wc_InitCert(&cert);
  strncpy(cert.subject.commonName, "podinit", CTC_NAME_SIZE);
  cert.isCA = 1;
  cert.sigType = CTC_SHA256wECDSA;
  if ((rc = wc_SetSubjectKeyIdFromPublicKey(&cert, NULL, &ck)) != 0) return fail("ski", rc);
  if ((rc = wc_SetAuthKeyIdFromPublicKey(&cert, NULL, &ck)) != 0) return fail("aki", rc);
  if ((rc = wc_SetKeyUsage(&cert, "keyCertSign,digitalSignature")) != 0) return fail("key usage", rc);
  if ((rc = wc_MakeCert(&cert, der, sizeof der, NULL, &ck, &rng)) < 0) return fail("make cert", rc);
  if ((rc = wc_SignCert(cert.bodySz, cert.sigType, der, sizeof der, NULL, &ck, &rng)) < 0) return fail("sign cert", rc);
  if ((rc = wc_DerToPem(der, (word32)rc, pem, sizeof pem, CERT_TYPE)) < 0) return fail("der to pem", rc);
#endif
  wc_FreeRng(&rng);
  wolfSSL_CTX_free(ctx);
  puts("ok");
  return 0;
}
