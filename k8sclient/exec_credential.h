// users[].user.exec in a kubeconfig: a credential plugin (aws eks get-token,
// gke-gcloud-auth-plugin, kubelogin, ...) run with the client.authentication.k8s.io
// ExecCredential protocol, v1 or v1beta1, as client-go runs it: KUBERNETES_EXEC_INFO in its
// environment, the ExecCredential read from its stdout, the token kept until its
// expirationTimestamp (or a 401).
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "k8sclient/json.h"

namespace k8sclient {

struct ExecConfig {
  std::string command;  // a relative path with a '/' is resolved against the kubeconfig's dir
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::string api_version;  // client.authentication.k8s.io/v1 or /v1beta1
  std::string install_hint;
  bool provide_cluster_info = false;
  Json cluster;  // spec.cluster when provide_cluster_info: server, certificate-authority-data, ...
};

// The KUBERNETES_EXEC_INFO value: an ExecCredential with spec.interactive false (podinit has
// no terminal) and spec.cluster when asked for.
std::string ExecInfo(const ExecConfig& exec);

// What a plugin returned: a bearer token, a client certificate and key (PEM), or both.
struct ExecToken {
  std::string token;
  std::string client_cert_pem, client_key_pem;
  absl::Time expires = absl::InfiniteFuture();
};

// The plugin's stdout, checked as client-go checks it.
absl::StatusOr<ExecToken> ParseExecCredential(std::string_view out, std::string_view api_version);

class ExecCredentialPlugin {
 public:
  explicit ExecCredentialPlugin(ExecConfig exec, std::function<absl::Time()> now = nullptr);
  // The cached credential while it is valid, else a fresh one; `force` runs the plugin again
  // (after a 401).
  absl::StatusOr<ExecToken> Credential(bool force);
  absl::StatusOr<std::string> Token(bool force);  // Credential's token

 private:
  absl::StatusOr<std::string> Run();
  ExecConfig exec_;
  std::function<absl::Time()> now_;
  std::mutex mu_;
  ExecToken cached_;
};

}  // namespace k8sclient
