// Where podinit's API client points and with which credentials: resolved once from the
// command line, the environment, a kubeconfig or the pod's service-account directory, in the
// order PRODUCT.md gives. Nothing here talks to the network.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "k8sclient/exec_credential.h"

namespace k8sclient {

// From the command line / PODINIT_* env (already merged by the caller).
struct ConfigFlags {
  std::string pod_file, kubeconfig, server, ca_file, token_file, namespace_, pod_name;
  std::string sa_dir = "/var/run/secrets/kubernetes.io/serviceaccount";
};

struct ClientConfig {
  std::string server;                 // https://host:port (IPv6 bracketed) or http://...
  std::string ca_file, ca_pem;        // one of them for https
  std::string token_file, token;      // token_file re-read on change / after 401; token static
  std::string client_cert_file, client_key_file, client_cert_pem, client_key_pem;
  bool insecure_skip_tls_verify = false;  // only from an explicit kubeconfig setting
  std::string proxy_url;              // kubeconfig proxy-url; else libcurl's https_proxy/no_proxy
  std::string tls_server_name;        // kubeconfig tls-server-name: SNI and the name verified
  std::optional<ExecConfig> exec;     // kubeconfig users[].user.exec credential plugin
  std::string namespace_, pod_name;
  std::string source;                 // "in-cluster", "kubeconfig /path (context x)", "--server"
};

using EnvLookup = std::function<std::optional<std::string>(std::string_view)>;

// The process environment, for callers that have no better one.
std::optional<std::string> ProcessEnv(std::string_view name);

// Resolution order: kubeconfig (--kubeconfig or KUBECONFIG), --server, in-cluster
// (KUBERNETES_SERVICE_HOST/PORT + sa_dir). --pod-file is handled by the caller (no client).
// Namespace: --namespace, POD_NAMESPACE, kubeconfig context, sa_dir/namespace, "default".
// Pod name: --pod-name, POD_NAME, HOSTNAME, gethostname().
// Configuration problems are FailedPrecondition (missing env or files) or InvalidArgument
// (malformed values), each one line naming the file or variable at fault.
absl::StatusOr<ClientConfig> ResolveConfig(const ConfigFlags& flags, const EnvLookup& env);

// "host:port" for a URL, with an IPv6 literal host bracketed.
std::string JoinHostPort(std::string_view host, std::string_view port);

}  // namespace k8sclient
