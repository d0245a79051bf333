// `podinit render`: resolve the pod, wait, render every output, write them, exit.
#include "absl/cleanup/cleanup.h"
#include "entrypoint/base/exit_codes.h"
#include "entrypoint/base/log.h"
#include "entrypoint/cli/commands.h"
#include "entrypoint/run/outputs.h"
#include "entrypoint/run/waits.h"

namespace entrypoint::cli {

int RunRender(const Options& options, const EnvLookup& env) {
  auto opened = run::Cluster::Open(options.client, env);
  if (!opened.ok()) {
    base::ReportError(opened.status());
    return base::ExitCodeFor(opened.status());
  }
  std::unique_ptr<run::Cluster> cluster = *std::move(opened);
  absl::Cleanup leave = [&cluster] { run::LeaveForExit(std::move(cluster)); };
  if (int rc = run::WaitForAll(options.wait, cluster.get()); rc != base::kExitOk) return rc;
  run::Renderer renderer(*cluster, options.render);
  run::Rendered<run::Outputs> outputs = renderer.AllOutputs();
  if (!outputs.value.ok()) {
    base::ReportError(outputs.value.status());
    return base::ExitCodeFor(outputs.value.status());
  }
  bool changed = false;
  if (absl::Status s = run::WriteOutputs(options.render, *outputs.value, outputs.report.secrets_read, &changed);
      !s.ok()) {
    base::LogError(s.message());
    return base::kExitUsage;
  }
  return base::kExitOk;
}

}  // namespace entrypoint::cli
