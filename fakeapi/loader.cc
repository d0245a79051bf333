#include "fakeapi/loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "fakeapi/defaults.h"
#include "fakeapi/resources.h"
#include "k8sclient/yaml.h"

namespace fakeapi {

using k8sclient::Json;
namespace fs = std::filesystem;

namespace {

void Expand(Json doc, std::vector<Json>& out) {
  if (doc.is_null()) return;  // an empty YAML document
  std::string_view kind = doc.GetString("kind");
  Json* items = doc.Find("items");
  if (kind.size() >= 4 && kind.substr(kind.size() - 4) == "List" && items != nullptr && items->is_array()) {
    // Items of a typed list (PodList) may omit kind and apiVersion.
    std::string item_kind(kind.substr(0, kind.size() - 4));
    std::string api_version(doc.GetString("apiVersion"));
    for (Json& item : items->array()) {
      if (kind != "List") {
        if (item.GetString("kind").empty()) item.Set("kind", item_kind);
        if (item.GetString("apiVersion").empty()) item.Set("apiVersion", api_version);
      }
      Expand(std::move(item), out);
    }
    return;
  }
  out.push_back(std::move(doc));
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool IsObjectFile(const fs::path& p) {
  std::string ext = p.extension().string();
  return ext == ".json" || ext == ".yaml" || ext == ".yml";
}

}  // namespace

absl::StatusOr<std::vector<Json>> ParseObjects(std::string_view text, bool yaml) {
  std::vector<Json> out;
  if (yaml) {
    auto docs = k8sclient::ParseYamlDocuments(text);
    if (!docs.ok()) return docs.status();
    for (Json& doc : *docs) Expand(std::move(doc), out);
    return out;
  }
  auto doc = k8sclient::ParseJson(text);
  if (!doc.ok()) return doc.status();
  Expand(*std::move(doc), out);
  return out;
}

absl::StatusOr<int> LoadObjects(Store& store, const std::string& path, std::string_view default_ns) {
  std::error_code ec;
  std::vector<std::string> files;
  if (fs::is_directory(path, ec)) {
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      if (it->is_regular_file() && IsObjectFile(it->path())) files.push_back(it->path().string());
    }
    if (ec) return absl::NotFoundError(absl::StrCat(path, ": ", ec.message()));
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(path);
  }
  int count = 0;
  for (const std::string& file : files) {
    auto text = ReadFile(file);
    if (!text.ok()) return text.status();
    bool yaml = file.size() < 5 || file.substr(file.size() - 5) != ".json";
    auto objects = ParseObjects(*text, yaml);
    if (!objects.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(file, ": ", objects.status().message()));
    }
    for (Json& obj : *objects) {
      // Stored as a create would store it, defaulted, so that a write that changes nothing
      // stays a no-op as it is on a real server.
      if (const Resource* r = FindResourceByKind(obj.GetString("apiVersion"), obj.GetString("kind"));
          r != nullptr && obj.Find("metadata") != nullptr) {
        ApplyDefaults(*r, obj);
      }
      auto added = store.Upsert(std::move(obj), default_ns);
      if (!added.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(file, ": ", added.status().message()));
      }
      ++count;
    }
  }
  return count;
}

void AddMissingNamespaces(Store& store, std::string_view default_ns) {
  std::set<std::string> names{std::string(default_ns)};
  LabelSelector all;
  FieldSelector none;
  for (const Resource& r : Resources()) {
    if (!r.namespaced) continue;
    for (const ObjectPtr& obj : store.List(r, "", all, none, 0, "").items) {
      names.insert(std::string(obj->Find("metadata")->GetString("namespace")));
    }
  }
  const Resource* ns_res = FindResource("", "v1", "namespaces");
  for (const std::string& name : names) {
    if (store.Get(*ns_res, "", name) != nullptr) continue;
    Json ns = Json::MakeObject();
    ns.Set("apiVersion", "v1");
    ns.Set("kind", "Namespace");
    Json meta = Json::MakeObject();
    meta.Set("name", name);
    Json labels = Json::MakeObject();
    labels.Set("kubernetes.io/metadata.name", name);
    meta.Set("labels", labels);
    ns.Set("metadata", meta);
    Json status = Json::MakeObject();
    status.Set("phase", "Active");
    ns.Set("status", status);
    (void)store.Upsert(std::move(ns), "");
  }
}

}  // namespace fakeapi
