#include "fakeapi/openapi.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "fakeapi/resources.h"

namespace fakeapi {

using k8sclient::Json;

namespace {

const Json& Schemas() {
  static const Json* kSchemas = [] {
    static const char* const kParts[] = {
#include "fakeapi/openapi_schemas.inc"
    };
    std::string text;
    for (const char* p : kParts) text += p;
    return new Json(*k8sclient::ParseJson(text).value().Find("schemas"));
  }();
  return *kSchemas;
}

std::string GvPath(const Resource& r) {
  return r.group.empty() ? absl::StrCat("api/", r.version)
                         : absl::StrCat("apis/", r.group, "/", r.version);
}

std::string SchemaName(const Resource& r) {
  std::string pkg = r.group.empty() ? "core" : r.group.substr(0, r.group.find('.'));
  if (r.group == "rbac.authorization.k8s.io") pkg = "rbac";
  return absl::StrCat("io.k8s.api.", pkg, ".", r.version, ".", r.kind);
}

Json Param(std::string_view name, std::string_view description) {
  Json p = Json::MakeObject();
  p.Set("name", name);
  p.Set("in", "query");
  p.Set("description", description);
  Json schema = Json::MakeObject();
  schema.Set("type", "string");
  schema.Set("uniqueItems", true);
  p.Set("schema", std::move(schema));
  return p;
}

// The query parameters of writes, worded as the apiserver's OpenAPI describes them.
Json WriteParams(bool patch) {
  Json params = Json::MakeArray();
  params.array().push_back(Param(
      "dryRun",
      "When present, indicates that modifications should not be persisted. An invalid or "
      "unrecognized dryRun directive will result in an error response and no further processing "
      "of the request. Valid values are: - All: all dry run stages will be processed"));
  params.array().push_back(Param(
      "fieldManager",
      "fieldManager is a name associated with the actor or entity that is making these changes."));
  params.array().push_back(Param(
      "fieldValidation",
      "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/"
      "PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict"));
  if (patch) {
    params.array().push_back(Param(
        "force", "Force is going to \"force\" Apply requests. It means user will re-acquire "
                 "conflicting fields owned by other people."));
  }
  return params;
}

Json Operation(const Resource& r, std::string_view action, bool write, bool patch) {
  Json op = Json::MakeObject();
  Json gvk = Json::MakeObject();
  gvk.Set("group", r.group);
  gvk.Set("kind", r.kind);
  gvk.Set("version", r.version);
  op.Set("x-kubernetes-group-version-kind", std::move(gvk));
  op.Set("x-kubernetes-action", action);
  op.Set("operationId", absl::StrCat(std::string(action), r.kind));
  if (write) op.Set("parameters", WriteParams(patch));
  // No requestBody on PATCH: kubectl apply then computes its patch from its own compiled
  // types, which know every field, rather than from these schemas.
  Json ok = Json::MakeObject();
  ok.Set("description", "OK");
  Json responses = Json::MakeObject();
  responses.Set("200", std::move(ok));
  op.Set("responses", std::move(responses));
  return op;
}

// Follows allOf[0] and $ref to the schema they name.
const Json* Resolve(const Json* schema) {
  for (int i = 0; i < 8 && schema != nullptr; ++i) {
    if (const Json* all = schema->Find("allOf"); all != nullptr && all->is_array() && !all->array().empty()) {
      schema = &all->array()[0];
      continue;
    }
    std::string_view ref = schema->GetString("$ref");
    if (ref.empty()) return schema;
    constexpr std::string_view kPrefix = "#/components/schemas/";
    schema = Schemas().Find(ref.substr(kPrefix.size()));
  }
  return schema;
}

void Unknown(const Json& value, const Json* schema, const std::string& path,
             std::vector<std::string>& out) {
  schema = Resolve(schema);
  if (schema == nullptr) return;
  if (value.is_object()) {
    const Json* props = schema->Find("properties");
    const Json* additional = schema->Find("additionalProperties");
    for (const auto& [k, v] : value.object()) {
      if (!k.empty() && k[0] == '$') continue;  // strategic merge patch directives
      std::string at = path.empty() ? k : absl::StrCat(path, ".", k);
      if (props != nullptr && props->is_object() && props->Find(k) != nullptr) {
        Unknown(v, props->Find(k), at, out);
      } else if (additional != nullptr && additional->is_object()) {
        Unknown(v, additional, at, out);
      } else if (props != nullptr && props->is_object()) {
        out.push_back(at);
      }
    }
  } else if (value.is_array()) {
    const Json* items = schema->Find("items");
    if (items == nullptr) return;
    for (size_t i = 0; i < value.array().size(); ++i) {
      Unknown(value.array()[i], items, absl::StrCat(path, "[", i, "]"), out);
    }
  }
}

}  // namespace

const Json& OpenApiComponentSchemas() { return Schemas(); }

const Json* KindSchema(std::string_view kind, std::string_view group) {
  for (const Resource& r : Resources()) {
    if (r.kind == kind && r.group == group) return Schemas().Find(SchemaName(r));
  }
  return nullptr;
}

const Json* ResolveSchema(const Json* schema) { return Resolve(schema); }

std::vector<std::string> UnknownFields(std::string_view kind, std::string_view group,
                                       const Json& obj) {
  std::vector<std::string> out;
  if (const Json* schema = KindSchema(kind, group)) Unknown(obj, schema, "", out);
  return out;
}

Json OpenApiV3Index() {
  Json paths = Json::MakeObject();
  std::set<std::string> seen;
  for (const Resource& r : Resources()) {
    std::string gv = GvPath(r);
    if (!seen.insert(gv).second) continue;
    Json entry = Json::MakeObject();
    // The hash only has to change when the document does; this one never does.
    entry.Set("serverRelativeURL", absl::StrCat("/openapi/v3/", gv, "?hash=podinit-fake-1"));
    paths.Set(gv, std::move(entry));
  }
  Json index = Json::MakeObject();
  index.Set("paths", std::move(paths));
  return index;
}

Json OpenApiV3Document(std::string_view path) {
  Json paths = Json::MakeObject();
  for (const Resource& r : Resources()) {
    if (GvPath(r) != path) continue;
    std::string prefix = absl::StrCat("/", GvPath(r), r.namespaced ? "/namespaces/{namespace}/" : "/", r.name);
    Json collection = Json::MakeObject();
    if (!r.create_only) collection.Set("get", Operation(r, "list", false, false));
    collection.Set("post", Operation(r, "post", true, false));
    paths.Set(prefix, std::move(collection));
    if (r.create_only) continue;
    Json item = Json::MakeObject();
    item.Set("get", Operation(r, "get", false, false));
    item.Set("put", Operation(r, "put", true, false));
    item.Set("patch", Operation(r, "patch", true, true));
    item.Set("delete", Operation(r, "delete", false, false));
    paths.Set(prefix + "/{name}", std::move(item));
  }
  if (paths.object().empty()) return Json();
  Json info = Json::MakeObject();
  info.Set("title", "Kubernetes");
  info.Set("version", "v1.32.0");
  Json components = Json::MakeObject();
  components.Set("schemas", Schemas());
  Json doc = Json::MakeObject();
  doc.Set("openapi", "3.0.0");
  doc.Set("info", std::move(info));
  doc.Set("paths", std::move(paths));
  doc.Set("components", std::move(components));
  return doc;
}

}  // namespace fakeapi
