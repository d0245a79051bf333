// Where the pod comes from (PRODUCT.md): a pod file, or the API server found through a
// kubeconfig, --server or the in-cluster service account.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "k8sclient/json.h"

namespace entrypoint::run {

// Reads FILE (or stdin for "-") holding a Pod (or a List of pods) as JSON or YAML, at most
// `limit` bytes, and checks it as an API answer is checked (k8sclient::ValidatePod). Every error
// is a configuration error (exit 1) naming the file.
absl::StatusOr<k8sclient::Json> LoadPodFile(const std::string& path, size_t limit);

// Parses a JSON or YAML document; `what` names it in errors.
absl::StatusOr<k8sclient::Json> ParseObject(const std::string& text, const std::string& what);

// How errors name the pod file: "--pod-file PATH" or "--pod-file (stdin)".
std::string PodFileName(const std::string& path);
// Whether a document is JSON: kubectl's YAMLOrJSONDecoder takes one that opens with '{' as
// JSON, anything else as YAML.
bool IsJsonDocument(std::string_view text);

}  // namespace entrypoint::run
