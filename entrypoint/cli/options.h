// The podinit command line: every option of PRODUCT.md, each also read from PODINIT_<NAME>.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace podinit::cli {

enum class Command { kRun, kRender, kGet, kWait, kVersion, kHelp };

// What the user asked for, after the command line and PODINIT_* variables are merged.
// Values given on the command line win over the environment.
struct Options {
  Command command = Command::kHelp;
  bool help = false;  // `podinit CMD --help`

  // Where the pod comes from.
  std::string pod_file, kubeconfig, server, ca_file, token_file, sa_dir, namespace_, pod_name;

  // Templates and files.
  std::vector<std::string> templates;  // SRC[:DEST]
  std::vector<std::string> env;        // NAME=TEMPLATE
  std::string env_file;
  bool expand_args = false;
  std::string missingkey = "error";
  unsigned mode = 0644;
  bool mode_set = false;
  std::string downward_dir;
  bool allow_secrets = false;

  // Processes.
  bool init = false;
  bool subreaper = false;
  bool kill_group = false;
  std::vector<int> zero_exit_codes;
  int parent_death_signal = 0;
  int verbosity = 0;
  absl::Duration term_delay = absl::ZeroDuration();
  absl::Duration grace = absl::ZeroDuration();
  bool watch = false;
  int reload_signal = 1;  // SIGHUP
  std::vector<std::string> on_change;
  std::vector<std::string> pre_exec;
  bool pre_exec_env = false;

  // Waiting.
  std::vector<std::string> wait;
  absl::Duration timeout = absl::Minutes(5);
  bool timeout_set = false;  // an explicit --timeout also bounds each API call, retries included

  std::string log_format = "human";

  std::vector<std::string> args;  // get: EXPRs; wait: CONDITIONs; run: COMMAND [ARG...]
};

using EnvLookup = std::function<std::optional<std::string>(std::string_view)>;

// Parses argv (argv[0] excluded). Errors are usage errors: one sentence saying what is wrong.
absl::StatusOr<Options> ParseCommandLine(const std::vector<std::string>& argv,
                                         const EnvLookup& env);

// The --help text of a command (kHelp: the overview).
std::string HelpText(Command command);

}  // namespace podinit::cli
