// Runs a test body in a forked child: the init layer changes process-wide state (signal
// mask and dispositions, the inherited descriptors, the exec itself), which must not leak
// into the next test.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <csignal>
#include <unistd.h>

#include <functional>
#include <string>

namespace entrypoint::init {

struct Outcome {
  int code;  // exit status, or 128+N when killed by signal N
  std::string stderr_text;
};

// Runs fn in a forked child with stderr captured; returns the exit code and stderr. Every
// child is bounded by alarm(20).
inline Outcome InChild(const std::function<int()>& fn) {
  int pipefd[2];
  EXPECT_EQ(pipe(pipefd), 0);
  pid_t pid = fork();
  if (pid == 0) {
    close(pipefd[0]);
    dup2(pipefd[1], STDERR_FILENO);
    close(pipefd[1]);
    // Default dispositions and no blocked signal, whatever the runner passed down: under
    // nohup HUP is ignored, in a background job of a non-interactive shell INT and QUIT are,
    // and a shell cannot trap a signal ignored when it started.
    for (int sig = 1; sig < NSIG; ++sig) {
      if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    alarm(20);  // bound every test
    _exit(fn());
  }
  close(pipefd[1]);
  std::string err;
  char buf[4096];
  ssize_t n;
  while ((n = read(pipefd[0], buf, sizeof buf)) > 0) err.append(buf, static_cast<size_t>(n));
  close(pipefd[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return {code, err};
}

}  // namespace entrypoint::init
