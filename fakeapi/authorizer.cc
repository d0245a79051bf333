#include "fakeapi/authorizer.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace fakeapi {

using k8sclient::Json;

namespace {

bool Has(const Json* list, std::string_view value) {
  if (list == nullptr || !list->is_array()) return false;
  for (const Json& v : list->array()) {
    if (v.is_string() && v.as_string() == value) return true;
  }
  return false;
}

bool HasOrStar(const Json* list, std::string_view value) { return Has(list, value) || Has(list, "*"); }

// rbac/v1 helpers VerbMatches, APIGroupMatches, ResourceMatches, ResourceNameMatches,
// NonResourceURLMatches.
bool RuleAllows(const Json& rule, const Attributes& a) {
  if (!HasOrStar(rule.Find("verbs"), a.verb)) return false;
  if (a.resource.empty()) {
    const Json* urls = rule.Find("nonResourceURLs");
    if (urls == nullptr || !urls->is_array()) return false;
    for (const Json& u : urls->array()) {
      if (!u.is_string()) continue;
      const std::string& s = u.as_string();
      if (s == "*" || s == a.path) return true;
      if (!s.empty() && s.back() == '*' && a.path.compare(0, s.size() - 1, s, 0, s.size() - 1) == 0) return true;
    }
    return false;
  }
  if (!HasOrStar(rule.Find("apiGroups"), a.group)) return false;
  std::string combined = a.subresource.empty() ? a.resource : absl::StrCat(a.resource, "/", a.subresource);
  const Json* resources = rule.Find("resources");
  bool resource_ok = Has(resources, "*") || Has(resources, combined) ||
                     (!a.subresource.empty() && Has(resources, absl::StrCat("*/", a.subresource)));
  if (!resource_ok) return false;
  const Json* names = rule.Find("resourceNames");
  if (names == nullptr || !names->is_array() || names->array().empty()) return true;
  return Has(names, a.name);
}

bool SubjectMatches(const Json& subject, const Identity& who, std::string_view binding_ns) {
  std::string_view kind = subject.GetString("kind");
  std::string_view name = subject.GetString("name");
  if (kind == "User") return name == who.user;
  if (kind == "Group") return std::find(who.groups.begin(), who.groups.end(), name) != who.groups.end();
  if (kind == "ServiceAccount") {
    std::string_view ns = subject.GetString("namespace");
    if (ns.empty()) ns = binding_ns;
    return who.user == absl::StrCat("system:serviceaccount:", std::string(ns), ":", std::string(name));
  }
  return false;
}

const Resource* Rbac(std::string_view plural) { return FindResource("rbac.authorization.k8s.io", "v1", plural); }

std::vector<ObjectPtr> All(const Store& store, const Resource* r, std::string_view ns) {
  LabelSelector everything;
  FieldSelector none;
  return store.List(*r, ns, everything, none, 0, "").items;
}

// Checks the bindings of `binding_kind` (in `ns`, or all ClusterRoleBindings when empty).
bool Bound(const Store& store, const Identity& who, const Attributes& a, std::string_view ns,
           Decision& d) {
  const Resource* bindings = Rbac(ns.empty() ? "clusterrolebindings" : "rolebindings");
  for (const ObjectPtr& b : All(store, bindings, ns)) {
    const Json* subjects = b->Find("subjects");
    if (subjects == nullptr || !subjects->is_array()) continue;
    std::string binding_ns(b->Find("metadata")->GetString("namespace"));
    const Json* matched = nullptr;
    for (const Json& s : subjects->array()) {
      if (SubjectMatches(s, who, binding_ns)) {
        matched = &s;
        break;
      }
    }
    if (matched == nullptr) continue;
    const Json* ref = b->Find("roleRef");
    if (ref == nullptr) continue;
    std::string_view role_kind = ref->GetString("kind");
    std::string_view role_name = ref->GetString("name");
    ObjectPtr role = role_kind == "Role" ? store.Get(*Rbac("roles"), ns, role_name)
                                         : store.Get(*Rbac("clusterroles"), "", role_name);
    if (role == nullptr) continue;
    const Json* rules = role->Find("rules");
    if (rules == nullptr || !rules->is_array()) continue;
    for (const Json& rule : rules->array()) {
      if (!RuleAllows(rule, a)) continue;
      std::string binding_name(b->Find("metadata")->GetString("name"));
      std::string subject = absl::StrCat(std::string(matched->GetString("kind")), " \"",
                                         std::string(matched->GetString("name")), "\"");
      if (matched->GetString("kind") == "ServiceAccount") {
        std::string_view sns = matched->GetString("namespace");
        subject = absl::StrCat("ServiceAccount \"", std::string(matched->GetString("name")), "/",
                               std::string(sns.empty() ? std::string_view(binding_ns) : sns), "\"");
      }
      d.allowed = true;
      d.reason = ns.empty() ? absl::StrCat("RBAC: allowed by ClusterRoleBinding \"", binding_name,
                                           "\" of ClusterRole \"", std::string(role_name), "\" to ", subject)
                            : absl::StrCat("RBAC: allowed by RoleBinding \"", binding_name, "/",
                                           std::string(ns), "\" of ", std::string(role_kind), " \"",
                                           std::string(role_name), "\" to ", subject);
      return true;
    }
  }
  return false;
}

}  // namespace

Identity Identity::ServiceAccount(std::string_view ns, std::string_view name) {
  Identity id;
  id.user = absl::StrCat("system:serviceaccount:", std::string(ns), ":", std::string(name));
  id.groups = {"system:serviceaccounts", absl::StrCat("system:serviceaccounts:", std::string(ns)),
               "system:authenticated"};
  return id;
}

Decision Authorize(const Store& store, const Identity& who, const Attributes& a) {
  Decision d;
  if (who.unrestricted) {
    d.allowed = true;
    return d;
  }
  // What the bootstrap roles system:basic-user and system:discovery give everyone
  // authenticated: self reviews and discovery.
  bool self_review = ((a.resource == "selfsubjectaccessreviews" || a.resource == "selfsubjectrulesreviews") &&
                      a.group == "authorization.k8s.io") ||
                     (a.resource == "selfsubjectreviews" && a.group == "authentication.k8s.io");
  if (self_review && a.verb == "create") {
    d.allowed = true;
    d.reason = "RBAC: allowed by ClusterRoleBinding \"system:basic-user\" of ClusterRole \"system:basic-user\" to Group \"system:authenticated\"";
    return d;
  }
  if (a.resource.empty() && a.verb == "get") {
    for (std::string_view prefix : {"/api", "/apis", "/version", "/healthz", "/livez", "/readyz", "/openapi"}) {
      if (a.path.compare(0, prefix.size(), prefix) == 0) {
        d.allowed = true;
        return d;
      }
    }
  }
  if (Bound(store, who, a, "", d)) return d;
  if (!a.ns.empty() && Bound(store, who, a, a.ns, d)) return d;
  return d;
}

}  // namespace fakeapi
