// `podinit wait CONDITION...`: block until every condition holds, or time out.
#include "entrypoint/base/exit_codes.h"
#include "entrypoint/base/log.h"
#include "entrypoint/cli/commands.h"
#include "entrypoint/run/waits.h"

namespace entrypoint::cli {

int RunWait(const Options& options, const EnvLookup& env) {
  // Only API conditions need the cluster; tcp/http/file/dns waits work anywhere.
  bool needs_api = false;
  for (const std::string& c : options.args) {
    auto parsed = run::ParseCondition(c);
    if (!parsed.ok()) {
      base::LogError(parsed.status().message());
      return base::kExitUsage;
    }
    needs_api = needs_api || parsed->NeedsApiServer();
  }
  std::unique_ptr<run::Cluster> cluster;
  if (needs_api) {
    auto opened = run::Cluster::Open(options.client, env);
    if (!opened.ok()) {
      base::ReportError(opened.status());
      return base::ExitCodeFor(opened.status());
    }
    cluster = *std::move(opened);
  }
  return run::WaitForConditions(options.args, options.wait.timeout, cluster.get());
}

}  // namespace entrypoint::cli
