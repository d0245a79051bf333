// What the tini and dumb-init front ends share: how podinit was called, and running the
// supervisor once their command line is read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "entrypoint/base/log.h"
#include "entrypoint/cli/options.h"
#include "entrypoint/init/supervisor.h"

namespace entrypoint::cli {

// "/usr/bin/tini" -> "tini".
std::string_view Basename(std::string_view path);

// podinit's own PODINIT_LOG_FORMAT (human or json) in the tini and dumb-init modes; anything
// else keeps the human format.
base::LogFormat LogFormatFromEnvironment(const EnvLookup& env);

// For a command line that ends before anything runs (help, version, a usage error): writes
// out to stdout and err to stderr, and returns status.
int ExitNow(int status, const std::string& out, const std::string& err);

// Supervises command with the process's environment, as the front ends' last step: the
// startup memory goes back to the kernel once COMMAND runs (on_started runs first if set).
int SuperviseCommand(const std::vector<std::string>& command, const init::InitSettings& settings,
                     const base::LogSettings& log, void (*on_started)() = nullptr);

}  // namespace entrypoint::cli
