// Turns a 403 into the RBAC rule that was missing and a Role that would grant it, so the
// person reading the log can fix the manifest without reading the RBAC docs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace k8sclient {

struct RbacRule {
  std::string api_group;   // "" for the core group
  std::string resource;    // plural, with "/subresource" when there is one
  std::string verb;        // get, list, watch, patch, create, update, delete
  std::string namespace_;  // "" for cluster-scoped resources
  std::string name;        // the object's name, "" for collections
};

// From an API request's method and path (query included: "watch=true" makes a watch).
// nullopt for paths that are not resource paths (/version, /apis, ...).
std::optional<RbacRule> RuleForRequest(std::string_view method, std::string_view path);

// `missing RBAC permission: verb "get" on resource "statefulsets" in API group "apps" in
// namespace "ns"` (one line).
std::string DescribeMissing(const RbacRule& rule);

// A Role (ClusterRole for cluster-scoped resources) granting `rule`, and when
// `service_account` ("ns:name", from the Status message) is known, the binding to it.
std::string RoleYaml(const RbacRule& rule, std::string_view service_account);

// The service account "ns:name" named in a Forbidden message (User
// "system:serviceaccount:ns:name" cannot ...), or "".
std::string ServiceAccountInMessage(std::string_view message);

// Errors for 403s carry the Role YAML as a payload under this type URL; RbacRoleHint reads it.
inline constexpr char kRbacRolePayloadUrl[] = "type.podinit.dev/rbac-role-yaml";
std::optional<std::string> RbacRoleHint(const absl::Status& status);

}  // namespace k8sclient
