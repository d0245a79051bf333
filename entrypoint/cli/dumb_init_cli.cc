#include "entrypoint/cli/dumb_init_cli.h"

#include <getopt.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "entrypoint/base/version.h"
#include "entrypoint/cli/init_front_end.h"

namespace entrypoint::cli {
namespace {

constexpr char kDumbInitVersion[] = "1.2.5";
constexpr int kMaxRewrite = 31;  // dumb-init rewrites the standard signals only

std::string Help(const std::string& name) {
  return absl::StrCat(
      "Usage: ", name, " [OPTION]... [--] COMMAND [ARG]...\n\n",
      "podinit ", base::VersionNumber(), ", called as ", name, " (dumb-init ", kDumbInitVersion,
      "'s command line): runs COMMAND in a\n"
      "session of its own, forwards signals to its process group, reaps zombies, and exits\n"
      "with COMMAND's status.\n\n"
      "  -c, --single-child   signal COMMAND only, not its group, and keep it in podinit's\n"
      "                       session (also DUMB_INIT_SETSID=0)\n"
      "  -r, --rewrite S:R    forward signal S (1-31) as signal R (0-31; 0: do not forward it);\n"
      "                       repeatable\n"
      "  -v, --verbose        log what podinit does (also DUMB_INIT_DEBUG=1)\n"
      "  -h, --help           this help\n"
      "  -V, --version        the version\n\n"
      "Also PODINIT_LOG_FORMAT=json.\n");
}

std::string RewriteUsage() {
  return absl::StrCat("podinit: -r takes S:R, two signal numbers: S from 1 to ", kMaxRewrite, ", R from 0 to ",
                      kMaxRewrite, " (0: do not forward S); repeatable\n");
}

}  // namespace

bool CalledAsDumbInit(std::string_view argv0) {
  std::string_view name = Basename(argv0);
  return name == "dumb-init" || name.substr(0, 10) == "dumb-init_" || name.substr(0, 10) == "dumb-init-";
}

DumbInitCommandLine ParseDumbInitCommandLine(const std::vector<std::string>& argv, const EnvLookup& env) {
  DumbInitCommandLine r;
  r.init.force = true;
  r.init.exec_failure = init::ExecFailure::kDumbInit;
  r.init.stop_on_job_control_signals = true;
  r.init.term_group_on_exit = true;
  r.init.default_signals_for_child = true;
  const std::string name(Basename(argv.empty() ? "dumb-init" : argv[0]));
  auto exit_with = [&r](int status, std::string err) {
    r.exit_now = true;
    r.exit_status = status;
    r.err = std::move(err);
    return r;
  };
  std::vector<std::string> args = argv.empty() ? std::vector<std::string>{"dumb-init"} : argv;
  std::vector<char*> cargv;
  for (std::string& a : args) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  const int argc = static_cast<int>(args.size());
  static const option kLong[] = {
      {"help", no_argument, nullptr, 'h'},         {"single-child", no_argument, nullptr, 'c'},
      {"rewrite", required_argument, nullptr, 'r'}, {"verbose", no_argument, nullptr, 'v'},
      {"version", no_argument, nullptr, 'V'},       {nullptr, 0, nullptr, 0},
  };
  int rewrite[kMaxRewrite + 1];
  for (int& to : rewrite) to = -1;
  bool setsid = true, debug = false;
  optind = 0;  // glibc: start over
  opterr = 0;  // the messages are podinit's
  int c;
  while ((c = getopt_long(argc, cargv.data(), "+:hvVcr:", kLong, nullptr)) != -1) {
    switch (c) {
      case 'h': return exit_with(0, Help(name));
      case 'v': debug = true; break;
      case 'V':
        return exit_with(0, absl::StrCat("podinit ", base::VersionNumber(), " (dumb-init ", kDumbInitVersion,
                                         "'s command line)\n"));
      case 'c': setsid = false; break;
      case 'r': {
        int from, to;
        if (sscanf(optarg, "%d:%d", &from, &to) != 2 || from < 1 || from > kMaxRewrite || to < 0 ||
            to > kMaxRewrite) {
          return exit_with(1, RewriteUsage());
        }
        rewrite[from] = to;
        break;
      }
      case ':': return exit_with(1, absl::StrCat("podinit: option ", cargv[optind - 1], " needs a value\n"));
      default: {
        std::string what = optopt != 0 ? absl::StrCat("-", std::string(1, static_cast<char>(optopt)))
                                        : std::string(cargv[optind - 1]);
        return exit_with(1, absl::StrCat("podinit: unknown option ", what, " (see ", name, " --help)\n"));
      }
    }
  }
  for (int i = optind; i < argc; ++i) r.command.push_back(cargv[i]);
  if (r.command.empty()) {
    return exit_with(1, absl::StrCat("Usage: ", name, " [OPTION]... [--] COMMAND [ARG]...\n",
                                     "See ", name, " --help.\n"));
  }
  std::optional<std::string> debug_env = env("DUMB_INIT_DEBUG");
  if (debug_env && *debug_env == "1") debug = true;
  std::optional<std::string> setsid_env = env("DUMB_INIT_SETSID");
  if (setsid_env && *setsid_env == "0") setsid = false;
  if (setsid) {
    // In a session of its own COMMAND cannot be stopped by the terminal, so these become
    // SIGSTOP, unless the user said otherwise.
    for (int sig : {SIGTSTP, SIGTTOU, SIGTTIN}) {
      if (rewrite[sig] == -1) rewrite[sig] = SIGSTOP;
    }
  }
  for (int from = 1; from <= kMaxRewrite; ++from) {
    if (rewrite[from] != -1) r.init.rewrite_signals.emplace_back(from, rewrite[from]);
  }
  r.init.placement = setsid ? init::ChildPlacement::kOwnSession : init::ChildPlacement::kShared;
  r.log.verbosity = debug ? 2 : 0;
  r.log.format = LogFormatFromEnvironment(env);
  return r;
}

int RunAsDumbInit(const std::vector<std::string>& argv, const EnvLookup& env) {
  DumbInitCommandLine cl = ParseDumbInitCommandLine(argv, env);
  if (cl.exit_now) return ExitNow(cl.exit_status, "", cl.err);
  // As dumb-init: podinit itself leaves the directory it was started in (COMMAND keeps it),
  // so it never holds a mount busy.
  return SuperviseCommand(cl.command, cl.init, cl.log, [] { (void)!chdir("/"); });
}

}  // namespace entrypoint::cli
