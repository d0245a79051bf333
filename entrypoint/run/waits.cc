#include "entrypoint/run/waits.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "entrypoint/base/exit_codes.h"
#include "entrypoint/base/log.h"
#include "gocompat/string_view.h"
#include "k8sclient/api_path.h"
#include "k8sclient/backoff.h"
#include "k8sclient/label_selector.h"

namespace entrypoint::run {
namespace {

constexpr absl::Duration kProgressEvery = absl::Seconds(5);
constexpr absl::Duration kPollEvery = absl::Milliseconds(500);

// The state of one condition after a check: met, or what is still missing.
struct Check {
  bool met = false;
  std::string missing;
};

bool TcpOpen(const std::string& hostport) {
  size_t colon = hostport.rfind(':');
  std::string host = hostport.substr(0, colon), port = hostport.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &res) != 0) return false;
  bool ok = false;
  for (addrinfo* ai = res; ai != nullptr && !ok; ai = ai->ai_next) {
    int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    ok = ::connect(fd, ai->ai_addr, ai->ai_addrlen) == 0;
    ::close(fd);
  }
  ::freeaddrinfo(res);
  return ok;
}

bool DnsResolves(const std::string& name) {
  addrinfo* res = nullptr;
  if (::getaddrinfo(name.c_str(), nullptr, nullptr, &res) != 0) return false;
  ::freeaddrinfo(res);
  return true;
}

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

// An http(s) URL answers 2xx or 3xx. TLS is verified against the system's CAs.
Check HttpUp(const std::string& url) {
  CURL* h = curl_easy_init();
  if (h == nullptr) return {false, "curl_easy_init failed"};
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, Discard);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 2000L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  CURLcode rc = curl_easy_perform(h);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(h);
  if (rc != CURLE_OK) return {false, curl_easy_strerror(rc)};
  if (status >= 200 && status < 400) return {true, ""};
  return {false, absl::StrCat("HTTP ", status)};
}

// Follows a collection by a list and then watches from its resourceVersion, so the API
// server is not polled; `evaluate` sees every object currently in the collection.
class CollectionWatch {
 public:
  CollectionWatch(k8sclient::Client* client, std::string collection, std::string label_selector,
                  std::string field_selector)
      : client_(client), collection_(std::move(collection)), labels_(std::move(label_selector)),
        fields_(std::move(field_selector)) {}

  // Updates the view for up to `budget`, returning early once `done(objects)` holds.
  absl::Status Follow(absl::Duration budget,
                      const std::function<bool(const std::map<std::string, k8sclient::Json>&)>& done) {
    if (!listed_) {
      k8sclient::ListOptions lo;
      lo.label_selector = labels_;
      lo.field_selector = fields_;
      lo.cached = true;
      auto list = client_->List(collection_, lo);
      if (!list.ok()) return list.status();
      Reset(*list);
      listed_ = true;
    }
    if (done(objects_)) return absl::OkStatus();
    k8sclient::WatchOptions wo;
    wo.label_selector = labels_;
    wo.field_selector = fields_;
    wo.resource_version = rv_;
    wo.timeout = budget;
    wo.on_relist = [&](const k8sclient::Json& list) {
      Reset(list);
      return !done(objects_);
    };
    return client_->Watch(collection_, wo, [&](const k8sclient::WatchEvent& ev) {
      const k8sclient::Json* name = ev.object.Path("metadata.name");
      const k8sclient::Json* rv = ev.object.Path("metadata.resourceVersion");
      if (rv != nullptr && rv->is_string()) rv_ = rv->as_string();
      if (name == nullptr || !name->is_string()) return true;
      if (ev.type == "DELETED") {
        objects_.erase(name->as_string());
      } else {
        objects_[name->as_string()] = ev.object;
      }
      return !done(objects_);
    });
  }

 private:
  void Reset(const k8sclient::Json& list) {
    objects_.clear();
    if (const k8sclient::Json* items = list.Find("items"); items != nullptr && items->is_array()) {
      for (const k8sclient::Json& item : items->array()) {
        const k8sclient::Json* name = item.Path("metadata.name");
        if (name != nullptr && name->is_string()) objects_[name->as_string()] = item;
      }
    }
    const k8sclient::Json* rv = list.Path("metadata.resourceVersion");
    rv_ = rv != nullptr && rv->is_string() ? rv->as_string() : "";
  }

  k8sclient::Client* client_;
  std::string collection_, labels_, fields_, rv_;
  bool listed_ = false;
  std::map<std::string, k8sclient::Json> objects_;
};

Check PodsCheck(const Condition& c, const std::map<std::string, k8sclient::Json>& pods) {
  int ready = 0;
  for (const auto& [name, pod] : pods) ready += PodReady(pod) ? 1 : 0;
  int total = static_cast<int>(pods.size());
  bool met = c.count > 0 ? ready >= c.count : (total > 0 && ready == total);
  int want = c.count > 0 ? c.count : std::max(total, 1);
  return {met, absl::StrCat(ready, "/", want, " pods ready")};
}

Check ServiceCheck(const std::map<std::string, k8sclient::Json>& slices) {
  for (const auto& [name, slice] : slices) {
    const k8sclient::Json* eps = slice.Find("endpoints");
    if (eps == nullptr || !eps->is_array()) continue;
    for (const k8sclient::Json& ep : eps->array()) {
      const k8sclient::Json* ready = ep.Path("conditions.ready");
      if (ready == nullptr || !ready->is_bool() || ready->as_bool()) return {true, ""};
    }
  }
  return {false, "no ready endpoints"};
}

Check JobCheck(const std::map<std::string, k8sclient::Json>& jobs) {
  for (const auto& [name, job] : jobs) {
    const k8sclient::Json* succeeded = job.Path("status.succeeded");
    if (succeeded != nullptr && succeeded->is_int() && succeeded->as_int() > 0) return {true, ""};
    if (const k8sclient::Json* conds = job.Path("status.conditions"); conds != nullptr && conds->is_array()) {
      for (const k8sclient::Json& cond : conds->array()) {
        if (cond.GetString("type") == "Failed" && cond.GetString("status") == "True") {
          return {false, "the job failed"};
        }
      }
    }
    return {false, "not succeeded yet"};
  }
  return {false, "no such job yet"};
}

}  // namespace

bool PodReady(const k8sclient::Json& pod) {
  const k8sclient::Json* conds = pod.Path("status.conditions");
  if (conds == nullptr || !conds->is_array()) return false;
  for (const k8sclient::Json& c : conds->array()) {
    if (c.GetString("type") == "Ready") return c.GetString("status") == "True";
  }
  return false;
}

absl::StatusOr<Condition> ParseCondition(const std::string& text) {
  Condition c;
  c.text = text;
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("wait condition \"", text, "\": ", why));
  };
  if (absl::StartsWith(text, "http://") || absl::StartsWith(text, "https://")) {
    c.kind = Condition::Kind::kHttp;
    c.target = text;
    return c;
  }
  size_t colon = text.find(':');
  if (colon == std::string::npos) {
    return bad("expected pods:SELECTOR[:N], service:NAME, job:NAME, tcp:HOST:PORT, http(s)://URL, file:PATH or dns:NAME");
  }
  std::string kind = text.substr(0, colon), rest = text.substr(colon + 1);
  if (rest.empty()) return bad("nothing after the colon");
  if (kind == "pods") {
    c.kind = Condition::Kind::kPods;
    c.target = rest;
    size_t last = rest.rfind(':');
    if (last != std::string::npos) {
      int n;
      if (!absl::SimpleAtoi(rest.substr(last + 1), &n) || n < 1) return bad("N must be a positive count");
      c.count = n;
      c.target = rest.substr(0, last);
    }
  } else if (kind == "service") {
    c.kind = Condition::Kind::kService;
    c.target = rest;
  } else if (kind == "job") {
    c.kind = Condition::Kind::kJob;
    c.target = rest;
  } else if (kind == "tcp") {
    c.kind = Condition::Kind::kTcp;
    size_t last = rest.rfind(':');
    int port;
    if (last == std::string::npos || last == 0 || !absl::SimpleAtoi(rest.substr(last + 1), &port) ||
        port < 1 || port > 65535) {
      return bad("expected tcp:HOST:PORT");
    }
    c.target = rest;
  } else if (kind == "file") {
    c.kind = Condition::Kind::kFile;
    c.target = rest;
  } else if (kind == "dns") {
    c.kind = Condition::Kind::kDns;
    c.target = rest;
  } else {
    return bad(absl::StrCat("unknown kind \"", kind, "\""));
  }
  // What goes into a selector is checked here, so a bad condition is a usage error (exit 1)
  // and no name can widen the selector it is put in ("db,app!=x").
  absl::Status checked;
  if (c.kind == Condition::Kind::kPods) {
    checked = k8sclient::ParseLabelSelector(c.target).status();
  } else if (c.kind == Condition::Kind::kService || c.kind == Condition::Kind::kJob) {
    auto r = k8sclient::ResolveKind(c.kind == Condition::Kind::kService ? "v1" : "batch/v1",
                              c.kind == Condition::Kind::kService ? "Service" : "Job");
    checked = r.ok() ? k8sclient::ValidateObjectName(*r, c.target) : r.status();
  }
  if (!checked.ok()) return bad(checked.message());
  return c;
}

absl::Status WaitFor(const std::vector<std::string>& texts, absl::Duration timeout, Cluster* cluster) {
  std::vector<Condition> conditions;
  for (const std::string& t : texts) {
    auto c = ParseCondition(t);
    if (!c.ok()) {
      base::LogError(c.status().message());
      return c.status();
    }
    if (c->NeedsApiServer() && (cluster == nullptr || cluster->client() == nullptr)) {
      absl::Status offline =
          absl::FailedPreconditionError(absl::StrCat("wait condition \"", t, "\" needs the API server"));
      base::LogError(offline.message());
      return offline;
    }
    conditions.push_back(*std::move(c));
  }
  const absl::Time deadline = absl::Now() + timeout;
  for (const Condition& c : conditions) {
    std::unique_ptr<CollectionWatch> watch;
    std::function<Check(const std::map<std::string, k8sclient::Json>&)> judge;
    if (c.NeedsApiServer()) {
      // The collection's path from validated parts; the names in the selectors were checked
      // when the condition was parsed.
      auto watch_of = [&](std::string_view api_version, std::string_view kind, std::string labels,
                          std::string fields) -> absl::Status {
        auto path = k8sclient::CollectionPath(api_version, kind, cluster->ns());
        if (!path.ok()) return path.status();
        watch = std::make_unique<CollectionWatch>(cluster->client(), *path, std::move(labels), std::move(fields));
        return absl::OkStatus();
      };
      absl::Status made;
      switch (c.kind) {
        case Condition::Kind::kPods:
          made = watch_of("v1", "Pod", c.target, "");
          judge = [&c](const auto& objs) { return PodsCheck(c, objs); };
          break;
        case Condition::Kind::kService:
          made = watch_of("discovery.k8s.io/v1", "EndpointSlice", absl::StrCat("kubernetes.io/service-name=", c.target), "");
          judge = ServiceCheck;
          break;
        case Condition::Kind::kJob:
          made = watch_of("batch/v1", "Job", "", absl::StrCat("metadata.name=", c.target));
          judge = JobCheck;
          break;
        default: break;
      }
      if (!made.ok()) {
        // The parts were checked when the condition was parsed: a configuration problem.
        absl::Status bad = absl::InvalidArgumentError(absl::StrCat("wait condition \"", c.text, "\": ", made.message()));
        base::LogError(bad.message());
        return bad;
      }
    }
    // Errors the client gave up on after its own retries (an outage longer than a call's
    // deadline) are waited out with the one backoff policy until --timeout; an answer that
    // retrying cannot change (403, 401, a bad request) ends the wait at once.
    k8sclient::Backoff backoff({}, nullptr, [](std::string_view m) { base::LogWarning(gocompat::AV(m)); });
    absl::Time next_progress = absl::Now() + kProgressEvery;
    for (;;) {
      Check check;
      if (watch != nullptr) {
        absl::Duration budget = std::min(next_progress, deadline) - absl::Now();
        absl::Status s = watch->Follow(std::max(budget, absl::Milliseconds(1)), [&](const auto& objs) {
          check = judge(objs);
          return check.met;
        });
        if (!s.ok()) {
          absl::Status with_context(s.code(), absl::StrCat("waiting for ", c.text, ": ", s.message()));
          s.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
            with_context.SetPayload(url, payload);
          });
          const bool retriable = s.code() == absl::StatusCode::kUnavailable ||
                                 s.code() == absl::StatusCode::kDeadlineExceeded;
          if (!retriable || !backoff.Wait(gocompat::SV(with_context.message()), deadline)) {
            base::ReportError(with_context);
            return with_context;
          }
          continue;
        }
        backoff.Reset();
      } else {
        switch (c.kind) {
          case Condition::Kind::kTcp: check = {TcpOpen(c.target), "connection refused"}; break;
          case Condition::Kind::kHttp: check = HttpUp(c.target); break;
          case Condition::Kind::kFile: check = {std::filesystem::exists(c.target), "no such file"}; break;
          case Condition::Kind::kDns: check = {DnsResolves(c.target), "does not resolve"}; break;
          default: break;
        }
        if (!check.met) absl::SleepFor(std::min(kPollEvery, std::max(deadline - absl::Now(), absl::ZeroDuration())));
      }
      if (check.met) {
        base::LogInfo(absl::StrCat("condition met: ", c.text));
        break;
      }
      absl::Time now = absl::Now();
      if (now >= deadline) {
        absl::Status late = base::WaitTimedOut(absl::DeadlineExceededError(absl::StrCat(
            "timed out after ", absl::FormatDuration(timeout), " waiting for ", c.text, " (", check.missing, ")")));
        base::LogError(late.message());
        return late;
      }
      if (now >= next_progress) {
        base::LogInfo(absl::StrCat("still waiting for ", c.text, ": ", check.missing));
        next_progress = now + kProgressEvery;
      }
    }
  }
  return absl::OkStatus();
}

int WaitForConditions(const std::vector<std::string>& conditions, absl::Duration timeout, Cluster* cluster) {
  return base::ExitCodeFor(WaitFor(conditions, timeout, cluster));
}

}  // namespace entrypoint::run
