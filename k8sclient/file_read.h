// Reading whole files (and standard input) with a bound, and errors that name the file.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace k8sclient {

// Tokens, CAs, namespaces and kubeconfigs are small (a kubeconfig naming a hundred clusters is
// a few hundred kB); a path that leads to /dev/zero or a growing log must end in an error, not
// in reading forever.
constexpr size_t kMaxFileBytes = size_t{16} << 20;

// A pod file (--pod-file, or "-" for standard input) is bounded as an API answer is
// (ClientOptions::max_response_bytes): no pod comes near 32 MiB.
constexpr size_t kMaxPodFileBytes = size_t{32} << 20;

// The whole file; on failure FailedPrecondition "<path>: <strerror>" (or "<path>: larger
// than 16 MiB ...").
absl::StatusOr<std::string> ReadWholeFile(const std::string& path);

// The whole of `path`, or of standard input when `path` is "-", reading at most `limit`
// bytes (pipes, FIFOs and /proc files included: nothing is taken from a size the file
// claims). Errors are FailedPrecondition and start with `name` (e.g. "--pod-file p.yaml"):
//   <name>: No such file or directory
//   <name>: larger than 32 MiB
absl::StatusOr<std::string> ReadBoundedFile(const std::string& path, size_t limit,
                                            std::string_view name);
// The same for an open descriptor, read to its end; the descriptor stays open.
absl::StatusOr<std::string> ReadBoundedFd(int fd, size_t limit, std::string_view name);

// `s` without leading and trailing ASCII whitespace (tokens and namespace files end in "\n").
std::string TrimSpace(std::string_view s);

}  // namespace k8sclient
