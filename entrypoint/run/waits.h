// --wait and `podinit wait`: block until every condition holds, or time out (exit 4).
// API conditions follow watches, not tight polls; a progress line names what is missing.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "entrypoint/run/cluster.h"

namespace entrypoint::run {

// --wait and --timeout, bound by cli's option table.
struct WaitSettings {
  std::vector<std::string> conditions;        // --wait CONDITION (repeatable)
  absl::Duration timeout = absl::Minutes(5);  // --timeout
};

struct Condition {
  enum class Kind { kPods, kService, kJob, kTcp, kHttp, kFile, kDns };
  Kind kind;
  std::string target;  // selector, name, host:port, URL, path
  int count = 0;       // pods: how many must be ready (0: every match, at least one)
  std::string text;    // as the user wrote it

  // pods, service and job conditions follow the API server; the others work anywhere.
  bool NeedsApiServer() const { return kind == Kind::kPods || kind == Kind::kService || kind == Kind::kJob; }
};

// Parses pods:SELECTOR[:N], service:NAME, job:NAME, tcp:HOST:PORT, http(s)://URL,
// file:PATH, dns:NAME.
absl::StatusOr<Condition> ParseCondition(const std::string& text);

// Waits for every condition, one after the other, all within `timeout`; `cluster` may be
// null when no condition needs the API server. The error that ended the wait has been
// logged: a bad condition or one that needs a missing API server (InvalidArgument,
// FailedPrecondition), the API server's answer after retries, or a base::WaitTimedOut.
absl::Status WaitFor(const std::vector<std::string>& conditions, absl::Duration timeout, Cluster* cluster);
// WaitFor's exit code, by base::ExitCodeFor: 0, 1 (bad condition), 3 (API error), 4 (timed out).
int WaitForConditions(const std::vector<std::string>& conditions, absl::Duration timeout,
                      Cluster* cluster);
inline int WaitForAll(const WaitSettings& settings, Cluster* cluster) {
  return settings.conditions.empty() ? 0 : WaitForConditions(settings.conditions, settings.timeout, cluster);
}

// Whether a pod is Ready (its Ready condition is True).
bool PodReady(const k8sclient::Json& pod);

}  // namespace entrypoint::run
