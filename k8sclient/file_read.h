// Reading small credential and config files with errors that name the file.
#pragma once

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"

namespace k8s {

// Tokens, CAs, namespaces and kubeconfigs are small (a kubeconfig naming a hundred clusters is
// a few hundred kB); a path that leads to /dev/zero or a growing log must end in an error, not
// in reading forever.
constexpr size_t kMaxFileBytes = size_t{16} << 20;

// The whole file; on failure FailedPrecondition "<path>: <strerror>" (or "<path>: larger
// than 16 MiB ...").
absl::StatusOr<std::string> ReadWholeFile(const std::string& path);

// `s` without leading and trailing ASCII whitespace (tokens and namespace files end in "\n").
std::string TrimSpace(std::string_view s);

}  // namespace k8s
