// libFuzzer: resource.Quantity parsing and canonical formatting never crash, and the
// canonical form is a fixed point: it parses, and prints as itself.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "k8sclient/quantity.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto q = k8sclient::Quantity::Parse(text);
  if (!q.ok()) return 0;
  std::string canonical = q->String();
  auto again = k8sclient::Quantity::Parse(canonical);
  if (!again.ok() || again->String() != canonical) std::abort();
  (void)q->Value();
  (void)q->MilliValue();
  return 0;
}
