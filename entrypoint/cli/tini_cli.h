// podinit called as tini (a symlink or a copy named tini, tini-static, or docker-init as
// `docker run --init` mounts it): tini 0.19.0's command line, environment and exit statuses,
// so `ENTRYPOINT ["tini", "--"]` keeps working with podinit installed under that name.
//   tini [-h] [-s] [-p SIGNAL] [-v...] [-w] [-g] [-e CODE...] [-l] [--version] -- COMMAND
// Options are read by glibc's getopt, as tini reads them: clustered (-vvg), permuted (an
// option after COMMAND is still tini's unless POSIXLY_CORRECT is set, which is why `--`).
// Environment: TINI_SUBREAPER and TINI_KILL_PROCESS_GROUP (set at all: on), TINI_VERBOSITY
// (a number; replaces -v), and podinit's PODINIT_LOG_FORMAT.
// Beyond tini: podinit is always a child subreaper when not PID 1, stops with COMMAND on
// Ctrl-Z under a terminal, forwards SIGSEGV and the other synchronous signals sent with kill.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "entrypoint/base/log.h"
#include "entrypoint/cli/options.h"
#include "entrypoint/init/supervisor.h"

namespace entrypoint::cli {

// Whether argv[0] names tini: its basename is tini, tini-*, or docker-init.
bool CalledAsTini(std::string_view argv0);

struct TiniCommandLine {
  init::InitSettings init;
  base::LogSettings log;
  std::vector<std::string> command;
  // Set when the command line is handled without running anything (-h, -l, --version, a
  // usage error): exit with this status after writing `out` to stdout and `err` to stderr.
  bool exit_now = false;
  int exit_status = 0;
  std::string out, err;
};

// argv includes argv[0]. Not thread-safe (getopt's state is global).
TiniCommandLine ParseTiniCommandLine(const std::vector<std::string>& argv, const EnvLookup& env);

// Parses, then supervises COMMAND; returns the exit status.
int RunAsTini(const std::vector<std::string>& argv, const EnvLookup& env);

// tini's variables for `podinit run`, below PODINIT_* and the command line: TINI_SUBREAPER
// and TINI_KILL_PROCESS_GROUP turn -s and -g on when set at all, TINI_VERBOSITY=N is -v
// N-1 times (tini's default is 1; 0 silences warnings). set_elsewhere(option) says whether
// the command line or a PODINIT_ variable already set that option.
void ApplyTiniEnvironment(const EnvLookup& env, const std::function<bool(std::string_view)>& set_elsewhere,
                          Options& options);

// `tini -l`, `podinit run -l`: what podinit is built from, and under which licenses.
std::string LicenseText();

}  // namespace entrypoint::cli
