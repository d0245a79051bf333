// What the fake API server answers, apart from the sockets: routing of Kubernetes REST paths,
// authentication, injected faults, get/list/patch/delete/create, and the event lines of a watch.
// The network layer (server.h) feeds requests in and streams watches out.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "fakeapi/authorizer.h"
#include "fakeapi/options.h"
#include "fakeapi/store.h"
#include "fakeapi/selectors.h"
#include "fakeapi/table.h"

namespace fakeapi {

struct Request {
  std::string method;
  std::string target;  // path?query as sent
  std::string authorization;
  std::string content_type;
  std::string body;
  std::string accept;  // the Accept header: asks for Table output or protobuf
  std::string user_agent;  // names the field manager when ?fieldManager= does not
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// An accepted watch: which objects, from where, and the state of the stream.
struct WatchSpec {
  const Resource* resource = nullptr;
  std::string ns;  // empty: all namespaces (or cluster-scoped)
  LabelSelector labels;
  FieldSelector fields;
  bool send_initial = false;  // no resourceVersion (or "0"): start with ADDED for what exists
  bool initial_events_end_bookmark = false;  // sendInitialEvents=true
  // Set when the client asked for Tables (kubectl get -w): each event carries a one-row
  // Table, the first with the column definitions.
  std::optional<TableRequest> table;
  bool table_columns_sent = false;
  int64_t last_rv = 0;
  bool bookmarks = false;
  absl::Duration timeout = absl::Minutes(30);
};

struct Outcome {
  Response response;
  std::optional<WatchSpec> watch;  // set: stream a watch (response holds only the status)
  bool drop = false;               // close the connection without answering
  absl::Duration delay = absl::ZeroDuration();
};

// One parsed resource request: which resource, where, and what the route decided.
struct Call;

class Api {
 public:
  Api(Store& store, const Options& options);

  Outcome Handle(const Request& req);

  // Event lines ("{...}\n" each) for a watch: the initial ADDED set when asked for, then what
  // happened after spec.last_rv, which is advanced. `expired` is set (and one ERROR line with a
  // 410 Status returned) when the history no longer reaches back.
  std::vector<std::string> InitialWatchLines(WatchSpec& spec);
  std::vector<std::string> NextWatchLines(WatchSpec& spec, bool& expired);
  std::string BookmarkLine(WatchSpec& spec);
  // One event line, the object as the watch asked for it.
  std::string WatchEvent(WatchSpec& spec, std::string_view type, const ObjectPtr& object);

  // One line per request, for tests that count requests.
  void LogRequest(const Request& req, std::string_view status);

  Store& store() { return store_; }

  // A row of the route table: requests with this method on this shape of path go to `handle`
  // and are authorized (and faulted, and --forbid-den) as `verb`.
  struct Route {
    const char* method;
    enum class Shape { kCollection, kObject } shape;
    const char* subresource;  // "" for the object itself
    const char* verb;         // RBAC's verb; "list" routes become "watch" with ?watch=true
    Outcome (Api::*handle)(Call& call);
  };

 private:
  static const std::vector<Route>& Routes();
  double Random();
  // Who the request's bearer token stands for; nullopt: not authenticated (401).
  std::optional<Identity> Authenticate(const Request& req) const;
  // Non-resource paths (version, health, discovery); nullopt when `path` is not one.
  std::optional<Response> NonResource(const Request& req, const std::string& path,
                                      const std::vector<std::string>& seg);
  // Faults and --forbid for a resource request; nullopt to go on.
  std::optional<Outcome> Intercept(Call& call);

  Outcome Get(Call& call);
  Outcome List(Call& call);
  Outcome Create(Call& call);
  Outcome Update(Call& call);
  Outcome Patch(Call& call);
  Outcome Delete(Call& call);
  Outcome DeleteCollection(Call& call);
  Outcome GetStatus(Call& call);
  Outcome Scale(Call& call);
  Outcome Logs(Call& call);
  // A SelfSubjectAccessReview: RBAC's answer for the caller, never stored.
  Outcome Review(Call& call, k8sclient::Json review);
  // What the apiserver does to every object it creates: identity, then the kind's strategy.
  // `record` runs where the apiserver's field manager does: after decoding and defaulting,
  // before admission adds its fields.
  absl::Status PrepareCreate(const Resource& r, k8sclient::Json& obj,
                             const std::function<absl::Status(k8sclient::Json&)>& record);

  Store& store_;
  const Options& opts_;
  std::mutex mu_;  // guards rng_ and the log
  std::mt19937_64 rng_;
  std::FILE* log_ = nullptr;
};

// Splits "a=1&b=x%3Dy" into a map, decoding %XX and '+' as url.ParseQuery does.
std::map<std::string, std::string> ParseQuery(std::string_view query);
// strconv.ParseBool's true spellings, any case.
bool QueryBool(const std::map<std::string, std::string>& q, const std::string& key);

}  // namespace fakeapi
