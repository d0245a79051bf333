#include "k8sclient/rbac.h"

#include <vector>

#include "absl/strings/str_split.h"
#include "gocompat/string_view.h"

namespace k8sclient {
namespace {

bool QueryHasWatch(std::string_view query) {
  for (absl::string_view kv : absl::StrSplit(gocompat::AV(query), '&')) {
    if (kv == "watch=true" || kv == "watch=1") return true;
  }
  return false;
}

std::string Quoted(std::string_view s) {
  std::string out = "\"";
  out.append(s).append("\"");
  return out;
}

// One name per permission (podinit-get-statefulsets.apps, podinit-get-pods-log): each hint
// adds a Role of its own, so applying the hints of successive 403s one after the other grants
// them all; one shared name made each apply replace the rule the previous one granted.
std::string RoleName(const RbacRule& rule) {
  std::string name = "podinit-" + rule.verb + "-" + rule.resource;
  for (char& c : name) {
    if (c == '/') c = '-';
  }
  if (!rule.api_group.empty()) name += "." + rule.api_group;
  return name;
}

}  // namespace

std::optional<RbacRule> RuleForRequest(std::string_view method, std::string_view path) {
  std::string_view query;
  if (size_t q = path.find('?'); q != std::string_view::npos) {
    query = path.substr(q + 1);
    path = path.substr(0, q);
  }
  std::vector<std::string> seg;
  for (absl::string_view s : absl::StrSplit(gocompat::AV(path), '/', absl::SkipEmpty())) {
    seg.emplace_back(s);
  }
  RbacRule r;
  size_t i;
  if (seg.size() >= 2 && seg[0] == "api") {
    i = 2;  // api/v1
  } else if (seg.size() >= 3 && seg[0] == "apis") {
    r.api_group = seg[1];
    i = 3;  // apis/group/version
  } else {
    return std::nullopt;
  }
  bool legacy_watch = false;
  if (i < seg.size() && seg[i] == "watch") {  // the deprecated /watch/ prefix
    legacy_watch = true;
    ++i;
  }
  if (i >= seg.size()) return std::nullopt;
  // namespaces/NS/resource/... is namespaced; namespaces/NS alone is the Namespace object.
  if (seg[i] == "namespaces" && i + 2 < seg.size()) {
    r.namespace_ = seg[i + 1];
    i += 2;
  }
  r.resource = seg[i++];
  if (i < seg.size()) r.name = seg[i++];
  if (i < seg.size()) r.resource += "/" + seg[i++];

  if (method == "GET" || method == "HEAD") {
    if (legacy_watch || QueryHasWatch(query)) {
      r.verb = "watch";
    } else {
      r.verb = r.name.empty() ? "list" : "get";
    }
  } else if (method == "PATCH") {
    r.verb = "patch";
  } else if (method == "PUT") {
    r.verb = "update";
  } else if (method == "POST") {
    r.verb = "create";
  } else if (method == "DELETE") {
    r.verb = r.name.empty() ? "deletecollection" : "delete";
  } else {
    return std::nullopt;
  }
  return r;
}

std::string DescribeMissing(const RbacRule& rule) {
  std::string out = "missing RBAC permission: verb " + Quoted(rule.verb) + " on resource " +
                    Quoted(rule.resource) + " in API group " + Quoted(rule.api_group);
  if (!rule.namespace_.empty()) out += " in namespace " + Quoted(rule.namespace_);
  else out += " (cluster-wide)";
  return out;
}

std::string RoleYaml(const RbacRule& rule, std::string_view service_account) {
  bool cluster = rule.namespace_.empty();
  std::string kind = cluster ? "ClusterRole" : "Role";
  const std::string name = RoleName(rule);
  std::string out = "apiVersion: rbac.authorization.k8s.io/v1\nkind: " + kind +
                    "\nmetadata:\n  name: " + name + "\n";
  if (!cluster) out += "  namespace: " + rule.namespace_ + "\n";
  out += "rules:\n- apiGroups: [" + Quoted(rule.api_group) + "]\n  resources: [" +
         Quoted(rule.resource) + "]\n  verbs: [" + Quoted(rule.verb) + "]\n";
  size_t colon = service_account.find(':');
  if (colon != std::string_view::npos) {
    std::string sa_ns(service_account.substr(0, colon));
    std::string sa_name(service_account.substr(colon + 1));
    out += "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: " + kind +
           "Binding\nmetadata:\n  name: " + name + "\n";
    if (!cluster) out += "  namespace: " + rule.namespace_ + "\n";
    out += "roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: " + kind +
           "\n  name: " + name + "\nsubjects:\n- kind: ServiceAccount\n  name: " + sa_name +
           "\n  namespace: " + sa_ns + "\n";
  }
  return out;
}

std::string ServiceAccountInMessage(std::string_view message) {
  constexpr std::string_view kPrefix = "\"system:serviceaccount:";
  size_t p = message.find(kPrefix);
  if (p == std::string_view::npos) return "";
  p += kPrefix.size();
  size_t end = message.find('"', p);
  if (end == std::string_view::npos) return "";
  std::string_view sa = message.substr(p, end - p);
  if (sa.find(':') == std::string_view::npos) return "";
  return std::string(sa);
}

std::optional<std::string> RbacRoleHint(const absl::Status& status) {
  auto p = status.GetPayload(kRbacRolePayloadUrl);
  if (!p) return std::nullopt;
  return std::string(*p);
}

}  // namespace k8sclient
