// Everything a run renders, computed in full before anything is written: a template error
// leaves every old file as it was.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "entrypoint/cli/options.h"
#include "entrypoint/run/cluster.h"
#include "entrypoint/run/render.h"
#include "templating/template.h"

namespace podinit::run {

struct Outputs {
  std::vector<RenderedFile> files;                          // -t; empty path: stdout
  std::vector<std::pair<std::string, std::string>> env;     // -e
  std::map<std::string, std::string> downward;              // --downward-dir files
};

// All functions a template may call in this run: Go's builtins (always there), Sprig's,
// kubectl's and the Kubernetes-aware ones bound to `cluster`.
tmpl::FuncMap RunFuncs(Cluster& cluster, const cli::Options& options);

absl::StatusOr<Outputs> RenderOutputs(const cli::Options& options, Cluster& cluster,
                                      const tmpl::FuncMap& funcs);

// Writes files atomically (unchanged ones untouched), the --env-file and the
// --downward-dir volume; prints stdout outputs. `changed` says whether any file changed.
absl::Status WriteOutputs(const cli::Options& options, const Cluster& cluster, const Outputs& outputs,
                          bool* changed);

// Logs an error as one line; when it (or the API error behind a template error) is a 403,
// also prints the Role YAML that would grant the missing permission.
void ReportError(const absl::Status& status, const Cluster* cluster = nullptr);

// An error from rendering, with the exit code it deserves: 3 when the API server failed a
// template function, else the status's own.
int RenderExitCode(const absl::Status& status, const Cluster& cluster);

}  // namespace podinit::run
