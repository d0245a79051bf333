// libFuzzer: API responses (malformed, truncated, deeply nested JSON) parse or fail cleanly,
// and what parses survives a write and a re-read, merge-patched onto itself.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "k8sclient/json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto j = k8sclient::ParseJson(text);
  if (!j.ok()) return 0;
  auto again = k8sclient::ParseJson(j->Dump());
  if (!again.ok()) std::abort();
  k8sclient::Json copy = *j;
  k8sclient::MergePatch(copy, *j);
  (void)j->DumpPretty();
  return 0;
}
