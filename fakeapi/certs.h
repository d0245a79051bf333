// A throwaway certificate authority and server certificate, made at start-up so that clients
// verify TLS against the fake API server exactly as they would against a real one.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace fakeapi {

struct TlsMaterial {
  std::string ca_pem;    // the CA certificate clients trust (empty when given --tls-cert)
  std::string cert_pem;  // the server certificate (chain)
  std::string key_pem;   // its private key
};

// ECDSA P-256 CA and server certificate; the server certificate's SANs are 127.0.0.1, ::1,
// localhost and `extra_sans` (IP addresses become IP SANs, anything else DNS SANs).
absl::StatusOr<TlsMaterial> GenerateTls(const std::vector<std::string>& extra_sans);

}  // namespace fakeapi
