#include "fakeapi/defaults.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "k8sclient/validation.h"

namespace fakeapi {

using k8sclient::Json;

namespace {

Json& Obj(Json& parent, std::string_view key) {
  Json* v = parent.Find(key);
  if (v == nullptr || !v->is_object()) return parent.Set(key, Json::MakeObject());
  return *v;
}

void Default(Json& obj, std::string_view key, Json value) {
  const Json* v = obj.Find(key);
  if (v == nullptr || v->is_null() || (v->is_string() && v->as_string().empty())) {
    obj.Set(key, std::move(value));
  }
}

// parseImageName's tag: "latest" when the reference has neither tag nor digest.
std::string ImageTag(std::string_view image) {
  if (image.find('@') != std::string_view::npos) return "";
  size_t slash = image.rfind('/');
  size_t colon = image.rfind(':');
  if (colon == std::string_view::npos || (slash != std::string_view::npos && colon < slash)) {
    return "latest";
  }
  return std::string(image.substr(colon + 1));
}

void DefaultContainer(Json& c) {
  Default(c, "imagePullPolicy", ImageTag(c.GetString("image")) == "latest" ? "Always" : "IfNotPresent");
  Default(c, "terminationMessagePath", "/dev/termination-log");
  Default(c, "terminationMessagePolicy", "File");
  if (Json* ports = c.Find("ports"); ports != nullptr && ports->is_array()) {
    for (Json& p : ports->array()) Default(p, "protocol", "TCP");
  }
  for (const char* probe : {"livenessProbe", "readinessProbe", "startupProbe"}) {
    Json* p = c.Find(probe);
    if (p == nullptr || !p->is_object()) continue;
    Default(*p, "timeoutSeconds", 1);
    Default(*p, "periodSeconds", 10);
    Default(*p, "successThreshold", 1);
    Default(*p, "failureThreshold", 3);
  }
  if (Json* env = c.Find("env"); env != nullptr && env->is_array()) {
    for (Json& e : env->array()) {
      Json* from = e.Find("valueFrom");
      Json* ref = from != nullptr ? from->Find("fieldRef") : nullptr;
      if (ref != nullptr && ref->is_object()) Default(*ref, "apiVersion", "v1");
    }
  }
}

// SetDefaults_PodSpec and SetDefaults_Container: what every pod template gets.
void DefaultPodSpec(Json& spec) {
  Default(spec, "dnsPolicy", "ClusterFirst");
  Default(spec, "restartPolicy", "Always");
  Default(spec, "securityContext", Json::MakeObject());
  Default(spec, "terminationGracePeriodSeconds", 30);
  Default(spec, "schedulerName", "default-scheduler");
  for (const char* list : {"initContainers", "containers"}) {
    if (Json* cs = spec.Find(list); cs != nullptr && cs->is_array()) {
      for (Json& c : cs->array()) DefaultContainer(c);
    }
  }
}

const Json* Quantity(const Json& c, std::string_view kind, std::string_view name) {
  const Json* list = c.Path(absl::StrCat("resources.", std::string(kind)));
  return list != nullptr ? list->Find(name) : nullptr;
}

// GetPodQOS: Guaranteed when every container limits and requests cpu and memory equally,
// BestEffort when none requests or limits anything, Burstable otherwise.
std::string QosClass(const Json& spec) {
  bool any = false, guaranteed = true;
  for (const char* list : {"initContainers", "containers"}) {
    const Json* cs = spec.Find(list);
    if (cs == nullptr || !cs->is_array()) continue;
    for (const Json& c : cs->array()) {
      for (const char* res : {"cpu", "memory"}) {
        const Json* req = Quantity(c, "requests", res);
        const Json* lim = Quantity(c, "limits", res);
        if (req != nullptr || lim != nullptr) any = true;
        if (lim == nullptr || (req != nullptr && !(*req == *lim))) guaranteed = false;
      }
      const Json* reqs = c.Path("resources.requests");
      const Json* lims = c.Path("resources.limits");
      if ((reqs != nullptr && reqs->is_object() && !reqs->object().empty()) ||
          (lims != nullptr && lims->is_object() && !lims->object().empty())) {
        any = true;
      }
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

void DefaultPod(Json& pod, bool create) {
  Json& spec = Obj(pod, "spec");
  // SetDefaults_Pod: requests default to limits.
  for (const char* list : {"initContainers", "containers"}) {
    Json* cs = spec.Find(list);
    if (cs == nullptr || !cs->is_array()) continue;
    for (Json& c : cs->array()) {
      const Json* limits = c.Path("resources.limits");
      if (limits == nullptr || !limits->is_object()) continue;
      Json lim = *limits;
      Json& requests = Obj(Obj(c, "resources"), "requests");
      for (const auto& [k, v] : lim.object()) {
        if (requests.Find(k) == nullptr) requests.Set(k, v);
      }
    }
  }
  Default(spec, "enableServiceLinks", true);
  DefaultPodSpec(spec);
  if (!create) return;
  // Admission every cluster runs: ServiceAccount, Priority, DefaultTolerationSeconds.
  Default(spec, "serviceAccountName", "default");
  Default(spec, "serviceAccount", spec.GetString("serviceAccountName"));
  Default(spec, "priority", 0);
  Default(spec, "preemptionPolicy", "PreemptLowerPriority");
  Json* tolerations = spec.Find("tolerations");
  if (tolerations == nullptr || !tolerations->is_array()) tolerations = &spec.Set("tolerations", Json::MakeArray());
  for (const char* key : {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"}) {
    bool present = false;
    for (const Json& t : tolerations->array()) {
      if (t.GetString("key") == key && (t.GetString("effect") == "NoExecute" || t.GetString("effect").empty())) present = true;
    }
    if (present) continue;
    Json t = Json::MakeObject();
    t.Set("key", key);
    t.Set("operator", "Exists");
    t.Set("effect", "NoExecute");
    t.Set("tolerationSeconds", 300);
    tolerations->array().push_back(std::move(t));
  }
  std::string qos = QosClass(spec);  // before Obj(pod, "status") may move `spec`
  Default(Obj(pod, "status"), "qosClass", qos);
}

void DefaultStatefulSet(Json& sts) {
  Json& spec = Obj(sts, "spec");
  Default(spec, "replicas", 1);
  Default(spec, "podManagementPolicy", "OrderedReady");
  Default(spec, "revisionHistoryLimit", 10);
  Json& strategy = Obj(spec, "updateStrategy");
  Default(strategy, "type", "RollingUpdate");
  if (strategy.GetString("type") == "RollingUpdate") Default(Obj(strategy, "rollingUpdate"), "partition", 0);
  Json& retention = Obj(spec, "persistentVolumeClaimRetentionPolicy");
  Default(retention, "whenDeleted", "Retain");
  Default(retention, "whenScaled", "Retain");
  DefaultPodSpec(Obj(Obj(spec, "template"), "spec"));
}

void DefaultJob(Json& job) {
  Json& spec = Obj(job, "spec");
  Default(spec, "completions", 1);
  Default(spec, "parallelism", 1);
  Default(spec, "backoffLimit", 6);
  Default(spec, "completionMode", "NonIndexed");
  Default(spec, "suspend", false);
  Default(spec, "manualSelector", false);
  Json& tmpl_spec = Obj(Obj(spec, "template"), "spec");
  DefaultPodSpec(tmpl_spec);
}

void DefaultService(Json& svc) {
  Json& spec = Obj(svc, "spec");
  Default(spec, "type", "ClusterIP");
  Default(spec, "sessionAffinity", "None");
  if (spec.GetString("type") != "ExternalName") {
    Default(spec, "internalTrafficPolicy", "Cluster");
    Default(spec, "ipFamilyPolicy", "SingleStack");
    Default(spec, "ipFamilies", Json(Json::Array{Json("IPv4")}));
    if (spec.GetString("clusterIP").empty()) {
      // The allocator's pick: a stable address in the default service range 10.96.0.0/12.
      uint32_t h = 0;
      for (char ch : std::string(svc.Path("metadata.name") != nullptr ? svc.Path("metadata.name")->as_string() : "")) {
        h = h * 31 + static_cast<unsigned char>(ch);
      }
      h = 10 + h % 65000;
      spec.Set("clusterIP", absl::StrCat("10.96.", h / 256, ".", h % 256));
    }
    Default(spec, "clusterIPs", Json(Json::Array{Json(spec.GetString("clusterIP"))}));
  }
  if (Json* ports = spec.Find("ports"); ports != nullptr && ports->is_array()) {
    for (Json& p : ports->array()) {
      Default(p, "protocol", "TCP");
      if (const Json* port = p.Find("port"); port != nullptr) Default(p, "targetPort", *port);
    }
  }
}

// --- validation -------------------------------------------------------------------------

bool IsAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool IsDns1123Label(std::string_view s) {
  if (s.empty() || s.size() > 63 || !IsAlnum(s.front()) || !IsAlnum(s.back())) return false;
  for (char c : s) {
    if (!IsAlnum(c) && c != '-') return false;
  }
  return true;
}

bool IsDns1123Subdomain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    std::string_view part = s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (part.empty() || !IsAlnum(part.front()) || !IsAlnum(part.back())) return false;
    for (char c : part) {
      if (!IsAlnum(c) && c != '-') return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool IsDns1035Label(std::string_view s) {
  return IsDns1123Label(s) && s.front() >= 'a' && s.front() <= 'z';
}

std::string Quote(std::string_view s) { return absl::StrCat("\"", std::string(s), "\""); }

struct Error {
  std::string field, type, detail, reason;
  std::string value = {};
  // field.Error's text: "Required value" and "Forbidden" carry no value.
  std::string Cause() const {
    if (type == "Required value" || type == "Forbidden") {
      return detail.empty() ? type : absl::StrCat(type, ": ", detail);
    }
    return absl::StrCat(type, ": ", value, ": ", detail);
  }
  std::string Message() const { return absl::StrCat(field, ": ", Cause()); }
};

void ValidateName(const Resource& r, std::string_view name, std::vector<Error>& errs) {
  if (name.empty()) {
    errs.push_back({"metadata.name", "Required value", "name or generateName is required", "FieldValueRequired"});
    return;
  }
  if (r.kind == "Service") {
    if (!IsDns1035Label(name)) {
      errs.push_back({"metadata.name", "Invalid value",
                      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start "
                      "with an alphabetic character, and end with an alphanumeric character (e.g. "
                      "'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
                      "FieldValueInvalid", Quote(name)});
    }
  } else if (r.kind == "Namespace") {
    if (!IsDns1123Label(name)) {
      errs.push_back({"metadata.name", "Invalid value",
                      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "
                      "'-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
                      "'123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
                      "FieldValueInvalid", Quote(name)});
    }
  } else if (r.group != "rbac.authorization.k8s.io" && !IsDns1123Subdomain(name)) {
    errs.push_back({"metadata.name", "Invalid value",
                    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                    "characters, '-' or '.', and must start and end with an alphanumeric character "
                    "(e.g. 'example.com', regex used for validation is "
                    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
                    "FieldValueInvalid", Quote(name)});
  }
}

void ValidateLabels(const Json* labels, std::vector<Error>& errs) {
  if (labels == nullptr || !labels->is_object()) return;
  for (const auto& [k, v] : labels->object()) {
    if (std::string msg = absl::StrJoin(k8sclient::IsQualifiedName(k), "; "); !msg.empty()) {
      errs.push_back({"metadata.labels", "Invalid value", msg, "FieldValueInvalid", Quote(k)});
    }
    std::string value = v.is_string() ? v.as_string() : "";
    if (std::string msg = absl::StrJoin(k8sclient::IsValidLabelValue(value), "; "); !msg.empty()) {
      errs.push_back({"metadata.labels", "Invalid value", msg, "FieldValueInvalid", Quote(value)});
    }
  }
}

void ValidateContainers(const Json* spec, std::string_view path, std::vector<Error>& errs) {
  const Json* cs = spec != nullptr ? spec->Find("containers") : nullptr;
  if (cs == nullptr || !cs->is_array() || cs->array().empty()) {
    errs.push_back({absl::StrCat(std::string(path), ".containers"), "Required value", "", "FieldValueRequired"});
    return;
  }
  for (size_t i = 0; i < cs->array().size(); ++i) {
    const Json& c = cs->array()[i];
    std::string at = absl::StrCat(std::string(path), ".containers[", i, "]");
    if (c.GetString("name").empty()) {
      errs.push_back({at + ".name", "Required value", "", "FieldValueRequired"});
    }
    if (c.GetString("image").empty()) {
      errs.push_back({at + ".image", "Required value", "", "FieldValueRequired"});
    }
  }
}

// ValidatePodUpdate: a pod's spec is immutable but for the fields the apiserver lets an update
// change; everything else is Forbidden with its text (without the cmp.Diff of the two specs
// that the apiserver appends after a newline).
void ValidatePodUpdate(const Json& old_pod, const Json& pod, std::vector<Error>& errs) {
  const Json* old_spec = old_pod.Find("spec");
  const Json* spec = pod.Find("spec");
  if (old_spec == nullptr || spec == nullptr) return;
  auto containers = [](const Json& s, const char* key) {
    const Json* c = s.Find(key);
    return c != nullptr && c->is_array() ? c->array() : Json::Array{};
  };
  Json munged = *spec;
  for (const char* key : {"containers", "initContainers"}) {
    Json::Array now = containers(*spec, key), before = containers(*old_spec, key);
    if (now.size() != before.size()) {
      errs.push_back({absl::StrCat("spec.", key), "Forbidden", "pod updates may not add or remove containers",
                      "FieldValueForbidden"});
      return;
    }
    for (size_t i = 0; i < now.size(); ++i) {
      if (now[i].GetString("image").empty()) {
        errs.push_back({absl::StrCat("spec.", key, "[", i, "].image"), "Required value", "", "FieldValueRequired"});
      }
      // spec.containers[*].image may change.
      if (const Json* image = before[i].Find("image")) {
        munged.Find(key)->array()[i].Set("image", *image);
      } else {
        munged.Find(key)->array()[i].Erase("image");
      }
    }
  }
  // spec.activeDeadlineSeconds may be set or lowered, never raised or removed.
  const Json* old_deadline = old_spec->Find("activeDeadlineSeconds");
  const Json* deadline = spec->Find("activeDeadlineSeconds");
  if (deadline != nullptr && old_deadline != nullptr && deadline->is_int() && old_deadline->is_int() &&
      deadline->as_int() > old_deadline->as_int()) {
    errs.push_back({"spec.activeDeadlineSeconds", "Invalid value", "must be less than or equal to previous value",
                    "FieldValueInvalid", absl::StrCat(deadline->as_int())});
    return;
  }
  if (deadline == nullptr && old_deadline != nullptr) {
    errs.push_back({"spec.activeDeadlineSeconds", "Invalid value", "must not update from a positive integer to nil value",
                    "FieldValueInvalid", "\"null\""});
    return;
  }
  // spec.tolerations: only additions; an existing one may change its tolerationSeconds alone.
  Json::Array new_tolerations = containers(*spec, "tolerations");
  for (const Json& t : containers(*old_spec, "tolerations")) {
    bool found = false;
    for (const Json& n : new_tolerations) {
      Json same = t;
      if (const Json* secs = n.Find("tolerationSeconds")) {
        same.Set("tolerationSeconds", *secs);
      } else {
        same.Erase("tolerationSeconds");
      }
      found |= same == n;
    }
    if (!found) {
      errs.push_back({"spec.tolerations", "Forbidden", "existing toleration can not be modified except its tolerationSeconds",
                      "FieldValueForbidden"});
      return;
    }
  }
  // What the checks above allow is left out of the comparison of the rest.
  for (const char* key : {"activeDeadlineSeconds", "schedulingGates", "tolerations"}) {
    if (const Json* v = old_spec->Find(key)) {
      munged.Set(key, *v);
    } else {
      munged.Erase(key);
    }
  }
  // terminationGracePeriodSeconds may go from negative to 1.
  const Json* old_grace = old_spec->Find("terminationGracePeriodSeconds");
  const Json* grace = munged.Find("terminationGracePeriodSeconds");
  if (old_grace != nullptr && old_grace->is_int() && old_grace->as_int() < 0 && grace != nullptr &&
      grace->is_int() && grace->as_int() == 1) {
    munged.Set("terminationGracePeriodSeconds", *old_grace);
  }
  if (!(munged == *old_spec)) {
    errs.push_back({"spec", "Forbidden",
                    "pod updates may not change fields other than `spec.containers[*].image`,"
                    "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` "
                    "(only additions to existing tolerations),`spec.terminationGracePeriodSeconds` "
                    "(allow it to be set to 1 if it was previously negative)",
                    "FieldValueForbidden"});
  }
}

}  // namespace

void ApplyDefaults(const Resource& r, Json& obj, bool create) {
  if (r.kind == "Pod") DefaultPod(obj, create);
  if (r.kind == "StatefulSet") DefaultStatefulSet(obj);
  if (r.kind == "Job") DefaultJob(obj);
  if (r.kind == "Service") DefaultService(obj);
  if (r.kind == "Secret") Default(obj, "type", "Opaque");
  if (r.kind == "Namespace") {
    Json& spec = Obj(obj, "spec");
    Default(spec, "finalizers", Json(Json::Array{Json("kubernetes")}));
    Json* meta = obj.Find("metadata");
    Obj(*meta, "labels").Set("kubernetes.io/metadata.name", meta->GetString("name"));
  }
}

absl::Status Validate(const Resource& r, const Json& obj, bool update, const Json* old) {
  std::vector<Error> errs;
  if (update && old != nullptr && r.kind == "Pod") {
    // Compared as decoded: a pod loaded from a file gets the defaults the update got.
    Json old_defaulted = *old;
    ApplyDefaults(r, old_defaulted, /*create=*/false);
    ValidatePodUpdate(old_defaulted, obj, errs);
  }
  const Json* meta = obj.Find("metadata");
  std::string name(meta != nullptr ? meta->GetString("name") : "");
  ValidateName(r, name, errs);
  if (meta != nullptr) ValidateLabels(meta->Find("labels"), errs);
  // Objects loaded from files are taken as they are; updates check what a client changes most.
  if (!update && r.kind == "Pod") ValidateContainers(obj.Find("spec"), "spec", errs);
  if (!update && (r.kind == "StatefulSet" || r.kind == "Job")) {
    ValidateContainers(obj.Path("spec.template.spec"), "spec.template.spec", errs);
  }
  if (errs.empty()) return absl::OkStatus();
  std::vector<std::string> msgs;
  Json causes = Json::MakeArray();
  for (const Error& e : errs) {
    msgs.push_back(e.Message());
    Json c = Json::MakeObject();
    c.Set("reason", e.reason);
    c.Set("message", e.Cause());
    c.Set("field", e.field);
    causes.array().push_back(std::move(c));
  }
  std::string joined = msgs.size() == 1 ? msgs[0] : absl::StrCat("[", absl::StrJoin(msgs, ", "), "]");
  Json details = Json::MakeObject();
  details.Set("name", name);
  if (!r.group.empty()) details.Set("group", r.group);
  details.Set("kind", r.kind);
  details.Set("causes", std::move(causes));
  std::string qualified_kind = r.group.empty() ? r.kind : absl::StrCat(r.kind, ".", r.group);
  return ApiError(StatusError(422, "Invalid",
                              absl::StrCat(qualified_kind, " \"", name, "\" is invalid: ", joined),
                              std::move(details)));
}

}  // namespace fakeapi
