// Reading small credential and config files with errors that name the file.
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace k8s {

// The whole file; on failure FailedPrecondition "<path>: <strerror>".
absl::StatusOr<std::string> ReadWholeFile(const std::string& path);

// `s` without leading and trailing ASCII whitespace (tokens and namespace files end in "\n").
std::string TrimSpace(std::string_view s);

}  // namespace k8s
