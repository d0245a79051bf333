// One function per podinit command; each returns the process exit code.
#pragma once

#include "entrypoint/cli.h"

namespace podinit {

int RunGet(const Options& options, const EnvLookup& env);
int RunRender(const Options& options, const EnvLookup& env);
int RunRun(const Options& options, const EnvLookup& env);
int RunWait(const Options& options, const EnvLookup& env);

}  // namespace podinit
