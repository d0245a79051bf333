// Sprig's password, cipher, key and certificate functions: bcrypt, htpasswd, derivePassword,
// encryptAES, decryptAES, genPrivateKey, genCA, genSelfSignedCert, genSignedCert (and their
// *WithKey forms), buildCustomCert. No crypto is written here: wolfCrypt (the library podinit
// links for TLS) does scrypt, HMAC, AES, key generation and X.509 signing; libxcrypt does
// bcrypt. What is here is Sprig's formats around them (PEM blocks, Master Password's
// templates, the AES envelope) and Go's error texts.
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/aes.h>
#include <wolfssl/wolfcrypt/asn.h>
#include <wolfssl/wolfcrypt/asn_public.h>
#include <wolfssl/wolfcrypt/dsa.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/ed25519.h>
#include <wolfssl/wolfcrypt/hmac.h>
#include <wolfssl/wolfcrypt/pwdbased.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/rsa.h>

#include <arpa/inet.h>
#include <crypt.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "templating/sprig/cert_der.h"
#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"
#include "templating/sprig/random.h"

namespace templating::sprig {
namespace {

const byte* Bytes(std::string_view s) { return reinterpret_cast<const byte*>(s.data()); }

// ---- bcrypt (libxcrypt) ----

// golang.org/x/crypto/bcrypt.GenerateFromPassword(p, 10): "$2a$10$", a random 16-byte salt.
absl::StatusOr<std::string> Bcrypt(const std::string& password) {
  auto salt = RandomBytes(16);
  if (!salt.ok()) return salt.status();
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  if (crypt_gensalt_rn("$2a$", 10, salt->data(), static_cast<int>(salt->size()), setting, sizeof setting) ==
      nullptr) {
    return absl::InternalError("bcrypt: no salt");
  }
  // crypt takes a C string: it would hash a password with a NUL byte only up to it, where
  // Go's bcrypt hashes every byte, so "a\0anything" would match "a". Refused instead, in the
  // words Sprig uses for a failed bcrypt (README: the one input podinit cannot hash as Go does).
  if (password.find('\0') != std::string::npos) {
    return absl::InvalidArgumentError("a password with a NUL byte cannot be hashed by podinit's bcrypt (libxcrypt)");
  }
  auto data = std::make_unique<crypt_data>();
  const char* h = crypt_rn(password.c_str(), setting, data.get(), sizeof *data);
  if (h == nullptr || h[0] == '*') return absl::InternalError("bcrypt failed");
  return std::string(h);
}

// ---- derivePassword: Master Password (lyndir) on scrypt and HMAC-SHA256 ----

std::string BigEndian32(uint32_t v) {
  return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                     static_cast<char>(v)};
}

absl::StatusOr<std::string> DerivePassword(uint32_t counter, const std::string& type, const std::string& password,
                                           const std::string& user, const std::string& site) {
  static const std::map<std::string, std::vector<std::string>, std::less<>> kTemplates = {
      {"maximum", {"anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"}},
      {"long", {"CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv", "CvccCvcvnoCvcv",
                "CvccCvcvCvcvno", "CvcvnoCvccCvcv", "CvcvCvccnoCvcv", "CvcvCvccCvcvno", "CvcvnoCvcvCvcc",
                "CvcvCvcvnoCvcc", "CvcvCvcvCvccno", "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno",
                "CvcvnoCvccCvcc", "CvcvCvccnoCvcc", "CvcvCvccCvccno", "CvccnoCvcvCvcc", "CvccCvcvnoCvcc",
                "CvccCvcvCvccno"}},
      {"medium", {"CvcnoCvc", "CvcCvcno"}},
      {"short", {"Cvcn"}},
      {"basic", {"aaanaaan", "aannaaan", "aaannaaa"}},
      {"pin", {"nnnn"}},
  };
  static const std::map<char, std::string_view> kChars = {
      {'V', "AEIOU"},
      {'C', "BCDFGHJKLMNPQRSTVWXYZ"},
      {'v', "aeiou"},
      {'c', "bcdfghjklmnpqrstvwxyz"},
      {'A', "AEIOUBCDFGHJKLMNPQRSTVWXYZ"},
      {'a', "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz"},
      {'n', "0123456789"},
      {'o', "@&%?,=[]_:-+*$#!'^~;()/."},
      {'x', "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()"},
  };
  auto t = kTemplates.find(type);
  if (t == kTemplates.end()) return absl::StrCat("cannot find password template ", type);
  const std::string prefix = "com.lyndir.masterpassword";
  const std::string salt = prefix + BigEndian32(static_cast<uint32_t>(user.size())) + user;
  // scrypt.Key(password, salt, N=32768 (2^15), r=8, p=2, 64).
  byte key[64];
  if (int rc = wc_scrypt(key, Bytes(password), static_cast<int>(password.size()), Bytes(salt),
                         static_cast<int>(salt.size()), 15, 8, 2, sizeof key);
      rc != 0) {
    return absl::InternalError(absl::StrCat("failed to derive password: scrypt error ", rc));
  }
  const std::string msg = prefix + BigEndian32(static_cast<uint32_t>(site.size())) + site + BigEndian32(counter);
  byte seed[WC_SHA256_DIGEST_SIZE];
  Hmac hmac;
  if (wc_HmacInit(&hmac, nullptr, INVALID_DEVID) != 0) return absl::InternalError("hmac");
  bool ok = wc_HmacSetKey(&hmac, WC_SHA256, key, sizeof key) == 0 &&
            wc_HmacUpdate(&hmac, Bytes(msg), static_cast<word32>(msg.size())) == 0 && wc_HmacFinal(&hmac, seed) == 0;
  wc_HmacFree(&hmac);
  if (!ok) return absl::InternalError("hmac");
  const std::string& tmpl = t->second[seed[0] % t->second.size()];
  std::string out;
  for (size_t i = 0; i < tmpl.size(); i++) {
    std::string_view chars = kChars.at(tmpl[i]);
    out.push_back(chars[seed[i + 1] % chars.size()]);
  }
  return out;
}

// ---- encryptAES / decryptAES: AES-256-CBC, the password zero-padded (or cut) to 32 bytes ----

struct AesKey {
  Aes aes;
  bool ok = false;
  AesKey(const std::string& password, const byte* iv, int dir) {
    byte key[32] = {0};
    std::memcpy(key, password.data(), std::min<size_t>(32, password.size()));
    ok = wc_AesInit(&aes, nullptr, INVALID_DEVID) == 0 && wc_AesSetKey(&aes, key, sizeof key, iv, dir) == 0;
  }
  ~AesKey() { wc_AesFree(&aes); }
};

// Sprig's envelope: PKCS#7-style padding (a whole block when already aligned), a random IV
// in front, standard base64.
absl::StatusOr<std::string> EncryptAES(const std::string& password, const std::string& plaintext) {
  if (plaintext.empty()) return std::string();
  std::string content = plaintext;
  const size_t pad = 16 - content.size() % 16;
  content.append(pad, static_cast<char>(pad));
  auto iv = RandomBytes(16);
  if (!iv.ok()) return iv.status();
  AesKey k(password, Bytes(*iv), AES_ENCRYPTION);
  std::string out = *iv;
  out.resize(16 + content.size());
  if (!k.ok || wc_AesCbcEncrypt(&k.aes, reinterpret_cast<byte*>(out.data() + 16), Bytes(content),
                                static_cast<word32>(content.size())) != 0) {
    return absl::InternalError("crypto/aes: encryption failed");
  }
  return Base64Encode(out);
}

// Sprig's decryptAES, with Go's panics for short or ragged input and a bad last byte.
absl::StatusOr<std::string> DecryptAES(const std::string& password, const std::string& crypt64) {
  if (crypt64.empty()) return std::string();
  auto crypt = Base64Decode(crypt64);
  if (!crypt.ok()) return absl::UnknownError(crypt.status().message());
  if (crypt->size() < 16) {
    return Panic(absl::StrCat("runtime error: slice bounds out of range [:16] with capacity ", crypt->size()));
  }
  std::string body = crypt->substr(16);
  if (body.size() % 16 != 0) return Panic("crypto/cipher: input not full blocks");
  if (body.empty()) return Panic("runtime error: index out of range [-1]");
  AesKey k(password, Bytes(*crypt), AES_DECRYPTION);
  std::string out(body.size(), '\0');
  if (!k.ok || wc_AesCbcDecrypt(&k.aes, reinterpret_cast<byte*>(out.data()), Bytes(body),
                                static_cast<word32>(body.size())) != 0) {
    return absl::InternalError("crypto/aes: decryption failed");
  }
  size_t pad = static_cast<unsigned char>(out.back());
  if (pad > out.size()) {
    return Panic(absl::StrCat("runtime error: slice bounds out of range [:",
                              static_cast<int64_t>(out.size()) - static_cast<int64_t>(pad), "]"));
  }
  return out.substr(0, out.size() - pad);
}

// ---- keys ----

// encoding/pem.EncodeToMemory: base64 in lines of 64.
std::string PemEncode(const std::string& type, std::string_view der) {
  std::string b64 = Base64Encode(der);
  std::string out = absl::StrCat("-----BEGIN ", type, "-----\n");
  for (size_t i = 0; i < b64.size(); i += 64) absl::StrAppend(&out, b64.substr(i, 64), "\n");
  absl::StrAppend(&out, "-----END ", type, "-----\n");
  return out;
}

struct PemBlock {
  std::string type;
  std::string der;
};

// encoding/pem.Decode's common case: the first BEGIN/END pair, headers skipped.
std::optional<PemBlock> PemDecode(std::string_view text) {
  size_t begin = text.find("-----BEGIN ");
  if (begin == std::string_view::npos) return std::nullopt;
  size_t type_start = begin + 11;
  size_t type_end = text.find("-----", type_start);
  if (type_end == std::string_view::npos) return std::nullopt;
  PemBlock b;
  b.type = std::string(text.substr(type_start, type_end - type_start));
  size_t body = text.find('\n', type_end);
  if (body == std::string_view::npos) return std::nullopt;
  const std::string end_marker = absl::StrCat("-----END ", b.type, "-----");
  size_t end = text.find(end_marker, body);
  if (end == std::string_view::npos) return std::nullopt;
  std::string_view inner = text.substr(body + 1, end - body - 1);
  if (inner.find(": ") != std::string_view::npos) {  // RFC 1421 headers, then a blank line
    size_t blank = inner.find("\n\n");
    if (blank != std::string_view::npos) inner = inner.substr(blank + 2);
  }
  std::string b64;
  for (char c : inner) {
    if (c != '\n' && c != '\r' && c != ' ' && c != '\t') b64.push_back(c);
  }
  auto der = Base64Decode(b64);
  if (!der.ok()) return std::nullopt;
  b.der = std::move(*der);
  return b;
}

enum class KeyKind { kRsa, kEcdsa, kEd25519, kDsa };

// One private key of any kind Sprig handles, in wolfCrypt's structures.
class PrivateKey {
 public:
  explicit PrivateKey(KeyKind kind) : kind_(kind) {
    switch (kind_) {
      case KeyKind::kRsa: inited_ = wc_InitRsaKey(&rsa_, nullptr) == 0; break;
      case KeyKind::kEcdsa: inited_ = wc_ecc_init(&ecc_) == 0; break;
      case KeyKind::kEd25519: inited_ = wc_ed25519_init(&ed_) == 0; break;
      case KeyKind::kDsa: inited_ = wc_InitDsaKey(&dsa_) == 0; break;
    }
  }
  ~PrivateKey() {
    if (!inited_) return;
    switch (kind_) {
      case KeyKind::kRsa: wc_FreeRsaKey(&rsa_); break;
      case KeyKind::kEcdsa: wc_ecc_free(&ecc_); break;
      case KeyKind::kEd25519: wc_ed25519_free(&ed_); break;
      case KeyKind::kDsa: wc_FreeDsaKey(&dsa_); break;
    }
  }
  PrivateKey(const PrivateKey&) = delete;
  PrivateKey& operator=(const PrivateKey&) = delete;

  KeyKind kind() const { return kind_; }
  bool inited() const { return inited_; }
  RsaKey* rsa() { return &rsa_; }
  ecc_key* ecc() { return &ecc_; }
  ed25519_key* ed() { return &ed_; }
  DsaKey* dsa() { return &dsa_; }

  // wolfCrypt's key type and structure for certificate calls (DSA has none there).
  int CertKeyType() const {
    return kind_ == KeyKind::kRsa ? RSA_TYPE : kind_ == KeyKind::kEcdsa ? ECC_TYPE : ED25519_TYPE;
  }
  void* CertKey() {
    return kind_ == KeyKind::kRsa ? static_cast<void*>(&rsa_)
           : kind_ == KeyKind::kEcdsa ? static_cast<void*>(&ecc_) : static_cast<void*>(&ed_);
  }

  // Sprig's pemBlockForKey: PKCS#1 for RSA, OpenSSL's DSA sequence, SEC 1 for ECDSA, PKCS#8
  // for Ed25519.
  absl::StatusOr<std::string> Pem() {
    std::vector<byte> der(16384);
    int n = -1;
    switch (kind_) {
      case KeyKind::kRsa:
        n = wc_RsaKeyToDer(&rsa_, der.data(), static_cast<word32>(der.size()));
        if (n > 0) return PemEncode("RSA PRIVATE KEY", std::string_view(reinterpret_cast<char*>(der.data()), n));
        break;
      case KeyKind::kDsa:
        n = wc_DsaKeyToDer(&dsa_, der.data(), static_cast<word32>(der.size()));
        if (n > 0) return PemEncode("DSA PRIVATE KEY", std::string_view(reinterpret_cast<char*>(der.data()), n));
        break;
      case KeyKind::kEcdsa:
        n = wc_EccKeyToDer(&ecc_, der.data(), static_cast<word32>(der.size()));
        if (n > 0) return PemEncode("EC PRIVATE KEY", std::string_view(reinterpret_cast<char*>(der.data()), n));
        break;
      case KeyKind::kEd25519: {
        // PKCS#8 PrivateKeyInfo { 0, { id-Ed25519 }, OCTET STRING { OCTET STRING seed } },
        // as x509.MarshalPKCS8PrivateKey writes it.
        byte seed[ED25519_KEY_SIZE];
        word32 len = sizeof seed;
        n = wc_ed25519_export_private_only(&ed_, seed, &len);
        if (n == 0 && len == ED25519_KEY_SIZE) {
          static constexpr unsigned char kPrefix[] = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06,
                                                      0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
          std::string pkcs8(reinterpret_cast<const char*>(kPrefix), sizeof kPrefix);
          pkcs8.append(reinterpret_cast<const char*>(seed), len);
          return PemEncode("PRIVATE KEY", pkcs8);
        }
        break;
      }
    }
    return absl::InternalError(absl::StrCat("encoding the key failed (wolfCrypt error ", n, ")"));
  }

 private:
  KeyKind kind_;
  bool inited_ = false;
  RsaKey rsa_;
  ecc_key ecc_;
  ed25519_key ed_;
  DsaKey dsa_;
};

absl::StatusOr<std::unique_ptr<PrivateKey>> GenerateKey(KeyKind kind, int rsa_bits = 4096) {
  WC_RNG* rng = CryptoRng();
  if (rng == nullptr) return absl::UnavailableError("crypto/rand: no randomness available");
  auto k = std::make_unique<PrivateKey>(kind);
  if (!k->inited()) return absl::InternalError("key init failed");
  int rc = 0;
  switch (kind) {
    case KeyKind::kRsa: rc = wc_MakeRsaKey(k->rsa(), rsa_bits, WC_RSA_EXPONENT, rng); break;
    case KeyKind::kEcdsa: rc = wc_ecc_make_key_ex(rng, 32, k->ecc(), ECC_SECP256R1); break;
    case KeyKind::kEd25519: rc = wc_ed25519_make_key(rng, ED25519_KEY_SIZE, k->ed()); break;
    case KeyKind::kDsa:
      // dsa.L2048N256: wolfCrypt picks N = 256 for a 2048-bit modulus.
      rc = wc_MakeDsaParameters(rng, 2048, k->dsa());
      if (rc != 0) return absl::InternalError(absl::StrCat("failed to generate dsa params: wolfCrypt error ", rc));
      rc = wc_MakeDsaKey(rng, k->dsa());
      break;
  }
  if (rc != 0) return absl::InternalError(absl::StrCat("wolfCrypt error ", rc));
  return k;
}

// Sprig's parsePrivateKeyPEM, with its error texts; the parsers' own details are wolfCrypt's.
absl::StatusOr<std::unique_ptr<PrivateKey>> ParsePrivateKeyPem(std::string_view pem) {
  auto block = PemDecode(pem);
  if (!block) return absl::InvalidArgumentError("no PEM data in input");
  const byte* der = Bytes(block->der);
  const word32 size = static_cast<word32>(block->der.size());
  auto parse = [&](KeyKind kind) -> std::unique_ptr<PrivateKey> {
    auto k = std::make_unique<PrivateKey>(kind);
    word32 idx = 0;
    int rc = -1;
    if (!k->inited()) return nullptr;
    switch (kind) {
      case KeyKind::kRsa: rc = wc_RsaPrivateKeyDecode(der, &idx, k->rsa(), size); break;
      case KeyKind::kEcdsa: rc = wc_EccPrivateKeyDecode(der, &idx, k->ecc(), size); break;
      case KeyKind::kEd25519:
        rc = wc_Ed25519PrivateKeyDecode(der, &idx, k->ed(), size);
        if (rc == 0 && !k->ed()->pubKeySet) {
          // PKCS#8 holds the seed only; certificates need the public half too.
          byte seed[ED25519_KEY_SIZE], pub[ED25519_PUB_KEY_SIZE];
          word32 seed_len = sizeof seed;
          rc = wc_ed25519_export_private_only(k->ed(), seed, &seed_len);
          if (rc == 0) rc = wc_ed25519_make_public(k->ed(), pub, sizeof pub);
          if (rc == 0) rc = wc_ed25519_import_private_key(seed, seed_len, pub, sizeof pub, k->ed());
        }
        break;
      case KeyKind::kDsa: rc = wc_DsaPrivateKeyDecode(der, &idx, k->dsa(), size); break;
    }
    return rc == 0 ? std::move(k) : nullptr;
  };
  if (block->type == "PRIVATE KEY") {
    for (KeyKind kind : {KeyKind::kRsa, KeyKind::kEcdsa, KeyKind::kEd25519}) {
      if (auto k = parse(kind)) return k;
    }
    return absl::InvalidArgumentError("decoding PEM as PKCS#8: x509: failed to parse private key");
  }
  if (!absl::EndsWith(block->type, " PRIVATE KEY")) {
    return absl::InvalidArgumentError(absl::StrCat("no private key data in PEM block of type ", block->type));
  }
  std::string_view alg = std::string_view(block->type).substr(0, block->type.size() - 12);
  if (alg == "RSA") {
    if (auto k = parse(KeyKind::kRsa)) return k;
    return absl::InvalidArgumentError("parsing RSA private key from PEM: x509: failed to parse private key");
  }
  if (alg == "EC") {
    if (auto k = parse(KeyKind::kEcdsa)) return k;
    return absl::InvalidArgumentError("parsing EC private key from PEM: x509: failed to parse EC private key");
  }
  if (alg == "DSA") {
    if (auto k = parse(KeyKind::kDsa)) return k;
    return absl::InvalidArgumentError("parsing DSA private key from PEM: asn1: structure error");
  }
  return absl::InvalidArgumentError(absl::StrCat("invalid private key type ", block->type));
}

// ---- certificates ----

// Sprig's certificate struct: {{ $ca.Cert }}, {{ $ca.Key }}.
class Certificate : public Object {
 public:
  Certificate(std::string cert, std::string key) : cert_(std::move(cert)), key_(std::move(key)) {}
  const std::string& cert() const { return cert_; }
  const std::string& key() const { return key_; }
  std::string TypeName() const override { return "sprig.certificate"; }
  std::string_view KindName() const override { return "struct"; }
  std::string Format() const override { return absl::StrCat("{", cert_, " ", key_, "}"); }
  absl::StatusOr<Value> Member(std::string_view name, absl::Span<const Value> args) const override {
    if (name == "Cert" || name == "Key") {
      if (!args.empty()) return absl::InvalidArgumentError(absl::StrCat(std::string(name), " is not a method but has arguments"));
      return Value(name == "Cert" ? cert_ : key_);
    }
    return absl::NotFoundError(AV(name));
  }
  bool Equal(const Object& other) const override {
    const auto& o = static_cast<const Certificate&>(other);
    return cert_ == o.cert_ && key_ == o.key_;
  }
  absl::StatusOr<std::string> MarshalJson() const override {
    return ToJson(Value(Map{{"Cert", Value(cert_)}, {"Key", Value(key_)}}));
  }

 private:
  std::string cert_;
  std::string key_;
};

// x509's time encoding: UTCTime from 1950 to 2049, GeneralizedTime otherwise; DER with its
// tag and length, as wolfCrypt takes a copied date.
int EncodeCertTime(int64_t unix_seconds, byte* out) {
  time_t t = static_cast<time_t>(unix_seconds);
  struct tm tm;
  gmtime_r(&t, &tm);
  const int year = tm.tm_year + 1900;
  char buf[32];
  int n;
  if (year >= 1950 && year < 2050) {
    n = snprintf(buf, sizeof buf, "%02d%02d%02d%02d%02d%02dZ", year % 100, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min, tm.tm_sec);
    out[0] = 0x17;
  } else {
    n = snprintf(buf, sizeof buf, "%04d%02d%02d%02d%02d%02dZ", year, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min, tm.tm_sec);
    out[0] = 0x18;
  }
  out[1] = static_cast<byte>(n);
  std::memcpy(out + 2, buf, n);
  return n + 2;
}

// The template's subject alternative names, in x509's order (DNS names, then IPs).
struct AltNames {
  std::vector<std::string> dns;
  std::vector<std::string> ips;  // 4 or 16 bytes each
};

// Sprig's getNetIPs and getAlternateDNSStrs, with their errors.
absl::StatusOr<AltNames> ReadAltNames(const Value& ips, const Value& dns) {
  AltNames out;
  if (ips.is_list()) {
    for (const Value& ip : ips.as_list()) {
      if (!ip.is_string()) return Panic(absl::StrCat("error parsing ip: ", FormatValue(Iface(ip)), " is not a string"));
      const std::string& s = ip.as_string();
      unsigned char buf[16];
      if (inet_pton(AF_INET, s.c_str(), buf) == 1) {
        out.ips.emplace_back(reinterpret_cast<char*>(buf), 4);
      } else if (inet_pton(AF_INET6, s.c_str(), buf) == 1) {
        static constexpr unsigned char kV4InV6[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (std::memcmp(buf, kV4InV6, 12) == 0) {
          out.ips.emplace_back(reinterpret_cast<char*>(buf + 12), 4);  // net.IP.To4
        } else {
          out.ips.emplace_back(reinterpret_cast<char*>(buf), 16);
        }
      } else {
        return Panic(absl::StrCat("error parsing ip: ", s));
      }
    }
  }
  if (dns.is_list()) {
    for (const Value& d : dns.as_list()) {
      if (!d.is_string()) {
        return Panic(absl::StrCat("error processing alternate dns name: ", FormatValue(Iface(d)), " is not a string"));
      }
      out.dns.push_back(d.as_string());
    }
  }
  return out;
}

struct Signer {
  std::string cert_der;  // the CA's certificate; empty for a self-signed one
  PrivateKey* key;
};

// Sprig's getBaseCertTemplate + getCertAndKey: serial below 2^128, NotBefore now, NotAfter
// days later, key usage (plus certSign for a CA), server and client auth, basic constraints;
// signed with SHA-256 (RSA, ECDSA P-256) or Ed25519 as x509.CreateCertificate chooses.
absl::StatusOr<Value> MakeCertificate(const std::string& cn, const AltNames& alt, int64_t days, bool is_ca,
                                      PrivateKey& subject_key, const Signer& signer) {
  WC_RNG* rng = CryptoRng();
  if (rng == nullptr) return absl::UnavailableError("crypto/rand: no randomness available");
  if (signer.key->kind() == KeyKind::kDsa) {
    return Panic("error creating certificate: x509: certificate private key does not implement crypto.Signer");
  }
  if (subject_key.kind() == KeyKind::kDsa) {
    return Panic("error creating certificate: x509: unsupported public key type: *dsa.PublicKey");
  }
  std::optional<std::string> subject = GoCommonNameDer(cn);
  if (!subject) return Panic("error creating certificate: asn1: string not valid UTF-8");
  auto cert = std::make_unique<Cert>();
  if (wc_InitCert(cert.get()) != 0) return absl::InternalError("wc_InitCert failed");
  std::strncpy(cert->subject.commonName, cn.c_str(), CTC_NAME_SIZE - 1);
  cert->isCA = is_ca ? 1 : 0;
  cert->basicConstSet = 1;  // BasicConstraintsValid: a leaf says CA:FALSE too
  switch (signer.key->kind()) {
    case KeyKind::kRsa: cert->sigType = CTC_SHA256wRSA; break;
    case KeyKind::kEcdsa: {
      int size = wc_ecc_size(signer.key->ecc());
      cert->sigType = size > 48 ? CTC_SHA512wECDSA : size > 32 ? CTC_SHA384wECDSA : CTC_SHA256wECDSA;
      break;
    }
    default: cert->sigType = CTC_ED25519; break;
  }
  // rand.Int(rand.Reader, 2^128): 16 random bytes, minimal big-endian.
  auto serial = RandomBytes(16);
  if (!serial.ok()) return serial.status();
  size_t skip = 0;
  while (skip < 15 && (*serial)[skip] == 0) skip++;
  std::memcpy(cert->serial, serial->data() + skip, 16 - skip);
  cert->serialSz = static_cast<int>(16 - skip);
  const int64_t now = time(nullptr);
  cert->beforeDateSz = EncodeCertTime(now, cert->beforeDate);
  cert->afterDateSz = EncodeCertTime(now + days * 86400, cert->afterDate);
  int rc = wc_SetKeyUsage(cert.get(), is_ca ? "digitalSignature,keyEncipherment,keyCertSign"
                                            : "digitalSignature,keyEncipherment");
  if (rc == 0) rc = wc_SetExtKeyUsage(cert.get(), "serverAuth,clientAuth");
  if (rc != 0) return absl::InternalError(absl::StrCat("error creating certificate: wolfCrypt error ", rc));
  if (!alt.dns.empty() || !alt.ips.empty()) {
#ifdef WOLFSSL_ALT_NAMES
    std::string names;
    for (const std::string& d : alt.dns) DerAppendTagged(names, 0x82, d);
    for (const std::string& ip : alt.ips) DerAppendTagged(names, 0x87, ip);
    std::string seq;
    DerAppendTagged(seq, 0x30, names);
    if (seq.size() > sizeof cert->altNames) return Panic("error creating certificate: too many alternate names");
    std::memcpy(cert->altNames, seq.data(), seq.size());
    cert->altNamesSz = static_cast<int>(seq.size());
#else
    // wolfSSL built without WOLFSSL_ALT_NAMES has no way to write them.
    return Panic("error creating certificate: podinit's wolfSSL was built without WOLFSSL_ALT_NAMES");
#endif
  }
  // x509 gives a CA a subject key ID (SHA-1 of its public key) and a signed certificate its
  // issuer's key ID.
  if (is_ca) {
    rc = wc_SetSubjectKeyIdFromPublicKey_ex(cert.get(), subject_key.CertKeyType(), subject_key.CertKey());
    if (rc != 0) return absl::InternalError(absl::StrCat("error creating certificate: wolfCrypt error ", rc));
  }
  if (!signer.cert_der.empty()) {
    rc = wc_SetIssuerBuffer(cert.get(), Bytes(signer.cert_der), static_cast<int>(signer.cert_der.size()));
    if (rc == 0) rc = wc_SetAuthKeyIdFromCert(cert.get(), Bytes(signer.cert_der), static_cast<int>(signer.cert_der.size()));
    if (rc != 0) return Panic(absl::StrCat("error creating certificate: wolfCrypt error ", rc));
  }
  std::vector<byte> der(16384 + CTC_MAX_ALT_SIZE);
  rc = wc_MakeCert_ex(cert.get(), der.data(), static_cast<word32>(der.size()), subject_key.CertKeyType(),
                      subject_key.CertKey(), rng);
  if (rc < 0) return Panic(absl::StrCat("error creating certificate: wolfCrypt error ", rc));
  // wolfCrypt has written the TBSCertificate. x509 writes the names in other string types
  // (and CNs past wolfCrypt's 63 bytes whole), orders the extensions otherwise and marks basic
  // constraints critical: written again as Go writes it, then signed.
  std::optional<std::string> issuer = signer.cert_der.empty() ? subject : CertificateSubject(signer.cert_der);
  if (!issuer) return Panic("error creating certificate: x509: malformed certificate");
  std::optional<std::string> tbs = TbsAsGoWritesIt(
      std::string_view(reinterpret_cast<const char*>(der.data()), static_cast<size_t>(rc)), *issuer, *subject);
  if (!tbs || tbs->size() > der.size() / 2) {
    return absl::InternalError("error creating certificate: wolfCrypt's TBSCertificate is not as expected");
  }
  std::memcpy(der.data(), tbs->data(), tbs->size());
  rc = wc_SignCert_ex(static_cast<int>(tbs->size()), cert->sigType, der.data(), static_cast<word32>(der.size()),
                      signer.key->CertKeyType(), signer.key->CertKey(), rng);
  if (rc < 0) return Panic(absl::StrCat("error creating certificate: wolfCrypt error ", rc));
  std::string cert_pem = PemEncode("CERTIFICATE", std::string_view(reinterpret_cast<char*>(der.data()), rc));
  auto key_pem = subject_key.Pem();
  if (!key_pem.ok()) return Panic(absl::StrCat("error pem-encoding key: ", key_pem.status().message()));
  return Value::Obj(std::make_shared<Certificate>(std::move(cert_pem), std::move(*key_pem)));
}

// Whether wolfCrypt reads `der` as an X.509 certificate (x509.ParseCertificate's role).
bool ParsesAsCertificate(const std::string& der) {
  auto scratch = std::make_unique<Cert>();
  return wc_InitCert(scratch.get()) == 0 &&
         wc_SetIssuerBuffer(scratch.get(), Bytes(der), static_cast<int>(der.size())) == 0;
}

absl::StatusOr<Signer> ReadSigner(const Certificate& ca, std::unique_ptr<PrivateKey>* holder) {
  auto block = PemDecode(ca.cert());
  if (!block) return Panic("unable to decode certificate");
  if (!ParsesAsCertificate(block->der)) {
    return Panic("error parsing certificate: decodedSignerCert.Bytes: x509: malformed certificate");
  }
  auto key = ParsePrivateKeyPem(ca.key());
  if (!key.ok()) return Panic(absl::StrCat("error parsing private key: ", key.status().message()));
  *holder = std::move(*key);
  return Signer{std::move(block->der), holder->get()};
}

// The certificate functions' key: a new RSA-2048 one, or the caller's PEM (*WithKey).
absl::StatusOr<std::unique_ptr<PrivateKey>> CertKey(absl::Span<const Value> args, size_t pem_index) {
  if (pem_index >= args.size()) {
    auto k = GenerateKey(KeyKind::kRsa, 2048);
    if (!k.ok()) return Panic(absl::StrCat("error generating rsa key: ", k.status().message()));
    return k;
  }
  auto k = ParsePrivateKeyPem(args[pem_index].as_string());
  if (!k.ok()) return Panic(absl::StrCat("parsing private key: ", k.status().message()));
  return k;
}

}  // namespace

void AddCryptoFuncs(FuncMap& m) {
  m["bcrypt"] = Typed({P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto h = Bcrypt(args[0].as_string());
    if (!h.ok()) return Value(absl::StrCat("failed to encrypt string with bcrypt: ", h.status().message()));
    return Value(*h);
  });
  m["htpasswd"] = Typed({P::kString, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    const std::string& user = args[0].as_string();
    if (user.find(':') != std::string::npos) return Value(absl::StrCat("invalid username: ", user));
    auto h = Bcrypt(args[1].as_string());
    return Value(absl::StrCat(user, ":", h.ok() ? *h : absl::StrCat("failed to encrypt string with bcrypt: ",
                                                                   h.status().message())));
  });
  m["derivePassword"] = Typed({P::kUint32, P::kString, P::kString, P::kString, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto p = DerivePassword(static_cast<uint32_t>(args[0].as_int()), args[1].as_string(), args[2].as_string(),
                            args[3].as_string(), args[4].as_string());
    if (!p.ok()) return Value(std::string(p.status().message()));
    return Value(*p);
  });
  m["encryptAES"] = Typed({P::kString, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto c = EncryptAES(args[0].as_string(), args[1].as_string());
    if (!c.ok()) return absl::UnknownError(c.status().message());
    return Value(*c);
  });
  m["decryptAES"] = Typed({P::kString, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto p = DecryptAES(args[0].as_string(), args[1].as_string());
    if (!p.ok()) return p.status();
    return Value(*p);
  });
  m["genPrivateKey"] = Typed({P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    const std::string& type = args[0].as_string();
    KeyKind kind;
    if (type.empty() || type == "rsa") {
      kind = KeyKind::kRsa;
    } else if (type == "dsa") {
      kind = KeyKind::kDsa;
    } else if (type == "ecdsa") {
      kind = KeyKind::kEcdsa;
    } else if (type == "ed25519") {
      kind = KeyKind::kEd25519;
    } else {
      return Value("Unknown type " + type);
    }
    auto k = GenerateKey(kind);
    if (!k.ok()) {
      if (absl::StartsWith(k.status().message(), "failed to")) return Value(std::string(k.status().message()));
      return Value(absl::StrCat("failed to generate private key: ", k.status().message()));
    }
    auto pem = (*k)->Pem();
    if (!pem.ok()) return Value(absl::StrCat("failed to generate private key: ", pem.status().message()));
    return Value(*pem);
  });
  for (bool with_key : {false, true}) {
    const std::string ca_name = with_key ? "genCAWithKey" : "genCA";
    Signature ca_sig{{P::kString, P::kInt}};
    if (with_key) ca_sig.params.push_back(P::kString);
    m[ca_name] = Func(ca_sig, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      auto key = CertKey(args, 2);
      if (!key.ok()) return key.status();
      return MakeCertificate(args[0].as_string(), {}, args[1].as_int(), true, **key, Signer{"", key->get()});
    });
    const std::string self_name = with_key ? "genSelfSignedCertWithKey" : "genSelfSignedCert";
    Signature self_sig{{P::kString, P::kIfaceList, P::kIfaceList, P::kInt}};
    if (with_key) self_sig.params.push_back(P::kString);
    m[self_name] = Func(self_sig, [with_key](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      // Go reads the caller's key before the names; a new key's failure cannot show, so the
      // names are checked before spending a key generation on them.
      absl::StatusOr<std::unique_ptr<PrivateKey>> key;
      if (with_key) key = CertKey(args, 4);
      if (with_key && !key.ok()) return key.status();
      auto alt = ReadAltNames(args[1], args[2]);
      if (!alt.ok()) return alt.status();
      if (!with_key) key = CertKey(args, 4);
      if (!key.ok()) return key.status();
      return MakeCertificate(args[0].as_string(), *alt, args[3].as_int(), false, **key, Signer{"", key->get()});
    });
    const std::string signed_name = with_key ? "genSignedCertWithKey" : "genSignedCert";
    Signature signed_sig{{P::kString, P::kIfaceList, P::kIfaceList, P::kInt, P::kCert}};
    if (with_key) signed_sig.params.push_back(P::kString);
    m[signed_name] = Func(signed_sig, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      auto key = CertKey(args, 5);
      if (!key.ok()) return key.status();
      std::unique_ptr<PrivateKey> ca_key;
      auto signer = ReadSigner(static_cast<const Certificate&>(args[4].as_object()), &ca_key);
      if (!signer.ok()) return signer.status();
      auto alt = ReadAltNames(args[1], args[2]);
      if (!alt.ok()) return alt.status();
      return MakeCertificate(args[0].as_string(), *alt, args[3].as_int(), false, **key, *signer);
    });
  }
  m["buildCustomCert"] = Typed({P::kString, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto cert = Base64Decode(args[0].as_string());
    if (!cert.ok()) return Panic("unable to decode base64 certificate");
    auto key = Base64Decode(args[1].as_string());
    if (!key.ok()) return Panic("unable to decode base64 private key");
    auto block = PemDecode(*cert);
    if (!block) return Panic("unable to decode certificate");
    if (!ParsesAsCertificate(block->der)) {
      return Panic("error parsing certificate: decodedCert.Bytes: x509: malformed certificate");
    }
    if (auto k = ParsePrivateKeyPem(*key); !k.ok()) {
      return Panic(absl::StrCat("error parsing private key: ", k.status().message()));
    }
    return Value::Obj(std::make_shared<Certificate>(std::move(*cert), std::move(*key)));
  });
}

}  // namespace templating::sprig
