// The subset of a kubeconfig file that podinit understands: the current (or given) context's
// cluster server, CA, TLS settings, and the user's bearer token or client certificate.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "k8sclient/config.h"

namespace k8sclient {

// Fills server, TLS and credential fields of a ClientConfig, `namespace_` from the context
// (empty when the context has none), and `source`. Relative file paths in the kubeconfig are
// resolved against the kubeconfig's directory, as kubectl does.
absl::StatusOr<ClientConfig> LoadKubeconfig(const std::string& path);

// A KUBECONFIG list merged as client-go merges it: the first file to set current-context,
// and the first to define a context, cluster or user of a given name, wins; paths resolve
// against the directory of the file that holds them.
absl::StatusOr<ClientConfig> LoadKubeconfigs(const std::vector<std::string>& paths);

}  // namespace k8sclient
