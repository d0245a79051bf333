#include "absl/cleanup/cleanup.h"
#include "entrypoint/commands.h"
#include "entrypoint/exit_codes.h"
#include "entrypoint/log.h"
#include "entrypoint/outputs.h"
#include "entrypoint/waits.h"

namespace podinit {

int RunRender(const Options& options, const EnvLookup& env) {
  auto opened = Cluster::Open(options, env);
  if (!opened.ok()) {
    ReportError(opened.status());
    return ExitCodeFor(opened.status());
  }
  std::unique_ptr<Cluster> cluster = *std::move(opened);
  absl::Cleanup leave = [&cluster] { LeaveForExit(std::move(cluster)); };
  if (int rc = WaitForAll(options, cluster.get()); rc != kExitOk) return rc;
  tmpl::FuncMap funcs = RunFuncs(*cluster, options);
  auto outputs = RenderOutputs(options, *cluster, funcs);
  if (!outputs.ok()) {
    ReportError(outputs.status(), cluster.get());
    return RenderExitCode(outputs.status(), *cluster);
  }
  bool changed = false;
  if (absl::Status s = WriteOutputs(options, *cluster, *outputs, &changed); !s.ok()) {
    LogError(s.message());
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace podinit
