#include "fakeapi/certs.h"

#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace fakeapi {
namespace {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free>>;

absl::Status OpensslError(std::string_view what) {
  unsigned long e = ERR_get_error();
  char buf[256] = "unknown error";
  if (e != 0) ERR_error_string_n(e, buf, sizeof buf);
  return absl::InternalError(absl::StrCat(std::string(what), ": ", buf));
}

bool IsIp(const std::string& s) {
  unsigned char buf[16];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

absl::Status AddExt(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (ext == nullptr) return OpensslError(absl::StrCat("extension ", value));
  int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  return ok == 1 ? absl::OkStatus() : OpensslError("X509_add_ext");
}

absl::StatusOr<CertPtr> MakeCert(const char* cn, EVP_PKEY* key, X509* issuer,
                                 EVP_PKEY* issuer_key, long days) {
  CertPtr cert(X509_new());
  if (!cert) return OpensslError("X509_new");
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7F;  // a positive serial
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  // Back-dated so that a client whose clock is slightly behind still accepts it.
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), days * 24 * 3600);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn),
                             -1, -1, 0);
  X509_set_issuer_name(cert.get(), issuer != nullptr ? X509_get_subject_name(issuer) : name);
  X509_set_pubkey(cert.get(), key);
  (void)issuer_key;
  return cert;
}

std::string Pem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, n);
}

std::string Pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, n);
}

}  // namespace

absl::StatusOr<TlsMaterial> GenerateTls(const std::vector<std::string>& extra_sans) {
  KeyPtr ca_key(EVP_EC_gen("P-256"));
  KeyPtr key(EVP_EC_gen("P-256"));
  if (!ca_key || !key) return OpensslError("EC key generation");

  auto ca = MakeCert("podinit-fake-apiserver-ca", ca_key.get(), nullptr, nullptr, 3650);
  if (!ca.ok()) return ca.status();
  X509* cap = ca->get();
  for (auto [nid, value] : {std::pair{NID_basic_constraints, "critical,CA:TRUE"},
                            std::pair{NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature"},
                            std::pair{NID_subject_key_identifier, "hash"}}) {
    if (absl::Status st = AddExt(cap, cap, nid, value); !st.ok()) return st;
  }
  if (absl::Status st = AddExt(cap, cap, NID_authority_key_identifier, "keyid:always");
      !st.ok()) {
    return st;
  }
  if (X509_sign(cap, ca_key.get(), EVP_sha256()) == 0) return OpensslError("signing the CA");

  auto srv = MakeCert("podinit-fake-apiserver", key.get(), cap, ca_key.get(), 365);
  if (!srv.ok()) return srv.status();
  X509* sp = srv->get();
  std::string sans = "IP:127.0.0.1,IP:::1,DNS:localhost";
  for (const std::string& s : extra_sans) {
    if (s.empty()) continue;
    absl::StrAppend(&sans, ",", IsIp(s) ? "IP:" : "DNS:", s);
  }
  for (auto [nid, value] :
       {std::pair<int, std::string>{NID_basic_constraints, "critical,CA:FALSE"},
        {NID_key_usage, "critical,digitalSignature,keyEncipherment"},
        {NID_ext_key_usage, "serverAuth"},
        {NID_subject_key_identifier, "hash"},
        {NID_authority_key_identifier, "keyid:always"},
        {NID_subject_alt_name, sans}}) {
    if (absl::Status st = AddExt(sp, cap, nid, value); !st.ok()) return st;
  }
  if (X509_sign(sp, ca_key.get(), EVP_sha256()) == 0) return OpensslError("signing the server certificate");

  TlsMaterial out;
  out.ca_pem = Pem(cap);
  out.cert_pem = Pem(sp);
  out.key_pem = Pem(key.get());
  return out;
}

}  // namespace fakeapi
