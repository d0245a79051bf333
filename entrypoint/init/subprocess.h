// Commands podinit runs itself (--pre-exec, --on-change): no shell, through Boost.Process.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace podinit::init {

// Splits a command line into words as a shell would for plain words and quotes ('...',
// "..." with \" and \\, backslash escapes outside quotes), without expanding anything.
absl::StatusOr<std::vector<std::string>> SplitWords(std::string_view line);

struct SubprocessResult {
  int exit_code = 0;  // 128+N when killed by signal N
  std::string out, err;
};

// Runs argv (PATH lookup) with `env` (NAME=VALUE entries) and waits, collecting its output.
absl::StatusOr<SubprocessResult> RunSubprocess(const std::vector<std::string>& argv,
                                               const std::vector<std::string>& env);

// NAME=VALUE lines of a command's output (what `etcdctl member add` prints); surrounding
// double or single quotes are removed from VALUE, other lines are ignored.
std::vector<std::pair<std::string, std::string>> ParseEnvLines(std::string_view text);

}  // namespace podinit::init
