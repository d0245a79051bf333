#include "entrypoint/cli/init_front_end.h"

#include <unistd.h>

#include "entrypoint/base/write_fd.h"
#include "entrypoint/init/memory.h"

extern char** environ;

namespace entrypoint::cli {

std::string_view Basename(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

base::LogFormat LogFormatFromEnvironment(const EnvLookup& env) {
  std::optional<std::string> v = env("PODINIT_LOG_FORMAT");
  return v && (*v == "json" || *v == "json\n") ? base::LogFormat::kJson : base::LogFormat::kHuman;
}

int ExitNow(int status, const std::string& out, const std::string& err) {
  // -h, -l and --version must not exit 0 with their output lost (a full disk, a closed or
  // slow pipe): as every other write to standard output, that is an error (tini's usage
  // status, 1). stderr is best effort: there is nowhere left to say it failed.
  absl::Status written = base::WriteStdout(out);
  (void)base::WriteFull(STDERR_FILENO, err, "writing to standard error");
  if (!written.ok()) {
    base::LogError(written.message());
    return status == 0 ? 1 : status;
  }
  return status;
}

int SuperviseCommand(const std::vector<std::string>& command, const init::InitSettings& settings,
                     const base::LogSettings& log, void (*on_started)()) {
  base::SetLogSettings(log);
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  init::PrepareInitSignals();
  init::InitHooks hooks;
  hooks.on_started = [on_started](int) {
    if (on_started != nullptr) on_started();
    init::ReleaseStartupMemory();
  };
  return init::RunAsInit(command, env, settings, log, hooks);
}

}  // namespace entrypoint::cli
