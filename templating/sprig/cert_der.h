// The little DER that the certificate functions write themselves: a tagged value, a subject
// name as Go encodes it, and a TBSCertificate rewritten where wolfCrypt's wc_MakeCert writes
// it otherwise than Go's x509.CreateCertificate (names, extension order and criticality).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace templating::sprig {

// Appends TAG, the definite length of `content` (short or long form), then `content`.
void DerAppendTagged(std::string& out, unsigned char tag, std::string_view content);

// pkix.Name{CommonName: cn}.ToRDNSequence() as encoding/asn1 marshals it: no attribute for
// an empty name; a PrintableString when every byte is one (asn1.isPrintable, without '*' and
// '&'), else a UTF8String. nullopt for invalid UTF-8 ("asn1: string not valid UTF-8").
std::optional<std::string> GoCommonNameDer(std::string_view cn);

// The subject Name of a DER certificate, as its bytes stand (Go's parent.RawSubject, which
// x509.CreateCertificate writes as the issuer of what the parent signs).
std::optional<std::string> CertificateSubject(std::string_view cert);

// `tbs` is a DER v3 TBSCertificate (version, serial, signature, issuer, validity, subject,
// subjectPublicKeyInfo, [3] extensions). Returns it with `issuer` and `subject` (DER Names)
// in place of its own, and the extensions as Go 1.19's buildCertExtensions writes them
// (crypto/x509/x509.go): KeyUsage (critical), ExtKeyUsage, BasicConstraints (critical;
// CA:FALSE as an empty SEQUENCE), SubjectKeyId, AuthorityKeyId, SubjectAltName, then any
// other in the order found. Every other byte is kept. nullopt when `tbs` is not such a
// structure.
std::optional<std::string> TbsAsGoWritesIt(std::string_view tbs, std::string_view issuer, std::string_view subject);

}  // namespace templating::sprig
