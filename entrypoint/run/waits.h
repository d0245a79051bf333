// --wait and `podinit wait`: block until every condition holds, or time out (exit 4).
// API conditions follow watches, not tight polls; a progress line names what is missing.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "entrypoint/cli/options.h"
#include "entrypoint/run/cluster.h"

namespace podinit::run {

struct Condition {
  enum class Kind { kPods, kService, kJob, kTcp, kHttp, kFile, kDns };
  Kind kind;
  std::string target;  // selector, name, host:port, URL, path
  int count = 0;       // pods: how many must be ready (0: every match, at least one)
  std::string text;    // as the user wrote it
};

// Parses pods:SELECTOR[:N], service:NAME, job:NAME, tcp:HOST:PORT, http(s)://URL,
// file:PATH, dns:NAME.
absl::StatusOr<Condition> ParseCondition(const std::string& text);

// Waits for options.wait (or, for `podinit wait`, options.args) within options.timeout.
// Returns an exit code: 0, 1 (bad condition), 3 (API error), 4 (timed out).
int WaitForConditions(const std::vector<std::string>& conditions, const cli::Options& options,
                      Cluster* cluster);
inline int WaitForAll(const cli::Options& options, Cluster* cluster) {
  return options.wait.empty() ? 0 : WaitForConditions(options.wait, options, cluster);
}

// Whether a pod is Ready (its Ready condition is True).
bool PodReady(const k8s::Json& pod);

}  // namespace podinit::run
