// Randomness for Sprig's rand*, uuidv4, shuffle and the crypto functions: OpenSSL's CSPRNG,
// as Go's crypto/rand reads the kernel's.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace tmpl::sprig {

// n random bytes.
absl::StatusOr<std::string> RandomBytes(size_t n);
// n characters drawn uniformly from `chars` (at most 256 of them).
absl::StatusOr<std::string> RandomString(size_t n, std::string_view chars);
// A uniform integer in [0, n), n > 0.
absl::StatusOr<uint64_t> RandomBelow(uint64_t n);

}  // namespace tmpl::sprig
