// The kubeconfig the fake API server writes for itself, so kubectl, client libraries and
// podinit's --kubeconfig reach it with no further setup.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace fakeapi {

// `ca_pem` empty: no certificate-authority-data (plain HTTP, or a certificate given with
// --tls-cert that clients already trust). `token` empty: no user credentials.
std::string KubeconfigYaml(std::string_view server, std::string_view ca_pem,
                           std::string_view token, std::string_view ns);

// Writes `content` to `path` with mode 0600 (it may hold a token), atomically.
absl::Status WritePrivateFile(const std::string& path, std::string_view content);

}  // namespace fakeapi
