#include "k8sclient/object_check.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace k8s {
namespace {

std::string TypeName(const Json& v) {
  switch (v.type()) {
    case Json::Type::kNull: return "null";
    case Json::Type::kBool: return "a boolean";
    case Json::Type::kInt:
    case Json::Type::kDouble: return "a number";
    case Json::Type::kString: return "a string";
    case Json::Type::kArray: return "an array";
    case Json::Type::kObject: return "an object";
  }
  return "?";
}

enum class Want { kString, kBool, kObject, kArray, kStringMap, kQuantityMap };

const char* WantName(Want w) {
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

bool Is(const Json& v, Want w) {
  switch (w) {
    case Want::kString: return v.is_string();
    case Want::kBool: return v.is_bool();
    case Want::kObject:
    case Want::kStringMap:
    case Want::kQuantityMap: return v.is_object();
    case Want::kArray: return v.is_array();
  }
  return false;
}

// Walks the fields podinit reads and keeps the first one of the wrong type.
class Checker {
 public:
  explicit Checker(std::string_view what) : what_(what) {}

  // The member `key` of `parent` when it is set (not null) and of type `want`; nullptr when it
  // is not set, or when it is of another type (then the error is kept). Maps are checked
  // entry by entry.
  const Json* Field(const Json* parent, std::string_view key, Want want, const std::string& at) {
    if (parent == nullptr || !status_.ok()) return nullptr;
    const Json* v = parent->Find(key);
    if (v == nullptr || v->is_null()) return nullptr;
    const std::string path = at.empty() ? std::string(key) : absl::StrCat(at, ".", std::string(key));
    if (!Is(*v, want)) {
      Fail(path, *v, WantName(want));
      return nullptr;
    }
    if (want == Want::kStringMap || want == Want::kQuantityMap) {
      for (const auto& [k, entry] : v->object()) {
        if (entry.is_null() || entry.is_string()) continue;
        if (want == Want::kQuantityMap && entry.is_number()) continue;  // Quantity takes both
        Fail(absl::StrCat(path, ".", k), entry,
             want == Want::kStringMap ? "a string" : "a string or a number");
        return nullptr;
      }
    }
    return v;
  }

  void Strings(const Json* parent, const std::string& at, std::initializer_list<const char*> keys) {
    for (const char* k : keys) Field(parent, k, Want::kString, at);
  }

  // Each element of the array `key` that is an object (null ones are zero values, as in Go).
  template <typename F>
  void Each(const Json* parent, std::string_view key, const std::string& at, F&& check) {
    const Json* list = Field(parent, key, Want::kArray, at);
    if (list == nullptr) return;
    const std::string path = absl::StrCat(at, ".", std::string(key));
    for (size_t i = 0; i < list->array().size() && status_.ok(); ++i) {
      const Json& item = list->array()[i];
      if (item.is_null()) continue;
      const std::string item_path = absl::StrCat(path, "[", i, "]");
      if (!item.is_object()) {
        Fail(item_path, item, "an object");
        return;
      }
      check(&item, item_path);
    }
  }

  void Metadata(const Json& object) {
    const Json* meta = Field(&object, "metadata", Want::kObject, "");
    Strings(meta, "metadata", {"name", "namespace", "uid", "resourceVersion", "generateName"});
    Field(meta, "labels", Want::kStringMap, "metadata");
    Field(meta, "annotations", Want::kStringMap, "metadata");
    Each(meta, "ownerReferences", "metadata", [&](const Json* ref, const std::string& at) {
      Strings(ref, at, {"apiVersion", "kind", "name", "uid"});
      Field(ref, "controller", Want::kBool, at);
      Field(ref, "blockOwnerDeletion", Want::kBool, at);
    });
  }

  void Fail(const std::string& path, const Json& got, std::string_view want) {
    if (!status_.ok()) return;
    status_ = absl::DataLossError(absl::StrCat(what_, ": ", path, " is ", TypeName(got), ", not ",
                                               std::string(want)));
  }

  absl::Status status() const { return status_; }

 private:
  std::string what_;
  absl::Status status_;
};

}  // namespace

absl::Status ValidateObjectKind(const Json& object, std::string_view kind, std::string_view what) {
  if (!object.is_object()) {
    return absl::DataLossError(absl::StrCat(std::string(what), ": not an object but ",
                                            object.is_null() ? "null" : TypeName(object)));
  }
  const Json* k = object.Find("kind");
  if (k == nullptr || k->is_null()) return absl::OkStatus();
  if (!k->is_string()) {
    return absl::DataLossError(
        absl::StrCat(std::string(what), ": kind is ", TypeName(*k), ", not a string"));
  }
  if (k->as_string() == kind) return absl::OkStatus();
  std::string message = absl::StrCat(std::string(what), ": kind is ", Json(k->as_string()).Dump(),
                                     ", not ", Json(kind).Dump());
  // A Status in place of the object says why; its own words are worth passing on.
  if (std::string_view said = object.GetString("message"); k->as_string() == "Status" && !said.empty()) {
    absl::StrAppend(&message, " (", std::string(said), ")");
  }
  return absl::DataLossError(message);
}

absl::Status ValidatePod(const Json& pod, std::string_view what) {
  if (absl::Status s = ValidateObjectKind(pod, "Pod", what); !s.ok()) return s;
  Checker c(what);
  c.Metadata(pod);
  const Json* spec = c.Field(&pod, "spec", Want::kObject, "");
  c.Strings(spec, "spec", {"nodeName", "serviceAccountName", "serviceAccount", "hostname", "subdomain"});
  for (const char* list : {"containers", "initContainers"}) {
    c.Each(spec, list, "spec", [&](const Json* container, const std::string& at) {
      c.Field(container, "name", Want::kString, at);
      const Json* resources = c.Field(container, "resources", Want::kObject, at);
      c.Field(resources, "limits", Want::kQuantityMap, at + ".resources");
      c.Field(resources, "requests", Want::kQuantityMap, at + ".resources");
    });
  }
  const Json* status = c.Field(&pod, "status", Want::kObject, "");
  c.Strings(status, "status", {"podIP", "hostIP", "phase"});
  for (const char* list : {"podIPs", "hostIPs"}) {
    c.Each(status, list, "status",
           [&](const Json* ip, const std::string& at) { c.Field(ip, "ip", Want::kString, at); });
  }
  c.Each(status, "conditions", "status", [&](const Json* cond, const std::string& at) {
    c.Strings(cond, at, {"type", "status"});
  });
  return c.status();
}

absl::Status ValidateNode(const Json& node, std::string_view what) {
  if (absl::Status s = ValidateObjectKind(node, "Node", what); !s.ok()) return s;
  Checker c(what);
  c.Metadata(node);
  const Json* status = c.Field(&node, "status", Want::kObject, "");
  c.Field(status, "allocatable", Want::kQuantityMap, "status");
  c.Field(status, "capacity", Want::kQuantityMap, "status");
  return c.status();
}

}  // namespace k8s
