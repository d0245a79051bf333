// libFuzzer: any fieldPath (and resourceFieldRef) against a fixed pod gives a value or an
// error, never a crash.
#include <cstdint>
#include <string>

#include "k8sclient/fieldpath.h"
#include "k8sclient/json.h"
#include "k8sclient/resource_field.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const k8sclient::Json pod = *k8sclient::ParseJson(R"({"metadata":{"name":"p","namespace":"n",
    "labels":{"a":"1","b\n":"x\"y"},"annotations":{"k":"\u00a0\t"}},
    "spec":{"nodeName":"node","containers":[{"name":"c","resources":{"limits":{"cpu":"250m","memory":"64Mi"}}}]},
    "status":{"podIP":"10.0.0.1","podIPs":[{"ip":"10.0.0.1"},{"ip":"fd00::1"}]}})");
  std::string path(reinterpret_cast<const char*>(data), size);
  (void)k8sclient::ExtractFieldRef(pod, path);
  size_t colon = path.find(':');
  k8sclient::ResourceFieldSelector fs;
  fs.resource = path.substr(0, colon);
  if (colon != std::string::npos) fs.divisor = path.substr(colon + 1);
  if (k8sclient::ValidateResourceFieldSelector(fs).ok()) (void)k8sclient::ExtractResourceValue(pod, fs);
  return 0;
}
