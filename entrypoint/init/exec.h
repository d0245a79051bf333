// How podinit starts a program: PATH lookup in the program's own environment, the exit
// status and message when that fails, and what the program inherits. Everything is built
// before fork(), so the child only makes async-signal-safe calls.
#ifndef PODINIT_ENTRYPOINT_INIT_EXEC_H_
#define PODINIT_ENTRYPOINT_INIT_EXEC_H_

#include <string>
#include <vector>

#include "entrypoint/base/log.h"

namespace entrypoint::init {

// Whose rules an exec failure follows.
enum class ExecFailure {
  // podinit's and Docker's: 127 not found, 126 found but not runnable; a file without #!
  // is an exec format error (a distroless image has no shell to run it with).
  kPodinit,
  // tini's execvp: 127 ENOENT, 126 EACCES, 1 anything else; a file without #! runs
  // through /bin/sh.
  kTini,
  // dumb-init's execvp: 2 whatever failed; a file without #! runs through /bin/sh.
  kDumbInit,
};

class ExecPlan {
 public:
  // A name without '/' is looked up in the PATH of env (the PATH the program will see),
  // falling back to podinit's own PATH, then "/usr/local/sbin:/usr/local/bin:/usr/sbin:
  // /usr/bin:/sbin:/bin" (the container runtimes' default). An empty name is not found.
  ExecPlan(const std::vector<std::string>& argv, const std::vector<std::string>& env,
           ExecFailure rules = ExecFailure::kPodinit);

  // Marks podinit's own descriptors close-on-exec and tries each candidate path; returns
  // only on failure, with the errno that decides the outcome. Async-signal-safe.
  // keep_standard_fds: 0, 1 and 2 were set up for this child (pipes, /dev/null) and stay
  // open even if podinit itself did not inherit them.
  int Exec(bool keep_standard_fds = false);
  // The exit status for that errno under this plan's rules.
  int FailureStatus(int err) const;
  // One line on stderr saying why (in format). Async-signal-safe.
  void ReportFailure(int err, base::LogFormat format) const;

  // Exec, and if it fails, ReportFailure; returns FailureStatus.
  int ExecOrFail(base::LogFormat format) {
    int err = Exec();
    ReportFailure(err, format);
    return FailureStatus(err);
  }

 private:
  ExecFailure rules_;
  std::string name_;
  bool searched_path_;
  std::vector<std::string> candidates_;
  std::vector<std::string> argv_storage_, env_storage_;
  std::vector<char*> argv_, envp_;
  // "/bin/sh", the candidate, argv[1...]: for a script without #! (execvp's fallback).
  std::vector<char*> shell_argv_;
};

}  // namespace entrypoint::init

#endif  // PODINIT_ENTRYPOINT_INIT_EXEC_H_
