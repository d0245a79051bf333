// Where the pod comes from (PRODUCT.md): a pod file, or the API server found through a
// kubeconfig, --server or the in-cluster service account.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "k8sclient/json.h"

namespace podinit::run {

// Reads FILE (or stdin for "-") holding a Pod as JSON or YAML.
absl::StatusOr<k8s::Json> LoadPodFile(const std::string& path);

// Parses a JSON or YAML document; `what` names it in errors.
absl::StatusOr<k8s::Json> ParseObject(const std::string& text, const std::string& what);

}  // namespace podinit::run
