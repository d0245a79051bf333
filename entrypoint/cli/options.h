// The podinit command line: every option of PRODUCT.md, each also read from PODINIT_<NAME>.
// One table (options.cc) says for each option which commands take it, its --help line and
// which field of which layer's settings it fills; nothing else reads argv or PODINIT_*.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "entrypoint/base/log.h"
#include "entrypoint/init/supervisor.h"
#include "entrypoint/run/cluster.h"
#include "entrypoint/run/outputs.h"
#include "entrypoint/run/waits.h"

namespace entrypoint::cli {

enum class Command { kRun, kRender, kGet, kWait, kVersion, kHelp };

// `podinit run`'s own steps around rendering and supervising (cmd_run.cc).
struct RunCommandSettings {
  bool expand_args = false;            // --args
  std::vector<std::string> pre_exec;   // --pre-exec CMD (repeatable)
  bool pre_exec_env = false;           // --pre-exec-env
  bool watch = false;                  // --watch
  std::vector<std::string> on_change;  // --on-change CMD
};

// What the user asked for, after the command line and PODINIT_* variables are merged (the
// command line wins): one settings struct per layer, each handed to that layer alone.
struct Options {
  Command command = Command::kHelp;
  bool help = false;  // `podinit CMD --help`
  // `podinit run -l` and `podinit run --version`, which tini's ENTRYPOINTs may pass: print
  // and exit 0 instead of running anything.
  bool show_license = false;
  bool show_version = false;

  run::ClientSettings client;      // where the pod comes from; --timeout for API calls
  run::RenderSettings render;      // templates, files, their mode, Secrets
  run::WaitSettings wait;          // --wait, --timeout
  init::InitSettings init;         // PID 1: tini's flags, --term-delay, --grace
  RunCommandSettings run_command;  // run: --args, --pre-exec, --watch
  base::LogSettings log;           // -v, --log-format

  std::vector<std::string> args;  // get: EXPRs; wait: CONDITIONs; run: COMMAND [ARG...]
};

using EnvLookup = std::function<std::optional<std::string>(std::string_view)>;

// Parses argv (argv[0] excluded). Errors are usage errors: one sentence saying what is wrong.
absl::StatusOr<Options> ParseCommandLine(const std::vector<std::string>& argv,
                                         const EnvLookup& env);

// The `run` options that give back options.init and options.log when parsed, written by the
// same table that parses them: what the lean supervisor is re-executed with.
std::vector<std::string> SupervisorArgs(const Options& options);

// The --help text of a command (kHelp: the overview).
std::string HelpText(Command command);

}  // namespace entrypoint::cli
