// Where the pod comes from (PRODUCT.md): a pod file, or the API server found through a
// kubeconfig, --server or the in-cluster service account.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "k8sclient/json.h"

namespace podinit::run {

// Reads FILE (or stdin for "-") holding a Pod as JSON or YAML.
absl::StatusOr<k8s::Json> LoadPodFile(const std::string& path);

// The text of FILE (or stdin for "-"), with room for simdjson's padding after it (so a
// 100 MB List is not copied to be parsed: k8s::ParseJsonDom's `padded`).
absl::StatusOr<std::string> ReadPodFile(const std::string& path);
// How errors name the pod file: "--pod-file PATH" or "--pod-file (stdin)".
std::string PodFileName(const std::string& path);
// Whether a document is JSON: kubectl's YAMLOrJSONDecoder takes one that opens with '{' as
// JSON, anything else as YAML.
bool IsJsonDocument(std::string_view text);

// Parses a JSON or YAML document; `what` names it in errors.
absl::StatusOr<k8s::Json> ParseObject(const std::string& text, const std::string& what);

}  // namespace podinit::run
