// Sprig's random and keyed crypto functions, which no fixed corpus can hold: checked by shape,
// by round trips and by independent verifiers (libxcrypt for bcrypt, the openssl command for
// keys and certificates). derivePassword is deterministic and lives in corpus/crypto.jsonl.
#include <crypt.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "gocompat/strconv.h"
#include "tests/templating/sprig/test_util.h"

namespace templating {
namespace {

// A template string literal for s.
std::string ToJsonForTest(const std::string& s) { return gocompat::Quote(s); }

std::string Render(std::string_view text) {
  auto out = RenderWithFuncs(text);
  EXPECT_TRUE(out.ok()) << text << ": " << out.status();
  return out.ok() ? *out : "";
}

// crypt_rn(password, hash) reproduces hash: libxcrypt accepts the bcrypt string.
bool BcryptVerifies(const std::string& password, const std::string& hash) {
  auto data = std::make_unique<crypt_data>();
  const char* h = crypt_rn(password.c_str(), hash.c_str(), data.get(), sizeof *data);
  return h != nullptr && hash == h;
}

const std::regex kBcrypt(R"(\$2a\$10\$[./A-Za-z0-9]{53})");

TEST(Bcrypt, HashesVerify) {
  for (const std::string& pw : std::vector<std::string>{"", "secret", "pässwörd ā", std::string(80, 'x')}) {
    std::string h = Render("{{ bcrypt " + ToJsonForTest(pw) + " }}");
    EXPECT_TRUE(std::regex_match(h, kBcrypt)) << h;
    EXPECT_TRUE(BcryptVerifies(pw, h)) << pw << " " << h;
    // bcrypt reads 72 bytes at most, in Go as in libxcrypt: a longer password's tail is ignored.
    EXPECT_EQ(BcryptVerifies(pw + "x", h), pw.size() >= 72) << pw << " " << h;
  }
  // Two calls salt differently.
  EXPECT_NE(Render(R"({{ bcrypt "a" }})"), Render(R"({{ bcrypt "a" }})"));
}

TEST(Bcrypt, GoHashesVerifyWithTheSameLibrary) {
  // golang.org/x/crypto/bcrypt.GenerateFromPassword(p, 10) output: what Sprig's bcrypt makes.
  EXPECT_TRUE(BcryptVerifies("pässwörd", "$2a$10$EOC9XtIAHeLZL2AbfrvDCuqAQ5QFyKaOJHQjTo6zsUbxVSC0/id0y"));
  EXPECT_TRUE(BcryptVerifies("", "$2a$10$CQRlIPJDB2/LXfo0prreE.N4Pq1/bFaRUQ/LIKyHgLhhA0hXIUxna"));
}

// libxcrypt stops at a NUL where Go hashes every byte: refused, never a hash of a prefix.
TEST(Bcrypt, APasswordWithANulIsRefusedNotCut) {
  auto out = RenderWithFuncs(R"({{ bcrypt "a\x00b" }}|{{ htpasswd "u" "a\x00b" }})");
  ASSERT_TRUE(out.ok()) << out.status();
  const std::string why = "failed to encrypt string with bcrypt: a password with a NUL byte cannot be hashed by "
                          "podinit's bcrypt (libxcrypt)";
  EXPECT_EQ(*out, why + "|u:" + why);
}

TEST(Htpasswd, UserAndBcrypt) {
  std::string line = Render(R"({{ htpasswd "admin" "s3cret" }})");
  ASSERT_EQ(line.substr(0, 6), "admin:");
  EXPECT_TRUE(std::regex_match(line.substr(6), kBcrypt)) << line;
  EXPECT_TRUE(BcryptVerifies("s3cret", line.substr(6)));
  EXPECT_EQ(Render(R"({{ htpasswd "a:b" "x" }})"), "invalid username: a:b");
}

TEST(Aes, RoundTrips) {
  for (const std::string& text :
       std::vector<std::string>{"x", "exactly16bytes!!", "0123456789abcdef0", "łódź ā 😀", std::string(1000, 'q')}) {
    for (const std::string& key : std::vector<std::string>{"", "k", "a key longer than thirty-two bytes is cut"}) {
      std::string t = "{{ encryptAES " + ToJsonForTest(key) + " " + ToJsonForTest(text) + " | decryptAES " +
                      ToJsonForTest(key) + " }}";
      EXPECT_EQ(Render(t), text) << t;
    }
  }
  // IV in front, whole blocks, base64; a fresh IV every time.
  std::string c = Render(R"({{ encryptAES "k" "exactly16bytes!!" }})");
  auto raw = sprig::Base64Decode(c);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->size(), 48u);  // IV + the text + a whole block of padding
  EXPECT_NE(c, Render(R"({{ encryptAES "k" "exactly16bytes!!" }})"));
  EXPECT_EQ(Render(R"({{ encryptAES "k" "" }})"), "");
  // A different key does not give the text back.
  EXPECT_NE(RenderWithFuncs(R"({{ encryptAES "k1" "some secret text" | decryptAES "k2" }})").value_or(""),
            "some secret text");
}

struct CommandResult {
  int status = -1;
  std::string output;
};

CommandResult RunCommand(const std::string& cmd) {
  CommandResult r;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::vector<std::string> SplitBars(const std::string& s) {
  std::vector<std::string> parts;
  for (size_t start = 0;;) {
    size_t bar = s.find('|', start);
    parts.push_back(s.substr(start, bar - start));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return parts;
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/sprig_crypto_XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { RunCommand("rm -rf " + path_); }
  std::string Write(const std::string& name, const std::string& text) const {
    std::string p = path_ + "/" + name;
    std::ofstream(p) << text;
    return p;
  }

 private:
  std::string path_;
};

void ExpectKeyParses(const std::string& pem, const std::string& begin) {
  EXPECT_EQ(pem.rfind("-----BEGIN " + begin + "-----\n", 0), 0u) << pem;
  TempDir dir;
  std::string f = dir.Write("key.pem", pem);
  CommandResult r = RunCommand("openssl pkey -noout -in " + f);
  EXPECT_EQ(r.status, 0) << r.output << pem;
}

TEST(GenPrivateKey, EcdsaAndEd25519) {
  ExpectKeyParses(Render(R"({{ genPrivateKey "ecdsa" }})"), "EC PRIVATE KEY");
  std::string ed = Render(R"({{ genPrivateKey "ed25519" }})");
  ExpectKeyParses(ed, "PRIVATE KEY");
  EXPECT_EQ(ed.size(), 119u);  // x509.MarshalPKCS8PrivateKey's 48 bytes in one PEM line
  EXPECT_EQ(Render(R"({{ genPrivateKey "rsa3" }})"), "Unknown type rsa3");
}

// The key parses, is of Sprig's kind and has Sprig's size (openssl TOOL -text).
void ExpectKeyOfSize(const std::string& type, const std::string& begin, const std::string& tool, int bits) {
  std::string pem = Render("{{ genPrivateKey " + ToJsonForTest(type) + " }}");
  ExpectKeyParses(pem, begin);
  TempDir dir;
  CommandResult r = RunCommand("openssl " + tool + " -noout -text -in " + dir.Write("k.pem", pem));
  EXPECT_NE(r.output.find("Private-Key: (" + std::to_string(bits) + " bit"), std::string::npos) << r.output;
}

// "" is rsa too (one key only: RSA-4096 takes seconds).
TEST(GenPrivateKey, Rsa) { ExpectKeyOfSize("", "RSA PRIVATE KEY", "rsa", 4096); }

TEST(GenPrivateKey, Dsa) { ExpectKeyOfSize("dsa", "DSA PRIVATE KEY", "dsa", 2048); }

TEST(Certificates, SignedByTheirCaVerify) {
  TempDir dir;
  auto out = RenderWithFuncs(
      R"({{ $ca := genCA "podinit-ca" 30 }}{{ $c := genSignedCert "web" (list "10.0.0.1" "::1") (list "web.local" "web") 7 $ca }})"
      R"({{ $ca.Cert }}|{{ $ca.Key }}|{{ $c.Cert }}|{{ $c.Key }})");
  ASSERT_TRUE(out.ok()) << out.status();
  std::vector<std::string> parts = SplitBars(*out);
  ASSERT_EQ(parts.size(), 4u);
  std::string ca = dir.Write("ca.pem", parts[0]);
  std::string leaf = dir.Write("leaf.pem", parts[2]);
  CommandResult v = RunCommand("openssl verify -CAfile " + ca + " " + leaf);
  EXPECT_EQ(v.status, 0) << v.output;
  ExpectKeyParses(parts[1], "RSA PRIVATE KEY");
  ExpectKeyParses(parts[3], "RSA PRIVATE KEY");
  // The leaf's key is the certificate's.
  CommandResult k1 = RunCommand("openssl x509 -noout -pubkey -in " + leaf);
  CommandResult k2 = RunCommand("openssl pkey -pubout -in " + dir.Write("leaf.key", parts[3]));
  EXPECT_EQ(k1.output, k2.output);
  CommandResult t = RunCommand("openssl x509 -noout -text -in " + leaf);
  for (std::string want : {"Subject: CN = web", "Issuer: CN = podinit-ca", "DNS:web.local, DNS:web, IP Address:10.0.0.1, IP Address:0:0:0:0:0:0:0:1",
                           "TLS Web Server Authentication, TLS Web Client Authentication",
                           "Digital Signature, Key Encipherment", "sha256WithRSAEncryption", "CA:FALSE",
                           "X509v3 Authority Key Identifier"}) {
    EXPECT_NE(t.output.find(want), std::string::npos) << want << "\n" << t.output;
  }
  CommandResult tc = RunCommand("openssl x509 -noout -text -in " + ca);
  for (std::string want : {"CA:TRUE", "Certificate Sign", "X509v3 Subject Key Identifier", "Subject: CN = podinit-ca", "Issuer: CN = podinit-ca"}) {
    EXPECT_NE(tc.output.find(want), std::string::npos) << want << "\n" << tc.output;
  }
  // Valid from now for the days asked.
  CommandResult end = RunCommand("openssl x509 -noout -checkend " + std::to_string(6 * 86400) + " -in " + leaf);
  EXPECT_EQ(end.status, 0) << end.output;
  end = RunCommand("openssl x509 -noout -checkend " + std::to_string(8 * 86400) + " -in " + leaf);
  EXPECT_NE(end.status, 0) << end.output;
}

TEST(Certificates, WithKeysAndSelfSigned) {
  TempDir dir;
  auto out = RenderWithFuncs(
      R"({{ $k := genPrivateKey "ecdsa" }}{{ $ca := genCAWithKey "ca2" 5 $k }})"
      R"({{ $ek := genPrivateKey "ed25519" }}{{ $c := genSignedCertWithKey "leaf" nil (list "x.test") 5 $ca $ek }})"
      R"({{ $s := genSelfSignedCertWithKey "self" (list "127.0.0.1") nil 5 $k }})"
      R"({{ eq $ca.Key $k }}|{{ eq $c.Key $ek }}|{{ $ca.Cert }}|{{ $c.Cert }}|{{ $s.Cert }})");
  ASSERT_TRUE(out.ok()) << out.status();
  std::vector<std::string> parts = SplitBars(*out);
  ASSERT_EQ(parts.size(), 5u);
  EXPECT_EQ(parts[0], "true");
  EXPECT_EQ(parts[1], "true");
  std::string ca = dir.Write("ca.pem", parts[2]);
  CommandResult v = RunCommand("openssl verify -CAfile " + ca + " " + dir.Write("leaf.pem", parts[3]));
  EXPECT_EQ(v.status, 0) << v.output;
  CommandResult t = RunCommand("openssl x509 -noout -text -in " + dir.Write("self.pem", parts[4]));
  EXPECT_NE(t.output.find("ecdsa-with-SHA256"), std::string::npos) << t.output;
  EXPECT_NE(t.output.find("IP Address:127.0.0.1"), std::string::npos) << t.output;
  CommandResult self = RunCommand("openssl verify -CAfile " + dir.Write("self2.pem", parts[4]) + " " +
                           dir.Write("self3.pem", parts[4]));
  // A self-signed leaf (not a CA) is still its own issuer: openssl accepts it as trusted.
  EXPECT_EQ(self.status, 0) << self.output;
}

// x509.CreateCertificate's extensions, in its order and criticality (KeyUsage critical,
// ExtKeyUsage, BasicConstraints critical, SKI, AKI, SAN), as `openssl x509 -text` lists them;
// names in Go's string types, and a CN longer than wolfCrypt's 63 bytes kept whole.
// (Checked byte for byte against Go 1.19 re-creating the same certificates with the same keys:
// RSA and Ed25519 signatures are deterministic.)
void ExpectInOrder(const std::string& text, const std::vector<std::string>& want) {
  size_t at = 0;
  for (const std::string& w : want) {
    size_t found = text.find(w, at);
    ASSERT_NE(found, std::string::npos) << "missing or out of order: " << w << "\n" << text;
    at = found + w.size();
  }
}

TEST(Certificates, ExtensionsAndNamesAsGoWritesThem) {
  TempDir dir;
  const std::string long_cn(80, 'n');
  auto out = RenderWithFuncs(
      R"({{ $ca := genCA "podinit-ca" 3 }}{{ $c := genSignedCert "*.web" (list "10.0.0.1") (list "web") 3 $ca }})"
      R"({{ $s := genSelfSignedCert ")" + long_cn + R"(" nil (list "s") 3 }}{{ $ca.Cert }}|{{ $c.Cert }}|{{ $s.Cert }})");
  ASSERT_TRUE(out.ok()) << out.status();
  std::vector<std::string> parts = SplitBars(*out);
  ASSERT_EQ(parts.size(), 3u);
  std::string ca = dir.Write("ca.pem", parts[0]), leaf = dir.Write("leaf.pem", parts[1]), self = dir.Write("self.pem", parts[2]);
  ExpectInOrder(RunCommand("openssl x509 -noout -text -in " + ca).output,
                {"X509v3 Key Usage: critical", "X509v3 Extended Key Usage:", "X509v3 Basic Constraints: critical",
                 "CA:TRUE", "X509v3 Subject Key Identifier:", "Signature Algorithm"});
  std::string lt = RunCommand("openssl x509 -noout -text -in " + leaf).output;
  ExpectInOrder(lt, {"X509v3 Key Usage: critical", "X509v3 Extended Key Usage:", "X509v3 Basic Constraints: critical",
                     "CA:FALSE", "X509v3 Authority Key Identifier:", "X509v3 Subject Alternative Name:", "Signature Algorithm"});
  EXPECT_EQ(lt.find("Subject Key Identifier"), std::string::npos) << lt;
  std::string st = RunCommand("openssl x509 -noout -text -in " + self).output;
  ExpectInOrder(st, {"Subject: CN = " + long_cn + "\n", "X509v3 Key Usage: critical", "X509v3 Basic Constraints: critical",
                     "X509v3 Subject Alternative Name:"});
  EXPECT_EQ(st.find("Authority Key Identifier"), std::string::npos) << st;
  // Go's string types: PrintableString where it can, UTF8String for "*.web".
  ExpectInOrder(RunCommand("openssl asn1parse -in " + ca).output, {"PRINTABLESTRING   :podinit-ca"});
  ExpectInOrder(RunCommand("openssl asn1parse -in " + leaf).output,
                {"PRINTABLESTRING   :podinit-ca", "UTF8STRING        :*.web"});
  EXPECT_EQ(RunCommand("openssl verify -CAfile " + ca + " " + leaf).status, 0);
}

TEST(Certificates, AnInvalidUtf8NameFailsAsInGo) {
  auto out = RenderWithFuncs(R"({{ genCA "bad \xff" 1 }})");
  ASSERT_FALSE(out.ok());
  EXPECT_NE(std::string(out.status().message()).find("error creating certificate: asn1: string not valid UTF-8"),
            std::string::npos) << out.status();
}

TEST(Certificates, BuildCustomCertGivesBackItsInput) {
  auto out = RenderWithFuncs(
      R"({{ $ca := genCA "c" 1 }}{{ $b := buildCustomCert ($ca.Cert | b64enc) ($ca.Key | b64enc) }})"
      R"({{ and (eq $b.Cert $ca.Cert) (eq $b.Key $ca.Key) }})");
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(*out, "true");
}

}  // namespace
}  // namespace templating
