#include "fakeapi/strategic_patch.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"

namespace fakeapi {

using k8sclient::Json;

const PatchField* PatchType::Find(std::string_view name) const {
  for (const PatchField& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

namespace {

// The patchStrategy and patchMergeKey struct tags of k8s.io/api (core/v1, apps/v1, batch/v1)
// and apimachinery's ObjectMeta, for the fields of the served kinds that have them.
const PatchType kContainer{{{"ports", "merge", "containerPort"},
                            {"env", "merge", "name"},
                            {"volumeMounts", "merge", "mountPath"},
                            {"volumeDevices", "merge", "devicePath"}}};
const PatchType kPodSpec{{{"volumes", "merge,retainKeys", "name"},
                          {"initContainers", "merge", "name", &kContainer},
                          {"containers", "merge", "name", &kContainer},
                          {"ephemeralContainers", "merge", "name", &kContainer},
                          {"imagePullSecrets", "merge", "name"},
                          {"hostAliases", "merge", "ip"},
                          {"topologySpreadConstraints", "merge", "topologyKey"},
                          {"schedulingGates", "merge", "name"},
                          {"resourceClaims", "merge,retainKeys", "name"}}};
const PatchType kObjectMeta{{{"ownerReferences", "merge", "uid"}, {"finalizers", "merge", ""}}};
const PatchType kPodTemplateSpec{{{"metadata", "", "", &kObjectMeta}, {"spec", "", "", &kPodSpec}}};
const PatchType kPodStatus{{{"conditions", "merge", "type"},
                            {"hostIPs", "merge", "ip"},
                            {"podIPs", "merge", "ip"},
                            {"resourceClaimStatuses", "merge,retainKeys", "name"}}};
const PatchType kConditions{{{"conditions", "merge", "type"}}};
const PatchType kPod{{{"metadata", "", "", &kObjectMeta},
                      {"spec", "", "", &kPodSpec},
                      {"status", "", "", &kPodStatus}}};
const PatchType kWorkloadSpec{{{"template", "", "", &kPodTemplateSpec}}};
const PatchType kWorkload{{{"metadata", "", "", &kObjectMeta},
                           {"spec", "", "", &kWorkloadSpec},
                           {"status", "", "", &kConditions}}};
const PatchType kServiceSpec{{{"ports", "merge", "port"}}};
const PatchType kService{{{"metadata", "", "", &kObjectMeta},
                          {"spec", "", "", &kServiceSpec},
                          {"status", "", "", &kConditions}}};
const PatchType kNodeSpec{{{"podCIDRs", "merge", ""}}};
const PatchType kNodeStatus{{{"conditions", "merge", "type"}, {"addresses", "merge", "type"}}};
const PatchType kNode{{{"metadata", "", "", &kObjectMeta},
                       {"spec", "", "", &kNodeSpec},
                       {"status", "", "", &kNodeStatus}}};
const PatchType kNamespace{{{"metadata", "", "", &kObjectMeta}, {"status", "", "", &kConditions}}};
const PatchType kServiceAccount{{{"metadata", "", "", &kObjectMeta}, {"secrets", "merge", "name"}}};
const PatchType kPlain{{{"metadata", "", "", &kObjectMeta}}};

constexpr std::string_view kDirective = "$patch";
constexpr std::string_view kRetainKeys = "$retainKeys";
constexpr std::string_view kSetOrderPrefix = "$setElementOrder/";
constexpr std::string_view kDeleteFromPrefix = "$deleteFromPrimitiveList/";

absl::Status BadRequest(const std::string& msg) { return absl::InvalidArgumentError(msg); }
absl::Status Unprocessable(const std::string& msg) { return absl::FailedPreconditionError(msg); }
absl::Status Internal(const std::string& msg) { return absl::InternalError(msg); }

absl::Status NoMergeKey(const Json& m, std::string_view key) {
  return Internal(absl::StrCat("map: ", m.Dump(), " does not contain declared merge key: ",
                               std::string(key)));
}

// Go's reflect types of decoded JSON: every number is a float64.
int Kind(const Json& v) {
  switch (v.type()) {
    case Json::Type::kInt:
    case Json::Type::kDouble:
      return 2;
    default:
      return static_cast<int>(v.type());
  }
}

bool IsDirectiveMap(const Json& v) { return v.is_object() && v.Find(kDirective) != nullptr; }

// Drops directive maps (and the members holding them); `keep` false when `v` itself is one.
Json RemoveDirectives(Json v, bool& keep) {
  keep = true;
  if (v.is_object()) {
    if (v.Find(kDirective) != nullptr) {
      keep = false;
      return Json();
    }
    Json::Object out;
    for (auto& [k, child] : v.object()) {
      bool k_keep;
      Json c = RemoveDirectives(std::move(child), k_keep);
      if (k_keep) out.emplace_back(k, std::move(c));
    }
    return Json(std::move(out));
  }
  if (v.is_array()) {
    Json::Array out;
    for (Json& child : v.array()) {
      bool c_keep;
      Json c = RemoveDirectives(std::move(child), c_keep);
      if (c_keep) out.push_back(std::move(c));
    }
    return Json(std::move(out));
  }
  return v;
}

void DiscardNulls(Json& v) {
  if (v.is_object()) {
    auto& obj = v.object();
    obj.erase(std::remove_if(obj.begin(), obj.end(),
                             [](const auto& kv) { return kv.second.is_null(); }),
              obj.end());
    for (auto& [k, child] : obj) DiscardNulls(child);
  } else if (v.is_array()) {
    for (Json& child : v.array()) DiscardNulls(child);
  }
}

// The value a list element is ordered and matched by: its merge key, or itself.
const Json* KeyOf(const Json& item, std::string_view merge_key, bool maps) {
  if (!maps) return &item;
  return item.Find(merge_key);
}

int IndexOf(const Json::Array& list, const Json& item, std::string_view merge_key, bool maps) {
  const Json* want = KeyOf(item, merge_key, maps);
  for (size_t i = 0; i < list.size(); ++i) {
    const Json* have = KeyOf(list[i], merge_key, maps);
    if (want == nullptr ? have == nullptr : have != nullptr && *want == *have) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

absl::Status ElementKind(const Json::Array& a, const Json::Array& b, int& kind) {
  kind = -1;
  for (const Json::Array* list : {&a, &b}) {
    for (const Json& v : *list) {
      if (kind < 0) {
        kind = Kind(v);
        if (v.is_array()) return Unprocessable("lists of lists are not supported");
      } else if (Kind(v) != kind) {
        return Internal("list element types are not identical");
      }
    }
  }
  if (kind < 0) return Internal("no elements in any of the given slices");
  return absl::OkStatus();
}

// Stable sort by position in `order`, items with a $patch directive last.
absl::Status SortByOrder(Json::Array& to_sort, const Json::Array& order,
                         std::string_view merge_key, bool maps) {
  Json::Array deletes;
  if (maps) {
    for (const Json::Array* list : {static_cast<const Json::Array*>(&to_sort), &order}) {
      for (const Json& item : *list) {
        if (!item.is_object()) return Internal("expected a map");
        if (item.Find(merge_key) == nullptr) return NoMergeKey(item, merge_key);
      }
    }
    Json::Array keep;
    for (Json& item : to_sort) {
      const Json* d = item.Find(kDirective);
      (d != nullptr && d->is_string() && d->as_string() == "delete" ? deletes : keep)
          .push_back(std::move(item));
    }
    to_sort = std::move(keep);
  }
  std::stable_sort(to_sort.begin(), to_sort.end(), [&](const Json& a, const Json& b) {
    int ia = IndexOf(order, a, merge_key, maps), ib = IndexOf(order, b, merge_key, maps);
    return ia >= 0 && ib >= 0 && ia < ib;
  });
  for (Json& d : deletes) to_sort.push_back(std::move(d));
  return absl::OkStatus();
}

// Patch items in patch order, interleaved with server-only items in server order.
absl::StatusOr<Json::Array> NormalizeOrder(Json::Array patch_items, Json::Array server_only,
                                           const Json::Array& patch_order,
                                           const Json::Array& server_order,
                                           std::string_view merge_key, bool maps) {
  if (absl::Status st = SortByOrder(patch_items, patch_order, merge_key, maps); !st.ok()) return st;
  if (absl::Status st = SortByOrder(server_only, server_order, merge_key, maps); !st.ok()) return st;
  Json::Array out;
  size_t i = 0, j = 0;
  while (i < server_only.size() || j < patch_items.size()) {
    if (i >= server_only.size()) {
      out.push_back(std::move(patch_items[j++]));
    } else if (j >= patch_items.size()) {
      out.push_back(std::move(server_only[i++]));
    } else {
      int li = IndexOf(server_order, server_only[i], merge_key, maps);
      int ri = IndexOf(server_order, patch_items[j], merge_key, maps);
      if (li >= 0 && ri >= 0 && li < ri) {
        out.push_back(std::move(server_only[i++]));
      } else {
        out.push_back(std::move(patch_items[j++]));
      }
    }
  }
  return out;
}

// Splits `merged` into the items `by` names and the rest.
absl::Status Partition(const Json::Array& merged, const Json::Array& by, std::string_view merge_key,
                       bool maps, Json::Array& in, Json::Array& out) {
  for (const Json& v : merged) {
    if (maps) {
      if (!v.is_object()) return Internal("expected a map");
      if (v.Find(merge_key) == nullptr) return NoMergeKey(v, merge_key);
    }
    (IndexOf(by, v, merge_key, maps) >= 0 ? in : out).push_back(v);
  }
  return absl::OkStatus();
}

// apimachinery's deduplicateScalars, whose swap-with-last reorders: kept for equal output.
void DeduplicateScalars(Json::Array& s) {
  size_t length = s.empty() ? 0 : s.size() - 1;
  for (size_t i = 0; i < length; ++i) {
    for (size_t j = i + 1; j <= length; ++j) {
      if (s[i] == s[j]) {
        s[j] = s[length];
        s.resize(length);
        --length;
        --j;
      }
    }
  }
}

absl::StatusOr<Json> MergeMap(Json original, Json patch, const PatchType* type);

// `alias`, when given, receives what the caller's slice of the original list reads as after
// the merge: apimachinery deletes and appends in place on the original's backing array, and
// $setElementOrder then orders server-only items by that array. Emulated so that the order
// comes out the same.
absl::StatusOr<Json::Array> MergeSlice(Json::Array original, Json::Array patch,
                                       const PatchType* type, std::string_view merge_key,
                                       bool delete_list, Json::Array* alias = nullptr) {
  if (alias != nullptr) *alias = original;
  if (original.empty() && patch.empty()) return original;
  int kind;
  if (absl::Status st = ElementKind(original, patch, kind); !st.ok()) return st;
  bool maps = kind == static_cast<int>(Json::Type::kObject);
  Json::Array merged;
  if (!maps) {
    if (delete_list) {
      for (Json& v : original) {
        if (std::find(patch.begin(), patch.end(), v) == patch.end()) merged.push_back(std::move(v));
      }
      return merged;
    }
    merged = original;
    for (const Json& v : patch) merged.push_back(v);
    DeduplicateScalars(merged);
  } else {
    if (merge_key.empty()) return Internal("cannot merge lists without merge key");
    // Special elements first: {"$patch":"delete", KEY: V} and {"$patch":"replace"}.
    Json::Array plain;
    bool replace = false;
    for (Json& v : patch) {
      const Json* d = v.Find(kDirective);
      if (d == nullptr) {
        plain.push_back(std::move(v));
      } else if (d->is_string() && d->as_string() == "delete") {
        const Json* key = v.Find(merge_key);
        if (key == nullptr) return NoMergeKey(v, merge_key);
        Json k = *key;
        for (size_t i = 0; i < original.size();) {
          const Json* ok = original[i].Find(merge_key);
          if (ok == nullptr || !(*ok == k)) {
            ++i;
            continue;
          }
          if (alias != nullptr) {  // append(s[:i], s[i+1:]...) shifts left, the tail stays
            std::move(alias->begin() + i + 1, alias->begin() + original.size(), alias->begin() + i);
            (*alias)[original.size() - 1] = original.back();
          }
          original.erase(original.begin() + i);
        }
      } else if (d->is_string() && d->as_string() == "replace") {
        replace = true;
      } else if (d->is_string() && d->as_string() == "merge") {
        return Internal("merging lists cannot yet be specified in the patch");
      } else {
        return Internal(absl::StrCat("unknown patch type: ", d->is_string() ? d->as_string() : d->Dump(),
                                     " in map: ", v.Dump()));
      }
    }
    if (replace) {
      original = std::move(plain);
      plain.clear();
    }
    patch = std::move(plain);
    merged = original;
    for (const Json& v : patch) {
      const Json* key = v.Find(merge_key);
      if (key == nullptr) return NoMergeKey(v, merge_key);
      auto it = std::find_if(merged.begin(), merged.end(), [&](const Json& o) {
        const Json* ok = o.Find(merge_key);
        return ok != nullptr && *ok == *key;
      });
      if (it != merged.end()) {
        auto m = MergeMap(std::move(*it), v, type);
        if (!m.ok()) return m.status();
        *it = *std::move(m);
        if (alias != nullptr && !replace) {
          size_t i = static_cast<size_t>(it - merged.begin());
          if (i < alias->size()) (*alias)[i] = *it;
        }
      } else {
        merged.push_back(v);
        // Appended within the original's length lands in its backing array.
        if (alias != nullptr && !replace && merged.size() <= alias->size()) {
          (*alias)[merged.size() - 1] = v;
        }
      }
    }
  }
  Json::Array patch_items, server_only;
  if (absl::Status st = Partition(merged, patch, merge_key, maps, patch_items, server_only);
      !st.ok()) {
    return st;
  }
  return NormalizeOrder(std::move(patch_items), std::move(server_only), patch, original, merge_key,
                        maps);
}

std::string_view NonRetainStrategy(std::string_view strategy) {
  if (strategy == "merge,retainKeys" || strategy == "retainKeys,merge") return "merge";
  if (strategy == "retainKeys") return "";
  return strategy;
}

// $setElementOrder/FIELD: merges FIELD (if patched) and orders the result as the list says.
absl::Status ApplySetElementOrder(Json& original, Json& patch, const PatchType* type) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : patch.object()) {
    if (std::string_view(k).starts_with(kSetOrderPrefix)) keys.push_back(k);
  }
  for (const std::string& key : keys) {
    Json order = *patch.Find(key);
    patch.Erase(key);
    if (!order.is_array()) return BadRequest("invalid patch format of setElementOrder list");
    std::string field = key.substr(kSetOrderPrefix.size());
    const PatchField* meta = type != nullptr ? type->Find(field) : nullptr;
    std::string_view merge_key = meta != nullptr ? meta->merge_key : "";
    std::string_view strategy = meta != nullptr ? NonRetainStrategy(meta->strategy) : "";
    const Json* orig = original.Find(field);
    const Json* patch_list = patch.Find(field);
    if (orig != nullptr && !orig->is_array()) return Internal("expected a slice");
    if (patch_list != nullptr && !patch_list->is_array()) {
      return BadRequest("invalid patch format of setElementOrder list");
    }
    Json::Array merged;
    Json::Array server_order = orig != nullptr ? orig->array() : Json::Array{};
    if (orig != nullptr && patch_list == nullptr) {
      merged = orig->array();
    } else if (orig == nullptr && patch_list != nullptr) {
      bool keep;
      merged = RemoveDirectives(*patch_list, keep).array();
    } else if (orig != nullptr && patch_list != nullptr) {
      if (strategy == "merge") {
        auto m = MergeSlice(orig->array(), patch_list->array(),
                            meta != nullptr ? meta->type : nullptr, merge_key, false,
                            &server_order);
        if (!m.ok()) return m.status();
        merged = *std::move(m);
      } else {
        merged = patch_list->array();
      }
    } else {
      continue;
    }
    bool maps = !merge_key.empty();
    Json::Array patch_items, server_only;
    if (absl::Status st = Partition(merged, order.array(), merge_key, maps, patch_items, server_only);
        !st.ok()) {
      return st;
    }
    auto all = NormalizeOrder(std::move(patch_items), std::move(server_only), order.array(),
                              server_order, merge_key, maps);
    if (!all.ok()) return all.status();
    original.Set(field, Json(*std::move(all)));
    patch.Erase(field);
  }
  return absl::OkStatus();
}

absl::StatusOr<Json> MergeMap(Json original, Json patch, const PatchType* type) {
  if (const Json* d = patch.Find(kDirective)) {
    if (d->is_string() && d->as_string() == "replace") {
      patch.Erase(kDirective);
      return patch;
    }
    if (d->is_string() && d->as_string() == "delete") return Json::MakeObject();
    return Internal(absl::StrCat("unknown patch type: ", d->is_string() ? d->as_string() : d->Dump(),
                                 " in map: ", patch.Dump()));
  }
  if (!original.is_object()) original = Json::MakeObject();

  if (const Json* retain = patch.Find(kRetainKeys)) {
    if (!retain->is_array()) return BadRequest("invalid patch format of retainKeys");
    Json::Array keep = retain->array();
    patch.Erase(kRetainKeys);
    auto listed = [&](std::string_view k) {
      return std::find(keep.begin(), keep.end(), Json(k)) != keep.end();
    };
    for (const auto& [k, v] : patch.object()) {
      if (v.is_null() || std::string_view(k).starts_with(kDeleteFromPrefix) ||
          std::string_view(k).starts_with(kSetOrderPrefix)) {
        continue;
      }
      if (!listed(k)) return BadRequest("invalid patch format of retainKeys");
    }
    auto& obj = original.object();
    obj.erase(std::remove_if(obj.begin(), obj.end(), [&](const auto& kv) { return !listed(kv.first); }),
              obj.end());
  }

  if (absl::Status st = ApplySetElementOrder(original, patch, type); !st.ok()) return st;

  for (auto& [raw_key, value] : patch.object()) {
    std::string key = raw_key;
    bool delete_list = false;
    if (std::string_view(key).starts_with(kDeleteFromPrefix)) {
      key = key.substr(kDeleteFromPrefix.size());
      delete_list = true;
    }
    if (value.is_null()) {
      original.Erase(key);
      continue;
    }
    Json* orig = original.Find(key);
    if (orig == nullptr || Kind(*orig) != Kind(value)) {
      if (!delete_list) {
        DiscardNulls(value);
        bool keep;
        Json v = RemoveDirectives(value, keep);
        if (keep) {
          original.Set(key, std::move(v));
        } else {
          original.Erase(key);
        }
      }
      continue;
    }
    const PatchField* meta = type != nullptr ? type->Find(key) : nullptr;
    const PatchType* sub = meta != nullptr ? meta->type : nullptr;
    std::string_view strategy = meta != nullptr ? NonRetainStrategy(meta->strategy) : "";
    if (orig->is_object()) {
      if (strategy == "replace") {
        *orig = value;
      } else {
        auto m = MergeMap(std::move(*orig), std::move(value), sub);
        if (!m.ok()) return m.status();
        *orig = *std::move(m);
      }
    } else if (orig->is_array()) {
      if (strategy == "merge" || delete_list) {
        auto m = MergeSlice(std::move(orig->array()), std::move(value.array()), sub,
                            meta != nullptr ? meta->merge_key : "", delete_list);
        if (!m.ok()) return m.status();
        *orig = Json(*std::move(m));
      } else {
        *orig = value;
      }
    } else {
      bool keep;
      Json v = RemoveDirectives(value, keep);
      if (keep) {
        *orig = std::move(v);
      } else {
        original.Erase(key);
      }
    }
  }
  return original;
}

}  // namespace

const PatchType* PatchTypeForKind(std::string_view kind) {
  if (kind == "Pod") return &kPod;
  if (kind == "StatefulSet" || kind == "Job") return &kWorkload;
  if (kind == "Service") return &kService;
  if (kind == "Node") return &kNode;
  if (kind == "Namespace") return &kNamespace;
  if (kind == "ServiceAccount") return &kServiceAccount;
  return &kPlain;
}

absl::Status ApplyStrategicMergePatch(Json& doc, const Json& patch, const PatchType* type) {
  if (!patch.is_object()) return BadRequest("invalid JSON document");
  auto merged = MergeMap(doc, patch, type);
  if (!merged.ok()) return merged.status();
  doc = *std::move(merged);
  return absl::OkStatus();
}

}  // namespace fakeapi
