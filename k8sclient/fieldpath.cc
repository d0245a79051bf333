#include "k8sclient/fieldpath.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "gocompat/strconv.h"
#include "k8sclient/validation.h"

namespace k8sclient {
namespace {

bool Allowed(std::string_view path, FieldRefUse use) {
  static constexpr std::string_view kCommon[] = {"metadata.name", "metadata.namespace",
                                                 "metadata.uid"};
  static constexpr std::string_view kEnvOnly[] = {
      "spec.nodeName", "spec.serviceAccountName", "status.hostIP",
      "status.hostIPs", "status.podIP",           "status.podIPs"};
  static constexpr std::string_view kVolumeOnly[] = {"metadata.labels", "metadata.annotations"};
  for (auto p : kCommon) {
    if (p == path) return true;
  }
  if (use != FieldRefUse::kVolume) {
    for (auto p : kEnvOnly) {
      if (p == path) return true;
    }
  }
  if (use != FieldRefUse::kEnv) {
    for (auto p : kVolumeOnly) {
      if (p == path) return true;
    }
  }
  return false;
}

std::string StringOrDump(const Json& v) { return v.is_string() ? v.as_string() : v.Dump(); }

// IPs from a list of {"ip": ...} objects, else the single-IP field.
std::vector<std::string> Ips(const Json& pod, std::string_view list_path,
                             std::string_view single_path) {
  std::vector<std::string> ips;
  if (const Json* list = pod.Path(list_path); list != nullptr && list->is_array()) {
    for (const Json& item : list->array()) {
      std::string_view ip = item.GetString("ip");
      if (!ip.empty()) ips.emplace_back(ip);
    }
  }
  if (ips.empty()) {
    if (const Json* one = pod.Path(single_path); one != nullptr && one->is_string() &&
                                                  !one->as_string().empty()) {
      ips.push_back(one->as_string());
    }
  }
  return ips;
}

std::string PathString(const Json& pod, std::string_view path) {
  const Json* v = pod.Path(path);
  return v != nullptr && v->is_string() ? v->as_string() : "";
}

}  // namespace

bool SplitMaybeSubscriptedPath(std::string_view field_path, std::string* path,
                               std::string* subscript) {
  constexpr std::string_view kEnd = "']";
  if (field_path.size() < kEnd.size() ||
      field_path.substr(field_path.size() - kEnd.size()) != kEnd) {
    return false;
  }
  std::string_view s = field_path.substr(0, field_path.size() - kEnd.size());
  size_t open = s.find("['");
  if (open == std::string_view::npos || open == 0) return false;
  if (path != nullptr) *path = std::string(s.substr(0, open));
  if (subscript != nullptr) *subscript = std::string(s.substr(open + 2));
  return true;
}

std::string FormatMap(const std::map<std::string, std::string>& m) {
  std::string out;
  for (const auto& [key, value] : m) {
    if (!out.empty()) out.push_back('\n');
    out += key;
    out.push_back('=');
    gocompat::AppendQuote(out, value);
  }
  return out;
}

std::string FormatMapJson(const Json* object) {
  std::map<std::string, std::string> m;
  if (object != nullptr && object->is_object()) {
    for (const auto& [key, value] : object->object()) m[key] = StringOrDump(value);
  }
  return FormatMap(m);
}

absl::StatusOr<std::string> ExtractFieldRef(const Json& pod, std::string_view field_path,
                                            FieldRefUse use) {
  std::string path, subscript;
  if (SplitMaybeSubscriptedPath(field_path, &path, &subscript)) {
    if (path != "metadata.labels" && path != "metadata.annotations") {
      return absl::InvalidArgumentError(
          absl::StrCat("fieldPath ", gocompat::Quote(field_path), " does not support subscript"));
    }
    // Annotation keys are checked case-insensitively, label keys as they are.
    std::string key = subscript;
    if (path == "metadata.annotations") {
      for (char& c : key) {
        c = static_cast<char>(absl::ascii_tolower(static_cast<unsigned char>(c)));
      }
    }
    if (std::vector<std::string> errs = IsQualifiedName(key); !errs.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("invalid key subscript in ", std::string(field_path), ": ",
                                                     absl::StrJoin(errs, ";")));
    }
    const Json* map = pod.Path(path);
    const Json* value = map != nullptr ? map->Find(subscript) : nullptr;
    return value != nullptr ? StringOrDump(*value) : "";
  }

  if (!Allowed(field_path, use)) {
    return absl::InvalidArgumentError(absl::StrCat("unsupported fieldPath: ", std::string(field_path)));
  }
  if (field_path == "metadata.labels" || field_path == "metadata.annotations") {
    return FormatMapJson(pod.Path(field_path));
  }
  if (field_path == "status.podIP" || field_path == "status.hostIP") {
    bool pod_ip = field_path == "status.podIP";
    auto ips = Ips(pod, pod_ip ? "status.podIPs" : "status.hostIPs",
                   pod_ip ? "status.podIP" : "status.hostIP");
    return ips.empty() ? "" : ips.front();
  }
  if (field_path == "status.podIPs") {
    return absl::StrJoin(Ips(pod, "status.podIPs", "status.podIP"), ",");
  }
  if (field_path == "status.hostIPs") {
    return absl::StrJoin(Ips(pod, "status.hostIPs", "status.hostIP"), ",");
  }
  return PathString(pod, field_path);  // metadata.name/namespace/uid, spec.nodeName, ...
}

}  // namespace k8sclient
