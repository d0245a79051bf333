#include "entrypoint/run/k8s_funcs.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "entrypoint/base/exit_codes.h"
#include "entrypoint/run/json_value.h"
#include "k8sclient/client.h"
#include "k8sclient/downward.h"
#include "k8sclient/fieldpath.h"
#include "k8sclient/resource_field.h"

namespace podinit::run {
namespace {

using tmpl::CallContext;
using tmpl::Value;
using Args = absl::Span<const Value>;

absl::Status WrongArgs(absl::string_view fn, absl::string_view usage) {
  return absl::InvalidArgumentError(absl::StrCat("usage: ", fn, " ", usage));
}

// The string arguments of a call, checked against the allowed counts.
absl::StatusOr<std::vector<std::string>> Strings(absl::string_view fn, Args args, size_t min,
                                                 size_t max, absl::string_view usage) {
  if (args.size() < min || args.size() > max) return WrongArgs(fn, usage);
  std::vector<std::string> out;
  for (const Value& a : args) {
    if (!a.is_string()) {
      return absl::InvalidArgumentError(absl::StrCat(fn, ": arguments must be strings, got ", a.TypeName()));
    }
    out.push_back(a.as_string());
  }
  return out;
}

// A failed request as a function returns it: an API server failure is recorded as the cause
// of the template error it is about to become.
absl::Status Failed(const absl::Status& s, RenderReport* report) {
  if (base::IsApiError(s) && report->api_error.ok()) report->api_error = s;
  return s;
}

constexpr char kSecretsOff[] = "reading Secrets is off; run podinit with --allow-secrets";

// Whether an API path names core Secrets (one, or a list): `lookup "v1" "Secret"` (or "secret",
// which resolves to the same resource) must be held to --allow-secrets as `secret` is.
bool IsSecretPath(absl::string_view path) {
  std::vector<absl::string_view> parts = absl::StrSplit(path, '/', absl::SkipEmpty());
  if (parts.size() < 3 || parts[0] != "api" || parts[1] != "v1") return false;
  size_t resource = parts[2] == "namespaces" ? 4 : 2;
  return parts.size() > resource && parts[resource] == "secrets";
}

const k8s::Json* ControllerRef(const k8s::Json& pod) {
  const k8s::Json* refs = pod.Path("metadata.ownerReferences");
  if (refs == nullptr || !refs->is_array()) return nullptr;
  for (const k8s::Json& ref : refs->array()) {
    const k8s::Json* controller = ref.Find("controller");
    if (controller != nullptr && controller->is_bool() && controller->as_bool()) return &ref;
  }
  return nullptr;
}

absl::StatusOr<const k8s::Json*> Owner(Cluster& cluster, RenderReport* report) {
  const k8s::Json* ref = ControllerRef(cluster.pod());
  if (ref == nullptr) {
    return absl::FailedPreconditionError("the pod has no controller (no ownerReference with controller: true)");
  }
  auto path = k8s::ObjectPath(std::string(ref->GetString("apiVersion")), std::string(ref->GetString("kind")),
                              cluster.ns(), std::string(ref->GetString("name")));
  if (!path.ok()) return path.status();
  auto owner = cluster.Get(*path);
  if (!owner.ok()) return Failed(owner.status(), report);
  return owner;
}

// Whether a resourceFieldRef would fall back to the node's allocatable: a cpu, memory or
// ephemeral-storage limit that is missing or zero.
bool NeedsNodeAllocatable(const k8s::Json& pod, const k8s::ResourceFieldSelector& fs) {
  if (fs.resource != "limits.cpu" && fs.resource != "limits.memory" &&
      fs.resource != "limits.ephemeral-storage") {
    return false;
  }
  std::string name = fs.resource.substr(strlen("limits."));
  for (const char* list : {"spec.containers", "spec.initContainers"}) {
    const k8s::Json* containers = pod.Path(list);
    if (containers == nullptr || !containers->is_array()) continue;
    for (const k8s::Json& c : containers->array()) {
      if (!fs.container_name.empty() && c.GetString("name") != fs.container_name) continue;
      const k8s::Json* limits = c.Path("resources.limits");
      const k8s::Json* q = limits != nullptr ? limits->Find(name) : nullptr;
      if (q == nullptr) return true;
      auto quantity = k8s::QuantityFromJson(*q);
      return quantity.ok() && quantity->IsZero();
    }
  }
  return false;
}

}  // namespace

std::string ClusterDomainFrom(const std::string& resolv_conf_text) {
  for (absl::string_view line : absl::StrSplit(resolv_conf_text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (!absl::ConsumePrefix(&line, "search")) continue;
    for (absl::string_view domain : absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty())) {
      if (absl::ConsumePrefix(&domain, "svc.") && !domain.empty()) {
        absl::ConsumeSuffix(&domain, ".");
        return std::string(domain);
      }
    }
  }
  return "cluster.local";
}

void RenderReport::Merge(const RenderReport& later) {
  secrets_read = secrets_read || later.secrets_read;
  if (api_error.ok()) api_error = later.api_error;
}

tmpl::FuncMap KubernetesFuncs(Cluster& cluster, const K8sFuncSettings& settings, RenderReport* report) {
  tmpl::FuncMap f;
  Cluster* c = &cluster;
  RenderReport* r = report;

  f["fieldRef"] = [c](CallContext&, Args args) -> absl::StatusOr<Value> {
    auto a = Strings("fieldRef", args, 1, 1, "\"FIELDPATH\"");
    if (!a.ok()) return a.status();
    auto v = k8s::ExtractFieldRef(c->pod(), (*a)[0]);
    if (!v.ok()) return v.status();
    return Value(*std::move(v));
  };

  f["resource"] = [c, r](CallContext&, Args args) -> absl::StatusOr<Value> {
    auto a = Strings("resource", args, 1, 3, "\"limits.memory\" [\"DIVISOR\"] [\"CONTAINER\"]");
    if (!a.ok()) return a.status();
    k8s::ResourceFieldSelector fs;
    fs.resource = (*a)[0];
    if (a->size() > 1) fs.divisor = (*a)[1];
    if (a->size() > 2) fs.container_name = (*a)[2];
    if (absl::Status s = k8s::ValidateResourceFieldSelector(fs); !s.ok()) return s;
    const k8s::Json* node = nullptr;
    if (NeedsNodeAllocatable(c->pod(), fs)) {
      std::string node_name(c->pod().Path("spec.nodeName") ? c->pod().Path("spec.nodeName")->as_string() : "");
      if (node_name.empty()) return absl::FailedPreconditionError("no limit set and the pod has no spec.nodeName for node allocatable");
      auto n = c->Get(absl::StrCat("/api/v1/nodes/", node_name));
      if (!n.ok()) return Failed(n.status(), r);
      node = *n;
    }
    auto v = k8s::ExtractResourceValue(c->pod(), fs, node);
    if (!v.ok()) return v.status();
    return Value(*std::move(v));
  };

  f["ordinal"] = [c](CallContext&, Args args) -> absl::StatusOr<Value> {
    if (!args.empty()) return WrongArgs("ordinal", "(no arguments)");
    auto n = k8s::Ordinal(c->pod());
    if (!n.ok()) return n.status();
    return Value(static_cast<int>(*n));
  };

  f["owner"] = [c, r](CallContext&, Args args) -> absl::StatusOr<Value> {
    if (!args.empty()) return WrongArgs("owner", "(no arguments)");
    auto o = Owner(*c, r);
    if (!o.ok()) return o.status();
    return ToValue(**o);
  };

  f["statefulset"] = [c, r](CallContext&, Args args) -> absl::StatusOr<Value> {
    if (!args.empty()) return WrongArgs("statefulset", "(no arguments)");
    const k8s::Json* ref = ControllerRef(c->pod());
    if (ref == nullptr || ref->GetString("kind") != "StatefulSet") {
      return absl::FailedPreconditionError("the pod is not controlled by a StatefulSet");
    }
    auto o = Owner(*c, r);
    if (!o.ok()) return o.status();
    return ToValue(**o);
  };

  f["pods"] = [c, r](CallContext&, Args args) -> absl::StatusOr<Value> {
    auto a = Strings("pods", args, 1, 1, "\"LABEL-SELECTOR\"");
    if (!a.ok()) return a.status();
    auto list = c->List(absl::StrCat("/api/v1/namespaces/", c->ns(), "/pods"), (*a)[0]);
    if (!list.ok()) return Failed(list.status(), r);
    const k8s::Json* items = (*list)->Find("items");
    return items != nullptr ? ToValue(*items) : Value(tmpl::List{});
  };

  f["node"] = [c, r](CallContext&, Args args) -> absl::StatusOr<Value> {
    if (!args.empty()) return WrongArgs("node", "(no arguments)");
    const k8s::Json* node_name = c->pod().Path("spec.nodeName");
    if (node_name == nullptr || !node_name->is_string() || node_name->as_string().empty()) {
      return absl::FailedPreconditionError("the pod is not scheduled yet (no spec.nodeName)");
    }
    auto n = c->Get(absl::StrCat("/api/v1/nodes/", node_name->as_string()));
    if (!n.ok()) return Failed(n.status(), r);
    return ToValue(**n);
  };

  f["endpoints"] = [c, r](CallContext&, Args args) -> absl::StatusOr<Value> {
    auto a = Strings("endpoints", args, 1, 1, "\"SERVICE\"");
    if (!a.ok()) return a.status();
    auto list = c->List(absl::StrCat("/apis/discovery.k8s.io/v1/namespaces/", c->ns(), "/endpointslices"),
                        absl::StrCat("kubernetes.io/service-name=", (*a)[0]));
    if (!list.ok()) return Failed(list.status(), r);
    tmpl::List out;
    const k8s::Json* items = (*list)->Find("items");
    for (const k8s::Json& slice : items != nullptr && items->is_array() ? items->array() : k8s::Json::Array{}) {
      const k8s::Json* endpoints = slice.Find("endpoints");
      if (endpoints == nullptr || !endpoints->is_array()) continue;
      for (const k8s::Json& ep : endpoints->array()) {
        // EndpointSlice semantics: a nil ready condition means ready.
        const k8s::Json* ready = ep.Path("conditions.ready");
        if (ready != nullptr && ready->is_bool() && !ready->as_bool()) continue;
        const k8s::Json* addresses = ep.Find("addresses");
        if (addresses == nullptr || !addresses->is_array()) continue;
        for (const k8s::Json& addr : addresses->array()) {
          if (addr.is_string()) out.emplace_back(addr.as_string());
        }
      }
    }
    return Value(std::move(out));
  };

  f["configMap"] = [c, r](CallContext&, Args args) -> absl::StatusOr<Value> {
    auto a = Strings("configMap", args, 1, 2, "\"NAME\" [\"KEY\"]");
    if (!a.ok()) return a.status();
    auto cm = c->Get(absl::StrCat("/api/v1/namespaces/", c->ns(), "/configmaps/", (*a)[0]));
    if (!cm.ok()) return Failed(cm.status(), r);
    const k8s::Json* data = (*cm)->Find("data");
    if (a->size() == 1) return data != nullptr ? ToValue(*data) : Value(tmpl::Map{});
    const k8s::Json* v = data != nullptr ? data->Find((*a)[1]) : nullptr;
    if (v == nullptr || !v->is_string()) {
      return absl::NotFoundError(absl::StrCat("configmap \"", (*a)[0], "\" has no key \"", (*a)[1], "\""));
    }
    return Value(v->as_string());
  };

  const bool allow_secrets = settings.allow_secrets;
  f["secret"] = [c, r, allow_secrets](CallContext&, Args args) -> absl::StatusOr<Value> {
    auto a = Strings("secret", args, 2, 2, "\"NAME\" \"KEY\"");
    if (!a.ok()) return a.status();
    if (!allow_secrets) return absl::PermissionDeniedError(kSecretsOff);
    auto s = c->Get(absl::StrCat("/api/v1/namespaces/", c->ns(), "/secrets/", (*a)[0]));
    if (!s.ok()) return Failed(s.status(), r);
    const k8s::Json* v = (*s)->Path("data") ? (*s)->Path("data")->Find((*a)[1]) : nullptr;
    if (v == nullptr || !v->is_string()) {
      return absl::NotFoundError(absl::StrCat("secret \"", (*a)[0], "\" has no key \"", (*a)[1], "\""));
    }
    std::string decoded;
    if (!absl::Base64Unescape(v->as_string(), &decoded)) {
      return absl::DataLossError(absl::StrCat("secret \"", (*a)[0], "\" key \"", (*a)[1], "\" is not base64"));
    }
    r->secrets_read = true;
    return Value(std::move(decoded));
  };

  // Helm's lookup: APIVERSION KIND [NAMESPACE] NAME; a missing object is an empty map, and
  // an empty NAME lists the kind.
  f["lookup"] = [c, r, allow_secrets](CallContext&, Args args) -> absl::StatusOr<Value> {
    auto a = Strings("lookup", args, 3, 4, "\"APIVERSION\" \"KIND\" [\"NAMESPACE\"] \"NAME\"");
    if (!a.ok()) return a.status();
    std::string ns = a->size() == 4 ? (*a)[2] : c->ns();
    const std::string& name = a->back();
    auto path = k8s::ObjectPath((*a)[0], (*a)[1], ns, name);
    if (!path.ok()) return path.status();
    const bool secret = IsSecretPath(*path);
    if (secret && !allow_secrets) return absl::PermissionDeniedError(kSecretsOff);
    auto obj = name.empty() ? c->List(*path, "") : c->Get(*path);
    if (!obj.ok()) {
      // Helm's answer for a missing object; not an error, so not an API failure either.
      if (obj.status().code() == absl::StatusCode::kNotFound) return Value(tmpl::Map{});
      return Failed(obj.status(), r);
    }
    if (secret) r->secrets_read = true;
    return ToValue(**obj);
  };

  std::string resolv = settings.resolv_conf;
  f["clusterDomain"] = [resolv](CallContext&, Args args) -> absl::StatusOr<Value> {
    if (!args.empty()) return WrongArgs("clusterDomain", "(no arguments)");
    std::ifstream in(resolv);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    return Value(ClusterDomainFrom(text.str()));
  };
  return f;
}

}  // namespace podinit::run
