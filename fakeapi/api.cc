#include "fakeapi/api.h"

#include <cctype>
#include <cstdio>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "fakeapi/json_patch.h"

namespace fakeapi {

using k8s::Json;

namespace {

std::string_view SV(absl::string_view s) { return {s.data(), s.size()}; }

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
  for (absl::string_view part : absl::StrSplit(absl::string_view(query.data(), query.size()), '&', absl::SkipEmpty())) {
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

std::string Api::User() const { return absl::StrCat("system:serviceaccount:", opts_.ns, ":default"); }

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
  Outcome out;

  Response& Reply(Response r) { return out.response = std::move(r); }
};

namespace {

using Shape = Api::Route::Shape;

Response MethodNotAllowed() {
  return StatusResponse(StatusError(
      405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
      Json::MakeObject()));
}

// The Content-Type's media type, lower case, without parameters.
std::string MediaType(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  std::string t = absl::AsciiStrToLower(absl::string_view(type.data(), type.size()));
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
      {"GET", Shape::kObject, "", "get", &Api::Get},
      {"PUT", Shape::kObject, "", "update", &Api::Update},
      {"PATCH", Shape::kObject, "", "patch", &Api::Patch},
      {"DELETE", Shape::kObject, "", "delete", &Api::Delete},
  };
  return kRoutes;
}

std::optional<Response> Api::NonResource(const std::string& method, const std::string& path,
                                         const std::vector<std::string>& seg) {
  if (path == "/version" || path == "/version/") return JsonResponse(200, VersionInfo());
  if (path == "/healthz" || path == "/livez" || path == "/readyz") {
    Response r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "ok";
    return r;
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
  if (forbidden(r.name) || forbidden(r.Qualified()) || forbidden("*")) {
    out.response = StatusResponse(
        Forbidden(r, User(), call.verb, r.namespaced ? call.ns : "", call.name));
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
    return reply(*NonResource(req.method, path, seg));
  }
  if (!opts_.token.empty() && req.authorization != "Bearer " + opts_.token) {
    return reply(StatusResponse(StatusError(401, "Unauthorized", "Unauthorized")));
  }
  if (auto r = NonResource(req.method, path, seg)) return reply(*std::move(r));

  // /api/v1/... or /apis/G/V/...: [namespaces/NS/]RESOURCE[/NAME[/SUBRESOURCE]]
  bool core = seg[0] == "api";
  size_t gv_len = core ? 2 : 3;
  std::string group = core ? "" : seg[1];
  std::string version = seg[gv_len - 1];
  Call call{req, ParseQuery(qmark == std::string_view::npos ? "" : target.substr(qmark + 1))};
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
  if (call.resource == nullptr || rest.size() > 3) return reply(NoSuchPath());
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
  if (route == nullptr) return reply(path_known ? MethodNotAllowed() : NoSuchPath());
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
  if (obj == nullptr) {
    call.Reply(StatusResponse(NotFound(r, call.name)));
  } else {
    call.out.response.body = obj->Dump();
  }
  return std::move(call.out);
}

Outcome Api::List(Call& call) {
  const Resource& r = *call.resource;
  auto& query = call.query;
  auto labels = k8s::LabelSelector::Parse(query["labelSelector"]);
  if (!labels.ok()) {
    call.Reply(BadRequest(SV(labels.status().message())));
    return std::move(call.out);
  }
  auto fields = k8s::FieldSelector::Parse(query["fieldSelector"]);
  if (!fields.ok()) {
    call.Reply(BadRequest(SV(fields.status().message())));
    return std::move(call.out);
  }
  for (const auto& f : fields->requirements()) {
    if (!r.SupportsField(f.field)) {
      call.Reply(BadRequest(absl::StrCat("field label not supported: ", f.field)));
      return std::move(call.out);
    }
  }
  if (call.verb == "watch") {
    WatchSpec spec;
    spec.resource = &r;
    spec.ns = r.namespaced ? call.ns : "";
    spec.labels = *std::move(labels);
    spec.fields = *std::move(fields);
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
    if (QueryBool(query, "sendInitialEvents")) {
      spec.send_initial = true;
      spec.initial_events_end_bookmark = true;
    }
    spec.last_rv = start;
    int64_t timeout = 0;
    if (absl::SimpleAtoi(query["timeoutSeconds"], &timeout) && timeout > 0) {
      spec.timeout = absl::Seconds(timeout);
    }
    call.out.watch = std::move(spec);
    return std::move(call.out);
  }
  int64_t limit = 0;
  if (!query["limit"].empty() && !absl::SimpleAtoi(query["limit"], &limit)) limit = 0;
  std::string after;
  if (const std::string& cont = query["continue"]; !cont.empty()) {
    std::string decoded;
    absl::StatusOr<Json> token = absl::InvalidArgumentError("not base64");
    if (absl::WebSafeBase64Unescape(cont, &decoded)) token = k8s::ParseJson(decoded);
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
      store_.List(r, r.namespaced ? call.ns : "", *labels, *fields, limit, after);
  std::string body = absl::StrCat("{\"kind\":\"", r.ListKind(), "\",\"apiVersion\":\"",
                                  r.GroupVersion(), "\",\"metadata\":{\"resourceVersion\":\"",
                                  list.resource_version, "\"");
  if (!list.next_key.empty()) {
    Json token = Json::MakeObject();
    token.Set("v", "meta.k8s.io/v1");
    token.Set("rv", list.resource_version);
    token.Set("start", list.next_key);
    absl::StrAppend(&body, ",\"continue\":\"", absl::WebSafeBase64Escape(token.Dump()),
                    "\",\"remainingItemCount\":", list.remaining);
  }
  body += "},\"items\":[";
  for (size_t i = 0; i < list.items.size(); ++i) {
    if (i > 0) body += ",";
    body += list.items[i]->Dump();
  }
  body += "]}";
  call.out.response.body = std::move(body);
  return std::move(call.out);
}

Outcome Api::Delete(Call& call) {
  const Resource& r = *call.resource;
  auto deleted = store_.Delete(r, call.ns, call.name);
  if (!deleted.ok()) {
    call.Reply(StatusResponse(NotFound(r, call.name)));
  } else {
    call.Reply(JsonResponse(200, **deleted));
  }
  return std::move(call.out);
}

Outcome Api::Patch(Call& call) {
  const Resource& r = *call.resource;
  std::string ctype = MediaType(call.req.content_type);
  bool json_patch = ctype == "application/json-patch+json";
  if (!json_patch && ctype != "application/merge-patch+json" &&
      ctype != "application/strategic-merge-patch+json") {
    call.Reply(StatusResponse(StatusError(
        415, "UnsupportedMediaType",
        absl::StrCat("the body of the request was in an unknown format - accepted media types "
                     "include: application/json-patch+json, "
                     "application/merge-patch+json, application/strategic-merge-patch+json (got \"",
                     ctype, "\")"))));
    return std::move(call.out);
  }
  auto body = k8s::ParseJson(call.req.body);
  if (json_patch && body.ok()) {
    auto patched = store_.Mutate(r, call.ns, call.name,
                                 [&](Json& obj) { return ApplyJsonPatch(obj, *body); });
    if (patched.ok()) {
      call.Reply(JsonResponse(200, **patched));
    } else if (absl::IsNotFound(patched.status())) {
      call.Reply(StatusResponse(NotFound(r, call.name)));
    } else if (absl::IsFailedPrecondition(patched.status())) {
      // As the apiserver: a failed "test" is a conflict, anything else an invalid request.
      call.Reply(StatusResponse(StatusError(409, "Conflict", SV(patched.status().message()))));
    } else {
      call.Reply(StatusResponse(StatusError(422, "Invalid", SV(patched.status().message()))));
    }
    return std::move(call.out);
  }
  if (!body.ok() || !body->is_object()) {
    call.Reply(BadRequest(absl::StrCat("error decoding request body: ",
                                       body.ok() ? "not a JSON object"
                                                 : std::string(SV(body.status().message())))));
    return std::move(call.out);
  }
  auto patched = store_.Patch(r, call.ns, call.name, *body);
  if (patched.ok()) {
    call.Reply(JsonResponse(200, **patched));
  } else if (absl::IsNotFound(patched.status())) {
    call.Reply(StatusResponse(NotFound(r, call.name)));
  } else if (absl::IsAborted(patched.status())) {
    call.Reply(Conflict(r, call.name, SV(patched.status().message())));
  } else {
    call.Reply(BadRequest(SV(patched.status().message())));
  }
  return std::move(call.out);
}

Outcome Api::Update(Call& call) {
  const Resource& r = *call.resource;
  auto body = k8s::ParseJson(call.req.body);
  if (!body.ok() || !body->is_object()) {
    call.Reply(BadRequest(absl::StrCat("error decoding request body: ",
                                       body.ok() ? "not a JSON object"
                                                 : std::string(SV(body.status().message())))));
    return std::move(call.out);
  }
  auto replaced = store_.Replace(r, call.ns, call.name, *std::move(body));
  if (replaced.ok()) {
    call.Reply(JsonResponse(200, **replaced));
  } else if (absl::IsNotFound(replaced.status())) {
    call.Reply(StatusResponse(NotFound(r, call.name)));
  } else if (absl::IsAborted(replaced.status())) {
    call.Reply(Conflict(r, call.name, SV(replaced.status().message())));
  } else {
    call.Reply(BadRequest(SV(replaced.status().message())));
  }
  return std::move(call.out);
}

Outcome Api::Create(Call& call) {
  const Resource& r = *call.resource;
  auto body = k8s::ParseJson(call.req.body);
  if (!body.ok() || !body->is_object()) {
    call.Reply(BadRequest(absl::StrCat("error decoding request body: ",
                                       body.ok() ? "not a JSON object"
                                                 : std::string(SV(body.status().message())))));
    return std::move(call.out);
  }
  auto created = store_.Create(r, *std::move(body), r.namespaced ? call.ns : "");
  if (created.ok()) {
    call.Reply(JsonResponse(201, **created));
  } else if (absl::IsAlreadyExists(created.status())) {
    call.Reply(StatusResponse(StatusError(409, "AlreadyExists", SV(created.status().message()))));
  } else {
    call.Reply(BadRequest(SV(created.status().message())));
  }
  return std::move(call.out);
}

std::vector<std::string> Api::InitialWatchLines(WatchSpec& spec) {
  std::vector<std::string> lines;
  if (!spec.send_initial) return lines;
  Store::ListResult list = store_.List(*spec.resource, spec.ns, spec.labels, spec.fields, 0, "");
  for (const ObjectPtr& obj : list.items) lines.push_back(EventLine("ADDED", *obj));
  spec.last_rv = list.resource_version;
  if (spec.initial_events_end_bookmark) {
    std::string line = BookmarkLine(spec);
    // The marker clients wait for before they call their cache synced.
    Json bm = k8s::ParseJson(line).value();
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
        if (now) lines.push_back(EventLine("ADDED", *e.object));
        break;
      case Event::Type::kDeleted:
        if (now) lines.push_back(EventLine("DELETED", *e.object));
        break;
      case Event::Type::kModified: {
        // Objects moving in or out of the selection appear or disappear, as the apiserver's
        // watch cache reports them.
        bool before = selected(e.old);
        if (now && before) {
          lines.push_back(EventLine("MODIFIED", *e.object));
        } else if (now) {
          lines.push_back(EventLine("ADDED", *e.object));
        } else if (before) {
          lines.push_back(EventLine("DELETED", *e.object));
        }
        break;
      }
    }
  }
  return lines;
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
