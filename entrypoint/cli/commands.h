// One function per podinit command; each returns the process exit code.
#pragma once

#include <string>
#include <vector>

#include "entrypoint/cli/options.h"

namespace entrypoint::cli {

// argv[1] of the re-executed, lean supervisor (see cmd_run.cc); not a user command.
inline constexpr char kLeanSupervisorCommand[] = "__supervise";
int RunLeanSupervisor(const std::vector<std::string>& args);

int RunGet(const Options& options, const EnvLookup& env);
int RunRender(const Options& options, const EnvLookup& env);
int RunRun(const Options& options, const EnvLookup& env);
int RunWait(const Options& options, const EnvLookup& env);

}  // namespace entrypoint::cli
