#include "fakeapi/protobuf.h"

#include <cstdint>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace fakeapi {

using k8sclient::Json;

namespace {

struct Message;

// kMapQuantity: a map whose values are resource.Quantity messages (string = 1), which JSON
// writes as the string; kIntOrString: intstr.IntOrString (type = 1, intVal = 2, strVal = 3).
// kFlag: a bool that is no pointer in Go, always encoded, and omitted from JSON when false.
enum class Kind { kString, kBytes, kBool, kFlag, kInt, kMessage, kTime, kMapString, kMapBytes, kMapQuantity, kIntOrString };

struct Field {
  int number;
  const char* name;
  Kind kind;
  bool repeated = false;
  const Message* message = nullptr;
};

struct Message {
  std::vector<Field> fields;
  const Field* Find(int number) const {
    for (const Field& f : fields) {
      if (f.number == number) return &f;
    }
    return nullptr;
  }
};

// apimachinery meta/v1 and runtime.
const Message kOwnerReference{{{5, "apiVersion", Kind::kString},
                               {1, "kind", Kind::kString},
                               {3, "name", Kind::kString},
                               {4, "uid", Kind::kString},
                               {6, "controller", Kind::kBool},
                               {7, "blockOwnerDeletion", Kind::kBool}}};
const Message kObjectMeta{{{1, "name", Kind::kString},
                           {2, "generateName", Kind::kString},
                           {3, "namespace", Kind::kString},
                           {5, "uid", Kind::kString},
                           {6, "resourceVersion", Kind::kString},
                           {7, "generation", Kind::kInt},
                           {8, "creationTimestamp", Kind::kTime},
                           {9, "deletionTimestamp", Kind::kTime},
                           {10, "deletionGracePeriodSeconds", Kind::kInt},
                           {11, "labels", Kind::kMapString},
                           {12, "annotations", Kind::kMapString},
                           {13, "ownerReferences", Kind::kMessage, true, &kOwnerReference},
                           {14, "finalizers", Kind::kString, true}}};
const Message kTypeMeta{{{1, "apiVersion", Kind::kString}, {2, "kind", Kind::kString}}};
const Message kUnknown{{{1, "typeMeta", Kind::kMessage, false, &kTypeMeta}, {2, "raw", Kind::kBytes}}};

// core/v1.
const Message kObjectReference{{{1, "kind", Kind::kString},
                                {2, "namespace", Kind::kString},
                                {3, "name", Kind::kString},
                                {4, "uid", Kind::kString},
                                {5, "apiVersion", Kind::kString},
                                {6, "resourceVersion", Kind::kString},
                                {7, "fieldPath", Kind::kString}}};
const Message kLocalObjectReference{{{1, "name", Kind::kString}}};
const Message kConfigMap{{{1, "metadata", Kind::kMessage, false, &kObjectMeta},
                          {2, "data", Kind::kMapString},
                          {3, "binaryData", Kind::kMapBytes},
                          {4, "immutable", Kind::kBool}}};
const Message kSecret{{{1, "metadata", Kind::kMessage, false, &kObjectMeta},
                       {2, "data", Kind::kMapBytes},
                       {4, "stringData", Kind::kMapString},
                       {3, "type", Kind::kString},
                       {5, "immutable", Kind::kBool}}};
const Message kServiceAccount{{{1, "metadata", Kind::kMessage, false, &kObjectMeta},
                               {2, "secrets", Kind::kMessage, true, &kObjectReference},
                               {3, "imagePullSecrets", Kind::kMessage, true, &kLocalObjectReference},
                               {4, "automountServiceAccountToken", Kind::kBool}}};
const Message kNamespaceSpec{{{1, "finalizers", Kind::kString, true}}};
const Message kNamespaceStatus{{{1, "phase", Kind::kString}}};
const Message kNamespace{{{1, "metadata", Kind::kMessage, false, &kObjectMeta},
                          {2, "spec", Kind::kMessage, false, &kNamespaceSpec},
                          {3, "status", Kind::kMessage, false, &kNamespaceStatus}}};

// authorization/v1.
const Message kResourceAttributes{{{1, "namespace", Kind::kString},
                                   {2, "verb", Kind::kString},
                                   {3, "group", Kind::kString},
                                   {4, "version", Kind::kString},
                                   {5, "resource", Kind::kString},
                                   {6, "subresource", Kind::kString},
                                   {7, "name", Kind::kString}}};
const Message kNonResourceAttributes{{{1, "path", Kind::kString}, {2, "verb", Kind::kString}}};
const Message kSelfSubjectAccessReviewSpec{
    {{1, "resourceAttributes", Kind::kMessage, false, &kResourceAttributes},
     {2, "nonResourceAttributes", Kind::kMessage, false, &kNonResourceAttributes}}};
const Message kSelfSubjectAccessReview{
    {{1, "metadata", Kind::kMessage, false, &kObjectMeta},
     {2, "spec", Kind::kMessage, false, &kSelfSubjectAccessReviewSpec}}};
const Message kSelfSubjectReview{{{1, "metadata", Kind::kMessage, false, &kObjectMeta}}};

// rbac/v1.
const Message kPolicyRule{{{1, "verbs", Kind::kString, true},
                           {2, "apiGroups", Kind::kString, true},
                           {3, "resources", Kind::kString, true},
                           {4, "resourceNames", Kind::kString, true},
                           {5, "nonResourceURLs", Kind::kString, true}}};
const Message kSubject{{{1, "kind", Kind::kString},
                        {2, "apiGroup", Kind::kString},
                        {3, "name", Kind::kString},
                        {4, "namespace", Kind::kString}}};
const Message kRoleRef{{{1, "apiGroup", Kind::kString}, {2, "kind", Kind::kString}, {3, "name", Kind::kString}}};
const Message kRole{{{1, "metadata", Kind::kMessage, false, &kObjectMeta},
                     {2, "rules", Kind::kMessage, true, &kPolicyRule}}};
const Message kRoleBinding{{{1, "metadata", Kind::kMessage, false, &kObjectMeta},
                            {2, "subjects", Kind::kMessage, true, &kSubject},
                            {3, "roleRef", Kind::kMessage, false, &kRoleRef}}};

// meta/v1 LabelSelector.
const Message kLabelSelectorRequirement{{{1, "key", Kind::kString},
                                         {2, "operator", Kind::kString},
                                         {3, "values", Kind::kString, true}}};
const Message kLabelSelector{{{1, "matchLabels", Kind::kMapString},
                              {2, "matchExpressions", Kind::kMessage, true, &kLabelSelectorRequirement}}};
// core/v1 pod template, as far as kubectl create job and create service fill it.
const Message kContainerPort{{{1, "name", Kind::kString},
                              {2, "hostPort", Kind::kInt},
                              {3, "containerPort", Kind::kInt},
                              {4, "protocol", Kind::kString},
                              {5, "hostIP", Kind::kString}}};
const Message kEnvVar{{{1, "name", Kind::kString}, {2, "value", Kind::kString}}};
const Message kResourceRequirements{{{1, "limits", Kind::kMapQuantity}, {2, "requests", Kind::kMapQuantity}}};
const Message kContainer{{{1, "name", Kind::kString},
                          {2, "image", Kind::kString},
                          {3, "command", Kind::kString, true},
                          {4, "args", Kind::kString, true},
                          {5, "workingDir", Kind::kString},
                          {6, "ports", Kind::kMessage, true, &kContainerPort},
                          {7, "env", Kind::kMessage, true, &kEnvVar},
                          {8, "resources", Kind::kMessage, false, &kResourceRequirements},
                          {13, "terminationMessagePath", Kind::kString},
                          {14, "imagePullPolicy", Kind::kString},
                          {16, "stdin", Kind::kFlag},
                          {17, "stdinOnce", Kind::kFlag},
                          {18, "tty", Kind::kFlag},
                          {20, "terminationMessagePolicy", Kind::kString}}};
const Message kPodSpec{{{20, "initContainers", Kind::kMessage, true, &kContainer},
                        {2, "containers", Kind::kMessage, true, &kContainer},
                        {3, "restartPolicy", Kind::kString},
                        {4, "terminationGracePeriodSeconds", Kind::kInt},
                        {5, "activeDeadlineSeconds", Kind::kInt},
                        {6, "dnsPolicy", Kind::kString},
                        {7, "nodeSelector", Kind::kMapString},
                        {8, "serviceAccountName", Kind::kString},
                        {9, "serviceAccount", Kind::kString},
                        {10, "nodeName", Kind::kString},
                        {15, "imagePullSecrets", Kind::kMessage, true, &kLocalObjectReference},
                        {16, "hostname", Kind::kString},
                        {17, "subdomain", Kind::kString},
                        {19, "schedulerName", Kind::kString},
                        {24, "priorityClassName", Kind::kString},
                        {30, "enableServiceLinks", Kind::kBool}}};
const Message kPodTemplateSpec{{{1, "metadata", Kind::kMessage, false, &kObjectMeta},
                                {2, "spec", Kind::kMessage, false, &kPodSpec}}};
const Message kServicePort{{{1, "name", Kind::kString},
                            {2, "protocol", Kind::kString},
                            {6, "appProtocol", Kind::kString},
                            {3, "port", Kind::kInt},
                            {4, "targetPort", Kind::kIntOrString},
                            {5, "nodePort", Kind::kInt}}};
const Message kServiceSpec{{{1, "ports", Kind::kMessage, true, &kServicePort},
                            {2, "selector", Kind::kMapString},
                            {3, "clusterIP", Kind::kString},
                            {18, "clusterIPs", Kind::kString, true},
                            {4, "type", Kind::kString},
                            {5, "externalIPs", Kind::kString, true},
                            {7, "sessionAffinity", Kind::kString},
                            {10, "externalName", Kind::kString},
                            {11, "externalTrafficPolicy", Kind::kString},
                            {13, "publishNotReadyAddresses", Kind::kFlag},
                            {19, "ipFamilies", Kind::kString, true},
                            {17, "ipFamilyPolicy", Kind::kString},
                            {22, "internalTrafficPolicy", Kind::kString}}};
const Message kService{{{1, "metadata", Kind::kMessage, false, &kObjectMeta},
                        {2, "spec", Kind::kMessage, false, &kServiceSpec}}};
// batch/v1.
const Message kJobSpec{{{1, "parallelism", Kind::kInt},
                        {2, "completions", Kind::kInt},
                        {3, "activeDeadlineSeconds", Kind::kInt},
                        {7, "backoffLimit", Kind::kInt},
                        {4, "selector", Kind::kMessage, false, &kLabelSelector},
                        {5, "manualSelector", Kind::kBool},
                        {6, "template", Kind::kMessage, false, &kPodTemplateSpec},
                        {8, "ttlSecondsAfterFinished", Kind::kInt},
                        {9, "completionMode", Kind::kString},
                        {10, "suspend", Kind::kBool}}};
const Message kJob{{{1, "metadata", Kind::kMessage, false, &kObjectMeta},
                    {2, "spec", Kind::kMessage, false, &kJobSpec}}};

const Message* MessageFor(std::string_view api_version, std::string_view kind) {
  if (api_version == "v1") {
    if (kind == "ConfigMap") return &kConfigMap;
    if (kind == "Secret") return &kSecret;
    if (kind == "ServiceAccount") return &kServiceAccount;
    if (kind == "Namespace") return &kNamespace;
    if (kind == "Service") return &kService;
  }
  if (api_version == "batch/v1" && kind == "Job") return &kJob;
  if (api_version == "authorization.k8s.io/v1" && kind == "SelfSubjectAccessReview") {
    return &kSelfSubjectAccessReview;
  }
  if (api_version == "authentication.k8s.io/v1" && kind == "SelfSubjectReview") {
    return &kSelfSubjectReview;
  }
  if (api_version == "rbac.authorization.k8s.io/v1") {
    if (kind == "Role" || kind == "ClusterRole") return &kRole;
    if (kind == "RoleBinding" || kind == "ClusterRoleBinding") return &kRoleBinding;
  }
  return nullptr;
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool done() const { return pos_ >= data_.size(); }

  bool Varint(uint64_t& out) {
    out = 0;
    for (int shift = 0; shift < 64 && pos_ < data_.size(); shift += 7) {
      uint8_t b = static_cast<uint8_t>(data_[pos_++]);
      out |= uint64_t{b & 0x7Fu} << shift;
      if ((b & 0x80) == 0) return true;
    }
    return false;
  }
  bool Bytes(std::string_view& out) {
    uint64_t n;
    if (!Varint(n) || n > data_.size() - pos_) return false;
    out = data_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  bool Skip(int wire_type) {
    uint64_t v;
    std::string_view s;
    switch (wire_type) {
      case 0: return Varint(v);
      case 1: return Advance(8);
      case 2: return Bytes(s);
      case 5: return Advance(4);
      default: return false;
    }
  }

 private:
  bool Advance(size_t n) {
    if (n > data_.size() - pos_) return false;
    pos_ += n;
    return true;
  }
  std::string_view data_;
  size_t pos_ = 0;
};

absl::Status Malformed() { return absl::InvalidArgumentError("malformed protobuf body"); }

absl::StatusOr<Json> DecodeMessage(std::string_view data, const Message& msg);

const Message kIntOrStringFields{{{1, "type", Kind::kInt}, {2, "intVal", Kind::kInt}, {3, "strVal", Kind::kString}}};

// A map entry message: key = 1, value = 2.
absl::Status DecodeMapEntry(std::string_view data, Kind kind, Json& map) {
  Reader r(data);
  std::string key, value;
  while (!r.done()) {
    uint64_t tag;
    if (!r.Varint(tag)) return Malformed();
    std::string_view s;
    if ((tag & 7) != 2) {
      if (!r.Skip(static_cast<int>(tag & 7))) return Malformed();
      continue;
    }
    if (!r.Bytes(s)) return Malformed();
    if ((tag >> 3) == 1) key = std::string(s);
    if ((tag >> 3) == 2) value = std::string(s);
  }
  if (kind == Kind::kMapQuantity) {
    // resource.Quantity{string = 1}
    Reader q(value);
    std::string text;
    while (!q.done()) {
      uint64_t tag;
      std::string_view v;
      if (!q.Varint(tag)) return Malformed();
      if ((tag & 7) != 2) {
        if (!q.Skip(static_cast<int>(tag & 7))) return Malformed();
        continue;
      }
      if (!q.Bytes(v)) return Malformed();
      if ((tag >> 3) == 1) text = std::string(v);
    }
    value = std::move(text);
  }
  map.Set(key, kind == Kind::kMapBytes ? absl::Base64Escape(value) : value);
  return absl::OkStatus();
}

Json DecodeTime(std::string_view data) {
  // metav1.Time marshals the zero time to no bytes at all (time_proto.go).
  if (data.empty()) return Json();
  Reader r(data);
  int64_t seconds = 0;
  while (!r.done()) {
    uint64_t tag, v;
    if (!r.Varint(tag)) break;
    if ((tag & 7) != 0) {
      if (!r.Skip(static_cast<int>(tag & 7))) break;
      continue;
    }
    if (!r.Varint(v)) break;
    if ((tag >> 3) == 1) seconds = static_cast<int64_t>(v);
  }
  if (seconds == -62135596800) return Json();
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixSeconds(seconds), absl::UTCTimeZone());
}

absl::StatusOr<Json> DecodeMessage(std::string_view data, const Message& msg) {
  Json out = Json::MakeObject();
  Reader r(data);
  while (!r.done()) {
    uint64_t tag;
    if (!r.Varint(tag)) return Malformed();
    int wire = static_cast<int>(tag & 7);
    const Field* f = msg.Find(static_cast<int>(tag >> 3));
    if (f == nullptr) {
      if (!r.Skip(wire)) return Malformed();
      continue;
    }
    Json value;
    if (wire == 0) {
      uint64_t v;
      if (!r.Varint(v)) return Malformed();
      if (f->kind == Kind::kFlag && v == 0) {
        continue;  // omitempty
      } else if (f->kind == Kind::kBool || f->kind == Kind::kFlag) {
        value = Json(v != 0);
      } else if (v == 0) {
        continue;  // omitempty
      } else {
        value = Json(static_cast<int64_t>(v));
      }
    } else if (wire == 2) {
      std::string_view s;
      if (!r.Bytes(s)) return Malformed();
      switch (f->kind) {
        case Kind::kString:
          if (s.empty() && !f->repeated) continue;
          value = Json(s);
          break;
        case Kind::kBytes:
          value = Json(absl::Base64Escape(std::string(s)));
          break;
        case Kind::kTime:
          value = DecodeTime(s);
          // creationTimestamp is no pointer: JSON writes its zero as null, not nothing.
          if (value.is_null() && std::string_view(f->name) != "creationTimestamp") continue;
          break;
        case Kind::kMapString:
        case Kind::kMapBytes:
        case Kind::kMapQuantity: {
          Json* map = out.Find(f->name);
          if (map == nullptr) map = &out.Set(f->name, Json::MakeObject());
          if (absl::Status st = DecodeMapEntry(s, f->kind, *map); !st.ok()) return st;
          continue;
        }
        case Kind::kIntOrString: {
          auto m = DecodeMessage(s, kIntOrStringFields);
          if (!m.ok()) return m.status();
          const Json* type = m->Find("type");
          if (type != nullptr && type->is_int() && type->as_int() == 1) {
            value = Json(m->GetString("strVal"));
          } else {
            const Json* i = m->Find("intVal");
            value = i != nullptr ? *i : Json(0);
          }
          break;
        }
        case Kind::kMessage: {
          auto m = DecodeMessage(s, *f->message);
          if (!m.ok()) return m.status();
          value = *std::move(m);
          break;
        }
        default:
          return Malformed();
      }
    } else {
      if (!r.Skip(wire)) return Malformed();
      continue;
    }
    if (f->repeated) {
      Json* list = out.Find(f->name);
      if (list == nullptr) list = &out.Set(f->name, Json::MakeArray());
      list->array().push_back(std::move(value));
    } else {
      out.Set(f->name, std::move(value));
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<Json> DecodeKubernetesProtobuf(std::string_view body) {
  constexpr std::string_view kMagic("k8s\0", 4);
  if (body.substr(0, 4) != kMagic) return Malformed();
  auto unknown = DecodeMessage(body.substr(4), kUnknown);
  if (!unknown.ok()) return unknown.status();
  std::string api_version(unknown->Path("typeMeta.apiVersion") != nullptr
                              ? unknown->Path("typeMeta.apiVersion")->as_string()
                              : "");
  std::string kind(unknown->Path("typeMeta.kind") != nullptr ? unknown->Path("typeMeta.kind")->as_string()
                                                               : "");
  const Message* msg = MessageFor(api_version, kind);
  if (msg == nullptr) {
    return absl::NotFoundError(absl::StrCat("no protobuf decoding for ", api_version, " ", kind));
  }
  std::string raw;
  if (const Json* b = unknown->Find("raw"); b != nullptr && !absl::Base64Unescape(b->as_string(), &raw)) {
    return Malformed();
  }
  auto obj = DecodeMessage(raw, *msg);
  if (!obj.ok()) return obj.status();
  Json out = Json::MakeObject();
  out.Set("kind", kind);
  out.Set("apiVersion", api_version);
  for (auto& [k, v] : obj->object()) out.Set(k, std::move(v));
  return out;
}

}  // namespace fakeapi
