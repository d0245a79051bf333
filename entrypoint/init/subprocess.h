// Commands podinit runs itself (--pre-exec, --on-change): no shell. Their exit status is
// theirs even while the supervisor reaps every zombie (child_status.h); they get the signal
// mask and dispositions podinit started with and none of podinit's own descriptors.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace entrypoint::init {

// Splits a command line into words as a shell would for plain words and quotes ('...',
// "..." with \" and \\, backslash escapes outside quotes), without expanding anything.
absl::StatusOr<std::vector<std::string>> SplitWords(std::string_view line);

struct SubprocessResult {
  int exit_code = 0;  // 128+N when killed by signal N
  std::string out, err;
};

// Runs argv (PATH lookup in env's PATH, as ExecPlan) with `env` (NAME=VALUE entries), stdin
// /dev/null, and waits, collecting its output. NotFound when there is no such command.
absl::StatusOr<SubprocessResult> RunSubprocess(const std::vector<std::string>& argv,
                                               const std::vector<std::string>& env);

// NAME=VALUE lines of a command's output (what `etcdctl member add` prints); surrounding
// double or single quotes are removed from VALUE, other lines are ignored.
std::vector<std::pair<std::string, std::string>> ParseEnvLines(std::string_view text);

}  // namespace entrypoint::init
