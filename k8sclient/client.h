// podinit's Kubernetes API client: GET, paged LIST, WATCH and merge PATCH over one libcurl
// handle (one kept-alive connection per run), with the token source, one backoff policy
// (backoff.h) for every retry, reconnect and relist, a request limiter under it, and errors
// that say in one line what went wrong and where. A Client is used from one thread at a time.
//
// Time limits (ClientOptions; the entrypoint's --timeout sets total_deadline):
//   connect_timeout   5 s   TCP connect and TLS handshake of one attempt
//   request_timeout  30 s   one attempt of a GET, LIST page or PATCH, answer included
//   total_deadline   60 s   one Get/List/MergePatch call, every retry and wait included; a
//                           wait that would end past it is not started: the call gives up
//   max_attempts     10     attempts per call; for a Watch, consecutive failed attempts
//   WatchOptions::timeout  5 min, the whole Watch call (the server is asked to end each
//                           watch request by then with timeoutSeconds)
// Backoff (ClientOptions::backoff): 800 ms, x2, equal jitter, capped at 30 s; a Retry-After
// is waited at least, up to 30 s. Requests (ClientOptions::rate_limit): 8 in the first second
// of the Client, then at most 2 in any second, whatever the server answers.
//
// Errors, each one line naming the method and URL (never the token):
//   InvalidArgument     a label selector that does not parse (nothing is sent)
//   FailedPrecondition  configuration: token file unreadable/empty, CA or client cert unloadable
//   Unavailable         connection refused/dropped, TLS verification failed, 429/5xx after
//                       retries, other non-2xx answers, answers that are not JSON, a watch that
//                       keeps ending at once with no events
//   DeadlineExceeded    the last attempt timed out, or 504
// When retries give up (max_attempts or total_deadline) the last attempt's code is kept and
// the message ends "(gave up after N attempts...)".
//   Unauthenticated     401 (after re-reading the token once)
//   PermissionDenied    403, with the missing RBAC rule; RbacRoleHint() (rbac.h) has a Role
//   NotFound            404
//   ResourceExhausted   an answer (or a List's pages together, or one watch event) over
//                       max_response_bytes; not retried
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "k8sclient/api_path.h"
#include "k8sclient/backoff.h"
#include "k8sclient/config.h"
#include "k8sclient/json.h"

namespace k8sclient {

struct ClientOptions {
  absl::Duration connect_timeout = absl::Seconds(5);
  absl::Duration request_timeout = absl::Seconds(30);  // one attempt
  absl::Duration total_deadline = absl::Seconds(60);   // one call, retries included
  int max_attempts = 10;
  // The API server refuses requests over 3 MiB and etcd stores at most 1.5 MiB per object, so
  // no object comes near 32 MiB; neither does a 500-item List page of ordinary pods (5-15 MB).
  // A bigger answer is a broken or hostile server, and reading it would only end in the OOM
  // killer. Applies to one response, to a List's pages together, and to each watch event (a
  // watch stream itself is long-lived and unbounded).
  int64_t max_response_bytes = int64_t{32} << 20;
  std::string user_agent;                              // "podinit/VERSION"; default "podinit"
  std::function<void(std::string_view)> log;           // retries, warnings; never tokens
  BackoffPolicy backoff;                               // every retry, reconnect and relist
  RateLimit rate_limit;                                // the guard under it
  Clock* clock = nullptr;                              // real time; tests give a FakeClock
};

struct ListOptions {
  std::string label_selector, field_selector;
  int64_t limit = 500;
  bool cached = true;  // resourceVersion=0: the watch cache may answer
};

struct WatchEvent {
  std::string type;  // ADDED, MODIFIED, DELETED (ERROR and BOOKMARK are handled inside)
  Json object;
};

struct WatchOptions {
  std::string label_selector, field_selector, resource_version;
  bool bookmarks = true;
  absl::Duration timeout = absl::Minutes(5);  // the whole Watch call
  // Called with the fresh List after a 410 Gone; returning false ends the Watch. When unset,
  // the List's items are delivered to on_event as ADDED events instead.
  std::function<bool(const Json& list)> on_relist;
};

class Client {
 public:
  static absl::StatusOr<std::unique_ptr<Client>> Create(ClientConfig config,
                                                        ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // path e.g. /api/v1/namespaces/ns/pods/name; `cached` adds resourceVersion=0.
  absl::StatusOr<Json> Get(std::string_view path, bool cached = false);
  // Follows continue tokens; returns one List with all items (metadata of the first page).
  // The label selector is parsed first: one that does not parse is never sent.
  absl::StatusOr<Json> List(std::string_view collection_path, const ListOptions& opts);
  // Calls on_event for each event. Returns OK when on_event returns false, when the server
  // ends a watch that lasted a second or brought events, or when opts.timeout is over; an
  // error for failures that retrying does not fix, or after max_attempts failed attempts in a
  // row. Through the backoff: a dropped connection (resumed from the last resourceVersion), a
  // 429 or 5xx answer or ERROR event, a watch that the server ends at once with no events, and
  // a relist after 410 Gone (or "Too large resource version", a server restarted with an older
  // etcd: the relist then reads from etcd, not the cache). Progress (any event) resets it.
  absl::Status Watch(std::string_view collection_path, const WatchOptions& opts,
                     const std::function<bool(const WatchEvent&)>& on_event);
  // RFC 7386 merge patch (application/merge-patch+json); returns the patched object.
  absl::StatusOr<Json> MergePatch(std::string_view path, const Json& patch);

  int requests() const;  // HTTP requests sent, for the "polite" tests
  const ClientConfig& config() const;

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace k8sclient
