#include "entrypoint/cli/tini_cli.h"

#include <curl/curl.h>
#include <getopt.h>

#include <cerrno>
#include <climits>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "entrypoint/base/version.h"
#include "entrypoint/cli/init_front_end.h"

namespace entrypoint::cli {
namespace {

constexpr char kTiniVersion[] = "0.19.0";

std::string Usage(const std::string& name) {
  return absl::StrCat(
      "Usage: ", name, " [-h] [-s] [-p SIGNAL] [-v...] [-w] [-g] [-e CODE...] [-l] [--version] -- COMMAND [ARG...]\n\n",
      "podinit ", base::VersionNumber(), ", called as ", name, " (tini ", kTiniVersion,
      "'s command line): runs COMMAND,\n"
      "forwards signals to it, reaps zombies, and exits with COMMAND's status.\n\n"
      "  -h          this help\n"
      "  -s          register as a child subreaper (podinit always is one when not PID 1)\n"
      "  -p SIGNAL   receive SIGNAL (a name, e.g. SIGKILL) when podinit's parent dies\n"
      "  -v          more log output; repeatable\n"
      "  -w          log each zombie reaped\n"
      "  -g          send signals to COMMAND's whole process group\n"
      "  -e CODE     exit 0 when COMMAND exits with CODE (0-255); repeatable\n"
      "  -l          the licenses of podinit and of what it is built from\n"
      "  --version   the version (as the only argument)\n\n"
      "Environment: TINI_SUBREAPER, TINI_KILL_PROCESS_GROUP (set at all: as -s, -g),\n"
      "TINI_VERBOSITY=N (default 1, 0 for errors only), PODINIT_LOG_FORMAT=json.\n");
}

// tini's -p takes the names in its own table, with the SIG prefix, and nothing else.
int TiniSignal(std::string_view arg) {
  if (arg.substr(0, 3) != "SIG" || arg == "SIGIO" || arg == "SIGPWR") return 0;
  if (arg.size() > 3 && arg[3] >= '0' && arg[3] <= '9') return 0;
  return init::ParseSignal(arg);
}

// tini's -e: what strtol takes as a whole (so "" is 0, as in tini), 0 to 255.
bool ExitCode(const char* arg, int* code) {
  char* end = nullptr;
  errno = 0;
  long v = strtol(arg, &end, 10);
  if (end == nullptr || *end != '\0' || errno == ERANGE || v < 0 || v > 255) return false;
  *code = static_cast<int>(v);
  return true;
}

}  // namespace

bool CalledAsTini(std::string_view argv0) {
  std::string_view name = Basename(argv0);
  return name == "tini" || name.substr(0, 5) == "tini-" || name == "docker-init";
}

TiniCommandLine ParseTiniCommandLine(const std::vector<std::string>& argv, const EnvLookup& env) {
  TiniCommandLine r;
  r.init.force = true;  // tini supervises whether or not it is PID 1
  r.init.exec_failure = init::ExecFailure::kTini;
  const std::string name(Basename(argv.empty() ? "tini" : argv[0]));
  auto exit_with = [&r](int status, std::string out, std::string err) {
    r.exit_now = true;
    r.exit_status = status;
    r.out = std::move(out);
    r.err = std::move(err);
    return r;
  };
  // As tini: --version only when it is the one argument.
  if (argv.size() == 2 && argv[1] == "--version") {
    return exit_with(0, absl::StrCat("podinit ", base::VersionNumber(), " (tini ", kTiniVersion,
                                     "'s command line)\n"), "");
  }
  std::vector<std::string> args = argv.empty() ? std::vector<std::string>{"tini"} : argv;
  std::vector<char*> cargv;
  for (std::string& a : args) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  const int argc = static_cast<int>(args.size());
  int verbosity = 1;  // tini's default: warnings
  optind = 0;         // glibc: start over, and read POSIXLY_CORRECT again
  opterr = 0;         // the messages are podinit's
  int c;
  while ((c = getopt(argc, cargv.data(), ":p:hvwgle:s")) != -1) {
    switch (c) {
      case 'h': return exit_with(0, Usage(name), "");
      case 's': r.init.subreaper = true; break;
      case 'p': {
        int sig = TiniSignal(optarg);
        if (sig == 0) {
          return exit_with(1, "", absl::StrCat("podinit: -p: not a signal name tini knows: \"", optarg,
                                               "\" (e.g. SIGKILL, SIGTERM)\n"));
        }
        r.init.parent_death_signal = sig;
        break;
      }
      case 'v': ++verbosity; break;
      case 'w': r.init.warn_on_reap = true; break;
      case 'g': r.init.kill_group = true; break;
      case 'e': {
        int code;
        if (!ExitCode(optarg, &code)) {
          return exit_with(1, "", absl::StrCat("podinit: -e: not an exit code from 0 to 255: \"", optarg, "\"\n"));
        }
        r.init.zero_exit_codes.push_back(code);
        break;
      }
      case 'l': return exit_with(0, LicenseText(), "");
      case ':':
        return exit_with(1, "", absl::StrCat("podinit: option -", std::string(1, static_cast<char>(optopt)),
                                             " needs a value\n", Usage(name)));
      default:
        // "--version" among other arguments reads as the option "-" (tini knows no long options).
        return exit_with(1, "", absl::StrCat("podinit: unknown option -", std::string(1, static_cast<char>(optopt)),
                                             optopt == '-' ? " (--version must be the only argument)" : "",
                                             "\n", Usage(name)));
    }
  }
  for (int i = optind; i < argc; ++i) r.command.push_back(cargv[i]);
  if (r.command.empty()) return exit_with(1, "", Usage(name));

  if (env("TINI_SUBREAPER")) r.init.subreaper = true;
  if (env("TINI_KILL_PROCESS_GROUP")) r.init.kill_group = true;
  if (std::optional<std::string> v = env("TINI_VERBOSITY")) verbosity = atoi(v->c_str());
  r.log.verbosity = std::max(verbosity, 0) - 1;
  r.log.format = LogFormatFromEnvironment(env);
  return r;
}

int RunAsTini(const std::vector<std::string>& argv, const EnvLookup& env) {
  TiniCommandLine cl = ParseTiniCommandLine(argv, env);
  if (cl.exit_now) return ExitNow(cl.exit_status, cl.out, cl.err);
  return SuperviseCommand(cl.command, cl.init, cl.log);
}

void ApplyTiniEnvironment(const EnvLookup& env, const std::function<bool(std::string_view)>& set_elsewhere,
                          Options& options) {
  if (!set_elsewhere("subreaper") && env("TINI_SUBREAPER")) options.init.subreaper = true;
  if (!set_elsewhere("kill-group") && env("TINI_KILL_PROCESS_GROUP")) options.init.kill_group = true;
  if (!set_elsewhere("verbose")) {
    if (std::optional<std::string> v = env("TINI_VERBOSITY")) {
      options.log.verbosity = std::max(atoi(v->c_str()), 0) - 1;
    }
  }
}

std::string LicenseText() {
  // The TLS library is the one libcurl was built with: wolfSSL in the static build by
  // default, OpenSSL in the shared one (and with -Dtls=openssl); wolfCrypt is in both.
  const curl_version_info_data* curl = curl_version_info(CURLVERSION_NOW);
  return absl::StrCat(
      "podinit ", base::VersionNumber(), "\n\n",
      "podinit contains these components, each under its own license:\n"
      "  libcurl      curl license (MIT/X derivative)      https://curl.se/docs/copyright.html\n"
      "  wolfSSL      GNU GPL 2.0 or later                 https://www.wolfssl.com/license/\n"
      "               (wolfCrypt for the template crypto functions; the static build's TLS)\n"
      "  OpenSSL 3    Apache License 2.0                   https://www.openssl.org/source/license.html\n"
      "               (the TLS of a build with OpenSSL; this one's: ",
      curl->ssl_version ? curl->ssl_version : "none", ")\n"
      "  zlib         zlib license                         https://zlib.net/zlib_license.html\n"
      "  simdjson     Apache License 2.0                   https://github.com/simdjson/simdjson\n"
      "  Abseil       Apache License 2.0                   https://github.com/abseil/abseil-cpp\n"
      "  RE2          BSD 3-Clause                         https://github.com/google/re2\n"
      "  Boost        Boost Software License 1.0           https://www.boost.org/LICENSE_1_0.txt\n"
      "  libxcrypt    LGPL 2.1 or later                    https://github.com/besser82/libxcrypt\n"
      "  GNU C library  LGPL 2.1 or later                  https://www.gnu.org/software/libc/\n"
      "  libstdc++, libgcc  GPL 3 with the GCC Runtime Library Exception\n"
      "For podinit's own license, see the LICENSE file of the source it was built from.\n");
}

}  // namespace entrypoint::cli
