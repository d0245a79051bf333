#include "entrypoint/cli/options.h"

#include <csignal>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "entrypoint/init/supervisor.h"

namespace podinit::cli {
namespace {

// Which commands accept an option.
enum : unsigned {
  kRunBit = 1,
  kRenderBit = 2,
  kGetBit = 4,
  kWaitBit = 8,
  kAllBits = kRunBit | kRenderBit | kGetBit | kWaitBit,
  kTemplating = kRunBit | kRenderBit,
};

struct OptionSpec {
  const char* name;  // long name, also PODINIT_<NAME>
  char short_name;
  bool takes_value;
  unsigned commands;
  const char* value_name;
  const char* help;
};

// One table drives parsing, the environment fallback and --help, so they cannot disagree.
constexpr OptionSpec kOptions[] = {
    {"pod-file", 0, true, kAllBits, "FILE|-", "read the Pod from a JSON or YAML file; no network"},
    {"kubeconfig", 0, true, kAllBits, "FILE", "use this kubeconfig (also KUBECONFIG)"},
    {"server", 0, true, kAllBits, "URL", "API server URL, e.g. http://127.0.0.1:8001 (kubectl proxy)"},
    {"ca-file", 0, true, kAllBits, "FILE", "CA bundle that signs the API server's certificate"},
    {"token-file", 0, true, kAllBits, "FILE", "bearer token file (re-read when it changes)"},
    {"sa-dir", 0, true, kAllBits, "DIR",
     "service-account directory (default /var/run/secrets/kubernetes.io/serviceaccount)"},
    {"namespace", 'n', true, kAllBits, "NS", "the pod's namespace (else POD_NAMESPACE, kubeconfig, sa-dir)"},
    {"pod-name", 0, true, kAllBits, "NAME", "the pod's name (else POD_NAME, HOSTNAME, hostname)"},
    {"template", 't', true, kTemplating, "SRC[:DEST]",
     "render SRC (file or directory) to DEST, or stdout; repeatable"},
    {"env", 'e', true, kTemplating, "NAME=TEMPLATE",
     "set NAME in COMMAND's environment (run) or the --env-file (render); repeatable"},
    {"env-file", 0, true, kRenderBit, "FILE", "write -e variables as shell-safe NAME='value' lines"},
    {"args", 0, false, kRunBit, nullptr, "also expand templates in COMMAND and its arguments"},
    {"missingkey", 0, true, kTemplating | kGetBit, "error|zero|default",
     "what a missing map key does (default error)"},
    {"mode", 0, true, kTemplating, "OCTAL", "mode of written files (default 0644; secrets 0600)"},
    {"downward-dir", 0, true, kTemplating, "DIR", "write a Downward API volume into DIR"},
    {"allow-secrets", 0, false, kTemplating | kGetBit, nullptr, "let templates read Secrets"},
    {"init", 0, false, kRunBit, nullptr, "stay on as a minimal init even when not PID 1"},
    {"subreaper", 's', false, kRunBit, nullptr, "register as child subreaper (tini -s)"},
    {"kill-group", 'g', false, kRunBit, nullptr, "forward signals to COMMAND's process group (tini -g)"},
    {"parent-death-signal", 'p', true, kRunBit, "SIG", "signal to receive when the parent dies (tini -p)"},
    {"verbose", 'v', false, kAllBits, nullptr, "more log output; repeatable"},
    {"term-delay", 0, true, kRunBit, "DURATION", "hold SIGTERM back this long before forwarding it"},
    {"grace", 0, true, kRunBit, "DURATION",
     "when COMMAND exits, SIGTERM what is left and wait this long (default 0)"},
    {"watch", 0, false, kRunBit, nullptr, "watch this pod and re-render when it changes"},
    {"reload-signal", 0, true, kRunBit, "SIG", "sent to COMMAND when an output changed (default HUP)"},
    {"on-change", 0, true, kRunBit, "CMD", "run CMD when an output changed instead of signalling"},
    {"pre-exec", 0, true, kRunBit, "CMD", "run CMD (templated, no shell) before COMMAND; repeatable"},
    {"pre-exec-env", 0, false, kRunBit, nullptr, "add NAME=VALUE lines of --pre-exec output to COMMAND's environment"},
    {"wait", 0, true, kTemplating, "CONDITION", "wait for CONDITION first; repeatable"},
    {"timeout", 0, true, kAllBits, "DURATION", "give up waiting after this long (default 5m)"},
    {"log-format", 0, true, kAllBits, "human|json", "log line format on stderr"},
};

const OptionSpec* FindLong(absl::string_view name) {
  for (const auto& o : kOptions) {
    if (name == o.name) return &o;
  }
  return nullptr;
}

const OptionSpec* FindShort(char c) {
  for (const auto& o : kOptions) {
    if (o.short_name == c) return &o;
  }
  return nullptr;
}

unsigned CommandBit(Command c) {
  switch (c) {
    case Command::kRun: return kRunBit;
    case Command::kRender: return kRenderBit;
    case Command::kGet: return kGetBit;
    case Command::kWait: return kWaitBit;
    default: return 0;
  }
}

const char* CommandName(Command c) {
  switch (c) {
    case Command::kRun: return "run";
    case Command::kRender: return "render";
    case Command::kGet: return "get";
    case Command::kWait: return "wait";
    case Command::kVersion: return "version";
    case Command::kHelp: return "help";
  }
  return "?";
}

std::string EnvName(absl::string_view long_name) {
  std::string n = absl::StrCat("PODINIT_", long_name);
  for (char& c : n) c = c == '-' ? '_' : absl::ascii_toupper(static_cast<unsigned char>(c));
  return n;
}

absl::StatusOr<bool> ParseBool(absl::string_view name, absl::string_view v) {
  std::string s = absl::AsciiStrToLower(v);
  if (s == "1" || s == "true" || s == "yes" || s == "on") return true;
  if (s == "0" || s == "false" || s == "no" || s == "off" || s.empty()) return false;
  return absl::InvalidArgumentError(absl::StrCat(name, ": not a boolean: \"", v, "\""));
}

absl::StatusOr<absl::Duration> ParseDurationOpt(absl::string_view name, absl::string_view v) {
  absl::Duration d;
  if (!absl::ParseDuration(std::string(v), &d) || d < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", name, ": not a duration: \"", v, "\" (use e.g. 30s, 2m, 1h30m)"));
  }
  return d;
}

// Stores one occurrence of an option into `o`.
absl::Status Apply(Options& o, const OptionSpec& spec, absl::string_view value) {
  absl::string_view n = spec.name;
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("--", n, ": ", why, ": \"", value, "\""));
  };
  std::string v(value);
  if (n == "pod-file") o.pod_file = v;
  else if (n == "kubeconfig") o.kubeconfig = v;
  else if (n == "server") o.server = v;
  else if (n == "ca-file") o.ca_file = v;
  else if (n == "token-file") o.token_file = v;
  else if (n == "sa-dir") o.sa_dir = v;
  else if (n == "namespace") o.namespace_ = v;
  else if (n == "pod-name") o.pod_name = v;
  else if (n == "template") {
    if (v.empty()) return bad("empty template source");
    o.templates.push_back(v);
  } else if (n == "env") {
    // tini's `-e CODE` and podinit's `-e NAME=TEMPLATE` share the letter; a bare number is
    // tini's meaning, so replacing tini in a Dockerfile stays a one-word change.
    int code;
    if (v.find('=') == std::string::npos && absl::SimpleAtoi(v, &code)) {
      if (code < 0 || code > 255) return bad("exit code out of range 0-255");
      o.zero_exit_codes.push_back(code);
    } else {
      size_t eq = v.find('=');
      if (eq == std::string::npos || eq == 0) return bad("expected NAME=TEMPLATE");
      o.env.push_back(v);
    }
  } else if (n == "env-file") o.env_file = v;
  else if (n == "missingkey") {
    if (v != "error" && v != "zero" && v != "default" && v != "invalid") {
      return bad("must be error, zero or default");
    }
    o.missingkey = v == "invalid" ? "default" : v;  // Go accepts "invalid" as default
  } else if (n == "mode") {
    unsigned m = 0;
    if (v.empty() || v.size() > 4) return bad("not an octal file mode");
    for (char c : v) {
      if (c < '0' || c > '7') return bad("not an octal file mode");
      m = m * 8 + static_cast<unsigned>(c - '0');
    }
    o.mode = m;
    o.mode_set = true;
  } else if (n == "downward-dir") o.downward_dir = v;
  else if (n == "parent-death-signal") {
    int sig = init::ParseSignal(v);
    if (sig == 0) return bad("unknown signal");
    o.parent_death_signal = sig;
  } else if (n == "term-delay" || n == "grace" || n == "timeout") {
    auto d = ParseDurationOpt(n, v);
    if (!d.ok()) return d.status();
    (n == "term-delay" ? o.term_delay : n == "grace" ? o.grace : o.timeout) = *d;
    if (n == "timeout") o.timeout_set = true;
  } else if (n == "reload-signal") {
    int sig = init::ParseSignal(v);
    if (sig == 0) return bad("unknown signal");
    o.reload_signal = sig;
  } else if (n == "on-change") o.on_change.push_back(v);
  else if (n == "pre-exec") o.pre_exec.push_back(v);
  else if (n == "wait") o.wait.push_back(v);
  else if (n == "log-format") {
    if (v != "human" && v != "json") return bad("must be human or json");
    o.log_format = v;
  } else {
    return absl::InternalError(absl::StrCat("unhandled option --", n));
  }
  return absl::OkStatus();
}

absl::Status ApplyFlag(Options& o, const OptionSpec& spec, bool on) {
  absl::string_view n = spec.name;
  if (n == "args") o.expand_args = on;
  else if (n == "allow-secrets") o.allow_secrets = on;
  else if (n == "init") o.init = on;
  else if (n == "subreaper") o.subreaper = on;
  else if (n == "kill-group") o.kill_group = on;
  else if (n == "verbose") o.verbosity = on ? o.verbosity + 1 : 0;
  else if (n == "watch") o.watch = on;
  else if (n == "pre-exec-env") o.pre_exec_env = on;
  else return absl::InternalError(absl::StrCat("unhandled flag --", n));
  return absl::OkStatus();
}

absl::StatusOr<Command> ParseCommand(absl::string_view s) {
  if (s == "run") return Command::kRun;
  if (s == "render") return Command::kRender;
  if (s == "get") return Command::kGet;
  if (s == "wait") return Command::kWait;
  if (s == "version" || s == "--version") return Command::kVersion;
  if (s == "help" || s == "--help" || s == "-h") return Command::kHelp;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown command \"", s, "\" (commands: run, render, get, wait, version)"));
}

}  // namespace

absl::StatusOr<Options> ParseCommandLine(const std::vector<std::string>& argv,
                                         const EnvLookup& env) {
  Options o;
  if (argv.empty()) return o;  // kHelp
  auto command = ParseCommand(argv[0]);
  if (!command.ok()) return command.status();
  o.command = *command;
  if (o.command == Command::kHelp) {
    if (argv.size() > 1) {
      auto sub = ParseCommand(argv[1]);
      if (!sub.ok()) return sub.status();
      o.command = *sub;
    }
    o.help = true;
    return o;
  }
  if (o.command == Command::kVersion) {
    if (argv.size() > 1 && argv[1] != "--help" && argv[1] != "-h") {
      return absl::InvalidArgumentError(absl::StrCat("version takes no arguments: \"", argv[1], "\""));
    }
    o.help = argv.size() > 1;
    return o;
  }

  const unsigned bit = CommandBit(o.command);
  const char* cmd = CommandName(o.command);
  std::map<absl::string_view, bool> given;  // options seen on the command line
  auto check_allowed = [&](const OptionSpec& spec, absl::string_view as) -> absl::Status {
    if ((spec.commands & bit) == 0) {
      return absl::InvalidArgumentError(absl::StrCat("option ", as, " does not apply to ", cmd));
    }
    given[spec.name] = true;
    return absl::OkStatus();
  };

  size_t i = 1;
  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (a == "--help" || a == "-h") {
      o.help = true;
      return o;
    }
    if (a.size() > 2 && a[0] == '-' && a[1] == '-') {
      absl::string_view body = absl::string_view(a).substr(2);
      size_t eq = body.find('=');
      absl::string_view name = body.substr(0, eq);
      const OptionSpec* spec = FindLong(name);
      if (spec == nullptr) {
        return absl::InvalidArgumentError(absl::StrCat("unknown option --", name, " (see podinit ", cmd, " --help)"));
      }
      if (auto s = check_allowed(*spec, absl::StrCat("--", name)); !s.ok()) return s;
      if (!spec->takes_value) {
        bool on = true;
        if (eq != absl::string_view::npos) {
          auto b = ParseBool(absl::StrCat("--", name), body.substr(eq + 1));
          if (!b.ok()) return b.status();
          on = *b;
        }
        if (auto s = ApplyFlag(o, *spec, on); !s.ok()) return s;
        continue;
      }
      std::string value;
      if (eq != absl::string_view::npos) {
        value = std::string(body.substr(eq + 1));
      } else if (i + 1 < argv.size()) {
        value = argv[++i];
      } else {
        return absl::InvalidArgumentError(absl::StrCat("option --", name, " needs a value (", spec->value_name, ")"));
      }
      if (auto s = Apply(o, *spec, value); !s.ok()) return s;
      continue;
    }
    if (a.size() > 1 && a[0] == '-' && a != "-") {
      // A cluster of short options, the last of which may take a value: -sg, -t x, -tx.
      for (size_t j = 1; j < a.size(); ++j) {
        const OptionSpec* spec = FindShort(a[j]);
        if (spec == nullptr) {
          return absl::InvalidArgumentError(absl::StrCat("unknown option -", std::string(1, a[j]), " (see podinit ", cmd, " --help)"));
        }
        if (auto s = check_allowed(*spec, absl::StrCat("-", std::string(1, a[j]))); !s.ok()) return s;
        if (!spec->takes_value) {
          if (auto s = ApplyFlag(o, *spec, true); !s.ok()) return s;
          continue;
        }
        std::string value;
        if (j + 1 < a.size()) {
          value = a.substr(j + 1);
        } else if (i + 1 < argv.size()) {
          value = argv[++i];
        } else {
          return absl::InvalidArgumentError(absl::StrCat("option -", std::string(1, a[j]), " needs a value (", spec->value_name, ")"));
        }
        if (auto s = Apply(o, *spec, value); !s.ok()) return s;
        break;
      }
      continue;
    }
    // The first operand ends option parsing for run (it is COMMAND); get and wait take
    // operands mixed with options, as most tools do.
    if (o.command == Command::kRun) break;
    o.args.push_back(a);
  }
  for (; i < argv.size(); ++i) o.args.push_back(argv[i]);

  // PODINIT_<NAME> for everything not given on the command line. Repeatable options take
  // one value per line, so a pod spec can list several with a YAML block scalar.
  for (const auto& spec : kOptions) {
    if ((spec.commands & bit) == 0 || given.count(spec.name)) continue;
    std::optional<std::string> v = env(EnvName(spec.name));
    if (!v) continue;
    if (!spec.takes_value) {
      auto b = ParseBool(EnvName(spec.name), *v);
      if (!b.ok()) return b.status();
      if (auto s = ApplyFlag(o, spec, *b); !s.ok()) return s;
      continue;
    }
    for (absl::string_view line : absl::StrSplit(*v, '\n', absl::SkipWhitespace())) {
      auto s = Apply(o, spec, absl::StripAsciiWhitespace(line));
      if (!s.ok()) return absl::InvalidArgumentError(absl::StrCat(EnvName(spec.name), ": ", s.message()));
    }
  }

  switch (o.command) {
    case Command::kRun:
      if (o.args.empty()) return absl::InvalidArgumentError("run needs a COMMAND: podinit run [OPTIONS] -- COMMAND [ARG...]");
      break;
    case Command::kRender:
      if (!o.args.empty()) return absl::InvalidArgumentError(absl::StrCat("render takes no operands: \"", o.args[0], "\""));
      if (o.templates.empty() && o.env.empty() && o.downward_dir.empty()) {
        return absl::InvalidArgumentError("render has nothing to do: give -t, -e or --downward-dir");
      }
      if (!o.env.empty() && o.env_file.empty()) {
        return absl::InvalidArgumentError("render -e needs --env-file FILE to write the variables to");
      }
      break;
    case Command::kGet:
      if (o.args.empty()) return absl::InvalidArgumentError("get needs at least one EXPR (e.g. podinit get metadata.name)");
      break;
    case Command::kWait:
      if (o.args.empty()) return absl::InvalidArgumentError("wait needs at least one CONDITION (e.g. tcp:db:5432)");
      break;
    default: break;
  }
  return o;
}

std::string HelpText(Command command) {
  if (command == Command::kHelp) {
    return "podinit: the first program in a Kubernetes container\n\n"
           "Usage:\n"
           "  podinit run    [OPTIONS] -- COMMAND [ARG...]   resolve the pod, render, then exec or supervise COMMAND\n"
           "  podinit render [OPTIONS]                        render templates / files, then exit\n"
           "  podinit get    [OPTIONS] EXPR...                print values: a fieldPath, resource:..., or a {{template}}\n"
           "  podinit wait   [OPTIONS] CONDITION...           block until every condition holds\n"
           "  podinit version\n\n"
           "`podinit COMMAND --help` lists a command's options. Every long option can also be\n"
           "set as PODINIT_<NAME> (upper case, - as _).\n";
  }
  std::string out;
  switch (command) {
    case Command::kRun:
      out = "Usage: podinit run [OPTIONS] -- COMMAND [ARG...]\n\n"
            "Reads the pod, renders templates, then execs COMMAND; as PID 1 (or with --init)\n"
            "it stays on as a minimal init that reaps zombies and forwards signals.\n";
      break;
    case Command::kRender:
      out = "Usage: podinit render [OPTIONS]\n\nRenders templates and files, then exits (initContainer use).\n";
      break;
    case Command::kGet:
      out = "Usage: podinit get [OPTIONS] EXPR...\n\n"
            "Prints one line per EXPR: a Downward API fieldPath (status.podIPs,\n"
            "metadata.labels['app']), a dotted field path (spec.containers), \n"
            "resource:limits.memory[:DIVISOR[:CONTAINER]], or a {{template}}.\n";
      break;
    case Command::kWait:
      out = "Usage: podinit wait [OPTIONS] CONDITION...\n\n"
            "Conditions: pods:SELECTOR[:N]  service:NAME  job:NAME  tcp:HOST:PORT\n"
            "            http(s)://URL  file:PATH  dns:NAME\n";
      break;
    case Command::kVersion:
      return "Usage: podinit version\n\nPrints podinit's version and the versions of the libraries it was built with.\n";
    default: break;
  }
  out += "\nOptions:\n";
  const unsigned bit = CommandBit(command);
  for (const auto& o : kOptions) {
    if ((o.commands & bit) == 0) continue;
    std::string left = o.short_name ? absl::StrCat("  -", std::string(1, o.short_name), ", --", o.name)
                                    : absl::StrCat("      --", o.name);
    if (o.takes_value) absl::StrAppend(&left, " ", o.value_name);
    if (left.size() < 34) left.resize(34, ' ');
    else left += "\n" + std::string(34, ' ');
    absl::StrAppend(&out, left, o.help, "\n");
  }
  if (command == Command::kRun) {
    out += "\n-e CODE (a bare number) maps that exit code to 0, as tini's -e does.\n";
  }
  out += "\nExit codes: 0 ok, 1 usage or configuration, 2 template, 3 API server, 4 wait timed out,\n"
         "126/127 exec; run exits with COMMAND's status.\n";
  return out;
}

}  // namespace podinit::cli
