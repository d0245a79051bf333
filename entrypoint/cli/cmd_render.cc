#include "absl/cleanup/cleanup.h"
#include "entrypoint/cli/commands.h"
#include "entrypoint/base/exit_codes.h"
#include "entrypoint/base/log.h"
#include "entrypoint/run/outputs.h"
#include "entrypoint/run/waits.h"

namespace podinit::cli {

int RunRender(const Options& options, const EnvLookup& env) {
  auto opened = run::Cluster::Open(options, env);
  if (!opened.ok()) {
    run::ReportError(opened.status());
    return base::ExitCodeFor(opened.status());
  }
  std::unique_ptr<run::Cluster> cluster = *std::move(opened);
  absl::Cleanup leave = [&cluster] { run::LeaveForExit(std::move(cluster)); };
  if (int rc = run::WaitForAll(options, cluster.get()); rc != base::kExitOk) return rc;
  tmpl::FuncMap funcs = run::RunFuncs(*cluster, options);
  auto outputs = run::RenderOutputs(options, *cluster, funcs);
  if (!outputs.ok()) {
    run::ReportError(outputs.status(), cluster.get());
    return run::RenderExitCode(outputs.status(), *cluster);
  }
  bool changed = false;
  if (absl::Status s = run::WriteOutputs(options, *cluster, *outputs, &changed); !s.ok()) {
    base::LogError(s.message());
    return base::kExitUsage;
  }
  return base::kExitOk;
}

}  // namespace podinit::cli
