// The checks of object_check.h over any JSON-like tree, through an adapter: k8sclient::Json for API
// answers, and the template data a --pod-file's JSON is decoded into directly (entrypoint/run
// checks that without ever building a k8sclient::Json: a List of 100,000 pods is one tree, not two).
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

namespace k8sclient::object_check {

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

// Where a field is, e.g. spec.containers[0].name: a chain of parents on the stack, made into
// text only when an error names it (a List of 100,000 pods is checked without building a
// string per field).
struct Path {
  const Path* parent = nullptr;
  std::string_view key;  // a member's name; empty for an array element
  size_t index = 0;

  Path Member(std::string_view k) const { return Path{this, k, 0}; }
  Path Element(size_t i) const { return Path{this, {}, i}; }
  std::string Text() const {
    if (parent == nullptr) return std::string(key);
    std::string out = parent->Text();
    if (key.empty()) return absl::StrCat(out, "[", index, "]");
    return out.empty() ? std::string(key) : absl::StrCat(out, ".", std::string(key));
  }
};

// Walks the fields podinit reads and keeps the first one of the wrong type.
template <typename A>
class Checker {
 public:
  using Node = typename A::Node;
  explicit Checker(std::string_view what) : what_(what) {}

  // The member `key` of `parent` when it is set (not null) and of type `want`; nullptr when it
  // is not set, or when it is of another type (then the error is kept). Maps are checked
  // entry by entry.
  const Node* Field(const Node* parent, std::string_view key, Want want, const Path& at) {
    if (parent == nullptr || !status_.ok()) return nullptr;
    const Node* v = A::Find(*parent, key);
    if (v == nullptr || A::IsNull(*v)) return nullptr;
    const Path path = at.Member(key);
    if (!Is(*v, want)) {
      Fail(path, *v, WantName(want));
      return nullptr;
    }
    if (want == Want::kStringMap || want == Want::kQuantityMap) {
      for (const auto& [k, entry] : A::Members(*v)) {
        if (A::IsNull(entry) || A::IsString(entry)) continue;
        if (want == Want::kQuantityMap && A::IsNumber(entry)) continue;  // Quantity takes both
        Fail(path.Member(k), entry, want == Want::kStringMap ? "a string" : "a string or a number");
        return nullptr;
      }
    }
    return v;
  }

  void Strings(const Node* parent, const Path& at, std::initializer_list<const char*> keys) {
    for (const char* k : keys) Field(parent, k, Want::kString, at);
  }

  // Each element of the array `key` that is an object (null ones are zero values, as in Go).
  template <typename F>
  void Each(const Node* parent, std::string_view key, const Path& at, F&& check) {
    const Node* list = Field(parent, key, Want::kArray, at);
    if (list == nullptr) return;
    const Path path = at.Member(key);
    size_t i = 0;
    for (const Node& item : A::Elements(*list)) {
      if (!status_.ok()) return;
      const Path item_path = path.Element(i++);
      if (A::IsNull(item)) continue;
      if (!A::IsObject(item)) {
        Fail(item_path, item, "an object");
        return;
      }
      check(&item, item_path);
    }
  }

  void Metadata(const Node& object, const Path& root) {
    const Path at = root.Member("metadata");
    const Node* meta = Field(&object, "metadata", Want::kObject, root);
    Strings(meta, at, {"name", "namespace", "uid", "resourceVersion", "generateName"});
    Field(meta, "labels", Want::kStringMap, at);
    Field(meta, "annotations", Want::kStringMap, at);
    Each(meta, "ownerReferences", at, [&](const Node* ref, const Path& ref_at) {
      Strings(ref, ref_at, {"apiVersion", "kind", "name", "uid"});
      Field(ref, "controller", Want::kBool, ref_at);
      Field(ref, "blockOwnerDeletion", Want::kBool, ref_at);
    });
  }

  void Fail(const Path& path, const Node& got, std::string_view want) {
    if (!status_.ok()) return;
    status_ = absl::DataLossError(absl::StrCat(what_, ": ", path.Text(), " is ", TypeName<A>(got), ", not ",
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

// ValidateObjectKind, the metadata, then `rest(checker, object, root)` for the kind's own
// fields.
template <typename A, typename F>
absl::Status CheckObject(const typename A::Node& object, std::string_view kind, std::string_view what,
                         F&& rest) {
  if (absl::Status s = ValidateObjectKind<A>(object, kind, what); !s.ok()) return s;
  Checker<A> c(what);
  const Path root;
  c.Metadata(object, root);
  rest(c, object, root);
  return c.status();
}

template <typename A>
absl::Status ValidatePod(const typename A::Node& pod_object, std::string_view what) {
  using Node = typename A::Node;
  return CheckObject<A>(pod_object, "Pod", what, [](Checker<A>& c, const Node& pod, const Path& root) {
    const Path spec_at = root.Member("spec"), status_at = root.Member("status");
    const Node* spec = c.Field(&pod, "spec", Want::kObject, root);
    c.Strings(spec, spec_at, {"nodeName", "serviceAccountName", "serviceAccount", "hostname", "subdomain"});
    for (const char* list : {"containers", "initContainers"}) {
      c.Each(spec, list, spec_at, [&](const Node* container, const Path& at) {
        c.Field(container, "name", Want::kString, at);
        const Node* resources = c.Field(container, "resources", Want::kObject, at);
        const Path resources_at = at.Member("resources");
        c.Field(resources, "limits", Want::kQuantityMap, resources_at);
        c.Field(resources, "requests", Want::kQuantityMap, resources_at);
      });
    }
    const Node* status = c.Field(&pod, "status", Want::kObject, root);
    c.Strings(status, status_at, {"podIP", "hostIP", "phase"});
    for (const char* list : {"podIPs", "hostIPs"}) {
      c.Each(status, list, status_at,
             [&](const Node* ip, const Path& at) { c.Field(ip, "ip", Want::kString, at); });
    }
    c.Each(status, "conditions", status_at, [&](const Node* cond, const Path& at) {
      c.Strings(cond, at, {"type", "status"});
    });
  });
}

template <typename A>
absl::Status ValidateNode(const typename A::Node& node, std::string_view what) {
  using Node = typename A::Node;
  return CheckObject<A>(node, "Node", what, [](Checker<A>& c, const Node& n, const Path& root) {
    const Node* status = c.Field(&n, "status", Want::kObject, root);
    c.Field(status, "allocatable", Want::kQuantityMap, root.Member("status"));
    c.Field(status, "capacity", Want::kQuantityMap, root.Member("status"));
  });
}

// What a decoder learned of a document's "items" array as it built it: each element was
// checked as a pod (ValidatePod) while still in the cache, and this is the first that failed.
// (A List of 100,000 pods walked again once decoded was a tenth of the whole render.)
struct ItemsPrecheck {
  static constexpr size_t kNone = ~size_t{0};
  size_t first_invalid = kNone;
};

// A `kubectl get pods -o json` List (kind List or PodList): each of its items checked as a
// pod, named "<what>: items[i]"; anything else checked as one pod. With `items`, only the
// item it names is checked again (for the words of its error).
template <typename A>
absl::Status ValidatePodOrList(const typename A::Node& doc, std::string_view what,
                               const ItemsPrecheck* items_precheck = nullptr) {
  const typename A::Node* kind = A::Find(doc, "kind");
  const std::string_view k = kind != nullptr && A::IsString(*kind) ? A::String(*kind) : "";
  if (k != "List" && k != "PodList") return ValidatePod<A>(doc, what);
  const typename A::Node* items = A::Find(doc, "items");
  if (items == nullptr || A::IsNull(*items)) return absl::OkStatus();
  if (!A::IsArray(*items)) return absl::DataLossError(absl::StrCat(std::string(what), ": items is not an array"));
  size_t i = 0;
  for (const auto& item : A::Elements(*items)) {
    const size_t index = i++;
    if (items_precheck != nullptr && index != items_precheck->first_invalid) continue;
    // The item's name in the message is made only for the one that fails: checked again.
    if (!ValidatePod<A>(item, what).ok()) {
      return ValidatePod<A>(item, absl::StrCat(std::string(what), ": items[", index, "]"));
    }
  }
  return absl::OkStatus();
}

// k8sclient::Json's adapter.
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

}  // namespace k8sclient::object_check
