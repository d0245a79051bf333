// Test driver for RunAsInit with tini's flags, so the e2e tests can run the same scenario
// under this driver and under tini and compare:
//   init_driver [-s] [-g] [-e CODE]... [-p SIG] [-v]... [--term-delay D] [--grace D]
//               [--reload-every D] [--count-allocs] -- CMD ARGS...
// --reload-every D: a second thread triggers a reload every D through the eventfd (tests
// the reload path and that a thread started before RunAsInit does not catch signals).
// --count-allocs: counts malloc/calloc/realloc calls from the moment the child runs until
// RunAsInit returns and prints "allocations while supervising: N" to stderr.
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "entrypoint/init/descriptors.h"
#include "entrypoint/init/supervisor.h"

extern char** environ;

#ifndef INIT_DRIVER_NO_ALLOC_COUNTER
// malloc interposed over glibc's, to prove the supervising loop allocates nothing. (Not in
// the static build: static glibc's malloc.o would define malloc a second time.)
extern "C" void* __libc_malloc(size_t);
extern "C" void* __libc_calloc(size_t, size_t);
extern "C" void* __libc_realloc(void*, size_t);
static std::atomic<bool> g_counting{false};
static std::atomic<long> g_allocs{0};
extern "C" void* malloc(size_t n) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocs.fetch_add(1);
  return __libc_malloc(n);
}
extern "C" void* calloc(size_t n, size_t m) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocs.fetch_add(1);
  return __libc_calloc(n, m);
}
extern "C" void* realloc(void* p, size_t n) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocs.fetch_add(1);
  return __libc_realloc(p, n);
}
#else
static std::atomic<bool> g_counting{false};
static std::atomic<long> g_allocs{-1};  // -1: not counted
#endif

namespace {

[[noreturn]] void Usage(const char* msg) {
  fprintf(stderr, "init_driver: %s\n", msg);
  exit(1);
}

absl::Duration ParseDuration(const char* s) {
  absl::Duration d;
  if (!absl::ParseDuration(s, &d)) Usage("bad duration");
  return d;
}

}  // namespace

int main(int argc, char** argv) {
  entrypoint::init::NoteInheritedDescriptors();
  entrypoint::init::PrepareInitSignals();  // before any thread exists
  entrypoint::init::InitSettings settings;
  entrypoint::base::LogSettings log;
  entrypoint::init::InitHooks hooks;
  absl::Duration reload_every;
  bool count_allocs = false;
  int i = 1;
  for (; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) Usage("missing value");
      return argv[++i];
    };
    if (a == "--") {
      ++i;
      break;
    } else if (a == "-s") {
      settings.subreaper = true;
    } else if (a == "-g") {
      settings.kill_group = true;
    } else if (a == "-v") {
      ++log.verbosity;
    } else if (a == "-e") {
      settings.zero_exit_codes.push_back(atoi(next()));
    } else if (a == "-p") {
      settings.parent_death_signal = entrypoint::init::ParseSignal(next());
      if (settings.parent_death_signal == 0) Usage("bad signal");
    } else if (a == "--term-delay") {
      settings.term_delay = ParseDuration(next());
    } else if (a == "--grace") {
      settings.grace = ParseDuration(next());
    } else if (a == "--reload-every") {
      reload_every = ParseDuration(next());
    } else if (a == "--count-allocs") {
      count_allocs = true;
    } else if (a[0] == '-') {
      Usage(("unknown flag " + a).c_str());
    } else {
      break;
    }
  }
  if (i >= argc) Usage("no command");
  std::vector<std::string> cmd(argv + i, argv + argc);
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);

  if (reload_every > absl::ZeroDuration()) {
    hooks.reload_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    std::thread([fd = hooks.reload_fd, reload_every] {
      while (true) {
        absl::SleepFor(reload_every);
        entrypoint::init::TriggerReload(fd);
      }
    }).detach();
  }
  if (!count_allocs) return entrypoint::init::RunAsInit(cmd, env, settings, log, hooks);
  hooks.on_started = [](int) { g_counting = true; };
  int rc = entrypoint::init::RunAsInit(cmd, env, settings, log, hooks);
  g_counting = false;
  fprintf(stderr, "allocations while supervising: %ld\n", g_allocs.load());
  return rc;
}
