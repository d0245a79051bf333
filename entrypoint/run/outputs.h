// Everything a run renders, computed in full before anything is written (a template error
// leaves every old file as it was), and how it is written.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "entrypoint/run/cluster.h"
#include "entrypoint/run/k8s_funcs.h"
#include "entrypoint/run/render.h"
#include "templating/template.h"

namespace entrypoint::run {

// What a run renders and how its files are written (PRODUCT.md "Templates", "Files"),
// bound by cli's option table.
struct RenderSettings {
  std::vector<std::string> templates;  // -t SRC[:DEST]
  std::vector<std::string> env;        // -e NAME=TEMPLATE
  std::string env_file;                // --env-file
  templating::MissingKey missing_key = templating::MissingKey::kError;  // --missingkey
  std::optional<mode_t> mode;          // --mode; unset: 0644, or 0600 once a Secret was read
  std::string downward_dir;            // --downward-dir
  K8sFuncSettings functions;           // --allow-secrets
};

struct Outputs {
  std::vector<RenderedFile> files;                          // -t; empty path: stdout
  std::vector<std::pair<std::string, std::string>> env;     // -e
  std::map<std::string, std::string> downward;              // --downward-dir files
};

// A rendering's result and what the template functions learned on the way. On failure the
// status is a template error that already says, for ExitCodeFor and ReportError, whether an
// API failure caused it.
template <typename T>
struct Rendered {
  absl::StatusOr<T> value;
  RenderReport report;
};

// Renders for one run: all functions a template may call (Go's builtins, Sprig's, kubectl's
// and the Kubernetes-aware ones bound to `cluster`), built on first use and kept for the run,
// with --missingkey. `cluster` must outlive it; the settings are its own copy (a temporary
// passed here once left the functions reading a destroyed struct).
class Renderer {
 public:
  Renderer(Cluster& cluster, const RenderSettings& settings);
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  // One text: a --pre-exec line, an --args word, a `get` template. `name` is what Go's
  // errors call the template.
  Rendered<std::string> Text(const std::string& name, std::string_view text);

  // Every -t, -e and --downward-dir output, all computed before anything is written.
  Rendered<Outputs> AllOutputs();

 private:
  template <typename T, typename Fn>
  Rendered<T> Run(Fn render);

  Cluster& cluster_;
  const RenderSettings settings_;
  RenderReport report_;  // what the functions record during the rendering under way
  std::optional<templating::FuncMap> funcs_;
};

// The mode of written files: --mode, else 0600 once a template read a Secret, else 0644.
mode_t OutputMode(const RenderSettings& settings, bool secrets_read);

// Writes files atomically (unchanged ones untouched), the --env-file and the
// --downward-dir volume, with OutputMode; prints stdout outputs. `changed` says whether any
// file changed.
absl::Status WriteOutputs(const RenderSettings& settings, const Outputs& outputs, bool secrets_read,
                          bool* changed);

}  // namespace entrypoint::run
