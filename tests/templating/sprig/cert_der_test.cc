// The DER podinit writes itself so that certificates come out as Go's x509 writes them.
#include "templating/sprig/cert_der.h"

#include <gtest/gtest.h>

#include <string>

namespace templating::sprig {
namespace {

std::string Tagged(unsigned char tag, const std::string& content) {
  std::string out;
  DerAppendTagged(out, tag, content);
  return out;
}

std::string Ext(unsigned char arc, const std::string& value, bool critical = false) {
  std::string e = Tagged(0x06, std::string("\x55\x1d", 2) + static_cast<char>(arc));
  if (critical) e += std::string("\x01\x01\xff", 3);
  return Tagged(0x30, e + Tagged(0x04, value));
}

// A TBSCertificate with the given names and extensions; the other fields are stand-ins.
std::string Tbs(const std::string& issuer, const std::string& subject, const std::string& exts) {
  std::string f = Tagged(0xa0, Tagged(0x02, "\x02")) + Tagged(0x02, "\x01") + Tagged(0x30, "alg") + issuer +
                  Tagged(0x30, "validity") + subject + Tagged(0x30, "spki") + Tagged(0xa3, Tagged(0x30, exts));
  return Tagged(0x30, f);
}

const std::string kBcTrue = Tagged(0x30, std::string("\x01\x01\xff", 3));
const std::string kBcFalseExplicit = Tagged(0x30, std::string("\x01\x01\x00", 3));

TEST(DerAppendTagged, LengthsInShortAndLongForm) {
  EXPECT_EQ(Tagged(0x04, ""), std::string("\x04\x00", 2));
  EXPECT_EQ(Tagged(0x04, std::string(0x7f, 'a')).substr(0, 2), std::string("\x04\x7f", 2));
  EXPECT_EQ(Tagged(0x04, std::string(0x80, 'a')).substr(0, 3), std::string("\x04\x81\x80", 3));
  EXPECT_EQ(Tagged(0x04, std::string(0x100, 'a')).substr(0, 4), std::string("\x04\x82\x01\x00", 4));
  EXPECT_EQ(Tagged(0x04, std::string(0x10000, 'a')).substr(0, 5), std::string("\x04\x83\x01\x00\x00", 5));
}

TEST(GoCommonNameDer, AsEncodingAsn1MarshalsIt) {
  EXPECT_EQ(*GoCommonNameDer(""), std::string("\x30\x00", 2));  // no attribute at all
  std::string atv = std::string("\x06\x03\x55\x04\x03", 5);
  EXPECT_EQ(*GoCommonNameDer("web-1.example:8443"),
            Tagged(0x30, Tagged(0x31, Tagged(0x30, atv + Tagged(0x13, "web-1.example:8443")))));
  // '*' and '&' are rejected by Go's isPrintable here, as is anything past ASCII.
  for (std::string cn : {"*.example", "a & b", "caf\xc3\xa9", "under_score"}) {
    EXPECT_EQ(*GoCommonNameDer(cn), Tagged(0x30, Tagged(0x31, Tagged(0x30, atv + Tagged(0x0c, cn))))) << cn;
  }
  EXPECT_FALSE(GoCommonNameDer("bad \xff utf-8").has_value());
}

TEST(TbsAsGoWritesIt, WolfCryptsOrderBecomesGos) {
  const std::string ku = std::string("\x03\x02\x05\xa0", 4), eku = "eku", ski = "ski", aki = "aki", san = "san";
  // wolfCrypt 5.5.4's order: basic constraints (not critical) first, SAN, SKI, AKI, key usage
  // (critical), extended key usage.
  std::string wolf = Ext(19, kBcFalseExplicit) + Ext(17, san) + Ext(14, ski) + Ext(35, aki) + Ext(15, ku, true) + Ext(37, eku);
  std::string issuer = *GoCommonNameDer("ca"), subject = *GoCommonNameDer("leaf");
  std::optional<std::string> got = TbsAsGoWritesIt(Tbs(Tagged(0x30, "old-issuer"), Tagged(0x30, "old"), wolf), issuer, subject);
  ASSERT_TRUE(got.has_value());
  std::string go = Ext(15, ku, true) + Ext(37, eku) + Ext(19, Tagged(0x30, ""), true) + Ext(14, ski) + Ext(35, aki) + Ext(17, san);
  EXPECT_EQ(*got, Tbs(issuer, subject, go));
}

TEST(TbsAsGoWritesIt, ACaKeepsCaTrueAndOtherExtensionsComeLast) {
  std::string other = Tagged(0x30, Tagged(0x06, "\x2b\x06\x01") + Tagged(0x04, "x"));
  std::string wolf = other + Ext(19, kBcTrue) + Ext(14, "ski");
  std::string name = *GoCommonNameDer("ca");
  std::optional<std::string> got = TbsAsGoWritesIt(Tbs(name, name, wolf), name, name);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, Tbs(name, name, Ext(19, kBcTrue, true) + Ext(14, "ski") + other));
}

TEST(TbsAsGoWritesIt, RefusesWhatIsNotATbsCertificate) {
  std::string name = *GoCommonNameDer("x");
  std::string good = Tbs(name, name, Ext(14, "ski"));
  ASSERT_TRUE(TbsAsGoWritesIt(good, name, name).has_value());
  for (size_t cut : {size_t{0}, size_t{1}, size_t{5}, good.size() - 1}) {
    EXPECT_FALSE(TbsAsGoWritesIt(good.substr(0, cut), name, name).has_value()) << cut;
  }
  EXPECT_FALSE(TbsAsGoWritesIt(good + "x", name, name).has_value());
  // A length that claims more than there is, deep inside.
  std::string lying = good;
  lying[lying.size() - 5] = '\x7f';
  EXPECT_FALSE(TbsAsGoWritesIt(lying, name, name).has_value());
  // No extensions block.
  EXPECT_FALSE(TbsAsGoWritesIt(Tagged(0x30, Tagged(0xa0, "v") + Tagged(0x02, "\x01")), name, name).has_value());
  // An extension without its OCTET STRING.
  EXPECT_FALSE(TbsAsGoWritesIt(Tbs(name, name, Tagged(0x30, Tagged(0x06, "\x55\x1d\x0e"))), name, name).has_value());
}

TEST(CertificateSubject, TheSubjectsBytesAsTheyStand) {
  std::string subject = Tagged(0x30, "odd but kept");
  std::string cert = Tagged(0x30, Tbs(Tagged(0x30, "issuer"), subject, Ext(14, "ski")) + Tagged(0x30, "alg") + Tagged(0x03, "sig"));
  EXPECT_EQ(*CertificateSubject(cert), subject);
  EXPECT_FALSE(CertificateSubject(cert.substr(0, 20)).has_value());
  EXPECT_FALSE(CertificateSubject("").has_value());
}

}  // namespace
}  // namespace templating::sprig
