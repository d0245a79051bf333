#include "fakeapi/openapi_v2.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "fakeapi/openapi.h"
#include "gocompat/string_view.h"

namespace fakeapi {

using k8sclient::Json;

namespace {

constexpr std::string_view kV3Ref = "#/components/schemas/";
constexpr std::string_view kV2Ref = "#/definitions/";

// A v3 schema as v2 writes it: `allOf: [{$ref}]` beside a description is a plain $ref with
// that description (what kube-openapi emits for both from the same definitions).
Json SchemaToV2(const Json& s) {
  if (s.is_array()) {
    Json out = Json::MakeArray();
    for (const Json& v : s.array()) out.array().push_back(SchemaToV2(v));
    return out;
  }
  if (!s.is_object()) return s;
  Json out = Json::MakeObject();
  for (const auto& [k, v] : s.object()) {
    if (k == "allOf" && v.is_array() && v.array().size() == 1 && v.array()[0].Find("$ref")) {
      out.Set("$ref", SchemaToV2(v.array()[0]).GetString("$ref"));
    } else if (k == "$ref" && v.is_string() && v.as_string().rfind(kV3Ref, 0) == 0) {
      out.Set("$ref", std::string(kV2Ref) + v.as_string().substr(kV3Ref.size()));
    } else if (k == "properties" && v.is_object()) {
      Json props = Json::MakeObject();
      for (const auto& [name, p] : v.object()) props.Set(name, SchemaToV2(p));
      out.Set(k, std::move(props));
    } else if (k.rfind("x-", 0) == 0) {
      out.Set(k, v);
    } else {
      out.Set(k, SchemaToV2(v));
    }
  }
  return out;
}

// A v3 operation as v2 writes it: query parameters carry their type themselves.
Json OperationToV2(const Json& op) {
  Json out = op;
  if (Json* params = out.Find("parameters"); params != nullptr && params->is_array()) {
    for (Json& p : params->array()) {
      if (const Json* schema = p.Find("schema"); schema != nullptr && schema->is_object()) {
        Json copy = *schema;
        p.Erase("schema");
        for (const auto& [k, v] : copy.object()) p.Set(k, v);
      }
    }
  }
  return out;
}

// --- protobuf wire format ---------------------------------------------------------------

void Varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void Bytes(std::string& out, int field, std::string_view b) {
  Varint(out, (static_cast<uint64_t>(field) << 3) | 2);
  Varint(out, b.size());
  out.append(b);
}

// proto3 leaves empty strings, zero numbers and false out.
void String(std::string& out, int field, std::string_view s) {
  if (!s.empty()) Bytes(out, field, s);
}

void Bool(std::string& out, int field, bool b) {
  if (!b) return;
  Varint(out, static_cast<uint64_t>(field) << 3);
  Varint(out, 1);
}

void Int64(std::string& out, int field, int64_t v) {
  if (v == 0) return;
  Varint(out, static_cast<uint64_t>(field) << 3);
  Varint(out, static_cast<uint64_t>(v));
}

// openapi_v2.Any: the value as YAML text; JSON is YAML.
std::string AnyMessage(const Json& v) {
  std::string out;
  String(out, 2, v.Dump() + "\n");
  return out;
}

// NamedAny vendor extensions: every "x-" key of `obj`.
void VendorExtensions(std::string& out, int field, const Json& obj) {
  for (const auto& [k, v] : obj.object()) {
    if (k.rfind("x-", 0) != 0) continue;
    std::string named;
    String(named, 1, k);
    Bytes(named, 2, AnyMessage(v));
    Bytes(out, field, named);
  }
}

std::string SchemaMessage(const Json& s);

std::string NamedSchemas(const Json& map) {
  std::string out;
  for (const auto& [name, schema] : map.object()) {
    std::string named;
    String(named, 1, name);
    Bytes(named, 2, SchemaMessage(schema));
    Bytes(out, 1, named);
  }
  return out;
}

std::string SchemaMessage(const Json& s) {
  std::string out;
  if (!s.is_object()) return out;
  String(out, 1, s.GetString("$ref"));
  String(out, 2, s.GetString("format"));
  String(out, 3, s.GetString("title"));
  String(out, 4, s.GetString("description"));
  if (const Json* d = s.Find("default")) Bytes(out, 5, AnyMessage(*d));
  if (const Json* req = s.Find("required"); req != nullptr && req->is_array()) {
    for (const Json& r : req->array()) {
      if (r.is_string()) Bytes(out, 19, r.as_string());
    }
  }
  if (const Json* e = s.Find("enum"); e != nullptr && e->is_array()) {
    for (const Json& v : e->array()) Bytes(out, 20, AnyMessage(v));
  }
  if (const Json* ap = s.Find("additionalProperties")) {
    std::string item;
    if (ap->is_bool()) {
      Varint(item, 2 << 3);
      Varint(item, ap->as_bool() ? 1 : 0);
    } else {
      Bytes(item, 1, SchemaMessage(*ap));
    }
    Bytes(out, 21, item);
  }
  if (const Json* t = s.Find("type")) {
    std::string item;
    if (t->is_string()) Bytes(item, 1, t->as_string());
    if (t->is_array()) {
      for (const Json& v : t->array()) {
        if (v.is_string()) Bytes(item, 1, v.as_string());
      }
    }
    Bytes(out, 22, item);
  }
  if (const Json* items = s.Find("items")) {
    std::string item;
    if (items->is_array()) {
      for (const Json& v : items->array()) Bytes(item, 1, SchemaMessage(v));
    } else {
      Bytes(item, 1, SchemaMessage(*items));
    }
    Bytes(out, 23, item);
  }
  if (const Json* all = s.Find("allOf"); all != nullptr && all->is_array()) {
    for (const Json& v : all->array()) Bytes(out, 24, SchemaMessage(v));
  }
  if (const Json* props = s.Find("properties"); props != nullptr && props->is_object()) {
    Bytes(out, 25, NamedSchemas(*props));
  }
  if (const Json* ro = s.Find("readOnly"); ro != nullptr && ro->is_bool()) Bool(out, 27, ro->as_bool());
  VendorExtensions(out, 31, s);
  return out;
}

// A query parameter: Parameter.non_body_parameter.query_parameter_sub_schema.
std::string ParameterItem(const Json& p) {
  std::string query;
  if (const Json* r = p.Find("required"); r != nullptr && r->is_bool()) Bool(query, 1, r->as_bool());
  String(query, 2, p.GetString("in"));
  String(query, 3, p.GetString("description"));
  String(query, 4, p.GetString("name"));
  String(query, 6, p.GetString("type"));
  if (const Json* u = p.Find("uniqueItems"); u != nullptr && u->is_bool()) Bool(query, 20, u->as_bool());
  VendorExtensions(query, 23, p);
  std::string non_body;
  Bytes(non_body, 3, query);
  std::string parameter;
  Bytes(parameter, 2, non_body);
  std::string item;
  Bytes(item, 1, parameter);
  return item;
}

std::string OperationMessage(const Json& op) {
  std::string out;
  String(out, 3, op.GetString("description"));
  String(out, 5, op.GetString("operationId"));
  if (const Json* params = op.Find("parameters"); params != nullptr && params->is_array()) {
    for (const Json& p : params->array()) Bytes(out, 8, ParameterItem(p));
  }
  if (const Json* responses = op.Find("responses"); responses != nullptr && responses->is_object()) {
    std::string rs;
    for (const auto& [code, r] : responses->object()) {
      std::string response;
      String(response, 1, r.GetString("description"));
      std::string value;
      Bytes(value, 1, response);
      std::string named;
      String(named, 1, code);
      Bytes(named, 2, value);
      Bytes(rs, 1, named);
    }
    Bytes(out, 9, rs);
  }
  VendorExtensions(out, 13, op);
  return out;
}

std::string PathsMessage(const Json& paths) {
  std::string out;
  for (const auto& [path, item] : paths.object()) {
    std::string pi;
    static const std::pair<const char*, int> kMethods[] = {
        {"get", 2}, {"put", 3}, {"post", 4}, {"delete", 5}, {"options", 6}, {"head", 7}, {"patch", 8}};
    for (const auto& [method, field] : kMethods) {
      if (const Json* op = item.Find(method)) Bytes(pi, field, OperationMessage(*op));
    }
    std::string named;
    String(named, 1, path);
    Bytes(named, 2, pi);
    Bytes(out, 2, named);
  }
  return out;
}

}  // namespace

Json OpenApiV2Document() {
  Json paths = Json::MakeObject();
  Json info;
  Json index = OpenApiV3Index();
  for (const auto& [gv, entry] : index.Find("paths")->object()) {
    Json v3 = OpenApiV3Document(gv);
    if (v3.is_null()) continue;
    info = *v3.Find("info");
    for (const auto& [path, item] : v3.Find("paths")->object()) {
      Json v2item = Json::MakeObject();
      for (const auto& [method, op] : item.object()) v2item.Set(method, OperationToV2(op));
      paths.Set(path, std::move(v2item));
    }
  }
  Json definitions = Json::MakeObject();
  for (const auto& [name, schema] : OpenApiComponentSchemas().object()) {
    definitions.Set(name, SchemaToV2(schema));
  }
  Json doc = Json::MakeObject();
  doc.Set("swagger", "2.0");
  doc.Set("info", std::move(info));
  doc.Set("paths", std::move(paths));
  doc.Set("definitions", std::move(definitions));
  return doc;
}

std::string OpenApiV2Protobuf(const Json& doc) {
  std::string out;
  String(out, 1, doc.GetString("swagger"));
  if (const Json* info = doc.Find("info"); info != nullptr && info->is_object()) {
    std::string i;
    String(i, 1, info->GetString("title"));
    String(i, 2, info->GetString("version"));
    Bytes(out, 2, i);
  }
  if (const Json* paths = doc.Find("paths"); paths != nullptr && paths->is_object()) {
    Bytes(out, 8, PathsMessage(*paths));
  }
  if (const Json* defs = doc.Find("definitions"); defs != nullptr && defs->is_object()) {
    Bytes(out, 9, NamedSchemas(*defs));
  }
  return out;
}

std::optional<OpenApiV2Format> NegotiateOpenApiV2(std::string_view accept) {
  constexpr std::string_view kPbDeprecated = "com.github.proto-openapi.spec.v2@v1.0+protobuf";
  constexpr std::string_view kPb = "com.github.proto-openapi.spec.v2.v1.0+protobuf";
  struct Clause {
    std::string type, subtype;
    double q = 1;
    size_t params = 0;
  };
  std::vector<Clause> clauses;
  if (accept.empty()) accept = "*/*";
  for (absl::string_view part : absl::StrSplit(gocompat::AV(accept), ',')) {
    std::vector<absl::string_view> fields = absl::StrSplit(part, ';');
    std::string mt(absl::StripAsciiWhitespace(fields[0]));
    Clause c;
    size_t slash = mt.find('/');
    if (slash == std::string::npos) {
      if (mt != "*") continue;
      c.type = c.subtype = "*";
    } else {
      c.type = mt.substr(0, slash);
      c.subtype = mt.substr(slash + 1);
    }
    for (size_t i = 1; i < fields.size(); ++i) {
      absl::string_view f = absl::StripAsciiWhitespace(fields[i]);
      if (absl::ConsumePrefix(&f, "q=")) {
        if (!absl::SimpleAtod(f, &c.q)) c.q = 0;
      } else {
        ++c.params;
      }
    }
    clauses.push_back(std::move(c));
  }
  // goautoneg's order: by q, then concrete before wildcard, then more parameters first.
  std::stable_sort(clauses.begin(), clauses.end(), [](const Clause& a, const Clause& b) {
    if (a.q != b.q) return a.q > b.q;
    if ((a.type == "*") != (b.type == "*")) return b.type == "*";
    if ((a.subtype == "*") != (b.subtype == "*")) return b.subtype == "*";
    return a.params > b.params;
  });
  for (const Clause& c : clauses) {
    for (std::string_view sub : {std::string_view("json"), kPbDeprecated, kPb}) {
      if (c.type != "application" && c.type != "*") continue;
      if (c.subtype != sub && c.subtype != "*") continue;
      OpenApiV2Format f;
      f.protobuf = sub != "json";
      f.content_type = "application/" + std::string(f.protobuf ? kPb : sub);
      return f;
    }
  }
  return std::nullopt;
}

}  // namespace fakeapi
