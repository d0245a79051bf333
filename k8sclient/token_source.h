// The bearer token for each request. Bound service-account tokens rotate (the kubelet
// rewrites the file about every hour), so a token file is re-read when its mtime changes, when
// the last read is older than a minute (as client-go's cached file token source), and once
// after a 401. A failed read keeps the last good token.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "k8sclient/exec_credential.h"

namespace k8sclient {

class TokenSource {
 public:
  // No token at all (plain --server behind kubectl proxy).
  TokenSource() = default;
  static TokenSource Static(std::string token);
  static TokenSource File(std::string path, std::function<absl::Time()> now = nullptr);
  // From a kubeconfig exec credential plugin, shared by the copies of this source.
  static TokenSource Exec(ExecConfig exec, std::function<absl::Time()> now = nullptr);

  bool empty() const { return path_.empty() && token_.empty() && exec_ == nullptr; }

  // The current token ("" when there is none). `force` re-reads the file (after a 401).
  // Errors (FailedPrecondition) only when no good token was ever read.
  absl::StatusOr<std::string> Token(bool force = false);
  // The token, and the client certificate and key an exec plugin may return instead of or
  // beside it (empty for the other sources).
  absl::StatusOr<ExecToken> Credential(bool force = false);

 private:
  std::string path_;
  std::string token_;
  std::shared_ptr<ExecCredentialPlugin> exec_;
  std::function<absl::Time()> now_;
  absl::Time last_read_ = absl::InfinitePast();
  int64_t mtime_ns_ = -1;
};

}  // namespace k8sclient
