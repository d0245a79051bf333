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

// Writes `content` to `path` with mode 0600 (it may hold a token), atomically, through a
// temporary PATH.tmp created fresh: a symlink at PATH or an existing PATH.tmp is an error.
absl::Status WritePrivateFile(const std::string& path, std::string_view content);

// The server URL a kubeconfig should name for a server listening at `url`: a wildcard
// address (0.0.0.0, ::) becomes loopback.
std::string KubeconfigServer(std::string_view url);

}  // namespace fakeapi
