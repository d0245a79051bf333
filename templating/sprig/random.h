// Randomness for Sprig's rand*, uuidv4, shuffle and the crypto functions: wolfCrypt's DRBG,
// seeded from the kernel as Go's crypto/rand reads it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

struct WC_RNG;  // wolfCrypt's

namespace templating::sprig {

// This thread's wolfCrypt DRBG, for key generation; null if it could not be seeded.
WC_RNG* CryptoRng();

// n random bytes.
absl::StatusOr<std::string> RandomBytes(size_t n);
// n characters drawn uniformly from `chars` (at most 256 of them).
absl::StatusOr<std::string> RandomString(size_t n, std::string_view chars);
// A uniform integer in [0, n), n > 0.
absl::StatusOr<uint64_t> RandomBelow(uint64_t n);

}  // namespace templating::sprig
