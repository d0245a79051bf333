#include "entrypoint/init/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <initializer_list>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "entrypoint/init/child_status.h"
#include "entrypoint/init/exec.h"
#include "entrypoint/init/signals.h"
#include "gocompat/string_view.h"

namespace entrypoint::init {
namespace {

void CloseAll(std::initializer_list<int> fds) {
  for (int fd : fds) close(fd);
}

// Reads both pipes to EOF, whichever has data, so a command filling one cannot block on it
// while we wait on the other.
void ReadBoth(int out_fd, int err_fd, std::string* out, std::string* err) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* dest[2] = {out, err};
  char buf[4096];
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        dest[i]->append(buf, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        fds[i].fd = -1;  // poll ignores negative descriptors
      }
    }
  }
}

}  // namespace

absl::StatusOr<std::vector<std::string>> SplitWords(std::string_view line) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(cur));
      cur.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\'') {
      size_t end = line.find('\'', i + 1);
      if (end == std::string_view::npos) return absl::InvalidArgumentError("unterminated ' in command");
      cur.append(line.substr(i + 1, end - i - 1));
      i = end;
    } else if (c == '"') {
      size_t j = i + 1;
      for (; j < line.size() && line[j] != '"'; ++j) {
        if (line[j] == '\\' && j + 1 < line.size() && (line[j + 1] == '"' || line[j + 1] == '\\')) ++j;
        cur.push_back(line[j]);
      }
      if (j >= line.size()) return absl::InvalidArgumentError("unterminated \" in command");
      i = j;
    } else if (c == '\\' && i + 1 < line.size()) {
      cur.push_back(line[++i]);
    } else {
      cur.push_back(c);
    }
  }
  if (in_word) words.push_back(std::move(cur));
  return words;
}

absl::StatusOr<SubprocessResult> RunSubprocess(const std::vector<std::string>& argv,
                                               const std::vector<std::string>& env) {
  if (argv.empty()) return absl::InvalidArgumentError("empty command");
  // Everything the child needs, built before fork(): podinit may have threads (--watch).
  ExecPlan plan(argv, env);
  int out_pipe[2], err_pipe[2], exec_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return absl::InternalError(absl::StrCat("pipe: ", strerror(errno)));
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    CloseAll({out_pipe[0], out_pipe[1]});
    return absl::InternalError(absl::StrCat("pipe: ", strerror(errno)));
  }
  // The exec's errno comes back on this one; EOF means the exec worked.
  if (pipe2(exec_pipe, O_CLOEXEC) != 0) {
    CloseAll({out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]});
    return absl::InternalError(absl::StrCat("pipe: ", strerror(errno)));
  }
  pid_t pid = SpawnClaimed([&]() -> pid_t {
    pid_t p = fork();
    if (p != 0) return p;
    int null = open("/dev/null", O_RDONLY);  // no stdin: the command must not read podinit's
    if (null >= 0 && null != STDIN_FILENO) {
      dup2(null, STDIN_FILENO);
      close(null);
    }
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    RestoreSignalsForChild();
    int err = plan.Exec(/*keep_standard_fds=*/true);
    (void)!write(exec_pipe[1], &err, sizeof err);
    _exit(127);
  });
  int fork_errno = errno;
  CloseAll({out_pipe[1], err_pipe[1], exec_pipe[1]});
  if (pid < 0) {
    CloseAll({out_pipe[0], err_pipe[0], exec_pipe[0]});
    return absl::InternalError(absl::StrCat("fork: ", strerror(fork_errno)));
  }
  int exec_errno = 0;
  ssize_t got;
  do {
    got = read(exec_pipe[0], &exec_errno, sizeof exec_errno);
  } while (got < 0 && errno == EINTR);
  close(exec_pipe[0]);
  SubprocessResult r;
  ReadBoth(out_pipe[0], err_pipe[0], &r.out, &r.err);
  CloseAll({out_pipe[0], err_pipe[0]});
  int status = WaitClaimed(pid);
  if (got == static_cast<ssize_t>(sizeof exec_errno)) {
    if (exec_errno == ENOENT || exec_errno == ENOTDIR) {
      return absl::NotFoundError(absl::StrCat(argv[0], ": command not found"));
    }
    return absl::InternalError(absl::StrCat(argv[0], ": ", strerror(exec_errno)));
  }
  if (status == -1) return absl::InternalError(absl::StrCat(argv[0], ": its exit status was lost"));
  r.exit_code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
  return r;
}

std::vector<std::pair<std::string, std::string>> ParseEnvLines(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  for (absl::string_view line : absl::StrSplit(gocompat::AV(text), '\n')) {
    line = absl::StripTrailingAsciiWhitespace(line);
    size_t eq = line.find('=');
    if (eq == absl::string_view::npos || eq == 0) continue;
    absl::string_view name = line.substr(0, eq);
    bool valid = absl::ascii_isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_';
    for (char ch : name) valid = valid && (absl::ascii_isalnum(static_cast<unsigned char>(ch)) || ch == '_');
    if (!valid) continue;
    absl::string_view value = line.substr(eq + 1);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    out.emplace_back(std::string(name), std::string(value));
  }
  return out;
}

}  // namespace entrypoint::init
