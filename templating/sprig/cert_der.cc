#include "templating/sprig/cert_der.h"

#include <array>
#include <cstdint>
#include <vector>

#include "gocompat/utf8.h"

namespace templating::sprig {
namespace {

// One DER element: its tag, where its content starts and how long it is.
struct Tlv {
  unsigned char tag = 0;
  size_t header = 0;
  size_t length = 0;
  size_t size() const { return header + length; }
};

// Reads the element at the start of `in` (one-byte tags and definite lengths up to four
// bytes: all a certificate's TBS needs). nullopt when it runs past `in`.
std::optional<Tlv> ReadTlv(std::string_view in) {
  if (in.size() < 2) return std::nullopt;
  Tlv t;
  t.tag = static_cast<unsigned char>(in[0]);
  unsigned char first = static_cast<unsigned char>(in[1]);
  if (first < 0x80) {
    t.header = 2;
    t.length = first;
  } else {
    size_t n = first & 0x7f;
    if (n == 0 || n > 4 || in.size() < 2 + n) return std::nullopt;
    for (size_t i = 0; i < n; ++i) t.length = (t.length << 8) | static_cast<unsigned char>(in[2 + i]);
    t.header = 2 + n;
  }
  if (t.length > in.size() - t.header) return std::nullopt;
  return t;
}

// The elements of a constructed value's content, in order.
std::optional<std::vector<std::string_view>> Elements(std::string_view content) {
  std::vector<std::string_view> out;
  while (!content.empty()) {
    std::optional<Tlv> t = ReadTlv(content);
    if (!t) return std::nullopt;
    out.push_back(content.substr(0, t->size()));
    content.remove_prefix(t->size());
  }
  return out;
}

std::string_view Content(std::string_view element) { return element.substr(ReadTlv(element)->header); }

// id-ce (2.5.29) arcs, in Go's order.
constexpr std::array<unsigned char, 6> kGoOrder = {
    15,  // keyUsage
    37,  // extKeyUsage
    19,  // basicConstraints
    14,  // subjectKeyIdentifier
    35,  // authorityKeyIdentifier
    17,  // subjectAltName
};
constexpr unsigned char kKeyUsage = 15, kBasicConstraints = 19;

// The id-ce arc of an extension's OID, or -1 for any other OID.
int IdCeArc(std::string_view oid_content) {
  if (oid_content.size() == 3 && oid_content[0] == 0x55 && oid_content[1] == 0x1d) {
    return static_cast<unsigned char>(oid_content[2]);
  }
  return -1;
}

struct Extension {
  std::string_view oid;    // the whole OBJECT IDENTIFIER element
  std::string_view value;  // the OCTET STRING's content
  int arc = -1;
};

// basicConstraints as Go's asn1.Marshal(basicConstraints{isCA, -1}) writes it: cA only when
// true (a DEFAULT FALSE is left out), no pathLenConstraint. A value with anything else in
// it is kept as it is.
std::string GoBasicConstraints(std::string_view value) {
  std::optional<Tlv> seq = ReadTlv(value);
  if (!seq || seq->tag != 0x30 || seq->size() != value.size()) return std::string(value);
  std::optional<std::vector<std::string_view>> inner = Elements(Content(value));
  if (!inner || inner->size() > 1) return std::string(value);
  bool is_ca = false;
  if (inner->size() == 1) {
    std::string_view b = (*inner)[0];
    if (b.size() != 3 || b[0] != 0x01 || b[1] != 0x01) return std::string(value);
    is_ca = b[2] != 0;
  }
  std::string out;
  DerAppendTagged(out, 0x30, is_ca ? std::string_view("\x01\x01\xff", 3) : std::string_view());
  return out;
}

// encoding/asn1's isPrintable with rejectAsterisk and rejectAmpersand (asn1.go).
bool IsPrintable(unsigned char b) {
  return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
         (b >= '\'' && b <= ')') || (b >= '+' && b <= '/') || b == ' ' || b == ':' || b == '=' || b == '?';
}

}  // namespace

void DerAppendTagged(std::string& out, unsigned char tag, std::string_view content) {
  out.push_back(static_cast<char>(tag));
  size_t n = content.size();
  if (n < 0x80) {
    out.push_back(static_cast<char>(n));
  } else {
    int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
    out.push_back(static_cast<char>(0x80 | bytes));
    for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  }
  out.append(content);
}

std::optional<std::string> GoCommonNameDer(std::string_view cn) {
  std::string rdns;
  if (!cn.empty()) {
    bool printable = true;
    for (unsigned char c : cn) printable = printable && IsPrintable(c);
    if (!printable && !gocompat::ValidString(cn)) return std::nullopt;
    std::string atv("\x06\x03\x55\x04\x03", 5);  // id-at-commonName
    DerAppendTagged(atv, printable ? 0x13 : 0x0c, cn);
    std::string seq, set;
    DerAppendTagged(seq, 0x30, atv);
    DerAppendTagged(set, 0x31, seq);
    rdns = set;
  }
  std::string out;
  DerAppendTagged(out, 0x30, rdns);
  return out;
}

std::optional<std::string> CertificateSubject(std::string_view cert) {
  std::optional<Tlv> outer = ReadTlv(cert);
  if (!outer || outer->tag != 0x30) return std::nullopt;
  std::optional<std::vector<std::string_view>> parts = Elements(Content(cert.substr(0, outer->size())));
  if (!parts || parts->empty() || (*parts)[0][0] != 0x30) return std::nullopt;
  std::optional<std::vector<std::string_view>> fields = Elements(Content((*parts)[0]));
  // A v3 TBSCertificate starts with its [0] version; v1 has none.
  size_t at = !fields || fields->empty() ? 0 : static_cast<unsigned char>((*fields)[0][0]) == 0xa0 ? 5 : 4;
  if (at == 0 || fields->size() <= at) return std::nullopt;
  return std::string((*fields)[at]);
}

std::optional<std::string> TbsAsGoWritesIt(std::string_view tbs, std::string_view issuer, std::string_view subject) {
  std::optional<Tlv> outer = ReadTlv(tbs);
  if (!outer || outer->tag != 0x30 || outer->size() != tbs.size()) return std::nullopt;
  std::optional<std::vector<std::string_view>> fields = Elements(Content(tbs));
  if (!fields || fields->size() != 8 || static_cast<unsigned char>((*fields)[0][0]) != 0xa0 ||
      static_cast<unsigned char>((*fields)[7][0]) != 0xa3) {
    return std::nullopt;
  }
  std::optional<std::vector<std::string_view>> wrapped = Elements(Content(fields->back()));
  if (!wrapped || wrapped->size() != 1 || (*wrapped)[0][0] != 0x30) return std::nullopt;
  std::optional<std::vector<std::string_view>> list = Elements(Content((*wrapped)[0]));
  if (!list) return std::nullopt;

  std::vector<Extension> exts;
  for (std::string_view e : *list) {
    std::optional<std::vector<std::string_view>> parts = Elements(Content(e));
    // extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING
    if (!parts || parts->size() < 2 || parts->size() > 3 || (*parts)[0][0] != 0x06 ||
        parts->back()[0] != 0x04) {
      return std::nullopt;
    }
    exts.push_back(Extension{(*parts)[0], Content(parts->back()), IdCeArc(Content((*parts)[0]))});
  }

  std::string body;
  auto append = [&body](const Extension& x) {
    std::string ext(x.oid);
    if (x.arc == kKeyUsage || x.arc == kBasicConstraints) ext.append("\x01\x01\xff", 3);
    DerAppendTagged(ext, 0x04, x.arc == kBasicConstraints ? GoBasicConstraints(x.value) : std::string(x.value));
    DerAppendTagged(body, 0x30, ext);
  };
  for (unsigned char arc : kGoOrder) {
    for (const Extension& x : exts) {
      if (x.arc == arc) append(x);
    }
  }
  for (const Extension& x : exts) {
    bool known = false;
    for (unsigned char arc : kGoOrder) known = known || x.arc == arc;
    if (!known) append(x);
  }

  std::string seq, tagged, content;
  DerAppendTagged(seq, 0x30, body);
  DerAppendTagged(tagged, 0xa3, seq);
  for (size_t i = 0; i < 7; ++i) content.append(i == 3 ? issuer : i == 5 ? subject : (*fields)[i]);
  content.append(tagged);
  std::string out;
  DerAppendTagged(out, 0x30, content);
  return out;
}

}  // namespace templating::sprig
