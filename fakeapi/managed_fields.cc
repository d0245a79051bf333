#include "fakeapi/managed_fields.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "fakeapi/openapi.h"
#include "fakeapi/strategy.h"
#include "gocompat/string_view.h"
#include "k8sclient/json.h"

namespace fakeapi {

using k8sclient::Json;

namespace {

// A path as FieldsV1 spells its steps: "f:name", "k:{\"name\":\"c\"}", "v:\"x\"".
using Path = std::vector<std::string>;

struct Node {
  Json value;
  // A map or set node itself: an Update that adds the map owns it ("." in FieldsV1); an
  // apply's set does not name it.
  bool structural = false;
};
using FieldSet = std::map<Path, Node>;

// Whether a node's value can differ by itself: leaves and atomic lists can; a map, struct or
// list item with members differs only through them (structured-merge-diff's comparison).
bool Comparable(const Node& n) {
  return !n.structural && !(n.value.is_object() && !n.value.object().empty());
}

bool IsMapSchema(const Json* s) {
  return s != nullptr && s->Find("properties") == nullptr && s->Find("additionalProperties") != nullptr &&
         s->Find("additionalProperties")->is_object();
}

void Collect(const Json& v, const Json* schema, Path& path, FieldSet& out);

void CollectObject(const Json& v, const Json* schema, Path& path, FieldSet& out) {
  const Json* props = schema != nullptr ? schema->Find("properties") : nullptr;
  const Json* additional = schema != nullptr ? schema->Find("additionalProperties") : nullptr;
  if (IsMapSchema(schema) && !v.object().empty()) out[path] = Node{v, true};
  for (const auto& [k, child] : v.object()) {
    const Json* declared = props != nullptr && props->is_object() ? props->Find(k) : nullptr;
    const Json* child_schema = ResolveSchema(declared != nullptr ? declared
                                             : additional != nullptr && additional->is_object() ? additional
                                                                                                 : nullptr);
    path.push_back("f:" + k);
    bool empty = child.is_null() || (child.is_object() && child.object().empty());
    if (empty || declared == nullptr) out[path] = Node{child};
    if (!empty) Collect(child, child_schema, path, out);
    path.pop_back();
  }
}

// The key of a list item: the merge key, and the protocol beside a port number (the
// x-kubernetes-list-map-keys of ContainerPort and ServicePort).
Json ItemKey(const Json& item, std::string_view merge_key) {
  Json key = Json::MakeObject();
  if (const Json* v = item.Find(merge_key)) key.Set(merge_key, *v);
  if (merge_key == "containerPort" || merge_key == "port") {
    key.Set("protocol", item.Find("protocol") != nullptr ? *item.Find("protocol") : Json("TCP"));
  }
  return key;
}

void Collect(const Json& v, const Json* schema, Path& path, FieldSet& out) {
  if (v.is_object()) {
    CollectObject(v, schema, path, out);
    return;
  }
  if (!v.is_array()) {
    out[path] = Node{v};
    return;
  }
  std::string_view merge_key = schema != nullptr ? schema->GetString("x-kubernetes-patch-merge-key") : "";
  std::string_view strategy = schema != nullptr ? schema->GetString("x-kubernetes-patch-strategy") : "";
  const Json* items = ResolveSchema(schema != nullptr ? schema->Find("items") : nullptr);
  bool objects = !v.array().empty() && v.array()[0].is_object();
  if (!merge_key.empty() && objects) {
    for (const Json& item : v.array()) {
      path.push_back("k:" + ItemKey(item, merge_key).Dump());
      out[path] = Node{item};
      if (item.is_object()) CollectObject(item, items, path, out);
      path.pop_back();
    }
  } else if (strategy.find("merge") != std::string_view::npos && !objects) {
    if (!v.array().empty()) out[path] = Node{v, true};
    for (const Json& item : v.array()) {
      path.push_back("v:" + item.Dump());
      out[path] = Node{item};
      path.pop_back();
    }
  } else {
    out[path] = Node{v};  // atomic
  }
}

// The fields of an object a manager can own: not apiVersion, kind or the metadata the server
// sets (the field manager's strip set), and the status only through the status subresource.
FieldSet Fields(const Resource& r, const Json& obj, std::string_view subresource) {
  FieldSet out;
  if (!obj.is_object()) return out;
  Json copy = obj;
  copy.Erase("apiVersion");
  copy.Erase("kind");
  if (Json* meta = copy.Find("metadata"); meta != nullptr && meta->is_object()) {
    for (const char* f : {"name", "namespace", "creationTimestamp", "selfLink", "uid", "generation",
                          "managedFields", "resourceVersion", "deletionTimestamp"}) {
      meta->Erase(f);
    }
    if (meta->object().empty()) copy.Erase("metadata");
  }
  if (subresource == "status") {
    Json only = Json::MakeObject();
    if (const Json* st = copy.Find("status")) only.Set("status", *st);
    copy = std::move(only);
  } else if (HasStatusSubresource(r)) {
    copy.Erase("status");
  }
  Path path;
  CollectObject(copy, ResolveSchema(KindSchema(r.kind, r.group)), path, out);
  return out;
}

std::set<Path> Keys(const FieldSet& fs, bool with_structural) {
  std::set<Path> out;
  for (const auto& [p, n] : fs) {
    if (with_structural || !n.structural) out.insert(p);
  }
  return out;
}

Json ToFieldsV1(const std::set<Path>& set) {
  Json root = Json::MakeObject();
  for (const Path& p : set) {
    Json* node = &root;
    Path at;
    for (const std::string& seg : p) {
      if (set.count(at) != 0 && !at.empty() && node->object().empty()) node->Set(".", Json::MakeObject());
      Json* next = node->Find(seg);
      if (next == nullptr) next = &node->Set(seg, Json::MakeObject());
      node = next;
      at.push_back(seg);
    }
  }
  return root;
}

void FromFieldsV1(const Json& fields, Path& path, std::set<Path>& out) {
  if (!fields.is_object()) return;
  if (fields.object().empty() && !path.empty()) out.insert(path);
  for (const auto& [k, v] : fields.object()) {
    if (k == ".") {
      out.insert(path);
      continue;
    }
    path.push_back(k);
    FromFieldsV1(v, path, out);
    path.pop_back();
  }
}

struct Entry {
  std::string manager, operation, api_version, subresource, time;
  std::set<Path> fields;
};

std::vector<Entry> ReadEntries(const Json& obj) {
  std::vector<Entry> out;
  const Json* mf = obj.is_object() ? obj.Path("metadata.managedFields") : nullptr;
  if (mf == nullptr || !mf->is_array()) return out;
  for (const Json& e : mf->array()) {
    Entry entry{std::string(e.GetString("manager")), std::string(e.GetString("operation")),
                std::string(e.GetString("apiVersion")), std::string(e.GetString("subresource")),
                std::string(e.GetString("time")), {}};
    Path path;
    if (const Json* f = e.Find("fieldsV1")) FromFieldsV1(*f, path, entry.fields);
    out.push_back(std::move(entry));
  }
  return out;
}

// Sorted as the apiserver sorts them: Apply before Update, then by time and manager.
void WriteEntries(std::vector<Entry> entries, Json& obj) {
  entries.erase(std::remove_if(entries.begin(), entries.end(), [](const Entry& e) { return e.fields.empty(); }),
                entries.end());
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.operation != b.operation) return a.operation < b.operation;
    if (a.time != b.time) return a.time < b.time;
    if (a.manager != b.manager) return a.manager < b.manager;
    if (a.api_version != b.api_version) return a.api_version < b.api_version;
    return a.subresource < b.subresource;
  });
  Json list = Json::MakeArray();
  for (const Entry& e : entries) {
    Json j = Json::MakeObject();
    j.Set("manager", e.manager);
    j.Set("operation", e.operation);
    j.Set("apiVersion", e.api_version);
    j.Set("time", e.time);
    j.Set("fieldsType", "FieldsV1");
    j.Set("fieldsV1", ToFieldsV1(e.fields));
    if (!e.subresource.empty()) j.Set("subresource", e.subresource);
    list.array().push_back(std::move(j));
  }
  Json* meta = obj.Find("metadata");
  if (meta == nullptr || !meta->is_object()) return;
  if (list.array().empty()) {
    meta->Erase("managedFields");
  } else {
    meta->Set("managedFields", std::move(list));
  }
}

Entry& EntryFor(std::vector<Entry>& entries, const FieldManagerRequest& req, std::string_view operation,
                const std::string& api_version) {
  for (Entry& e : entries) {
    if (e.manager == req.manager && e.operation == operation && e.subresource == req.subresource &&
        (operation == "Apply" || e.api_version == api_version)) {
      return e;
    }
  }
  entries.push_back(Entry{req.manager, std::string(operation), api_version, req.subresource, req.time, {}});
  return entries.back();
}

// fieldpath.Path's String(): .name, [key="value",...], [="value"].
std::string PathString(const Path& p) {
  std::string out;
  for (const std::string& seg : p) {
    std::string_view body = std::string_view(seg).substr(2);
    if (seg.rfind("f:", 0) == 0) {
      absl::StrAppend(&out, ".", gocompat::AV(body));
    } else if (seg.rfind("k:", 0) == 0) {
      auto key = k8sclient::ParseJson(body);
      std::vector<std::string> parts;
      if (key.ok() && key->is_object()) {
        for (const auto& [k, v] : key->object()) parts.push_back(absl::StrCat(k, "=", v.Dump()));
      }
      absl::StrAppend(&out, "[", absl::StrJoin(parts, ","), "]");
    } else if (seg.rfind("v:", 0) == 0) {
      absl::StrAppend(&out, "[=", gocompat::AV(body), "]");
    } else {
      absl::StrAppend(&out, "[", gocompat::AV(body), "]");
    }
  }
  return out;
}

// managedfields/internal/conflict.go's printManager.
std::string PrintManager(const Entry& e) {
  std::string s = absl::StrCat("\"", e.manager, "\"");
  if (!e.subresource.empty()) absl::StrAppend(&s, " with subresource \"", e.subresource, "\"");
  if (e.operation == "Update") absl::StrAppend(&s, " using ", e.api_version);
  return s;
}

// Removes the node at `p` from `obj`, if it is there.
void RemovePath(Json& obj, const Path& p) {
  Json* node = &obj;
  for (size_t i = 0; i < p.size() && node != nullptr; ++i) {
    const std::string& seg = p[i];
    std::string_view body = std::string_view(seg).substr(2);
    bool last = i + 1 == p.size();
    if (seg.rfind("f:", 0) == 0) {
      if (!node->is_object()) return;
      if (last) {
        node->Erase(body);
        return;
      }
      node = node->Find(body);
      continue;
    }
    if (!node->is_array()) return;
    auto want = k8sclient::ParseJson(body);
    if (!want.ok()) return;
    auto& items = node->array();
    auto match = [&](const Json& item) {
      if (seg.rfind("v:", 0) == 0) return item == *want;
      if (!want->is_object() || !item.is_object()) return false;
      for (const auto& [k, v] : want->object()) {
        const Json* have = item.Find(k);
        // A port's protocol is in the key even where the item leaves it to the default.
        if (have == nullptr ? !(k == "protocol" && v == Json("TCP")) : !(*have == v)) return false;
      }
      return true;
    };
    auto it = std::find_if(items.begin(), items.end(), match);
    if (it == items.end()) return;
    if (last) {
      items.erase(it);
      return;
    }
    node = &*it;
  }
}

}  // namespace

void RecordUpdate(const Resource& r, const FieldManagerRequest& req, const Json& old, Json& updated) {
  // A write may set managedFields itself: [{}] strips them all, any other non-empty list
  // replaces them; absent or [] keeps the stored ones (the documented "Clearing managedFields").
  std::vector<Entry> entries = ReadEntries(old);
  if (const Json* in = updated.Path("metadata.managedFields"); in != nullptr && in->is_array() && !in->array().empty()) {
    if (in->array().size() == 1 && in->array()[0].is_object() && in->array()[0].object().empty()) {
      updated.Find("metadata")->Erase("managedFields");
      return;
    }
    entries = ReadEntries(updated);
  }
  FieldSet before = Fields(r, old, req.subresource);
  FieldSet after = Fields(r, updated, req.subresource);
  std::set<Path> changed, removed;
  for (const auto& [p, n] : after) {
    auto it = before.find(p);
    if (it == before.end() || (Comparable(n) && !(it->second.value == n.value))) changed.insert(p);
  }
  for (const auto& [p, n] : before) {
    if (after.count(p) == 0) removed.insert(p);
  }
  for (Entry& e : entries) {
    for (const Path& p : changed) e.fields.erase(p);
    for (const Path& p : removed) e.fields.erase(p);
  }
  if (!changed.empty()) {
    Entry& mine = EntryFor(entries, req, "Update", r.GroupVersion());
    mine.fields.insert(changed.begin(), changed.end());
    mine.time = req.time;
  }
  WriteEntries(std::move(entries), updated);
}

absl::Status RecordApply(const Resource& r, const FieldManagerRequest& req, const Json& old,
                         const Json& applied, bool force, Json& updated) {
  std::vector<Entry> entries = ReadEntries(old);
  FieldSet live = Fields(r, old, req.subresource);
  FieldSet config = Fields(r, applied, req.subresource);
  std::set<Path> mine = Keys(config, /*with_structural=*/false);
  struct Conflict {
    size_t entry;
    Path path;
  };
  std::vector<Conflict> conflicts;
  for (size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    if (e.manager == req.manager && e.operation == "Apply" && e.subresource == req.subresource) continue;
    for (const Path& p : mine) {
      if (e.fields.count(p) == 0) continue;
      auto have = live.find(p);
      const Node& want = config.at(p);
      if (have != live.end() && Comparable(want) && !(have->second.value == want.value)) {
        conflicts.push_back({i, p});
      }
    }
  }
  if (!conflicts.empty() && !force && req.manager == "kubectl") {
    // lastAppliedManager: fields that client-side apply's annotation names may move to
    // kubectl's server-side apply.
    std::string_view last;
    if (const Json* ann = old.Path("metadata.annotations"); ann != nullptr && ann->is_object()) {
      last = ann->GetString("kubectl.kubernetes.io/last-applied-configuration");
    }
    auto parsed = k8sclient::ParseJson(last);
    if (!last.empty() && parsed.ok()) {
      FieldSet allowed = Fields(r, *parsed, req.subresource);
      conflicts.erase(std::remove_if(conflicts.begin(), conflicts.end(),
                                     [&](const Conflict& c) { return allowed.count(c.path) != 0; }),
                      conflicts.end());
      if (conflicts.empty()) force = true;
    }
  }
  if (!conflicts.empty() && !force) {
    Json causes = Json::MakeArray();
    for (const Conflict& c : conflicts) {
      Json cause = Json::MakeObject();
      cause.Set("type", "FieldManagerConflict");
      cause.Set("message", absl::StrCat("conflict with ", PrintManager(entries[c.entry])));
      cause.Set("field", PathString(c.path));
      causes.array().push_back(std::move(cause));
    }
    std::string msg;
    if (conflicts.size() == 1) {
      msg = absl::StrCat("Apply failed with 1 conflict: conflict with ", PrintManager(entries[conflicts[0].entry]),
                         ": ", PathString(conflicts[0].path));
    } else {
      std::map<std::string, std::vector<std::string>> by_manager;  // ordered as the identifiers sort
      std::map<std::string, std::string> printed;
      for (const Conflict& c : conflicts) {
        const Entry& e = entries[c.entry];
        std::string id = absl::StrCat("{\"manager\":\"", e.manager, "\",\"operation\":\"", e.operation, "\"");
        by_manager[id].push_back(absl::StrCat("- ", PathString(c.path)));
        printed[id] = PrintManager(e);
      }
      std::vector<std::string> lines;
      for (const auto& [id, paths] : by_manager) {
        lines.push_back(absl::StrCat("conflicts with ", printed[id], ":"));
        lines.insert(lines.end(), paths.begin(), paths.end());
      }
      msg = absl::StrCat("Apply failed with ", conflicts.size(), " conflicts: ", absl::StrJoin(lines, "\n"));
    }
    Json details = Json::MakeObject();
    details.Set("causes", std::move(causes));
    return ApiError(StatusError(409, "Conflict", msg, std::move(details)));
  }
  // Forced (or no conflict): the applier takes every field whose value it changes.
  for (const Conflict& c : conflicts) entries[c.entry].fields.erase(c.path);
  Entry& entry = EntryFor(entries, req, "Apply", r.GroupVersion());
  // What this applier applied before and applies no more, and no one else owns, is removed
  // (server-side apply's deletion); the caller defaults the result again.
  // A map or list item stays while anything below it is owned, by this applier or another.
  std::set<Path> owned = mine;
  for (const Entry& e : entries) {
    if (&e != &entry) owned.insert(e.fields.begin(), e.fields.end());
  }
  auto owns_below_or_at = [&](const Path& p) {
    auto it = owned.lower_bound(p);
    return it != owned.end() && it->size() >= p.size() && std::equal(p.begin(), p.end(), it->begin());
  };
  std::set<Path> dropped;
  for (const Path& p : entry.fields) {
    if (!owns_below_or_at(p)) dropped.insert(p);
  }
  for (auto it = dropped.rbegin(); it != dropped.rend(); ++it) RemovePath(updated, *it);
  entry.fields = mine;
  entry.api_version = r.GroupVersion();
  entry.time = req.time;
  WriteEntries(std::move(entries), updated);
  return absl::OkStatus();
}

}  // namespace fakeapi
