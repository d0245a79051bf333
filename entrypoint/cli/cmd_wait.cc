#include "entrypoint/commands.h"
#include "entrypoint/exit_codes.h"
#include "entrypoint/log.h"
#include "entrypoint/outputs.h"
#include "entrypoint/waits.h"

namespace podinit {

int RunWait(const Options& options, const EnvLookup& env) {
  // Only API conditions need the cluster; tcp/http/file/dns waits work anywhere.
  bool needs_api = false;
  for (const std::string& c : options.args) {
    auto parsed = ParseCondition(c);
    if (!parsed.ok()) {
      LogError(parsed.status().message());
      return kExitUsage;
    }
    needs_api = needs_api || parsed->kind == Condition::Kind::kPods ||
                parsed->kind == Condition::Kind::kService || parsed->kind == Condition::Kind::kJob;
  }
  std::unique_ptr<Cluster> cluster;
  if (needs_api) {
    auto opened = Cluster::Open(options, env);
    if (!opened.ok()) {
      ReportError(opened.status());
      return ExitCodeFor(opened.status());
    }
    cluster = *std::move(opened);
  }
  return WaitForConditions(options.args, options, cluster.get());
}

}  // namespace podinit
