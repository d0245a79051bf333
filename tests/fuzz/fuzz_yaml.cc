// libFuzzer: YAML documents (pod files, kubeconfigs) parse or fail cleanly.
#include <cstdint>
#include <string_view>

#include "k8sclient/yaml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)k8sclient::ParseYaml(text);
  return 0;
}
