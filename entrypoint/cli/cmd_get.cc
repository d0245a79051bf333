// `podinit get EXPR...`: one line per EXPR, a fieldPath, resource:..., or a {{template}}.
#include <cstring>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "entrypoint/base/exit_codes.h"
#include "entrypoint/base/log.h"
#include "entrypoint/base/write_fd.h"
#include "entrypoint/cli/commands.h"
#include "entrypoint/run/cluster.h"
#include "entrypoint/run/outputs.h"
#include "k8sclient/fieldpath.h"

namespace entrypoint::cli {
namespace {

// What `get` prints for a plain field path: scalars as text, objects and lists as JSON.
std::string Render(const k8sclient::Json& v) {
  switch (v.type()) {
    case k8sclient::Json::Type::kNull: return "";
    case k8sclient::Json::Type::kString: return v.as_string();
    default: return v.Dump();
  }
}

}  // namespace

int RunGet(const Options& options, const EnvLookup& env) {
  auto cluster = run::Cluster::Open(options.client, env);
  if (!cluster.ok()) {
    base::ReportError(cluster.status());
    return base::ExitCodeFor(cluster.status());
  }
  absl::Cleanup leave = [&cluster] { run::LeaveForExit(*std::move(cluster)); };
  const k8sclient::Json* pod = &(*cluster)->pod();
  // Its function map is built on first use, only if an EXPR is a template or a resource.
  run::Renderer renderer(**cluster, options.render);
  std::string out;
  for (const std::string& expr : options.args) {
    // resource:RES[:DIVISOR[:CONTAINER]] and {{templates}} go through the template
    // functions, so `get` prints exactly what a template would.
    std::string text;
    if (absl::StartsWith(expr, "resource:")) {
      std::vector<std::string> parts = absl::StrSplit(expr.substr(strlen("resource:")), ':');
      if (parts.size() > 3 || parts[0].empty()) {
        base::LogError(absl::StrCat("get ", expr, ": expected resource:RESOURCE[:DIVISOR[:CONTAINER]]"));
        return base::kExitUsage;
      }
      text = "{{ resource";
      for (const std::string& p : parts) absl::StrAppend(&text, " \"", p, "\"");
      text += " }}";
    } else if (expr.find("{{") != std::string::npos) {
      text = expr;
    }
    if (!text.empty()) {
      run::Rendered<std::string> v = renderer.Text(expr, text);
      if (!v.value.ok()) {
        base::ReportError(v.value.status());
        return base::ExitCodeFor(v.value.status());
      }
      absl::StrAppend(&out, *v.value, "\n");
      continue;
    }
    // A Downward API fieldPath prints what the kubelet would put in the env var or file;
    // any other dotted path prints the field itself.
    absl::StatusOr<std::string> downward = k8sclient::ExtractFieldRef(*pod, expr);
    if (downward.ok()) {
      absl::StrAppend(&out, *downward, "\n");
      continue;
    }
    const k8sclient::Json* v = pod->Path(expr);
    if (v == nullptr) {
      base::LogError(absl::StrCat("get ", expr, ": not a Downward API fieldPath (", downward.status().message(),
                            ") and the pod has no such field"));
      return base::kExitTemplate;
    }
    absl::StrAppend(&out, Render(*v), "\n");
  }
  if (absl::Status s = base::WriteStdout(out); !s.ok()) {
    base::LogError(s.message());
    return base::kExitUsage;
  }
  return base::kExitOk;
}

}  // namespace entrypoint::cli
