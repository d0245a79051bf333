// podinit: the first program in a Kubernetes container.
#include <cstdlib>
#include <string>
#include <vector>

#include "entrypoint/base/exit_codes.h"
#include "entrypoint/base/log.h"
#include "entrypoint/base/write_fd.h"
#include "entrypoint/base/version.h"
#include "entrypoint/cli/commands.h"
#include "entrypoint/cli/dumb_init_cli.h"
#include "entrypoint/cli/options.h"
#include "entrypoint/cli/tini_cli.h"
#include "entrypoint/init/descriptors.h"

namespace {

std::optional<std::string> ProcessEnv(std::string_view name) {
  const char* v = std::getenv(std::string(name).c_str());
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

// Help and version text: a failed write to standard output is an error too.
int Print(std::string_view text) {
  if (absl::Status s = entrypoint::base::WriteStdout(text); !s.ok()) {
    entrypoint::base::LogError(s.message());
    return entrypoint::base::kExitUsage;
  }
  return entrypoint::base::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  // Before anything opens a file: what COMMAND may inherit (see descriptors.h).
  entrypoint::init::NoteInheritedDescriptors();
  using namespace entrypoint::cli;
  namespace base = entrypoint::base;
  // Installed under tini's or dumb-init's name, podinit takes that program's command line,
  // so an image's ENTRYPOINT keeps working unchanged.
  const std::string_view argv0 = argc > 0 ? argv[0] : "";
  if (CalledAsTini(argv0)) return RunAsTini(std::vector<std::string>(argv, argv + argc), ProcessEnv);
  if (CalledAsDumbInit(argv0)) return RunAsDumbInit(std::vector<std::string>(argv, argv + argc), ProcessEnv);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == kLeanSupervisorCommand) {
    return RunLeanSupervisor(std::vector<std::string>(args.begin() + 1, args.end()));
  }
  absl::StatusOr<Options> options = ParseCommandLine(args, ProcessEnv);
  if (!options.ok()) {
    base::LogError(options.status().message());
    return base::kExitUsage;
  }
  base::SetLogSettings(options->log);
  if (options->help || options->command == Command::kHelp) {
    return Print(HelpText(options->command));
  }
  if (options->show_license) return Print(LicenseText());
  if (options->show_version) return Print(base::VersionText());
  switch (options->command) {
    case Command::kVersion:
      return Print(base::VersionText());
    case Command::kGet:
      return RunGet(*options, ProcessEnv);
    case Command::kRender:
      return RunRender(*options, ProcessEnv);
    case Command::kRun:
      return RunRun(*options, ProcessEnv);
    case Command::kWait:
      return RunWait(*options, ProcessEnv);
    default:
      base::LogError("this command is not implemented yet");
      return base::kExitUsage;
  }
}
