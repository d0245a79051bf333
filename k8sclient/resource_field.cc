#include "k8sclient/resource_field.h"

#include <cmath>
#include <cstdint>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace k8sclient {
namespace {

constexpr std::string_view kHugePagesPrefix = "hugepages-";

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string_view TrimAsciiSpace(std::string_view s) {
  auto space = [](char c) { return absl::ascii_isspace(static_cast<unsigned char>(c)); };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool IsOneOf(std::string_view s, std::initializer_list<std::string_view> set) {
  for (auto v : set) {
    if (v == s) return true;
  }
  return false;
}

// "limits.memory" -> {"limits", "memory"}; false for anything else.
bool SplitResource(std::string_view resource, std::string_view* list, std::string_view* name) {
  for (std::string_view prefix : {"limits.", "requests."}) {
    if (StartsWith(resource, prefix)) {
      *list = prefix.substr(0, prefix.size() - 1);
      *name = resource.substr(prefix.size());
      return true;
    }
  }
  return false;
}

bool Supported(std::string_view name) {
  return IsOneOf(name, {"cpu", "memory", "ephemeral-storage"}) ||
         StartsWith(name, kHugePagesPrefix);
}

const Json* FindContainer(const Json& pod, std::string_view name) {
  for (const char* list : {"spec.containers", "spec.initContainers"}) {
    const Json* containers = pod.Path(list);
    if (containers == nullptr || !containers->is_array()) continue;
    for (const Json& c : containers->array()) {
      if (name.empty() || c.GetString("name") == name) return &c;
    }
    if (name.empty()) break;  // "first container" means spec.containers[0] only
  }
  return nullptr;
}

int64_t CeilDiv(int64_t a, int64_t b) {
  // Go: int64(math.Ceil(float64(a) / float64(b))) -- float64 on purpose, to match.
  double q = std::ceil(static_cast<double>(a) / static_cast<double>(b));
  if (std::isnan(q)) return 0;
  if (q >= 9223372036854775807.0) return INT64_MAX;
  if (q <= -9223372036854775808.0) return INT64_MIN;
  return static_cast<int64_t>(q);
}

}  // namespace

absl::StatusOr<Quantity> QuantityFromJson(const Json& value) {
  // As Quantity.UnmarshalJSON: surrounding white space is allowed in an object.
  if (value.is_string()) return Quantity::Parse(TrimAsciiSpace(value.as_string()));
  if (value.is_int()) return Quantity::Parse(std::to_string(value.as_int()));
  if (value.is_double()) return Quantity::Parse(value.Dump());
  return absl::InvalidArgumentError("a quantity must be a string or a number");
}

absl::Status ValidateResourceFieldSelector(const ResourceFieldSelector& fs) {
  std::string_view list, name;
  if (!SplitResource(fs.resource, &list, &name) || !Supported(name)) {
    return absl::InvalidArgumentError(
        absl::StrCat("unsupported container resource : ", fs.resource));
  }
  if (fs.divisor.empty()) return absl::OkStatus();
  auto divisor = Quantity::Parse(fs.divisor);
  if (!divisor.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid divisor \"", fs.divisor, "\": ", divisor.status().message()));
  }
  if (divisor->IsZero()) return absl::OkStatus();
  const std::string canonical = divisor->String();
  const std::initializer_list<std::string_view> kBytes = {
      "1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"};
  std::string_view what;
  bool ok;
  if (name == "cpu") {
    ok = IsOneOf(canonical, {"1m", "1"});
    what = "only divisor's values 1m and 1 are supported with the cpu resource";
  } else {
    ok = IsOneOf(canonical, kBytes);
    what = name == "memory" ? "memory resource"
           : name == "ephemeral-storage" ? "local ephemeral storage resource"
                                         : "hugepages resource";
  }
  if (ok) return absl::OkStatus();
  std::string message =
      name == "cpu" ? std::string(what)
                    : absl::StrCat("only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, "
                                   "1Gi, 1Ti, 1Pi, 1Ei are supported with the ",
                                   std::string(what));
  return absl::InvalidArgumentError(
      absl::StrCat("invalid divisor \"", fs.divisor, "\" for ", fs.resource, ": ", message));
}

absl::StatusOr<std::string> ExtractResourceValue(const Json& pod, const ResourceFieldSelector& fs,
                                                 const Json* node) {
  const Json* container = FindContainer(pod, fs.container_name);
  if (container == nullptr) {
    return absl::NotFoundError(absl::StrCat("container ", fs.container_name, " not found"));
  }
  std::string_view list, name;
  if (!SplitResource(fs.resource, &list, &name) || !Supported(name)) {
    return absl::InvalidArgumentError(
        absl::StrCat("unsupported container resource : ", fs.resource));
  }

  Quantity divisor = Quantity::FromInt64(1, 0, QuantityFormat::kDecimalSI);
  if (!fs.divisor.empty()) {
    auto d = Quantity::Parse(fs.divisor);
    if (!d.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid divisor \"", fs.divisor, "\": ", d.status().message()));
    }
    if (!d->IsZero()) divisor = *d;
  }

  Quantity amount;  // absent = 0
  const Json* resources = container->Find("resources");
  const Json* values = resources != nullptr ? resources->Find(list) : nullptr;
  const Json* raw = values != nullptr ? values->Find(name) : nullptr;
  if (raw != nullptr && !raw->is_null()) {
    auto q = QuantityFromJson(*raw);
    if (!q.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("resources.", std::string(list), ".",
                                                     std::string(name), ": ",
                                                     q.status().message()));
    }
    amount = *q;
  }
  // The kubelet defaults missing limits to what the node can give (hugepages are never
  // overcommitted, so they always have a limit of their own).
  if (list == "limits" && node != nullptr && amount.IsZero() &&
      IsOneOf(name, {"cpu", "memory", "ephemeral-storage"})) {
    const Json* allocatable = node->Path("status.allocatable");
    const Json* cap = allocatable != nullptr ? allocatable->Find(name) : nullptr;
    if (cap != nullptr && !cap->is_null()) {
      auto q = QuantityFromJson(*cap);
      if (!q.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "node status.allocatable.", std::string(name), ": ", q.status().message()));
      }
      amount = *q;
    }
  }

  int64_t value = name == "cpu" ? CeilDiv(amount.MilliValue(), divisor.MilliValue())
                                : CeilDiv(amount.Value(), divisor.Value());
  return std::to_string(value);
}

}  // namespace k8sclient
