#include "k8sclient/downward.h"

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "k8sclient/fieldpath.h"
#include "k8sclient/resource_field.h"

namespace k8sclient {
namespace {

// A non-empty run of ASCII digits that fits `max`.
bool ParseDigits(std::string_view s, int64_t max, int64_t& out) {
  if (s.empty()) return false;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    const int64_t digit = c - '0';
    if (v > (max - digit) / 10) return false;  // checked before it could overflow
    v = v * 10 + digit;
  }
  out = v;
  return true;
}

}  // namespace

absl::StatusOr<int64_t> Ordinal(const Json& pod) {
  const Json* labels = pod.Path("metadata.labels");
  const Json* index = labels != nullptr ? labels->Find("apps.kubernetes.io/pod-index") : nullptr;
  int64_t v;
  if (index != nullptr && index->is_string() && ParseDigits(index->as_string(), INT64_MAX, v)) {
    return v;
  }
  const Json* meta = pod.Find("metadata");
  std::string_view name = meta != nullptr ? meta->GetString("name") : std::string_view();
  size_t dash = name.rfind('-');
  if (dash != std::string_view::npos && ParseDigits(name.substr(dash + 1), INT32_MAX, v)) {
    return v;
  }
  return absl::NotFoundError(absl::StrCat(
      "pod ", std::string(name),
      " has no StatefulSet ordinal (no apps.kubernetes.io/pod-index label, no -N name suffix)"));
}

absl::StatusOr<std::string> ControllerOwner(const Json& pod) {
  const Json* refs = pod.Path("metadata.ownerReferences");
  if (refs != nullptr && refs->is_array()) {
    for (const Json& ref : refs->array()) {
      const Json* controller = ref.Find("controller");
      if (controller != nullptr && controller->is_bool() && controller->as_bool()) {
        return absl::StrCat(std::string(ref.GetString("kind")), "/",
                            std::string(ref.GetString("name")));
      }
    }
  }
  return absl::NotFoundError("the pod has no controller ownerReference");
}

absl::StatusOr<std::map<std::string, std::string>> DownwardFiles(const Json& pod,
                                                                 const Json* node) {
  std::map<std::string, std::string> files;
  static constexpr std::pair<const char*, const char*> kFields[] = {
      {"name", "metadata.name"},
      {"namespace", "metadata.namespace"},
      {"uid", "metadata.uid"},
      {"labels", "metadata.labels"},
      {"annotations", "metadata.annotations"},
      {"podIP", "status.podIP"},
      {"podIPs", "status.podIPs"},
      {"hostIP", "status.hostIP"},
      {"hostIPs", "status.hostIPs"},
      {"nodeName", "spec.nodeName"},
      {"serviceAccountName", "spec.serviceAccountName"},
  };
  for (const auto& [file, path] : kFields) {
    auto value = ExtractFieldRef(pod, path, FieldRefUse::kAny);
    if (!value.ok()) return value.status();
    files[file] = *std::move(value);
  }

  static constexpr std::pair<const char*, std::pair<const char*, const char*>> kResources[] = {
      {"cpu_limit", {"limits.cpu", "1m"}},
      {"cpu_request", {"requests.cpu", "1m"}},
      {"mem_limit", {"limits.memory", "1Mi"}},
      {"mem_request", {"requests.memory", "1Mi"}},
  };
  for (const char* list : {"spec.containers", "spec.initContainers"}) {
    const Json* containers = pod.Path(list);
    if (containers == nullptr || !containers->is_array()) continue;
    for (const Json& c : containers->array()) {
      const std::string name(c.GetString("name"));
      if (name.empty()) continue;
      for (const auto& [file, selector] : kResources) {
        auto value =
            ExtractResourceValue(pod, {name, selector.first, selector.second}, node);
        if (!value.ok()) {
          return absl::Status(value.status().code(),
                              absl::StrCat("container ", name, ": ", value.status().message()));
        }
        files[absl::StrCat(name, "/", file)] = *std::move(value);
      }
    }
  }

  if (node != nullptr) files["node-labels"] = FormatMapJson(node->Path("metadata.labels"));
  if (auto owner = ControllerOwner(pod); owner.ok()) files["owner"] = *owner;
  if (auto ordinal = Ordinal(pod); ordinal.ok()) files["ordinal"] = std::to_string(*ordinal);
  return files;
}

}  // namespace k8sclient
