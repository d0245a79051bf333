#include "fakeapi/resources.h"

#include <algorithm>
#include <set>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "gocompat/string_view.h"

namespace fakeapi {

using k8sclient::Json;

bool Resource::HasStatus() const {
  return kind == "Pod" || kind == "StatefulSet" || kind == "Job" || kind == "Service" ||
         kind == "Node" || kind == "Namespace";
}

bool Resource::SupportsField(std::string_view field) const {
  if (field == "metadata.name" || field == "metadata.namespace") return true;
  return std::find(extra_fields.begin(), extra_fields.end(), field) != extra_fields.end();
}

const std::vector<Resource>& Resources() {
  static const std::vector<Resource> kResources = {
      {"", "v1", "pods", "pod", "Pod", true, {"po"},
       {"spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
        "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"},
       true},
      {"", "v1", "nodes", "node", "Node", false, {"no"}, {"spec.unschedulable"}},
      {"", "v1", "namespaces", "namespace", "Namespace", false, {"ns"}, {"status.phase"}},
      {"", "v1", "configmaps", "configmap", "ConfigMap", true, {"cm"}, {}},
      {"", "v1", "secrets", "secret", "Secret", true, {}, {"type"}},
      {"", "v1", "services", "service", "Service", true, {"svc"}, {}, true},
      {"", "v1", "endpoints", "endpoints", "Endpoints", true, {"ep"}, {}},
      {"", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, {"sa"}, {}},
      // Served (usually empty) because `kubectl describe` lists a pod's events.
      {"", "v1", "events", "event", "Event", true, {"ev"},
       {"involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
        "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
        "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"}},
      {"apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, {"sts"}, {}, true},
      {"batch", "v1", "jobs", "job", "Job", true, {}, {"status.successful"}, true},
      {"discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", true, {},
       {}},
      {"rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, {}, {}},
      {"rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true, {},
       {}},
      {"rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false, {},
       {}},
      {"rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding",
       "ClusterRoleBinding", false, {}, {}},
      {"authorization.k8s.io", "v1", "selfsubjectaccessreviews", "selfsubjectaccessreview",
       "SelfSubjectAccessReview", false, {}, {}, false, true},
      // kubectl auth whoami.
      {"authentication.k8s.io", "v1", "selfsubjectreviews", "selfsubjectreview",
       "SelfSubjectReview", false, {}, {}, false, true},
  };
  return kResources;
}

const Resource* FindResource(std::string_view group, std::string_view version,
                             std::string_view name) {
  for (const auto& r : Resources()) {
    if (r.group == group && r.version == version && r.name == name) return &r;
  }
  return nullptr;
}

const Resource* FindResourceByKind(std::string_view api_version, std::string_view kind) {
  for (const auto& r : Resources()) {
    if (r.GroupVersion() == api_version && r.kind == kind) return &r;
  }
  return nullptr;
}

Json VersionInfo() {
  Json v = Json::MakeObject();
  v.Set("major", "1");
  v.Set("minor", "32");
  v.Set("gitVersion", "v1.32.0-podinit-fake");
  v.Set("gitCommit", "0000000000000000000000000000000000000000");
  v.Set("gitTreeState", "clean");
  v.Set("buildDate", "2025-01-01T00:00:00Z");
  v.Set("goVersion", "go1.23.4");
  v.Set("compiler", "gc");
  v.Set("platform", "linux/amd64");
  return v;
}

Json CoreApiVersions() {
  Json v = Json::MakeObject();
  v.Set("kind", "APIVersions");
  v.Set("versions", Json(Json::Array{Json("v1")}));
  Json addr = Json::MakeObject();
  addr.Set("clientCIDR", "0.0.0.0/0");
  addr.Set("serverAddress", "127.0.0.1:6443");
  v.Set("serverAddressByClientCIDRs", Json(Json::Array{addr}));
  return v;
}

Json ApiGroupList() {
  Json groups = Json::MakeArray();
  std::set<std::string> seen;
  for (const auto& r : Resources()) {
    if (r.group.empty() || !seen.insert(r.group).second) continue;
    Json gv = Json::MakeObject();
    gv.Set("groupVersion", r.GroupVersion());
    gv.Set("version", r.version);
    Json g = Json::MakeObject();
    g.Set("name", r.group);
    g.Set("versions", Json(Json::Array{gv}));
    g.Set("preferredVersion", gv);
    groups.array().push_back(std::move(g));
  }
  Json list = Json::MakeObject();
  list.Set("kind", "APIGroupList");
  list.Set("apiVersion", "v1");
  list.Set("groups", std::move(groups));
  return list;
}

Json ApiResourceList(std::string_view group, std::string_view version) {
  Json resources = Json::MakeArray();
  for (const auto& r : Resources()) {
    if (r.group != group || r.version != version) continue;
    Json res = Json::MakeObject();
    res.Set("name", r.name);
    res.Set("singularName", r.singular);
    res.Set("namespaced", r.namespaced);
    res.Set("kind", r.kind);
    auto verbs = [](std::initializer_list<const char*> list) {
      Json v = Json::MakeArray();
      for (const char* x : list) v.array().push_back(x);
      return v;
    };
    res.Set("verbs", r.create_only ? verbs({"create"})
                                   : verbs({"create", "delete", "deletecollection", "get", "list",
                                            "patch", "update", "watch"}));
    if (!r.short_names.empty()) {
      Json sn = Json::MakeArray();
      for (const auto& s : r.short_names) sn.array().push_back(s);
      res.Set("shortNames", std::move(sn));
    }
    if (r.in_all) res.Set("categories", Json(Json::Array{Json("all")}));
    resources.array().push_back(std::move(res));
    // The subresources served, as discovery lists them.
    auto sub = [&](std::string_view name, Json verb_list, std::string_view kind,
                   std::string_view sub_group = "", std::string_view sub_version = "") {
      Json s = Json::MakeObject();
      s.Set("name", absl::StrCat(r.name, "/", std::string(name)));
      s.Set("singularName", "");
      s.Set("namespaced", r.namespaced);
      if (!sub_group.empty()) {
        s.Set("group", sub_group);
        s.Set("version", sub_version);
      }
      s.Set("kind", kind);
      s.Set("verbs", std::move(verb_list));
      resources.array().push_back(std::move(s));
    };
    if (r.HasStatus()) sub("status", verbs({"get", "patch", "update"}), r.kind);
    if (r.kind == "StatefulSet") sub("scale", verbs({"get", "patch", "update"}), "Scale", "autoscaling", "v1");
    if (r.kind == "Pod") sub("log", verbs({"get"}), "Pod");
  }
  if (resources.array().empty()) return Json();
  Json list = Json::MakeObject();
  list.Set("kind", "APIResourceList");
  list.Set("apiVersion", "v1");
  list.Set("groupVersion", group.empty() ? std::string(version)
                                         : absl::StrCat(std::string(group), "/",
                                                        std::string(version)));
  list.Set("resources", std::move(resources));
  return list;
}

Json StatusError(int code, std::string_view reason, std::string_view message, Json details) {
  Json s = Json::MakeObject();
  s.Set("kind", "Status");
  s.Set("apiVersion", "v1");
  s.Set("metadata", Json::MakeObject());
  s.Set("status", "Failure");
  s.Set("message", message);
  s.Set("reason", reason);
  if (!details.is_null()) s.Set("details", std::move(details));
  s.Set("code", code);
  return s;
}

namespace {

Json Details(const Resource& r, std::string_view name) {
  Json d = Json::MakeObject();
  if (!name.empty()) d.Set("name", name);
  if (!r.group.empty()) d.Set("group", r.group);
  d.Set("kind", r.name);
  return d;
}

}  // namespace

Json NotFound(const Resource& r, std::string_view name) {
  return StatusError(404, "NotFound",
                     absl::StrCat(r.Qualified(), " \"", std::string(name), "\" not found"),
                     Details(r, name));
}

Json Forbidden(const Resource& r, std::string_view user, std::string_view verb,
               std::string_view ns, std::string_view name) {
  std::string subject =
      name.empty() ? r.Qualified() : absl::StrCat(r.Qualified(), " \"", std::string(name), "\"");
  std::string scope = ns.empty() ? std::string("at the cluster scope")
                                 : absl::StrCat("in the namespace \"", std::string(ns), "\"");
  std::string msg = absl::StrCat(subject, " is forbidden: User \"", std::string(user),
                                 "\" cannot ", std::string(verb), " resource \"", r.name,
                                 "\" in API group \"", r.group, "\" ", scope);
  return StatusError(403, "Forbidden", msg, Details(r, name));
}

Json Expired(std::string_view message) { return StatusError(410, "Expired", message); }

namespace {
constexpr char kStatusPayload[] = "podinit.fakeapi/status";
}  // namespace

absl::Status ApiError(const Json& status) {
  std::string_view msg = status.GetString("message");
  absl::Status st(absl::StatusCode::kUnknown, gocompat::AV(msg));
  st.SetPayload(kStatusPayload, absl::Cord(status.Dump()));
  return st;
}

Json StatusBody(const absl::Status& error) {
  auto payload = error.GetPayload(kStatusPayload);
  if (!payload.has_value()) return Json();
  auto parsed = k8sclient::ParseJson(std::string(*payload));
  return parsed.ok() ? *std::move(parsed) : Json();
}

}  // namespace fakeapi
