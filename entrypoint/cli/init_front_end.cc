#include "entrypoint/cli/init_front_end.h"

#include <unistd.h>

#include "entrypoint/init/memory.h"

extern char** environ;

namespace podinit::cli {

std::string_view Basename(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

base::LogFormat LogFormatFromEnvironment(const EnvLookup& env) {
  std::optional<std::string> v = env("PODINIT_LOG_FORMAT");
  return v && (*v == "json" || *v == "json\n") ? base::LogFormat::kJson : base::LogFormat::kHuman;
}

int ExitNow(int status, const std::string& out, const std::string& err) {
  (void)!write(STDOUT_FILENO, out.data(), out.size());
  (void)!write(STDERR_FILENO, err.data(), err.size());
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

}  // namespace podinit::cli
