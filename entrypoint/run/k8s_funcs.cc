#include "entrypoint/run/k8s_funcs.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "entrypoint/base/exit_codes.h"
#include "gocompat/string_view.h"
#include "entrypoint/run/json_value.h"
#include "k8sclient/api_path.h"
#include "k8sclient/client.h"
#include "k8sclient/object_check.h"
#include "k8sclient/downward.h"
#include "k8sclient/file_read.h"
#include "k8sclient/fieldpath.h"
#include "k8sclient/resource_field.h"

namespace entrypoint::run {
namespace {

using gocompat::AV;

using templating::CallContext;
using templating::Value;
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

// Every object a template function reads comes through here: the kind resolved, each part of
// the path validated (by Cluster, through k8sclient's api_path), a Secret only with
// --allow-secrets, whatever function asked and however the kind was spelled, and the answer
// checked to be the kind asked for before anything is read from it.
class Reader {
 public:
  Reader(Cluster& cluster, bool allow_secrets, RenderReport* report)
      : cluster_(cluster), allow_secrets_(allow_secrets), report_(report) {}

  // `missing_is_an_answer`: a 404 is what the caller returns (lookup's empty map), not an
  // API failure behind a template error.
  absl::StatusOr<const k8sclient::Json*> Get(const k8sclient::ApiResource& kind, std::string_view name,
                                       std::string_view ns = {}, bool missing_is_an_answer = false) {
    if (kind.IsSecrets() && !allow_secrets_) return absl::PermissionDeniedError(kSecretsOff);
    auto obj = cluster_.Get(kind, name, ns);
    if (!obj.ok()) {
      if (missing_is_an_answer && absl::IsNotFound(obj.status())) return obj.status();
      return Failed(obj.status(), report_);
    }
    if (absl::Status s = IsKind(**obj, kind.kind, absl::StrCat(kind.resource, " \"", AV(name), "\""));
        !s.ok()) {
      return Failed(s, report_);
    }
    if (kind.IsSecrets()) report_->secrets_read = true;
    return obj;
  }

  absl::StatusOr<const k8sclient::Json*> List(const k8sclient::ApiResource& kind, std::string_view selector,
                                        std::string_view ns = {}) {
    if (kind.IsSecrets() && !allow_secrets_) return absl::PermissionDeniedError(kSecretsOff);
    auto list = cluster_.List(kind, selector, ns);
    if (!list.ok()) return Failed(list.status(), report_);
    if (absl::Status s = IsKind(**list, absl::StrCat(kind.kind, "List"), absl::StrCat("the ", kind.resource, " list"));
        !s.ok()) {
      return Failed(s, report_);
    }
    if (kind.IsSecrets()) report_->secrets_read = true;
    return list;
  }

  Cluster& cluster() { return cluster_; }
  RenderReport* report() { return report_; }

 private:
  // The server spells a kind its own way ("ConfigMap" for a lookup of "configmap").
  static absl::Status IsKind(const k8sclient::Json& obj, std::string_view want, std::string_view what) {
    std::string_view got = obj.GetString("kind");
    return k8sclient::ValidateObjectKind(obj, absl::EqualsIgnoreCase(AV(got), AV(want)) ? got : want, what);
  }

  Cluster& cluster_;
  const bool allow_secrets_;
  RenderReport* report_;
};

absl::StatusOr<k8sclient::ApiResource> Kind(std::string_view api_version, std::string_view kind) {
  return k8sclient::ResolveKind(api_version, kind);
}

const k8sclient::Json* ControllerRef(const k8sclient::Json& pod) {
  for (const k8sclient::Json& ref : pod.ArrayAt("metadata.ownerReferences")) {
    const k8sclient::Json* controller = ref.Find("controller");
    if (controller != nullptr && controller->is_bool() && controller->as_bool()) return &ref;
  }
  return nullptr;
}

// The controller named by the pod's ownerReference: its apiVersion, kind and name come from
// whoever wrote the pod, so they go through the same checks as a template's own arguments.
absl::StatusOr<const k8sclient::Json*> Owner(Reader& reader) {
  const k8sclient::Json* ref = ControllerRef(reader.cluster().pod());
  if (ref == nullptr) {
    return absl::FailedPreconditionError("the pod has no controller (no ownerReference with controller: true)");
  }
  auto kind = Kind(ref->GetString("apiVersion"), ref->GetString("kind"));
  if (!kind.ok()) return kind.status();
  return reader.Get(*kind, ref->GetString("name"));
}

// Whether a resourceFieldRef would fall back to the node's allocatable: a cpu, memory or
// ephemeral-storage limit that is missing or zero.
bool NeedsNodeAllocatable(const k8sclient::Json& pod, const k8sclient::ResourceFieldSelector& fs) {
  if (fs.resource != "limits.cpu" && fs.resource != "limits.memory" &&
      fs.resource != "limits.ephemeral-storage") {
    return false;
  }
  std::string name = fs.resource.substr(strlen("limits."));
  for (const char* list : {"spec.containers", "spec.initContainers"}) {
    const k8sclient::Json* containers = pod.Path(list);
    if (containers == nullptr || !containers->is_array()) continue;
    for (const k8sclient::Json& c : containers->array()) {
      if (!fs.container_name.empty() && c.GetString("name") != fs.container_name) continue;
      const k8sclient::Json* limits = c.Path("resources.limits");
      const k8sclient::Json* q = limits != nullptr ? limits->Find(name) : nullptr;
      if (q == nullptr) return true;
      auto quantity = k8sclient::QuantityFromJson(*q);
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

templating::FuncMap KubernetesFuncs(Cluster& cluster, const K8sFuncSettings& settings, RenderReport* report) {
  templating::FuncMap f;
  Cluster* c = &cluster;
  RenderReport* r = report;
  auto reader = std::make_shared<Reader>(cluster, settings.allow_secrets, report);

  f["fieldRef"] = [c](CallContext&, Args args) -> absl::StatusOr<Value> {
    auto a = Strings("fieldRef", args, 1, 1, "\"FIELDPATH\"");
    if (!a.ok()) return a.status();
    auto v = k8sclient::ExtractFieldRef(c->pod(), (*a)[0]);
    if (!v.ok()) return v.status();
    return Value(*std::move(v));
  };

  f["resource"] = [c, r](CallContext&, Args args) -> absl::StatusOr<Value> {
    auto a = Strings("resource", args, 1, 3, "\"limits.memory\" [\"DIVISOR\"] [\"CONTAINER\"]");
    if (!a.ok()) return a.status();
    k8sclient::ResourceFieldSelector fs;
    fs.resource = (*a)[0];
    if (a->size() > 1) fs.divisor = (*a)[1];
    if (a->size() > 2) fs.container_name = (*a)[2];
    if (absl::Status s = k8sclient::ValidateResourceFieldSelector(fs); !s.ok()) return s;
    const k8sclient::Json* node = nullptr;
    if (NeedsNodeAllocatable(c->pod(), fs)) {
      auto n = c->Node();
      if (!n.ok()) return Failed(n.status(), r);
      node = *n;
    }
    auto v = k8sclient::ExtractResourceValue(c->pod(), fs, node);
    if (!v.ok()) return v.status();
    return Value(*std::move(v));
  };

  f["ordinal"] = [c](CallContext&, Args args) -> absl::StatusOr<Value> {
    if (!args.empty()) return WrongArgs("ordinal", "(no arguments)");
    auto n = k8sclient::Ordinal(c->pod());
    if (!n.ok()) return n.status();
    return Value(static_cast<int>(*n));
  };

  f["owner"] = [reader](CallContext&, Args args) -> absl::StatusOr<Value> {
    if (!args.empty()) return WrongArgs("owner", "(no arguments)");
    auto o = Owner(*reader);
    if (!o.ok()) return o.status();
    return ToValue(**o);
  };

  f["statefulset"] = [reader](CallContext&, Args args) -> absl::StatusOr<Value> {
    if (!args.empty()) return WrongArgs("statefulset", "(no arguments)");
    const k8sclient::Json* ref = ControllerRef(reader->cluster().pod());
    if (ref == nullptr || ref->GetString("kind") != "StatefulSet") {
      return absl::FailedPreconditionError("the pod is not controlled by a StatefulSet");
    }
    auto o = Owner(*reader);
    if (!o.ok()) return o.status();
    return ToValue(**o);
  };

  f["pods"] = [reader](CallContext&, Args args) -> absl::StatusOr<Value> {
    auto a = Strings("pods", args, 1, 1, "\"LABEL-SELECTOR\"");
    if (!a.ok()) return a.status();
    auto list = reader->List(*Kind("v1", "Pod"), (*a)[0]);
    if (!list.ok()) return list.status();
    const k8sclient::Json* items = (*list)->Find("items");
    return items != nullptr && items->is_array() ? ToValue(*items) : Value(templating::List{});
  };

  f["node"] = [c, r](CallContext&, Args args) -> absl::StatusOr<Value> {
    if (!args.empty()) return WrongArgs("node", "(no arguments)");
    auto n = c->Node();
    if (!n.ok()) return Failed(n.status(), r);
    return ToValue(**n);
  };

  f["endpoints"] = [reader](CallContext&, Args args) -> absl::StatusOr<Value> {
    auto a = Strings("endpoints", args, 1, 1, "\"SERVICE\"");
    if (!a.ok()) return a.status();
    // The name goes into a label selector: checked as a Service name first, so that it
    // cannot widen the selector ("x,app!=y") or break it.
    if (absl::Status s = k8sclient::ValidateObjectName(*Kind("v1", "Service"), (*a)[0]); !s.ok()) return s;
    auto list = reader->List(*Kind("discovery.k8s.io/v1", "EndpointSlice"),
                             absl::StrCat("kubernetes.io/service-name=", (*a)[0]));
    if (!list.ok()) return list.status();
    templating::List out;
    for (const k8sclient::Json& slice : (*list)->ArrayAt("items")) {
      for (const k8sclient::Json& ep : slice.ArrayAt("endpoints")) {
        // EndpointSlice semantics: a nil ready condition means ready.
        const k8sclient::Json* ready = ep.Path("conditions.ready");
        if (ready != nullptr && ready->is_bool() && !ready->as_bool()) continue;
        for (const k8sclient::Json& addr : ep.ArrayAt("addresses")) {
          if (addr.is_string()) out.emplace_back(addr.as_string());
        }
      }
    }
    return Value(std::move(out));
  };

  f["configMap"] = [reader](CallContext&, Args args) -> absl::StatusOr<Value> {
    auto a = Strings("configMap", args, 1, 2, "\"NAME\" [\"KEY\"]");
    if (!a.ok()) return a.status();
    auto cm = reader->Get(*Kind("v1", "ConfigMap"), (*a)[0]);
    if (!cm.ok()) return cm.status();
    const k8sclient::Json* data = (*cm)->ObjectAt("data");
    if (a->size() == 1) return data != nullptr ? ToValue(*data) : Value(templating::Map{});
    const k8sclient::Json* v = data != nullptr ? data->Find((*a)[1]) : nullptr;
    if (v == nullptr || !v->is_string()) {
      return absl::NotFoundError(absl::StrCat("configmap \"", (*a)[0], "\" has no key \"", (*a)[1], "\""));
    }
    return Value(v->as_string());
  };

  f["secret"] = [reader](CallContext&, Args args) -> absl::StatusOr<Value> {
    auto a = Strings("secret", args, 2, 2, "\"NAME\" \"KEY\"");
    if (!a.ok()) return a.status();
    auto s = reader->Get(*Kind("v1", "Secret"), (*a)[0]);
    if (!s.ok()) return s.status();
    const k8sclient::Json* data = (*s)->ObjectAt("data");
    const k8sclient::Json* v = data != nullptr ? data->Find((*a)[1]) : nullptr;
    if (v == nullptr || !v->is_string()) {
      return absl::NotFoundError(absl::StrCat("secret \"", (*a)[0], "\" has no key \"", (*a)[1], "\""));
    }
    std::string decoded;
    if (!absl::Base64Unescape(v->as_string(), &decoded)) {
      return absl::DataLossError(absl::StrCat("secret \"", (*a)[0], "\" key \"", (*a)[1], "\" is not base64"));
    }
    return Value(std::move(decoded));
  };

  // Helm's lookup: APIVERSION KIND [NAMESPACE] NAME; a missing object is an empty map, and
  // an empty NAME lists the kind.
  f["lookup"] = [reader](CallContext&, Args args) -> absl::StatusOr<Value> {
    auto a = Strings("lookup", args, 3, 4, "\"APIVERSION\" \"KIND\" [\"NAMESPACE\"] \"NAME\"");
    if (!a.ok()) return a.status();
    auto kind = Kind((*a)[0], (*a)[1]);
    if (!kind.ok()) return kind.status();
    const std::string& name = a->back();
    std::string ns = a->size() == 4 ? (*a)[2] : reader->cluster().ns();
    if (ns.empty() && kind->namespaced) {
      // Helm lists every namespace here; a pod's ServiceAccount rarely may, and a path
      // without a namespace is not one this function builds.
      return absl::InvalidArgumentError(absl::StrCat(
          "lookup of ", kind->kind, " across all namespaces (an empty NAMESPACE) is not supported; name one"));
    }
    auto obj = name.empty() ? reader->List(*kind, "", ns) : reader->Get(*kind, name, ns, true);
    if (!obj.ok()) {
      // Helm's answer for a missing object; not an error, so not an API failure either.
      if (obj.status().code() == absl::StatusCode::kNotFound) return Value(templating::Map{});
      return obj.status();
    }
    return ToValue(**obj);
  };

  std::string resolv = settings.resolv_conf;
  f["clusterDomain"] = [resolv](CallContext&, Args args) -> absl::StatusOr<Value> {
    if (!args.empty()) return WrongArgs("clusterDomain", "(no arguments)");
    // A resolv.conf that cannot be read names no search domain: the default, as before.
    // (Not std::ifstream: iostreams would keep libstdc++'s locale code in the static binary.)
    auto text = k8sclient::ReadWholeFile(resolv);
    return Value(ClusterDomainFrom(text.ok() ? *text : std::string()));
  };
  return f;
}

}  // namespace entrypoint::run
