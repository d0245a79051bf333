#include "templating/sprig/random.h"

#include <openssl/rand.h>

#include <cstdint>

namespace tmpl::sprig {

absl::StatusOr<std::string> RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    return absl::UnavailableError("crypto/rand: no randomness available");
  }
  return out;
}

absl::StatusOr<uint64_t> RandomBelow(uint64_t n) {
  // Rejection sampling: uniform, whatever n is.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  while (true) {
    uint64_t v;
    if (RAND_bytes(reinterpret_cast<unsigned char*>(&v), sizeof v) != 1) {
      return absl::UnavailableError("crypto/rand: no randomness available");
    }
    if (v < limit) return v % n;
  }
}

absl::StatusOr<std::string> RandomString(size_t n, std::string_view chars) {
  const size_t k = chars.size();
  const unsigned limit = 256 - 256 % static_cast<unsigned>(k);
  std::string out;
  out.reserve(n);
  std::string buf;
  while (out.size() < n) {
    auto b = RandomBytes(n - out.size() + 16);
    if (!b.ok()) return b.status();
    for (unsigned char c : *b) {
      if (c < limit && out.size() < n) out.push_back(chars[c % k]);
    }
  }
  return out;
}

}  // namespace tmpl::sprig
