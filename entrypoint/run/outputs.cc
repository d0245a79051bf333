#include "entrypoint/run/outputs.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "entrypoint/fsio/atomic_file.h"
#include "entrypoint/run/downward_dir.h"
#include "entrypoint/base/exit_codes.h"
#include "entrypoint/run/k8s_funcs.h"
#include "entrypoint/base/log.h"
#include "k8sclient/rbac.h"
#include "templating/funcs.h"

namespace podinit::run {

tmpl::FuncMap RunFuncs(Cluster& cluster, const cli::Options& options) {
  tmpl::FuncMap funcs = tmpl::SprigFuncs();
  for (const auto& [name, fn] : tmpl::KubectlFuncs()) funcs[name] = fn;
  K8sFuncOptions kopts;
  kopts.allow_secrets = options.allow_secrets;
  for (auto& [name, fn] : KubernetesFuncs(cluster, kopts)) funcs[name] = std::move(fn);
  return funcs;
}

absl::StatusOr<Outputs> RenderOutputs(const cli::Options& options, Cluster& cluster,
                                      const tmpl::FuncMap& funcs) {
  RenderSettings settings;
  settings.missing_key = ParseMissingKey(options.missingkey);
  settings.funcs = &funcs;
  const tmpl::Value& data = cluster.pod_value();
  Outputs out;
  auto files = RenderTemplates(options.templates, data, settings);
  if (!files.ok()) return files.status();
  out.files = *std::move(files);
  auto env = RenderEnv(options.env, data, settings);
  if (!env.ok()) return env.status();
  out.env = *std::move(env);
  if (!options.downward_dir.empty()) {
    auto downward = DownwardFiles(cluster);
    if (!downward.ok()) return downward.status();
    out.downward = *std::move(downward);
  }
  return out;
}

absl::Status WriteOutputs(const cli::Options& options, const Cluster& cluster, const Outputs& outputs,
                          bool* changed) {
  *changed = false;
  const mode_t mode = options.mode_set ? options.mode : cluster.secrets_read ? 0600 : 0644;
  std::vector<fsio::FileToWrite> files;
  std::string to_stdout;
  for (const RenderedFile& f : outputs.files) {
    if (f.path.empty()) {
      to_stdout += f.data;
    } else {
      files.push_back({f.path, f.data, mode});
    }
  }
  if (!options.env_file.empty()) {
    files.push_back({options.env_file, ShellEnvFile(outputs.env), mode});
  }
  std::vector<std::string> changed_paths;
  if (absl::Status s = fsio::WriteFilesAtomic(files, &changed_paths); !s.ok()) return s;
  for (const std::string& p : changed_paths) base::LogInfo(absl::StrCat("wrote ", p));
  *changed = !changed_paths.empty();
  if (!options.downward_dir.empty()) {
    bool volume_changed = false;
    if (absl::Status s = WriteDownwardDir(options.downward_dir, outputs.downward, mode, &volume_changed); !s.ok()) {
      return s;
    }
    *changed = *changed || volume_changed;
  }
  if (!to_stdout.empty()) {
    ssize_t unused = ::write(STDOUT_FILENO, to_stdout.data(), to_stdout.size());
    (void)unused;
  }
  return absl::OkStatus();
}

void ReportError(const absl::Status& status, const Cluster* cluster) {
  base::LogError(status.message());
  std::optional<std::string> yaml = k8s::RbacRoleHint(status);
  if (!yaml && cluster != nullptr) yaml = k8s::RbacRoleHint(cluster->api_error());
  if (!yaml) return;
  std::string text = absl::StrCat("podinit: a Role that grants it:\n", *yaml);
  if (text.back() != '\n') text.push_back('\n');
  ssize_t unused = ::write(STDERR_FILENO, text.data(), text.size());
  (void)unused;
}

int RenderExitCode(const absl::Status& status, const Cluster& cluster) {
  if (!cluster.api_error().ok()) return base::kExitApi;
  return base::ExitCodeFor(status);
}

}  // namespace podinit::run
