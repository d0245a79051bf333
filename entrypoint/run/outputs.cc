#include "entrypoint/run/outputs.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "entrypoint/base/exit_codes.h"
#include "entrypoint/base/log.h"
#include "entrypoint/base/write_fd.h"
#include "entrypoint/fsio/atomic_file.h"
#include "entrypoint/run/downward_dir.h"
#include "entrypoint/run/yaml_funcs.h"
#include "templating/sprig/funcs.h"

namespace entrypoint::run {

Renderer::Renderer(Cluster& cluster, const RenderSettings& settings)
    : cluster_(cluster), settings_(settings) {}

template <typename T, typename Fn>
Rendered<T> Renderer::Run(Fn render) {
  if (!funcs_) {
    funcs_ = templating::sprig::SprigFuncs();
    for (const auto& [name, fn] : templating::sprig::KubectlFuncs()) (*funcs_)[name] = fn;
    for (auto& [name, fn] : YamlFuncs()) (*funcs_)[name] = std::move(fn);
    for (auto& [name, fn] : KubernetesFuncs(cluster_, settings_.functions, &report_)) {
      (*funcs_)[name] = std::move(fn);
    }
  }
  report_ = RenderReport{};
  TemplateEngine engine;
  engine.missing_key = settings_.missing_key;
  engine.funcs = &*funcs_;
  Rendered<T> out{render(engine), report_};
  if (!out.value.ok() && !out.report.api_error.ok()) {
    out.value = base::TemplateErrorCausedBy(out.value.status(), out.report.api_error);
  }
  return out;
}

Rendered<std::string> Renderer::Text(const std::string& name, std::string_view text) {
  return Run<std::string>([&](const TemplateEngine& engine) {
    return RenderText(name, text, cluster_.pod_value(), engine);
  });
}

Rendered<Outputs> Renderer::AllOutputs() {
  return Run<Outputs>([&](const TemplateEngine& engine) -> absl::StatusOr<Outputs> {
    const templating::Value& data = cluster_.pod_value();
    Outputs out;
    auto files = RenderTemplates(settings_.templates, data, engine);
    if (!files.ok()) return files.status();
    out.files = *std::move(files);
    auto env = RenderEnv(settings_.env, data, engine);
    if (!env.ok()) return env.status();
    out.env = *std::move(env);
    if (!settings_.downward_dir.empty()) {
      auto downward = DownwardFiles(cluster_);
      if (!downward.ok()) return downward.status();
      out.downward = *std::move(downward);
    }
    return out;
  });
}

mode_t OutputMode(const RenderSettings& settings, bool secrets_read) {
  if (settings.mode) return *settings.mode;
  return secrets_read ? 0600 : 0644;
}

absl::Status WriteOutputs(const RenderSettings& settings, const Outputs& outputs, bool secrets_read,
                          bool* changed) {
  *changed = false;
  const mode_t mode = OutputMode(settings, secrets_read);
  std::vector<fsio::FileToWrite> files;
  std::string to_stdout;
  for (const RenderedFile& f : outputs.files) {
    if (f.path.empty()) {
      to_stdout += f.data;
    } else {
      files.push_back({f.path, f.data, mode, f.root});
    }
  }
  if (!settings.env_file.empty()) {
    files.push_back({settings.env_file, ShellEnvFile(outputs.env), mode, ""});
  }
  std::vector<std::string> changed_paths;
  if (absl::Status s = fsio::WriteFilesAtomic(files, &changed_paths); !s.ok()) return s;
  for (const std::string& p : changed_paths) base::LogInfo(absl::StrCat("wrote ", p));
  *changed = !changed_paths.empty();
  if (!settings.downward_dir.empty()) {
    bool volume_changed = false;
    if (absl::Status s = WriteDownwardDir(settings.downward_dir, outputs.downward, mode, &volume_changed); !s.ok()) {
      return s;
    }
    *changed = *changed || volume_changed;
  }
  return base::WriteStdout(to_stdout);
}

}  // namespace entrypoint::run
