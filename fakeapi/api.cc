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

// The resource path after /api/v1 or /apis/G/V.
struct Target {
  const Resource* resource = nullptr;
  std::string ns;
  std::string name;
};

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

Outcome Api::Handle(const Request& req) {
  Outcome out;
  auto finish = [&](Response r) {
    out.response = std::move(r);
    LogRequest(req, std::to_string(out.response.status));
    return std::move(out);
  };
  std::string_view target = req.target;
  size_t qmark = target.find('?');
  std::string path(target.substr(0, qmark));
  auto query = ParseQuery(qmark == std::string_view::npos ? "" : target.substr(qmark + 1));
  std::vector<std::string> seg;
  for (absl::string_view s : absl::StrSplit(path, '/', absl::SkipEmpty())) seg.push_back(Unescape(SV(s)));

  // What an anonymous client may read from a real apiserver.
  if (path == "/version" || path == "/version/") return finish(JsonResponse(200, VersionInfo()));
  if (path == "/healthz" || path == "/livez" || path == "/readyz") {
    Response r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "ok";
    return finish(std::move(r));
  }

  if (!opts_.token.empty() && req.authorization != "Bearer " + opts_.token) {
    return finish(StatusResponse(StatusError(401, "Unauthorized", "Unauthorized")));
  }

  if (seg.empty() || (seg[0] != "api" && seg[0] != "apis")) return finish(NoSuchPath());
  bool core = seg[0] == "api";
  size_t gv_len = core ? 2 : 3;  // segments up to and including the version
  if (req.method == "GET" && seg.size() < gv_len) {
    if (core) return finish(JsonResponse(200, CoreApiVersions()));
    if (seg.size() == 1) return finish(JsonResponse(200, ApiGroupList()));
    for (const Json& g : ApiGroupList().Find("groups")->array()) {
      if (g.GetString("name") == seg[1]) {
        Json group = g;
        group.Set("kind", "APIGroup");
        group.Set("apiVersion", "v1");
        return finish(JsonResponse(200, group));
      }
    }
    return finish(NoSuchPath());
  }
  if (seg.size() < gv_len) return finish(NoSuchPath());
  std::string group = core ? "" : seg[1];
  std::string version = seg[gv_len - 1];
  if (seg.size() == gv_len) {
    Json list = ApiResourceList(group, version);
    if (list.is_null() || req.method != "GET") return finish(NoSuchPath());
    return finish(JsonResponse(200, list));
  }

  std::vector<std::string> rest(seg.begin() + gv_len, seg.end());
  Target t;
  if (rest.size() >= 3 && rest[0] == "namespaces") {
    if (rest.size() > 4) return finish(NoSuchPath());  // subresources are not served
    t.ns = rest[1];
    t.resource = FindResource(group, version, rest[2]);
    if (rest.size() == 4) t.name = rest[3];
    if (t.resource != nullptr && !t.resource->namespaced) return finish(NoSuchPath());
  } else {
    if (rest.size() > 2) return finish(NoSuchPath());
    t.resource = FindResource(group, version, rest[0]);
    if (rest.size() == 2) t.name = rest[1];
    if (t.resource != nullptr && t.resource->namespaced && !t.name.empty()) {
      return finish(NoSuchPath());
    }
  }
  if (t.resource == nullptr) return finish(NoSuchPath());
  const Resource& r = *t.resource;

  std::string verb;
  if (req.method == "GET") {
    verb = !t.name.empty() ? "get" : QueryBool(query, "watch") ? "watch" : "list";
  } else if (req.method == "PATCH" && !t.name.empty()) {
    verb = "patch";
  } else if (req.method == "DELETE" && !t.name.empty()) {
    verb = "delete";
  } else if (req.method == "POST" && t.name.empty()) {
    verb = "create";
  } else if (req.method == "PUT" && !t.name.empty()) {
    verb = "update";
  } else {
    return finish(StatusResponse(StatusError(
        405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
        Json::MakeObject())));
  }

  // Injected faults hit resource requests only, so discovery never decides a test's outcome.
  out.delay = opts_.latency;
  if (opts_.rate_drop > 0 && Random() < opts_.rate_drop) {
    out.drop = true;
    LogRequest(req, "-");
    return out;
  }
  if (opts_.rate_429 > 0 && Random() < opts_.rate_429) {
    Response resp;
    resp.status = 429;
    resp.content_type = "text/plain; charset=utf-8";
    resp.body = "Too many requests, please try again later.\n";
    resp.headers.emplace_back("Retry-After", std::to_string(opts_.retry_after));
    return finish(std::move(resp));
  }
  if (opts_.rate_5xx > 0 && Random() < opts_.rate_5xx) {
    Json details = Json::MakeObject();
    Json cause = Json::MakeObject();
    cause.Set("message", "injected fault");
    details.Set("causes", Json(Json::Array{cause}));
    return finish(StatusResponse(
        StatusError(500, "InternalError", "Internal error occurred: injected fault", details)));
  }
  auto forbidden = [&](const std::string& res) {
    return opts_.forbid.count(res) != 0 || opts_.forbid.count(res + ":" + verb) != 0;
  };
  if (forbidden(r.name) || forbidden(r.Qualified()) || forbidden("*")) {
    return finish(StatusResponse(Forbidden(r, User(), verb, r.namespaced ? t.ns : "", t.name)));
  }

  if (verb == "get") {
    ObjectPtr obj = store_.Get(r, t.ns, t.name);
    if (obj == nullptr) return finish(StatusResponse(NotFound(r, t.name)));
    Response resp;
    resp.body = obj->Dump();
    return finish(std::move(resp));
  }

  if (verb == "list" || verb == "watch") {
    auto labels = LabelSelector::Parse(query["labelSelector"]);
    if (!labels.ok()) return finish(BadRequest(SV(labels.status().message())));
    auto fields = FieldSelector::Parse(query["fieldSelector"]);
    if (!fields.ok()) return finish(BadRequest(SV(fields.status().message())));
    for (const auto& f : fields->requirements()) {
      if (!r.SupportsField(f.field)) {
        return finish(BadRequest(absl::StrCat("field label not supported: ", f.field)));
      }
    }
    if (verb == "watch") {
      WatchSpec spec;
      spec.resource = &r;
      spec.ns = r.namespaced ? t.ns : "";
      spec.labels = *std::move(labels);
      spec.fields = *std::move(fields);
      spec.bookmarks = QueryBool(query, "allowWatchBookmarks");
      const std::string& rv = query["resourceVersion"];
      int64_t start = 0;
      if (rv.empty() || rv == "0") {
        spec.send_initial = true;
      } else if (!absl::SimpleAtoi(rv, &start) || start < 0) {
        return finish(BadRequest(absl::StrCat("resourceVersion: Invalid value: \"", rv,
                                              "\": must be a valid resource version")));
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
      out.watch = std::move(spec);
      return finish(Response{});
    }
    int64_t limit = 0;
    if (!query["limit"].empty() && !absl::SimpleAtoi(query["limit"], &limit)) limit = 0;
    std::string after;
    if (const std::string& cont = query["continue"]; !cont.empty()) {
      std::string decoded;
      absl::StatusOr<Json> token = absl::InvalidArgumentError("not base64");
      if (absl::WebSafeBase64Unescape(cont, &decoded)) token = k8s::ParseJson(decoded);
      if (!token.ok() || !token->is_object() || !token->Find("start")) {
        return finish(BadRequest("continue key is not valid: the continue token is malformed"));
      }
      after = std::string(token->GetString("start"));
      const Json* token_rv = token->Find("rv");
      if (token_rv != nullptr && token_rv->is_int() &&
          token_rv->as_int() < store_.OldestResourceVersion()) {
        return finish(StatusResponse(Expired(
            "The provided continue parameter is too old to display a consistent list result. "
            "You can start a new list without the continue parameter, or use the continue token "
            "in this response to retrieve the remainder of the results. Continuing with the "
            "provided token results in an inconsistent list - objects that were created, "
            "modified, or deleted between the time the first chunk was returned and now may show "
            "up in the list.")));
      }
    }
    Store::ListResult list = store_.List(r, r.namespaced ? t.ns : "", *labels, *fields, limit, after);
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
    Response resp;
    resp.body = std::move(body);
    return finish(std::move(resp));
  }

  if (verb == "delete") {
    auto deleted = store_.Delete(r, t.ns, t.name);
    if (!deleted.ok()) return finish(StatusResponse(NotFound(r, t.name)));
    return finish(JsonResponse(200, **deleted));
  }

  // patch, update and create carry a JSON body.
  std::string ctype = absl::AsciiStrToLower(req.content_type.substr(0, req.content_type.find(';')));
  ctype = std::string(absl::StripAsciiWhitespace(ctype));
  bool json_patch = ctype == "application/json-patch+json";
  if (verb == "patch" && !json_patch && ctype != "application/merge-patch+json" &&
      ctype != "application/strategic-merge-patch+json") {
    return finish(StatusResponse(StatusError(
        415, "UnsupportedMediaType",
        absl::StrCat("the body of the request was in an unknown format - accepted media types "
                     "include: application/json-patch+json, "
                     "application/merge-patch+json, application/strategic-merge-patch+json (got \"", ctype, "\")"))));
  }
  auto body = k8s::ParseJson(req.body);
  if (verb == "patch" && json_patch && body.ok()) {
    auto patched = store_.Mutate(r, t.ns, t.name, [&](Json& obj) { return ApplyJsonPatch(obj, *body); });
    if (patched.ok()) return finish(JsonResponse(200, **patched));
    if (absl::IsNotFound(patched.status())) return finish(StatusResponse(NotFound(r, t.name)));
    // As the apiserver: a failed "test" is a conflict, anything else an invalid request.
    if (absl::IsFailedPrecondition(patched.status())) {
      return finish(StatusResponse(StatusError(409, "Conflict", SV(patched.status().message()))));
    }
    return finish(StatusResponse(
        StatusError(422, "Invalid", SV(patched.status().message()))));
  }
  if (!body.ok() || !body->is_object()) {
    return finish(BadRequest(absl::StrCat("error decoding request body: ",
                                          body.ok() ? "not a JSON object"
                                                    : std::string(SV(body.status().message())))));
  }
  if (verb == "patch") {
    auto patched = store_.Patch(r, t.ns, t.name, *body);
    if (patched.ok()) return finish(JsonResponse(200, **patched));
    if (absl::IsNotFound(patched.status())) return finish(StatusResponse(NotFound(r, t.name)));
    if (absl::IsAborted(patched.status())) {
      Json d = Json::MakeObject();
      d.Set("name", t.name);
      if (!r.group.empty()) d.Set("group", r.group);
      d.Set("kind", r.name);
      return finish(StatusResponse(StatusError(409, "Conflict", SV(patched.status().message()), d)));
    }
    return finish(BadRequest(SV(patched.status().message())));
  }
  if (verb == "update") {
    auto replaced = store_.Replace(r, t.ns, t.name, *std::move(body));
    if (replaced.ok()) return finish(JsonResponse(200, **replaced));
    if (absl::IsNotFound(replaced.status())) return finish(StatusResponse(NotFound(r, t.name)));
    if (absl::IsAborted(replaced.status())) {
      Json d = Json::MakeObject();
      d.Set("name", t.name);
      if (!r.group.empty()) d.Set("group", r.group);
      d.Set("kind", r.name);
      return finish(StatusResponse(StatusError(409, "Conflict", SV(replaced.status().message()), d)));
    }
    return finish(BadRequest(SV(replaced.status().message())));
  }
  // create
  auto created = store_.Create(r, *std::move(body), r.namespaced ? t.ns : "");
  if (created.ok()) return finish(JsonResponse(201, **created));
  if (absl::IsAlreadyExists(created.status())) {
    return finish(StatusResponse(StatusError(409, "AlreadyExists", SV(created.status().message()))));
  }
  return finish(BadRequest(SV(created.status().message())));
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
