#include "fakeapi/api.h"

#include <cctype>
#include <cstdio>
#include <variant>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "fakeapi/defaults.h"
#include "fakeapi/json_patch.h"
#include "fakeapi/managed_fields.h"
#include "fakeapi/openapi.h"
#include "fakeapi/openapi_v2.h"
#include "fakeapi/protobuf.h"
#include "fakeapi/strategic_patch.h"
#include "fakeapi/strategy.h"
#include "fakeapi/table.h"
#include "k8sclient/yaml.h"
#include "gocompat/string_view.h"

namespace fakeapi {

using k8sclient::Json;

using gocompat::SV;

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 &&
               HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

Response JsonResponse(int status, const Json& body) {
  Response r;
  r.status = status;
  r.body = body.Dump();
  return r;
}

// A Status body answered with its own code.
Response StatusResponse(const Json& status) {
  const Json* code = status.Find("code");
  return JsonResponse(code != nullptr && code->is_int() ? static_cast<int>(code->as_int()) : 500,
                      status);
}

Response NoSuchPath() {
  return StatusResponse(StatusError(404, "NotFound", "the server could not find the requested resource",
                                    Json::MakeObject()));
}

// A 404 as the apiserver answers an unknown path, saying that this server is what lacks it.
Response NotServed(std::string_view what) {
  return StatusResponse(StatusError(
      404, "NotFound",
      absl::StrCat("the server could not find the requested resource (podinit-fake-apiserver "
                   "does not serve ", std::string(what), ")"),
      Json::MakeObject()));
}

Response BadRequest(std::string_view message) {
  return StatusResponse(StatusError(400, "BadRequest", message));
}

std::string EventLine(std::string_view type, const Json& object) {
  std::string line = absl::StrCat("{\"type\":\"", std::string(type), "\",\"object\":");
  line += object.Dump();
  line += "}\n";
  return line;
}

std::string_view Namespace(const Json& obj) {
  const Json* meta = obj.Find("metadata");
  return meta != nullptr ? meta->GetString("namespace") : std::string_view();
}

}  // namespace

std::map<std::string, std::string> ParseQuery(std::string_view query) {
  std::map<std::string, std::string> out;
  for (absl::string_view part : absl::StrSplit(gocompat::AV(query), '&', absl::SkipEmpty())) {
    size_t eq = part.find('=');
    std::string key = Unescape(SV(part.substr(0, eq)));
    std::string value = eq == std::string_view::npos ? "" : Unescape(SV(part.substr(eq + 1)));
    out.emplace(std::move(key), std::move(value));  // the first of repeated keys wins, as Get does
  }
  return out;
}

bool QueryBool(const std::map<std::string, std::string>& q, const std::string& key) {
  auto it = q.find(key);
  if (it == q.end()) return false;
  std::string v = absl::AsciiStrToLower(it->second);
  return v == "true" || v == "t" || v == "1";
}

Api::Api(Store& store, const Options& options) : store_(store), opts_(options) {
  rng_.seed(options.seed.has_value() ? *options.seed : std::random_device{}());
  if (!options.request_log.empty()) {
    log_ = std::fopen(options.request_log.c_str(), "a");
    if (log_ == nullptr) std::perror(options.request_log.c_str());
  }
}

double Api::Random() {
  std::lock_guard<std::mutex> lock(mu_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
}

std::optional<Identity> Api::Authenticate(const Request& req) const {
  if (opts_.token.empty() && opts_.sa_tokens.empty()) {
    Identity anyone;
    anyone.user = absl::StrCat("system:serviceaccount:", opts_.ns, ":default");
    anyone.unrestricted = true;
    return anyone;
  }
  std::string_view auth = req.authorization;
  if (auth.substr(0, 7) != "Bearer ") return std::nullopt;
  std::string_view token = auth.substr(7);
  if (!opts_.token.empty() && token == opts_.token) {
    // The one token of earlier versions: allowed everything, named as a pod's default account.
    Identity admin;
    admin.user = absl::StrCat("system:serviceaccount:", opts_.ns, ":default");
    admin.unrestricted = true;
    return admin;
  }
  for (const auto& [t, sa] : opts_.sa_tokens) {
    if (token != t) continue;
    size_t slash = sa.find('/');
    return Identity::ServiceAccount(std::string_view(sa).substr(0, slash),
                                    std::string_view(sa).substr(slash + 1));
  }
  return std::nullopt;
}

void Api::LogRequest(const Request& req, std::string_view status) {
  if (log_ == nullptr) return;
  std::lock_guard<std::mutex> lock(mu_);
  std::fprintf(log_, "%s %s %.*s\n", req.method.c_str(), req.target.c_str(),
               static_cast<int>(status.size()), status.data());
  std::fflush(log_);
}

struct Call {
  Call(const Request& r, std::map<std::string, std::string> q) : req(r), query(std::move(q)) {}

  const Request& req;
  std::map<std::string, std::string> query;
  const Resource* resource = nullptr;
  std::string ns;    // from the path; empty for cluster-scoped resources and all-namespace lists
  std::string name;  // empty for collections
  std::string subresource;
  std::string verb;
  Identity who;
  Outcome out;

  Response& Reply(Response r) { return out.response = std::move(r); }
};

namespace {

using Shape = Api::Route::Shape;

Outcome Done(Call& call, Response r) {
  call.Reply(std::move(r));
  return std::move(call.out);
}

// The Table an Accept header asks for, or nullopt for plain objects.
std::optional<TableRequest> TableRequestFor(const Call& call) {
  auto version = WantedTableVersion(call.req.accept);
  if (!version.has_value()) return std::nullopt;
  TableRequest t;
  t.version = *version;
  if (auto it = call.query.find("includeObject"); it != call.query.end() && !it->second.empty()) {
    t.include_object = it->second;
  }
  return t;
}

Response MethodNotAllowed() {
  return StatusResponse(StatusError(
      405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
      Json::MakeObject()));
}

// The Content-Type's media type, lower case, without parameters.
std::string MediaType(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  std::string t = absl::AsciiStrToLower(gocompat::AV(type));
  return std::string(absl::StripAsciiWhitespace(t));
}

// A Conflict for an optimistic-lock failure, with the details the apiserver gives.
Response Conflict(const Resource& r, std::string_view name, std::string_view message) {
  Json d = Json::MakeObject();
  d.Set("name", name);
  if (!r.group.empty()) d.Set("group", r.group);
  d.Set("kind", r.name);
  return StatusResponse(StatusError(409, "Conflict", message, d));
}

}  // namespace

// The route table. A resource path with no row answers 405 when another method has one, 404
// otherwise.
const std::vector<Api::Route>& Api::Routes() {
  static const std::vector<Route> kRoutes = {
      {"GET", Shape::kCollection, "", "list", &Api::List},
      {"POST", Shape::kCollection, "", "create", &Api::Create},
      {"DELETE", Shape::kCollection, "", "deletecollection", &Api::DeleteCollection},
      {"GET", Shape::kObject, "", "get", &Api::Get},
      {"PUT", Shape::kObject, "", "update", &Api::Update},
      {"PATCH", Shape::kObject, "", "patch", &Api::Patch},
      {"DELETE", Shape::kObject, "", "delete", &Api::Delete},
      {"GET", Shape::kObject, "status", "get", &Api::GetStatus},
      {"PUT", Shape::kObject, "status", "update", &Api::Update},
      {"PATCH", Shape::kObject, "status", "patch", &Api::Patch},
      {"GET", Shape::kObject, "scale", "get", &Api::Scale},
      {"PUT", Shape::kObject, "scale", "update", &Api::Scale},
      {"PATCH", Shape::kObject, "scale", "patch", &Api::Scale},
      {"GET", Shape::kObject, "log", "get", &Api::Logs},
  };
  return kRoutes;
}

std::optional<Response> Api::NonResource(const Request& req, const std::string& path,
                                         const std::vector<std::string>& seg) {
  const std::string& method = req.method;
  if (path == "/version" || path == "/version/") return JsonResponse(200, VersionInfo());
  if (path == "/healthz" || path == "/livez" || path == "/readyz") {
    Response r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "ok";
    return r;
  }
  if (path == "/openapi/v2" || path == "/openapi/v2/") {
    if (method != "GET") return MethodNotAllowed();
    std::optional<OpenApiV2Format> format = NegotiateOpenApiV2(req.accept);
    Response r;
    r.headers.emplace_back("Vary", "Accept");
    if (!format.has_value()) {
      // kube-openapi's handler: a bare 406, no Status body.
      r.status = 406;
      r.content_type.clear();
      return r;
    }
    static const Json* kDoc = new Json(OpenApiV2Document());
    static const std::string* kJson = new std::string(kDoc->Dump());
    static const std::string* kProto = new std::string(OpenApiV2Protobuf(*kDoc));
    r.content_type = format->content_type;
    r.body = format->protobuf ? *kProto : *kJson;
    return r;
  }
  if (path == "/openapi/v3" || path == "/openapi/v3/") {
    if (method != "GET") return MethodNotAllowed();
    return JsonResponse(200, OpenApiV3Index());
  }
  if (path.rfind("/openapi/v3/", 0) == 0 && method == "GET") {
    Json doc = OpenApiV3Document(std::string_view(path).substr(std::string_view("/openapi/v3/").size()));
    if (doc.is_null()) return NoSuchPath();
    return JsonResponse(200, doc);
  }
  if (seg.empty() || (seg[0] != "api" && seg[0] != "apis")) return NoSuchPath();
  bool core = seg[0] == "api";
  size_t gv_len = core ? 2 : 3;  // segments up to and including the version
  if (seg.size() < gv_len) {
    if (method != "GET") return NoSuchPath();
    if (core) return JsonResponse(200, CoreApiVersions());
    if (seg.size() == 1) return JsonResponse(200, ApiGroupList());
    for (const Json& g : ApiGroupList().Find("groups")->array()) {
      if (g.GetString("name") == seg[1]) {
        Json group = g;
        group.Set("kind", "APIGroup");
        group.Set("apiVersion", "v1");
        return JsonResponse(200, group);
      }
    }
    return NoSuchPath();
  }
  if (seg.size() == gv_len) {
    Json list = ApiResourceList(core ? "" : seg[1], seg[gv_len - 1]);
    if (list.is_null() || method != "GET") return NoSuchPath();
    return JsonResponse(200, list);
  }
  return std::nullopt;
}

std::optional<Outcome> Api::Intercept(Call& call) {
  // Injected faults hit resource requests only, so discovery never decides a test's outcome.
  Outcome out;
  out.delay = opts_.latency;
  call.out.delay = opts_.latency;
  if (opts_.rate_drop > 0 && Random() < opts_.rate_drop) {
    out.drop = true;
    return out;
  }
  if (opts_.rate_429 > 0 && Random() < opts_.rate_429) {
    Response resp;
    resp.status = 429;
    resp.content_type = "text/plain; charset=utf-8";
    resp.body = "Too many requests, please try again later.\n";
    resp.headers.emplace_back("Retry-After", std::to_string(opts_.retry_after));
    out.response = std::move(resp);
    return out;
  }
  if (opts_.rate_5xx > 0 && Random() < opts_.rate_5xx) {
    Json details = Json::MakeObject();
    Json cause = Json::MakeObject();
    cause.Set("message", "injected fault");
    details.Set("causes", Json(Json::Array{cause}));
    out.response = StatusResponse(
        StatusError(500, "InternalError", "Internal error occurred: injected fault", details));
    return out;
  }
  const Resource& r = *call.resource;
  auto forbidden = [&](const std::string& res) {
    return opts_.forbid.count(res) != 0 || opts_.forbid.count(res + ":" + call.verb) != 0;
  };
  Attributes attrs{call.verb, r.group, r.name, call.subresource, r.namespaced ? call.ns : "",
                   call.name, ""};
  if (forbidden(r.name) || forbidden(r.Qualified()) || forbidden("*") ||
      !Authorize(store_, call.who, attrs).allowed) {
    out.response = StatusResponse(
        Forbidden(r, call.who.user, call.verb, r.namespaced ? call.ns : "", call.name));
    return out;
  }
  return std::nullopt;
}

Outcome Api::Handle(const Request& req) {
  auto finish = [&](Outcome out) {
    LogRequest(req, out.drop ? std::string("-") : std::to_string(out.response.status));
    return out;
  };
  auto reply = [&](Response r) {
    Outcome out;
    out.response = std::move(r);
    return finish(std::move(out));
  };
  std::string_view target = req.target;
  size_t qmark = target.find('?');
  std::string path(target.substr(0, qmark));
  std::vector<std::string> seg;
  for (absl::string_view s : absl::StrSplit(path, '/', absl::SkipEmpty())) seg.push_back(Unescape(SV(s)));

  // What an anonymous client may read from a real apiserver.
  if (path == "/version" || path == "/version/" || path == "/healthz" || path == "/livez" ||
      path == "/readyz") {
    return reply(*NonResource(req, path, seg));
  }
  std::optional<Identity> who = Authenticate(req);
  if (!who.has_value()) {
    return reply(StatusResponse(StatusError(401, "Unauthorized", "Unauthorized")));
  }
  if (auto r = NonResource(req, path, seg)) return reply(*std::move(r));
  if (!AcceptsJson(req.accept)) {
    // What the apiserver's negotiation answers for a type it has no protobuf for (a custom
    // resource): the client learns it must ask for JSON.
    return reply(StatusResponse(StatusError(
        406, "NotAcceptable",
        "only the following media types are accepted: application/json, application/yaml")));
  }

  // /api/v1/... or /apis/G/V/...: [namespaces/NS/]RESOURCE[/NAME[/SUBRESOURCE]]
  bool core = seg[0] == "api";
  size_t gv_len = core ? 2 : 3;
  std::string group = core ? "" : seg[1];
  std::string version = seg[gv_len - 1];
  Call call{req, ParseQuery(qmark == std::string_view::npos ? "" : target.substr(qmark + 1))};
  call.who = *std::move(who);
  std::vector<std::string> rest(seg.begin() + gv_len, seg.end());
  if (rest.size() >= 3 && rest[0] == "namespaces") {
    call.ns = rest[1];
    rest.erase(rest.begin(), rest.begin() + 2);
    call.resource = FindResource(group, version, rest[0]);
    if (call.resource != nullptr && !call.resource->namespaced) return reply(NoSuchPath());
  } else {
    call.resource = FindResource(group, version, rest[0]);
    if (call.resource != nullptr && call.resource->namespaced && rest.size() > 1) {
      return reply(NoSuchPath());
    }
  }
  if (call.resource == nullptr || rest.size() > 3) return reply(NotServed(path));
  if (rest.size() >= 2) call.name = rest[1];
  if (rest.size() == 3) call.subresource = rest[2];
  Shape shape = call.name.empty() ? Shape::kCollection : Shape::kObject;

  const Route* route = nullptr;
  bool path_known = false;
  for (const Route& row : Routes()) {
    if (row.shape != shape || call.subresource != row.subresource) continue;
    path_known = true;
    if (req.method == row.method) route = &row;
  }
  if (route == nullptr) {
    return reply(path_known ? MethodNotAllowed()
                            : NotServed(absl::StrCat(call.resource->name, "/", call.subresource)));
  }
  call.verb = route->verb;
  if (call.verb == "list" && QueryBool(call.query, "watch")) call.verb = "watch";

  if (auto intercepted = Intercept(call)) return finish(*std::move(intercepted));
  Outcome out = (this->*route->handle)(call);
  out.delay = opts_.latency;
  return finish(std::move(out));
}

Outcome Api::Get(Call& call) {
  const Resource& r = *call.resource;
  ObjectPtr obj = store_.Get(r, call.ns, call.name);
  if (obj == nullptr) return Done(call, StatusResponse(NotFound(r, call.name)));
  if (auto table = TableRequestFor(call)) {
    Json meta = Json::MakeObject();
    if (const Json* rv = obj->Path("metadata.resourceVersion")) meta.Set("resourceVersion", *rv);
    return Done(call, JsonResponse(200, MakeTable(r, {obj}, meta, *table)));
  }
  call.out.response.body = obj->Dump();
  return std::move(call.out);
}

namespace {

// The labelSelector and fieldSelector of a list, watch or deletecollection; the Response is the
// 400 for one the apiserver refuses.
struct Selectors {
  LabelSelector labels;
  FieldSelector fields;
};
std::variant<Selectors, Response> ParseSelectors(const Resource& r,
                                                 std::map<std::string, std::string>& query) {
  auto labels = LabelSelector::Parse(query["labelSelector"]);
  if (!labels.ok()) return BadRequest(SV(labels.status().message()));
  auto fields = FieldSelector::Parse(query["fieldSelector"]);
  if (!fields.ok()) return BadRequest(SV(fields.status().message()));
  for (const auto& f : fields->requirements()) {
    if (!r.SupportsField(f.field)) {
      return BadRequest(absl::StrCat("field label not supported: ", f.field));
    }
  }
  return Selectors{*std::move(labels), *std::move(fields)};
}

}  // namespace

Outcome Api::List(Call& call) {
  const Resource& r = *call.resource;
  auto& query = call.query;
  auto selectors = ParseSelectors(r, query);
  if (auto* bad = std::get_if<Response>(&selectors)) return Done(call, std::move(*bad));
  auto& [labels, fields] = std::get<Selectors>(selectors);
  if (call.verb == "watch") {
    WatchSpec spec;
    spec.resource = &r;
    spec.ns = r.namespaced ? call.ns : "";
    spec.labels = std::move(labels);
    spec.fields = std::move(fields);
    spec.bookmarks = QueryBool(query, "allowWatchBookmarks");
    const std::string& rv = query["resourceVersion"];
    int64_t start = 0;
    if (rv.empty() || rv == "0") {
      spec.send_initial = true;
    } else if (!absl::SimpleAtoi(rv, &start) || start < 0) {
      call.Reply(BadRequest(absl::StrCat("resourceVersion: Invalid value: \"", rv,
                                         "\": must be a valid resource version")));
      return std::move(call.out);
    }
    if (int64_t current = store_.ResourceVersion(); start > current) {
      // The watch cache's answer to a resourceVersion from the future (after a restart the
      // server's versions start low again): storage.NewTooLargeResourceVersionError.
      Json cause = Json::MakeObject();
      cause.Set("reason", "ResourceVersionTooLarge");
      cause.Set("message", "Too large resource version");
      Json details = Json::MakeObject();
      details.Set("causes", Json(Json::Array{cause}));
      details.Set("retryAfterSeconds", 1);
      return Done(call, StatusResponse(StatusError(
                            504, "Timeout",
                            absl::StrCat("Timeout: Too large resource version: ", start,
                                         ", current: ", current),
                            details)));
    }
    if (QueryBool(query, "sendInitialEvents")) {
      spec.send_initial = true;
      spec.initial_events_end_bookmark = true;
    }
    spec.last_rv = start;
    int64_t timeout = 0;
    if (absl::SimpleAtoi(query["timeoutSeconds"], &timeout) && timeout > 0) {
      spec.timeout = absl::Seconds(timeout);
    }
    spec.table = TableRequestFor(call);
    call.out.watch = std::move(spec);
    return std::move(call.out);
  }
  int64_t limit = 0;
  if (!query["limit"].empty() && !absl::SimpleAtoi(query["limit"], &limit)) limit = 0;
  std::string after;
  if (const std::string& cont = query["continue"]; !cont.empty()) {
    std::string decoded;
    absl::StatusOr<Json> token = absl::InvalidArgumentError("not base64");
    if (absl::WebSafeBase64Unescape(cont, &decoded)) token = k8sclient::ParseJson(decoded);
    if (!token.ok() || !token->is_object() || !token->Find("start")) {
      call.Reply(BadRequest("continue key is not valid: the continue token is malformed"));
      return std::move(call.out);
    }
    after = std::string(token->GetString("start"));
    const Json* token_rv = token->Find("rv");
    if (token_rv != nullptr && token_rv->is_int() &&
        token_rv->as_int() < store_.OldestResourceVersion()) {
      call.Reply(StatusResponse(Expired(
          "The provided continue parameter is too old to display a consistent list result. "
          "You can start a new list without the continue parameter, or use the continue token "
          "in this response to retrieve the remainder of the results. Continuing with the "
          "provided token results in an inconsistent list - objects that were created, "
          "modified, or deleted between the time the first chunk was returned and now may show "
          "up in the list.")));
      return std::move(call.out);
    }
  }
  Store::ListResult list =
      store_.List(r, r.namespaced ? call.ns : "", labels, fields, limit, after);
  Json meta = Json::MakeObject();
  meta.Set("resourceVersion", absl::StrCat(list.resource_version));
  if (!list.next_key.empty()) {
    Json token = Json::MakeObject();
    token.Set("v", "meta.k8s.io/v1");
    token.Set("rv", list.resource_version);
    token.Set("start", list.next_key);
    meta.Set("continue", absl::WebSafeBase64Escape(token.Dump()));
    meta.Set("remainingItemCount", list.remaining);
  }
  if (auto table = TableRequestFor(call)) {
    return Done(call, JsonResponse(200, MakeTable(r, list.items, meta, *table)));
  }
  std::string body = absl::StrCat("{\"kind\":\"", r.ListKind(), "\",\"apiVersion\":\"",
                                  r.GroupVersion(), "\",\"metadata\":", meta.Dump());
  body += ",\"items\":[";
  for (size_t i = 0; i < list.items.size(); ++i) {
    if (i > 0) body += ",";
    body += list.items[i]->Dump();
  }
  body += "]}";
  call.out.response.body = std::move(body);
  return std::move(call.out);
}

namespace {

// The Response for an error from the store or from a patch, worded as the apiserver words it.
Response ErrorResponse(const Resource& r, std::string_view name, const absl::Status& st) {
  if (Json body = StatusBody(st); !body.is_null()) return StatusResponse(body);
  std::string_view msg = SV(st.message());
  switch (st.code()) {
    case absl::StatusCode::kNotFound:
      return StatusResponse(NotFound(r, name));
    case absl::StatusCode::kAlreadyExists: {
      Json d = Json::MakeObject();
      d.Set("name", name);
      if (!r.group.empty()) d.Set("group", r.group);
      d.Set("kind", r.name);
      return StatusResponse(StatusError(409, "AlreadyExists", msg, d));
    }
    case absl::StatusCode::kAborted:
      return Conflict(r, name, msg);
    case absl::StatusCode::kFailedPrecondition:
      return StatusResponse(StatusError(422, "Invalid", msg));
    case absl::StatusCode::kInternal:
      return StatusResponse(StatusError(500, "InternalError", msg));
    default:
      return BadRequest(msg);
  }
}

// The request body of a PUT or POST: a JSON (or YAML) object. Other media types, protobuf
// above all (kubectl's typed clients send it), are refused as a server without them refuses
// them, so that the client retries in JSON.
absl::StatusOr<Json> DecodeObject(const Request& req) {
  std::string type = MediaType(req.content_type);
  absl::StatusOr<Json> body = absl::InvalidArgumentError("");
  if (type.empty() || type == "application/json" || type == "*/*") {
    body = k8sclient::ParseJson(req.body);
  } else if (type == "application/yaml") {
    body = k8sclient::ParseYaml(req.body);
  } else if (type == kProtobufMediaType) {
    body = DecodeKubernetesProtobuf(req.body);
    if (absl::IsNotFound(body.status())) {
      return ApiError(StatusError(
          415, "UnsupportedMediaType",
          "the body of the request was in an unknown format - accepted media types include: "
          "application/json, application/yaml"));
    }
  } else {
    return ApiError(StatusError(
        415, "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: "
        "application/json, application/yaml"));
  }
  if (body.ok() && body->is_object()) return body;
  return ApiError(StatusError(
      400, "BadRequest",
      absl::StrCat("error decoding request body: ",
                   body.ok() ? "not a JSON object" : std::string(SV(body.status().message())))));
}

// A patch body: JSON of any shape (a JSON patch is an array).
absl::StatusOr<Json> DecodePatch(const Request& req) {
  auto body = k8sclient::ParseJson(req.body);
  if (body.ok()) return body;
  return ApiError(StatusError(
      400, "BadRequest",
      absl::StrCat("error decoding request body: ", std::string(SV(body.status().message())))));
}

std::string_view OptionsKind(std::string_view verb) {
  if (verb == "create") return "CreateOptions";
  if (verb == "delete" || verb == "deletecollection") return "DeleteOptions";
  if (verb == "patch") return "PatchOptions";
  return "UpdateOptions";
}

// ?dryRun=All (or a DeleteOptions body's dryRun: ["All"]): true; absent: false; anything
// else is refused as ValidateDryRun refuses it.
absl::StatusOr<bool> DryRun(const Call& call) {
  std::vector<std::string> values;
  if (auto it = call.query.find("dryRun"); it != call.query.end()) values.push_back(it->second);
  if ((call.verb == "delete" || call.verb == "deletecollection") && !call.req.body.empty()) {
    auto body = k8sclient::ParseJson(call.req.body);
    if (body.ok() && body->is_object()) {
      if (const Json* d = body->Find("dryRun"); d != nullptr && d->is_array()) {
        for (const Json& v : d->array()) {
          if (v.is_string()) values.push_back(v.as_string());
        }
      }
    }
  }
  if (values.empty()) return false;
  for (const std::string& v : values) {
    if (v != "All") {
      std::string list;
      for (const std::string& x : values) absl::StrAppend(&list, list.empty() ? "" : ", ", "\"", x, "\"");
      return ApiError(StatusError(
          422, "Invalid",
          absl::StrCat(std::string(OptionsKind(call.verb)), ".meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{",
                       list, "}: supported values: \"All\"")));
    }
  }
  return true;
}

// The resourceVersion precondition of an update: one given that is not the stored one fails.
absl::Status CheckResourceVersion(const Resource& r, std::string_view name, const Json& old,
                                  const Json& updated) {
  const Json* want = updated.Path("metadata.resourceVersion");
  const Json* have = old.Path("metadata.resourceVersion");
  if (want == nullptr || (want->is_string() && want->as_string().empty())) return absl::OkStatus();
  if (have != nullptr && *want == *have) return absl::OkStatus();
  return absl::AbortedError(absl::StrCat(
      "Operation cannot be fulfilled on ", r.Qualified(), " \"", std::string(name),
      "\": the object has been modified; please apply your changes to the latest version and "
      "try again"));
}

// fieldValidation=Strict (kubectl's default): unknown fields are an error, worded as the
// apiserver's strict decoding words them. Other values (Warn, Ignore) accept them.
absl::Status StrictFields(const Call& call, const Json& obj) {
  auto it = call.query.find("fieldValidation");
  if (it == call.query.end() || it->second != "Strict") return absl::OkStatus();
  const Resource& r = *call.resource;
  std::vector<std::string> unknown = UnknownFields(r.kind, r.group, obj);
  if (unknown.empty()) return absl::OkStatus();
  std::string msg = absl::StrCat(r.kind, " in version \"", r.version, "\" cannot be handled as a ",
                                 r.kind, ": strict decoding error: ");
  for (size_t i = 0; i < unknown.size(); ++i) {
    absl::StrAppend(&msg, i == 0 ? "" : ", ", "unknown field \"", unknown[i], "\"");
  }
  return ApiError(StatusError(400, "BadRequest", msg));
}

// Who the write's fields go to: ?fieldManager=, else the User-Agent's product as the
// apiserver's prefixFromUserAgent takes it.
FieldManagerRequest FieldManagerOf(const Call& call) {
  FieldManagerRequest fm;
  if (auto it = call.query.find("fieldManager"); it != call.query.end()) fm.manager = it->second;
  if (fm.manager.empty()) fm.manager = call.req.user_agent.substr(0, call.req.user_agent.find('/'));
  fm.subresource = call.subresource;
  fm.time = NowRfc3339();
  return fm;
}

bool Forced(const Call& call) {
  auto it = call.query.find("force");
  return it != call.query.end() && (it->second == "true" || it->second == "True" || it->second == "1");
}

enum class PatchKind { kJson, kMerge, kStrategic, kApply };

// A server-side apply body: one object in YAML (or JSON, which is YAML).
absl::StatusOr<Json> ParseApplyBody(std::string_view text) {
  auto obj = k8sclient::ParseYaml(text);
  if (obj.ok() && obj->is_object()) return obj;
  return ApiError(StatusError(
      400, "BadRequest",
      absl::StrCat("error decoding YAML: ",
                   obj.ok() ? "not an object" : std::string(SV(obj.status().message())))));
}


// Applies a patch body to `obj` as its content type says.
absl::Status ApplyPatch(PatchKind kind, const Resource& r, const Json& patch, Json& obj) {
  switch (kind) {
    case PatchKind::kJson: {
      absl::Status st = ApplyJsonPatch(obj, patch);
      if (st.ok()) return st;
      // As the apiserver: a failed "test" is a conflict, anything else an invalid request.
      if (absl::IsFailedPrecondition(st)) {
        return ApiError(StatusError(409, "Conflict", SV(st.message())));
      }
      return ApiError(StatusError(422, "Invalid", SV(st.message())));
    }
    case PatchKind::kMerge:
      if (!patch.is_object()) {
        return ApiError(StatusError(400, "BadRequest", "error decoding request body: not a JSON object"));
      }
      k8sclient::MergePatch(obj, patch);
      return absl::OkStatus();
    case PatchKind::kStrategic:
    case PatchKind::kApply:
      return ApplyStrategicMergePatch(obj, patch, PatchTypeForKind(r.kind));
  }
  return absl::OkStatus();
}

}  // namespace

Outcome Api::Delete(Call& call) {
  const Resource& r = *call.resource;
  auto dry_run = DryRun(call);
  if (!dry_run.ok()) return Done(call, ErrorResponse(r, call.name, dry_run.status()));
  auto deleted = store_.Delete(r, call.ns, call.name, *dry_run);
  call.Reply(deleted.ok() ? JsonResponse(200, **deleted) : ErrorResponse(r, call.name, deleted.status()));
  return std::move(call.out);
}

// DELETE on a collection: every object the selectors pick, answered with the list of them as
// the generic registry's DeleteCollection answers; dryRun deletes nothing.
Outcome Api::DeleteCollection(Call& call) {
  const Resource& r = *call.resource;
  if (r.namespaced && call.ns.empty()) return Done(call, MethodNotAllowed());
  auto selectors = ParseSelectors(r, call.query);
  if (auto* bad = std::get_if<Response>(&selectors)) return Done(call, std::move(*bad));
  auto dry_run = DryRun(call);
  if (!dry_run.ok()) return Done(call, ErrorResponse(r, "", dry_run.status()));
  const auto& [labels, fields] = std::get<Selectors>(selectors);
  Store::ListResult list = store_.List(r, r.namespaced ? call.ns : "", labels, fields, 0, "");
  std::string body = absl::StrCat("{\"kind\":\"", r.ListKind(), "\",\"apiVersion\":\"",
                                  r.GroupVersion(), "\",\"metadata\":{\"resourceVersion\":\"",
                                  list.resource_version, "\"},\"items\":[");
  bool first = true;
  for (const ObjectPtr& obj : list.items) {
    const Json* name = obj->Path("metadata.name");
    if (name == nullptr || !name->is_string()) continue;
    // One deleted meanwhile by someone else is simply gone, as in the apiserver.
    auto deleted = store_.Delete(r, Namespace(*obj), name->as_string(), *dry_run);
    if (!deleted.ok()) continue;
    absl::StrAppend(&body, first ? "" : ",", (*deleted)->Dump());
    first = false;
  }
  body += "]}";
  call.out.response.body = std::move(body);
  return std::move(call.out);
}

Outcome Api::Patch(Call& call) {
  const Resource& r = *call.resource;
  if (!call.subresource.empty() && call.subresource != "status") return Scale(call);
  if (call.subresource == "status" && !HasStatusSubresource(r)) {
    return Done(call, NoSuchPath());
  }
  std::string ctype = MediaType(call.req.content_type);
  PatchKind kind;
  if (ctype == "application/json-patch+json") {
    kind = PatchKind::kJson;
  } else if (ctype == "application/merge-patch+json") {
    kind = PatchKind::kMerge;
  } else if (ctype == "application/strategic-merge-patch+json") {
    kind = PatchKind::kStrategic;
  } else if (ctype == "application/apply-patch+yaml") {
    kind = PatchKind::kApply;
  } else {
    call.Reply(StatusResponse(StatusError(
        415, "UnsupportedMediaType",
        absl::StrCat("the body of the request was in an unknown format - accepted media types "
                     "include: application/json-patch+json, application/merge-patch+json, "
                     "application/apply-patch+yaml, application/strategic-merge-patch+json (got \"",
                     ctype, "\")"))));
    return std::move(call.out);
  }
  auto dry_run = DryRun(call);
  absl::StatusOr<Json> body = kind == PatchKind::kApply ? ParseApplyBody(call.req.body)
                                                        : DecodePatch(call.req);
  if (!dry_run.ok() || !body.ok()) {
    call.Reply(ErrorResponse(r, call.name, !dry_run.ok() ? dry_run.status() : body.status()));
    return std::move(call.out);
  }
  auto patched = store_.Mutate(
      r, call.ns, call.name,
      [&](const Json& old, Json& obj) {
        if (absl::Status st = ApplyPatch(kind, r, *body, obj); !st.ok()) return st;
        // What the client sent is checked; the stored object may come from a partial file.
        if (kind != PatchKind::kJson) {
          if (absl::Status st = StrictFields(call, *body); !st.ok()) return st;
        }
        if (absl::Status st = CheckResourceVersion(r, call.name, old, obj); !st.ok()) return st;
        // The apiserver decodes the patched object, and decoding defaults it.
        ApplyDefaults(r, obj, /*create=*/false);
        PrepareForUpdate(r, old, obj, call.subresource);
        if (kind == PatchKind::kApply) {
          if (absl::Status st = RecordApply(r, FieldManagerOf(call), old, *body, Forced(call), obj); !st.ok()) {
            return st;
          }
          ApplyDefaults(r, obj, /*create=*/false);  // what the apply removed may have a default
        } else {
          RecordUpdate(r, FieldManagerOf(call), old, obj);
        }
        return Validate(r, obj, /*update=*/true, &old);
      },
      *dry_run);
  if (kind == PatchKind::kApply && absl::IsNotFound(patched.status()) && call.subresource.empty()) {
    // Server-side apply creates what does not exist yet.
    Json obj = *std::move(body);
    Json* meta = obj.Find("metadata");
    if (meta != nullptr && meta->GetString("name").empty()) meta->Set("name", call.name);
    Json applied = obj;
    patched = store_.Create(r, std::move(obj), r.namespaced ? call.ns : "", *dry_run, [&](Json& o) {
      return PrepareCreate(r, o, [&](Json& defaulted) {
        return RecordApply(r, FieldManagerOf(call), Json(), applied, Forced(call), defaulted);
      });
    });
    if (patched.ok()) {
      call.Reply(JsonResponse(201, **patched));
      return std::move(call.out);
    }
  }
  call.Reply(patched.ok() ? JsonResponse(200, **patched)
                          : ErrorResponse(r, call.name, patched.status()));
  return std::move(call.out);
}

Outcome Api::Update(Call& call) {
  const Resource& r = *call.resource;
  if (!call.subresource.empty() && call.subresource != "status") return Scale(call);
  if (call.subresource == "status" && !HasStatusSubresource(r)) {
    return Done(call, NoSuchPath());
  }
  auto dry_run = DryRun(call);
  auto body = DecodeObject(call.req);
  if (!dry_run.ok() || !body.ok()) {
    call.Reply(ErrorResponse(r, call.name, !dry_run.ok() ? dry_run.status() : body.status()));
    return std::move(call.out);
  }
  const Json* body_meta = body->Find("metadata");
  std::string_view body_name = body_meta != nullptr ? body_meta->GetString("name") : "";
  if (body_name != call.name) {
    call.Reply(BadRequest(absl::StrCat("the name of the object (", std::string(body_name),
                                       ") does not match the name on the URL (", call.name, ")")));
    return std::move(call.out);
  }
  auto replaced = store_.Mutate(
      r, call.ns, call.name,
      [&](const Json& old, Json& obj) {
        if (absl::Status st = CheckResourceVersion(r, call.name, old, *body); !st.ok()) return st;
        if (absl::Status st = StrictFields(call, *body); !st.ok()) return st;
        obj = *body;
        if (obj.GetString("apiVersion").empty()) obj.Set("apiVersion", r.GroupVersion());
        if (obj.GetString("kind").empty()) obj.Set("kind", r.kind);
        ApplyDefaults(r, obj, /*create=*/false);
        PrepareForUpdate(r, old, obj, call.subresource);
        RecordUpdate(r, FieldManagerOf(call), old, obj);
        return Validate(r, obj, /*update=*/true, &old);
      },
      *dry_run);
  call.Reply(replaced.ok() ? JsonResponse(200, **replaced)
                           : ErrorResponse(r, call.name, replaced.status()));
  return std::move(call.out);
}

absl::Status Api::PrepareCreate(const Resource& r, Json& obj,
                                const std::function<absl::Status(Json&)>& record) {
  // The apiserver assigns identity on create, whatever the client sent.
  Json* meta = obj.Find("metadata");
  meta->Set("uid", NewUid());
  meta->Set("creationTimestamp", NowRfc3339());
  meta->Erase("resourceVersion");
  ApplyDefaults(r, obj, /*create=*/false);
  if (absl::Status st = record(obj); !st.ok()) return st;
  PrepareForCreate(r, obj);
  ApplyDefaults(r, obj);  // again, with what admission adds on create
  return Validate(r, obj);
}

Outcome Api::Create(Call& call) {
  const Resource& r = *call.resource;
  auto dry_run = DryRun(call);
  auto body = DecodeObject(call.req);
  if (!dry_run.ok() || !body.ok()) {
    call.Reply(ErrorResponse(r, "", !dry_run.ok() ? dry_run.status() : body.status()));
    return std::move(call.out);
  }
  if (r.create_only) return Review(call, *std::move(body));
  if (absl::Status st = StrictFields(call, *body); !st.ok()) return Done(call, ErrorResponse(r, "", st));
  std::string name(body->Find("metadata") != nullptr ? body->Find("metadata")->GetString("name") : "");
  auto created = store_.Create(r, *std::move(body), r.namespaced ? call.ns : "", *dry_run, [&](Json& o) {
    return PrepareCreate(r, o, [&](Json& defaulted) {
      RecordUpdate(r, FieldManagerOf(call), Json(), defaulted);
      return absl::OkStatus();
    });
  });
  call.Reply(created.ok() ? JsonResponse(201, **created) : ErrorResponse(r, name, created.status()));
  return std::move(call.out);
}

Outcome Api::Review(Call& call, Json review) {
  if (call.resource->kind == "SelfSubjectReview") {
    // Who the token is, as the authenticator saw it.
    Json user = Json::MakeObject();
    user.Set("username", call.who.user);
    Json groups = Json::MakeArray();
    for (const std::string& g : call.who.groups) groups.array().push_back(Json(g));
    if (!call.who.groups.empty()) user.Set("groups", std::move(groups));
    Json status = Json::MakeObject();
    status.Set("userInfo", std::move(user));
    review.Set("kind", "SelfSubjectReview");
    review.Set("apiVersion", "authentication.k8s.io/v1");
    Json meta = Json::MakeObject();
    meta.Set("creationTimestamp", Json());
    review.Set("metadata", std::move(meta));
    review.Set("status", std::move(status));
    return Done(call, JsonResponse(201, review));
  }
  const Json* ra = review.Path("spec.resourceAttributes");
  const Json* nra = review.Path("spec.nonResourceAttributes");
  Attributes a;
  if (ra != nullptr && ra->is_object()) {
    a.verb = ra->GetString("verb");
    a.group = ra->GetString("group");
    a.resource = ra->GetString("resource");
    a.subresource = ra->GetString("subresource");
    a.ns = ra->GetString("namespace");
    a.name = ra->GetString("name");
  } else if (nra != nullptr && nra->is_object()) {
    a.verb = nra->GetString("verb");
    a.path = nra->GetString("path");
  } else {
    return Done(call, StatusResponse(StatusError(
                          422, "Invalid",
                          "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: "
                          "[spec.resourceAttributes: Invalid value: \"null\": exactly one of "
                          "nonResourceAttributes or resourceAttributes must be specified, "
                          "spec.nonResourceAttributes: Invalid value: \"null\": exactly one of "
                          "nonResourceAttributes or resourceAttributes must be specified]")));
  }
  std::string qualified = a.group.empty() ? a.resource : absl::StrCat(a.resource, ".", a.group);
  auto forbidden = [&](const std::string& res) {
    return opts_.forbid.count(res) != 0 || opts_.forbid.count(res + ":" + a.verb) != 0;
  };
  Decision d;
  if (!a.resource.empty() && (forbidden(a.resource) || forbidden(qualified) || forbidden("*"))) {
    d.allowed = false;
  } else {
    d = Authorize(store_, call.who, a);
  }
  review.Set("kind", "SelfSubjectAccessReview");
  review.Set("apiVersion", "authorization.k8s.io/v1");
  Json meta = Json::MakeObject();
  meta.Set("creationTimestamp", Json());
  review.Set("metadata", std::move(meta));
  Json status = Json::MakeObject();
  status.Set("allowed", d.allowed);
  if (!d.reason.empty()) status.Set("reason", d.reason);
  review.Set("status", std::move(status));
  return Done(call, JsonResponse(201, review));
}

Outcome Api::GetStatus(Call& call) {
  if (!HasStatusSubresource(*call.resource)) return Done(call, NoSuchPath());
  return Get(call);
}

Outcome Api::Logs(Call& call) {
  const Resource& r = *call.resource;
  if (r.kind != "Pod") return Done(call, NoSuchPath());
  if (store_.Get(r, call.ns, call.name) == nullptr) {
    return Done(call, StatusResponse(NotFound(r, call.name)));
  }
  call.Reply(BadRequest(absl::StrCat(
      "pods \"", call.name,
      "\": podinit-fake-apiserver runs no containers, so it has no logs to show")));
  return std::move(call.out);
}

// The scale subresource of a StatefulSet, as autoscaling/v1 Scale.
Outcome Api::Scale(Call& call) {
  const Resource& r = *call.resource;
  if (r.kind != "StatefulSet" || call.subresource != "scale") {
    return Done(call, NoSuchPath());
  }
  auto to_scale = [&](const Json& sts) {
    Json scale = Json::MakeObject();
    scale.Set("kind", "Scale");
    scale.Set("apiVersion", "autoscaling/v1");
    Json meta = Json::MakeObject();
    for (const char* f : {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
      if (const Json* v = sts.Path(std::string("metadata.") + f)) meta.Set(f, *v);
    }
    scale.Set("metadata", std::move(meta));
    Json spec = Json::MakeObject();
    const Json* want = sts.Path("spec.replicas");
    spec.Set("replicas", want != nullptr ? *want : Json(1));
    scale.Set("spec", std::move(spec));
    Json status = Json::MakeObject();
    const Json* have = sts.Path("status.replicas");
    status.Set("replicas", have != nullptr ? *have : Json(0));
    std::string selector;
    if (const Json* labels = sts.Path("spec.selector.matchLabels"); labels && labels->is_object()) {
      for (const auto& [k, v] : labels->object()) {
        absl::StrAppend(&selector, selector.empty() ? "" : ",", k, "=", v.is_string() ? v.as_string() : "");
      }
    }
    status.Set("selector", selector);
    scale.Set("status", std::move(status));
    return scale;
  };
  if (call.req.method == "GET") {
    ObjectPtr sts = store_.Get(r, call.ns, call.name);
    call.Reply(sts == nullptr ? StatusResponse(NotFound(r, call.name)) : JsonResponse(200, to_scale(*sts)));
    return std::move(call.out);
  }
  PatchKind kind = PatchKind::kMerge;
  std::string ctype = MediaType(call.req.content_type);
  if (ctype == "application/json-patch+json") kind = PatchKind::kJson;
  if (ctype == "application/strategic-merge-patch+json") kind = PatchKind::kStrategic;
  auto dry_run = DryRun(call);
  auto body = call.req.method == "PUT" ? DecodeObject(call.req) : DecodePatch(call.req);
  if (!dry_run.ok() || !body.ok()) {
    call.Reply(ErrorResponse(r, call.name, !dry_run.ok() ? dry_run.status() : body.status()));
    return std::move(call.out);
  }
  Json result;
  auto updated = store_.Mutate(
      r, call.ns, call.name,
      [&](const Json& old, Json& obj) {
        Json scale = to_scale(old);
        if (call.req.method == "PUT") {
          if (absl::Status st = CheckResourceVersion(r, call.name, old, *body); !st.ok()) return st;
          scale = *body;
        } else if (absl::Status st = ApplyPatch(kind, r, *body, scale); !st.ok()) {
          return st;
        }
        const Json* replicas = scale.Path("spec.replicas");
        if (replicas == nullptr || !replicas->is_int() || replicas->as_int() < 0) {
          return ApiError(StatusError(
              422, "Invalid",
              absl::StrCat("Scale.autoscaling \"", call.name,
                           "\" is invalid: spec.replicas: Invalid value: ",
                           replicas != nullptr ? replicas->Dump() : "null",
                           ": must be greater than or equal to 0")));
        }
        obj.Find("spec")->Set("replicas", *replicas);
        PrepareForUpdate(r, old, obj, "");
        // The scale subresource's writer owns spec.replicas, in an entry for subresource scale.
        RecordUpdate(r, FieldManagerOf(call), old, obj);
        return absl::OkStatus();
      },
      *dry_run);
  call.Reply(updated.ok() ? JsonResponse(200, to_scale(**updated))
                          : ErrorResponse(r, call.name, updated.status()));
  return std::move(call.out);
}

std::vector<std::string> Api::InitialWatchLines(WatchSpec& spec) {
  std::vector<std::string> lines;
  if (!spec.send_initial) return lines;
  Store::ListResult list = store_.List(*spec.resource, spec.ns, spec.labels, spec.fields, 0, "");
  for (const ObjectPtr& obj : list.items) lines.push_back(WatchEvent(spec, "ADDED", obj));
  spec.last_rv = list.resource_version;
  if (spec.initial_events_end_bookmark) {
    std::string line = BookmarkLine(spec);
    // The marker clients wait for before they call their cache synced.
    Json bm = k8sclient::ParseJson(line).value();
    Json* meta = bm.Find("object")->Find("metadata");
    Json ann = Json::MakeObject();
    ann.Set("k8s.io/initial-events-end", "true");
    meta->Set("annotations", ann);
    lines.push_back(bm.Dump() + "\n");
  }
  return lines;
}

std::vector<std::string> Api::NextWatchLines(WatchSpec& spec, bool& expired) {
  std::vector<std::string> lines;
  expired = false;
  auto events = store_.EventsAfter(spec.last_rv);
  if (!events.ok()) {
    expired = true;
    Json ev = Json::MakeObject();
    ev.Set("type", "ERROR");
    ev.Set("object", Expired(SV(events.status().message())));
    lines.push_back(ev.Dump() + "\n");
    return lines;
  }
  auto selected = [&](const ObjectPtr& obj) {
    if (obj == nullptr) return false;
    if (!spec.ns.empty() && Namespace(*obj) != spec.ns) return false;
    return spec.labels.MatchesObject(*obj) && spec.fields.Matches(*obj);
  };
  for (const Event& e : *events) {
    spec.last_rv = e.rv;
    if (e.resource != spec.resource) continue;
    bool now = selected(e.object);
    switch (e.type) {
      case Event::Type::kAdded:
        if (now) lines.push_back(WatchEvent(spec, "ADDED", e.object));
        break;
      case Event::Type::kDeleted:
        if (now) lines.push_back(WatchEvent(spec, "DELETED", e.object));
        break;
      case Event::Type::kModified: {
        // Objects moving in or out of the selection appear or disappear, as the apiserver's
        // watch cache reports them.
        bool before = selected(e.old);
        if (now && before) {
          lines.push_back(WatchEvent(spec, "MODIFIED", e.object));
        } else if (now) {
          lines.push_back(WatchEvent(spec, "ADDED", e.object));
        } else if (before) {
          lines.push_back(WatchEvent(spec, "DELETED", e.object));
        }
        break;
      }
    }
  }
  return lines;
}

std::string Api::WatchEvent(WatchSpec& spec, std::string_view type, const ObjectPtr& object) {
  if (!spec.table.has_value()) return EventLine(type, *object);
  Json meta = Json::MakeObject();
  if (const Json* rv = object->Path("metadata.resourceVersion")) meta.Set("resourceVersion", *rv);
  spec.table->now = absl::Now();
  Json table = MakeTable(*spec.resource, {object}, meta, *spec.table);
  // As the apiserver's watch encoder: column definitions once, rows only afterwards.
  if (spec.table_columns_sent) table.Set("columnDefinitions", Json::MakeArray());
  spec.table_columns_sent = true;
  return EventLine(type, table);
}

std::string Api::BookmarkLine(WatchSpec& spec) {
  Json meta = Json::MakeObject();
  meta.Set("resourceVersion", absl::StrCat(spec.last_rv));
  meta.Set("creationTimestamp", Json());
  Json obj = Json::MakeObject();
  obj.Set("kind", spec.resource->kind);
  obj.Set("apiVersion", spec.resource->GroupVersion());
  obj.Set("metadata", std::move(meta));
  return EventLine("BOOKMARK", obj);
}

}  // namespace fakeapi
