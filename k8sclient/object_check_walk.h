// The checks of object_check.h over any JSON-like tree, through an adapter: k8s::Json for API
// answers, and the template data a --pod-file's JSON is decoded into directly (entrypoint/run
// checks that without ever building a k8s::Json: a List of 100,000 pods is one tree, not two).
// An adapter A has
//   using Node = ...;
//   static bool IsNull(const Node&), IsBool, IsNumber, IsString, IsArray, IsObject;
//   static std::string_view String(const Node&);                // when IsString
//   static const Node* Find(const Node&, std::string_view key); // an object's member, or null
//   static const auto& Members(const Node&);                    // an object's (key, Node) pairs
//   static const auto& Elements(const Node&);                   // an array's Nodes
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "k8sclient/json.h"

namespace k8s::object_check {

template <typename A>
std::string TypeName(const typename A::Node& v) {
  if (A::IsNull(v)) return "null";
  if (A::IsBool(v)) return "a boolean";
  if (A::IsNumber(v)) return "a number";
  if (A::IsString(v)) return "a string";
  if (A::IsArray(v)) return "an array";
  if (A::IsObject(v)) return "an object";
  return "?";
}

enum class Want { kString, kBool, kObject, kArray, kStringMap, kQuantityMap };

inline const char* WantName(Want w) {
  switch (w) {
    case Want::kString: return "a string";
    case Want::kBool: return "a boolean";
    case Want::kObject:
    case Want::kStringMap:
    case Want::kQuantityMap: return "an object";
    case Want::kArray: return "an array";
  }
  return "?";
}

// Walks the fields podinit reads and keeps the first one of the wrong type.
template <typename A>
class Checker {
 public:
  using Node = typename A::Node;
  explicit Checker(std::string_view what) : what_(what) {}

  // The member `key` of `parent` when it is set (not null) and of type `want`; nullptr when it
  // is not set, or when it is of another type (then the error is kept). Maps are checked
  // entry by entry.
  const Node* Field(const Node* parent, std::string_view key, Want want, const std::string& at) {
    if (parent == nullptr || !status_.ok()) return nullptr;
    const Node* v = A::Find(*parent, key);
    if (v == nullptr || A::IsNull(*v)) return nullptr;
    const std::string path = at.empty() ? std::string(key) : absl::StrCat(at, ".", std::string(key));
    if (!Is(*v, want)) {
      Fail(path, *v, WantName(want));
      return nullptr;
    }
    if (want == Want::kStringMap || want == Want::kQuantityMap) {
      for (const auto& [k, entry] : A::Members(*v)) {
        if (A::IsNull(entry) || A::IsString(entry)) continue;
        if (want == Want::kQuantityMap && A::IsNumber(entry)) continue;  // Quantity takes both
        Fail(absl::StrCat(path, ".", k), entry,
             want == Want::kStringMap ? "a string" : "a string or a number");
        return nullptr;
      }
    }
    return v;
  }

  void Strings(const Node* parent, const std::string& at, std::initializer_list<const char*> keys) {
    for (const char* k : keys) Field(parent, k, Want::kString, at);
  }

  // Each element of the array `key` that is an object (null ones are zero values, as in Go).
  template <typename F>
  void Each(const Node* parent, std::string_view key, const std::string& at, F&& check) {
    const Node* list = Field(parent, key, Want::kArray, at);
    if (list == nullptr) return;
    const std::string path = absl::StrCat(at, ".", std::string(key));
    size_t i = 0;
    for (const Node& item : A::Elements(*list)) {
      if (!status_.ok()) return;
      const size_t index = i++;
      if (A::IsNull(item)) continue;
      const std::string item_path = absl::StrCat(path, "[", index, "]");
      if (!A::IsObject(item)) {
        Fail(item_path, item, "an object");
        return;
      }
      check(&item, item_path);
    }
  }

  void Metadata(const Node& object) {
    const Node* meta = Field(&object, "metadata", Want::kObject, "");
    Strings(meta, "metadata", {"name", "namespace", "uid", "resourceVersion", "generateName"});
    Field(meta, "labels", Want::kStringMap, "metadata");
    Field(meta, "annotations", Want::kStringMap, "metadata");
    Each(meta, "ownerReferences", "metadata", [&](const Node* ref, const std::string& at) {
      Strings(ref, at, {"apiVersion", "kind", "name", "uid"});
      Field(ref, "controller", Want::kBool, at);
      Field(ref, "blockOwnerDeletion", Want::kBool, at);
    });
  }

  void Fail(const std::string& path, const Node& got, std::string_view want) {
    if (!status_.ok()) return;
    status_ = absl::DataLossError(absl::StrCat(what_, ": ", path, " is ", TypeName<A>(got), ", not ",
                                               std::string(want)));
  }

  absl::Status status() const { return status_; }

 private:
  static bool Is(const Node& v, Want w) {
    switch (w) {
      case Want::kString: return A::IsString(v);
      case Want::kBool: return A::IsBool(v);
      case Want::kObject:
      case Want::kStringMap:
      case Want::kQuantityMap: return A::IsObject(v);
      case Want::kArray: return A::IsArray(v);
    }
    return false;
  }

  std::string what_;
  absl::Status status_;
};

template <typename A>
absl::Status ValidateObjectKind(const typename A::Node& object, std::string_view kind,
                                std::string_view what) {
  if (!A::IsObject(object)) {
    return absl::DataLossError(absl::StrCat(std::string(what), ": not an object but ", TypeName<A>(object)));
  }
  const typename A::Node* k = A::Find(object, "kind");
  if (k == nullptr || A::IsNull(*k)) return absl::OkStatus();
  if (!A::IsString(*k)) {
    return absl::DataLossError(
        absl::StrCat(std::string(what), ": kind is ", TypeName<A>(*k), ", not a string"));
  }
  if (A::String(*k) == kind) return absl::OkStatus();
  std::string message = absl::StrCat(std::string(what), ": kind is ", Json(A::String(*k)).Dump(),
                                     ", not ", Json(kind).Dump());
  // A Status in place of the object says why; its own words are worth passing on.
  const typename A::Node* said = A::Find(object, "message");
  if (A::String(*k) == "Status" && said != nullptr && A::IsString(*said) && !A::String(*said).empty()) {
    absl::StrAppend(&message, " (", std::string(A::String(*said)), ")");
  }
  return absl::DataLossError(message);
}

// ValidateObjectKind, the metadata, then `rest(checker, object)` for the kind's own fields.
template <typename A, typename F>
absl::Status CheckObject(const typename A::Node& object, std::string_view kind, std::string_view what,
                         F&& rest) {
  if (absl::Status s = ValidateObjectKind<A>(object, kind, what); !s.ok()) return s;
  Checker<A> c(what);
  c.Metadata(object);
  rest(c, object);
  return c.status();
}

template <typename A>
absl::Status ValidatePod(const typename A::Node& pod_object, std::string_view what) {
  using Node = typename A::Node;
  return CheckObject<A>(pod_object, "Pod", what, [](Checker<A>& c, const Node& pod) {
    const Node* spec = c.Field(&pod, "spec", Want::kObject, "");
    c.Strings(spec, "spec", {"nodeName", "serviceAccountName", "serviceAccount", "hostname", "subdomain"});
    for (const char* list : {"containers", "initContainers"}) {
      c.Each(spec, list, "spec", [&](const Node* container, const std::string& at) {
        c.Field(container, "name", Want::kString, at);
        const Node* resources = c.Field(container, "resources", Want::kObject, at);
        c.Field(resources, "limits", Want::kQuantityMap, at + ".resources");
        c.Field(resources, "requests", Want::kQuantityMap, at + ".resources");
      });
    }
    const Node* status = c.Field(&pod, "status", Want::kObject, "");
    c.Strings(status, "status", {"podIP", "hostIP", "phase"});
    for (const char* list : {"podIPs", "hostIPs"}) {
      c.Each(status, list, "status",
             [&](const Node* ip, const std::string& at) { c.Field(ip, "ip", Want::kString, at); });
    }
    c.Each(status, "conditions", "status", [&](const Node* cond, const std::string& at) {
      c.Strings(cond, at, {"type", "status"});
    });
  });
}

template <typename A>
absl::Status ValidateNode(const typename A::Node& node, std::string_view what) {
  using Node = typename A::Node;
  return CheckObject<A>(node, "Node", what, [](Checker<A>& c, const Node& n) {
    const Node* status = c.Field(&n, "status", Want::kObject, "");
    c.Field(status, "allocatable", Want::kQuantityMap, "status");
    c.Field(status, "capacity", Want::kQuantityMap, "status");
  });
}

// A `kubectl get pods -o json` List (kind List or PodList): each of its items checked as a
// pod, named "<what>: items[i]"; anything else checked as one pod.
template <typename A>
absl::Status ValidatePodOrList(const typename A::Node& doc, std::string_view what) {
  const typename A::Node* kind = A::Find(doc, "kind");
  const std::string_view k = kind != nullptr && A::IsString(*kind) ? A::String(*kind) : "";
  if (k != "List" && k != "PodList") return ValidatePod<A>(doc, what);
  const typename A::Node* items = A::Find(doc, "items");
  if (items == nullptr || A::IsNull(*items)) return absl::OkStatus();
  if (!A::IsArray(*items)) return absl::DataLossError(absl::StrCat(std::string(what), ": items is not an array"));
  size_t i = 0;
  for (const auto& item : A::Elements(*items)) {
    absl::Status s = ValidatePod<A>(item, absl::StrCat(std::string(what), ": items[", i++, "]"));
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

// k8s::Json's adapter.
struct JsonAdapter {
  using Node = Json;
  static bool IsNull(const Json& v) { return v.is_null(); }
  static bool IsBool(const Json& v) { return v.is_bool(); }
  static bool IsNumber(const Json& v) { return v.is_number(); }
  static bool IsString(const Json& v) { return v.is_string(); }
  static bool IsArray(const Json& v) { return v.is_array(); }
  static bool IsObject(const Json& v) { return v.is_object(); }
  static std::string_view String(const Json& v) { return v.as_string(); }
  static const Json* Find(const Json& v, std::string_view key) { return v.Find(key); }
  static const Json::Object& Members(const Json& v) { return v.object(); }
  static const Json::Array& Elements(const Json& v) { return v.array(); }
};

}  // namespace k8s::object_check
