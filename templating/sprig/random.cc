#include "templating/sprig/random.h"

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/random.h>

#include <cstdint>

namespace templating::sprig {

namespace {

// One DRBG per thread (wolfCrypt's WC_RNG is not safe to share), seeded from the kernel as
// Go's crypto/rand is, freed when the thread ends.
struct ThreadRng {
  WC_RNG rng;
  bool ok = false;
  ThreadRng() { ok = wc_InitRng(&rng) == 0; }
  ~ThreadRng() {
    if (ok) wc_FreeRng(&rng);
  }
};

}  // namespace

WC_RNG* CryptoRng() {
  static thread_local ThreadRng t;
  return t.ok ? &t.rng : nullptr;
}

absl::StatusOr<std::string> RandomBytes(size_t n) {
  std::string out(n, '\0');
  WC_RNG* rng = CryptoRng();
  if (n > 0 && (rng == nullptr || wc_RNG_GenerateBlock(rng, reinterpret_cast<byte*>(out.data()),
                                                        static_cast<word32>(n)) != 0)) {
    return absl::UnavailableError("crypto/rand: no randomness available");
  }
  return out;
}

absl::StatusOr<uint64_t> RandomBelow(uint64_t n) {
  // Rejection sampling: uniform, whatever n is.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  while (true) {
    auto b = RandomBytes(sizeof(uint64_t));
    if (!b.ok()) return b.status();
    uint64_t v = 0;
    for (unsigned char c : *b) v = v << 8 | c;
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

}  // namespace templating::sprig
