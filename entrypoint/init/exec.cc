#include "entrypoint/init/exec.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "entrypoint/init/descriptors.h"
#include "entrypoint/init/log_line.h"

namespace entrypoint::init {
namespace {

// The paths execve is tried on, in order, like execvp but with the child's own PATH.
std::vector<std::string> Candidates(const std::string& name, const std::vector<std::string>& env) {
  if (name.empty()) return {};
  if (name.find('/') != std::string::npos) return {name};
  const char* path = nullptr;
  for (const std::string& e : env) {
    if (e.compare(0, 5, "PATH=") == 0) path = e.c_str() + 5;
  }
  if (path == nullptr) path = getenv("PATH");
  if (path == nullptr) path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  std::vector<std::string> out;
  std::string_view rest(path);
  while (true) {
    size_t colon = rest.find(':');
    std::string_view dir = rest.substr(0, colon);
    if (dir.empty()) dir = ".";  // POSIX: an empty PATH element is the current directory
    out.push_back(std::string(dir) + "/" + name);
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return out;
}

std::vector<char*> CStrings(std::vector<std::string>& v) {
  std::vector<char*> out;
  out.reserve(v.size() + 1);
  for (std::string& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Neither allocates (strerror may, for unusual numbers).
const char* ErrText(int err) {
  const char* text = strerrordesc_np(err);
  return text != nullptr ? text : "unknown error";
}

}  // namespace

ExecPlan::ExecPlan(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                   ExecFailure rules)
    : rules_(rules),
      name_(argv.empty() ? "" : argv[0]),
      searched_path_(name_.find('/') == std::string::npos),
      candidates_(Candidates(name_, env)),
      argv_storage_(argv),
      env_storage_(env),
      argv_(CStrings(argv_storage_)),
      envp_(CStrings(env_storage_)) {
  shell_argv_.push_back(const_cast<char*>("/bin/sh"));
  shell_argv_.push_back(nullptr);  // the candidate, filled in by Exec
  for (size_t i = 1; i < argv_storage_.size(); ++i) shell_argv_.push_back(argv_storage_[i].data());
  shell_argv_.push_back(nullptr);
}

int ExecPlan::Exec(bool keep_standard_fds) {
  CloseOnExecExceptInherited();
  if (keep_standard_fds) {
    for (int fd = 0; fd <= 2; ++fd) fcntl(fd, F_SETFD, 0);
  }
  if (argv_storage_.empty()) return ENOENT;
  int err = ENOENT;
  bool denied = false;
  for (std::string& c : candidates_) {
    execve(c.c_str(), argv_.data(), envp_.data());
    err = errno;
    if (err == ENOEXEC && rules_ != ExecFailure::kPodinit) {
      shell_argv_[1] = c.data();  // execvp runs a script without #! through the shell
      execve(shell_argv_[0], shell_argv_.data(), envp_.data());
      err = ENOEXEC;
    }
    if (err == EACCES) {
      denied = true;  // execvp keeps looking, and reports EACCES if nothing else works
    } else if (err != ENOENT && err != ENOTDIR && err != ESTALE && err != ENODEV &&
               err != ETIMEDOUT) {
      break;  // found something that cannot be run: say why
    }
  }
  if (denied && (err == ENOENT || err == ENOTDIR)) err = EACCES;
  return err;
}

int ExecPlan::FailureStatus(int err) const {
  switch (rules_) {
    case ExecFailure::kPodinit: return err == ENOENT || err == ENOTDIR ? 127 : 126;
    case ExecFailure::kTini: return err == ENOENT ? 127 : err == EACCES ? 126 : 1;
    case ExecFailure::kDumbInit: return 2;
  }
  return 126;
}

void ExecPlan::ReportFailure(int err, base::LogFormat format) const {
  char line[1024];
  size_t len = 0;
  auto put = [&](const char* s) {
    for (; *s != '\0' && len < sizeof line - 1; ++s) line[len++] = *s;
  };
  put("exec \"");
  put(name_.c_str());
  bool not_found = err == ENOENT || err == ENOTDIR;
  if (not_found && searched_path_) {
    put("\": executable file not found in $PATH");
  } else {
    put("\": ");
    put(ErrText(err));
  }
  line[len] = '\0';
  WriteLogLine(format, LineLevel::kError, /*with_pid=*/false, line);
}

}  // namespace entrypoint::init
