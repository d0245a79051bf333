// podinit called as dumb-init: dumb-init 1.2.5's command line, environment and exit
// statuses, so `ENTRYPOINT ["dumb-init", "--"]` keeps working with podinit installed under
// that name.
//   dumb-init [-c|--single-child] [-r|--rewrite s:r]... [-v|--verbose] [-h|--help]
//             [-V|--version] [--] COMMAND [ARG...]
// Options are read by glibc's getopt_long, as dumb-init reads them: they end at COMMAND, and
// a long option may be shortened (--single). By default COMMAND gets a session of its own
// and signals go to its process group; SIGTSTP, SIGTTIN and SIGTTOU are forwarded as
// SIGSTOP (unless rewritten) and then stop podinit too, so a shell's Ctrl-Z works; when
// COMMAND exits, its group gets SIGTERM and podinit exits at once with COMMAND's status.
// COMMAND gets the standard signals at their default action, nothing blocked, as under
// dumb-init (tini and `podinit run` give it what they started with).
// Environment: DUMB_INIT_SETSID=0 (as -c), DUMB_INIT_DEBUG=1 (as -v), and podinit's
// PODINIT_LOG_FORMAT.
// Beyond dumb-init: podinit is a child subreaper when not PID 1.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "entrypoint/base/log.h"
#include "entrypoint/cli/options.h"
#include "entrypoint/init/supervisor.h"

namespace entrypoint::cli {

// Whether argv[0] names dumb-init: its basename is dumb-init, or dumb-init_* and dumb-init-*
// (the names of its release files).
bool CalledAsDumbInit(std::string_view argv0);

struct DumbInitCommandLine {
  init::InitSettings init;
  base::LogSettings log;
  std::vector<std::string> command;
  // Set when nothing is to run (-h, -V, a usage error): exit with this status after writing
  // `err` to stderr (dumb-init writes all of these to stderr).
  bool exit_now = false;
  int exit_status = 0;
  std::string err;
};

// argv includes argv[0]. Not thread-safe (getopt's state is global).
DumbInitCommandLine ParseDumbInitCommandLine(const std::vector<std::string>& argv, const EnvLookup& env);

// Parses, then supervises COMMAND; returns the exit status.
int RunAsDumbInit(const std::vector<std::string>& argv, const EnvLookup& env);

}  // namespace entrypoint::cli
