// Kubernetes' name and label rules, with apimachinery's own messages (v0.32,
// pkg/util/validation/validation.go and pkg/api/validation/path/name.go): what the API server
// would say of a bad name, said before a request is built from it. Each function returns the
// list of problems, empty when the value is valid, as the Go functions do; callers join them
// the way their Go counterpart does ("; " in label selectors, ";" in fieldRef subscripts).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace k8sclient {

inline constexpr size_t kDns1123LabelMaxLength = 63;
inline constexpr size_t kDns1123SubdomainMaxLength = 253;
inline constexpr size_t kDns1035LabelMaxLength = 63;
inline constexpr size_t kLabelValueMaxLength = 63;

// [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63: namespaces, and most label-like names.
std::vector<std::string> IsDNS1123Label(std::string_view value);
// DNS-1123 labels joined by '.', at most 253: ConfigMap, Secret, Pod, Node... names.
std::vector<std::string> IsDNS1123Subdomain(std::string_view value);
// [a-z]([-a-z0-9]*[a-z0-9])?, at most 63: Service names, API versions.
std::vector<std::string> IsDNS1035Label(std::string_view value);
// A label key or annotation key: [prefix/]name, prefix a DNS-1123 subdomain, name at most 63
// of ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9].
std::vector<std::string> IsQualifiedName(std::string_view value);
// Empty, or a qualified name's name part.
std::vector<std::string> IsValidLabelValue(std::string_view value);
// What any object name must be to sit in a URL path: not "." or "..", no '/' or '%'.
std::vector<std::string> IsValidPathSegmentName(std::string_view value);

}  // namespace k8sclient
