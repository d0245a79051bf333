// libFuzzer: arbitrary JSON or YAML as the pod (and as its node), through everything podinit
// computes from a pod: the shape check, every fieldRef, resourceFieldRefs with each divisor
// and container, the Downward API files, the ordinal and the owner. Each gives a value or an
// error, never a crash, whatever the document holds: null where a string belongs, numbers
// for maps, arrays for the whole pod, quantities out of range.
#include <cstdint>
#include <string>
#include <string_view>

#include "k8sclient/downward.h"
#include "k8sclient/fieldpath.h"
#include "k8sclient/json.h"
#include "k8sclient/object_check.h"
#include "k8sclient/resource_field.h"
#include "k8sclient/yaml.h"

namespace {

constexpr const char* kFieldPaths[] = {
    "metadata.name", "metadata.namespace", "metadata.uid", "metadata.labels",
    "metadata.annotations", "metadata.labels['app']", "metadata.annotations['a/b']",
    "metadata.labels['apps.kubernetes.io/pod-index']", "spec.nodeName", "spec.serviceAccountName",
    "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs", "metadata.generation"};

constexpr const char* kResources[] = {"limits.cpu", "requests.cpu", "limits.memory",
                                      "requests.memory", "limits.ephemeral-storage",
                                      "requests.hugepages-2Mi"};
constexpr const char* kDivisors[] = {"", "1m", "1", "1Mi", "1Gi", "1k", "1E"};

void Everything(const k8sclient::Json& pod, const k8sclient::Json* node) {
  (void)k8sclient::ValidatePod(pod);
  (void)k8sclient::ValidateNode(pod);
  for (const char* path : kFieldPaths) {
    (void)k8sclient::ExtractFieldRef(pod, path, k8sclient::FieldRefUse::kAny);
  }
  // The first container by name, and names that are not there.
  std::string first(pod.ArrayAt("spec.containers").empty()
                        ? std::string_view()
                        : pod.ArrayAt("spec.containers").front().GetString("name"));
  for (const char* resource : kResources) {
    for (const char* divisor : kDivisors) {
      for (const std::string& container : {std::string(), first, std::string("missing")}) {
        k8sclient::ResourceFieldSelector fs{container, resource, divisor};
        if (!k8sclient::ValidateResourceFieldSelector(fs).ok()) continue;
        (void)k8sclient::ExtractResourceValue(pod, fs, nullptr);
        (void)k8sclient::ExtractResourceValue(pod, fs, node);
      }
    }
  }
  (void)k8sclient::DownwardFiles(pod, nullptr);
  (void)k8sclient::DownwardFiles(pod, node);
  (void)k8sclient::Ordinal(pod);
  (void)k8sclient::ControllerOwner(pod);
  (void)pod.Dump();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Pod files are read whole; beyond this the fuzzer only measures the parsers' speed.
  if (size > (64 << 10)) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t start = text.find_first_not_of(" \t\r\n");
  const bool json = start != std::string_view::npos && (text[start] == '{' || text[start] == '[');
  absl::StatusOr<k8sclient::Json> pod = json ? k8sclient::ParseJson(text) : k8sclient::ParseYaml(text);
  if (!pod.ok()) return 0;
  // The document as the pod, and as the node of a pod that is itself.
  Everything(*pod, &*pod);
  return 0;
}
