#include "entrypoint/cli/options.h"

#include "entrypoint/cli/tini_cli.h"

#include <csignal>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "entrypoint/init/supervisor.h"
#include "entrypoint/run/render.h"
#include "gocompat/string_view.h"
#include "k8sclient/quantity.h"

namespace entrypoint::cli {
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

// One occurrence of an option, from argv or from PODINIT_<NAME>.
struct Arg {
  absl::string_view name;   // the long name
  absl::string_view value;  // "" for a flag
  bool on = true;           // a flag's state: --x, --x=false, PODINIT_X=0

  absl::Status Bad(absl::string_view why) const {
    return absl::InvalidArgumentError(absl::StrCat("--", name, ": ", why, ": \"", value, "\""));
  }
};

// Writes an option back as argv words that parse to the same settings (SupervisorArgs).
class Words {
 public:
  Words(absl::string_view name, std::vector<std::string>* out) : name_(name), out_(out) {}
  void Flag(bool on) {
    if (on) out_->push_back(absl::StrCat("--", name_));
  }
  void Value(absl::string_view v) { out_->push_back(absl::StrCat("--", name_, "=", v)); }

 private:
  absl::string_view name_;
  std::vector<std::string>* out_;
};

struct OptionSpec {
  const char* name;  // long name, also PODINIT_<NAME>
  char short_name;
  unsigned commands;
  const char* value_name;  // null: a flag
  const char* help;
  // Stores one occurrence into the field of the layer's settings the option belongs to.
  absl::Status (*set)(Options&, const Arg&);
  // Only for the options the lean supervisor needs (init's and log's): writes them back.
  void (*write)(const Options&, Words&) = nullptr;
  // False for the options that print and exit (-l, --version): an image's PODINIT_VERSION
  // (a common name for the image's own version) must not stop it from starting.
  bool from_env = true;

  bool takes_value() const { return value_name != nullptr; }
};

absl::Status Text(std::string& field, const Arg& a) {
  field = std::string(a.value);
  return absl::OkStatus();
}
absl::Status Append(std::vector<std::string>& field, const Arg& a) {
  field.emplace_back(a.value);
  return absl::OkStatus();
}
absl::Status Flag(bool& field, const Arg& a) {
  field = a.on;
  return absl::OkStatus();
}

absl::StatusOr<absl::Duration> ParseDurationArg(const Arg& a) {
  absl::Duration d;
  if (!absl::ParseDuration(std::string(a.value), &d) || d < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(absl::StrCat("--", a.name, ": not a duration: \"", a.value,
                                                   "\" (use e.g. 30s, 2m, 1h30m)"));
  }
  return d;
}
absl::Status Duration(absl::Duration& field, const Arg& a) {
  auto d = ParseDurationArg(a);
  if (!d.ok()) return d.status();
  field = *d;
  return absl::OkStatus();
}

absl::Status Signal(int& field, const Arg& a) {
  int sig = init::ParseSignal(gocompat::SV(a.value));
  if (sig == 0) return a.Bad("unknown signal");
  field = sig;
  return absl::OkStatus();
}

absl::Status SetTemplate(Options& o, const Arg& a) {
  if (a.value.empty()) return a.Bad("empty template source");
  return Append(o.render.templates, a);
}

// tini's `-e CODE` and podinit's `-e NAME=TEMPLATE` share the letter; a bare number is
// tini's meaning, so replacing tini in a Dockerfile stays a one-word change.
absl::Status SetEnvOrExitCode(Options& o, const Arg& a) {
  int code;
  if (a.value.find('=') == absl::string_view::npos && absl::SimpleAtoi(a.value, &code)) {
    if (code < 0 || code > 255) return a.Bad("exit code out of range 0-255");
    o.init.zero_exit_codes.push_back(code);
    return absl::OkStatus();
  }
  size_t eq = a.value.find('=');
  if (eq == absl::string_view::npos || eq == 0) return a.Bad("expected NAME=TEMPLATE");
  return Append(o.render.env, a);
}

absl::Status SetMissingKey(Options& o, const Arg& a) {
  std::optional<templating::MissingKey> key = run::ParseMissingKey(gocompat::SV(a.value));
  if (!key) return a.Bad("must be error, zero or default");
  o.render.missing_key = *key;
  return absl::OkStatus();
}

absl::Status SetMode(Options& o, const Arg& a) {
  unsigned m = 0;
  if (a.value.empty() || a.value.size() > 4) return a.Bad("not an octal file mode");
  for (char c : a.value) {
    if (c < '0' || c > '7') return a.Bad("not an octal file mode");
    m = m * 8 + static_cast<unsigned>(c - '0');
  }
  o.render.mode = m;
  return absl::OkStatus();
}

// A size as Kubernetes writes one (32Mi, 256M, 1000000): the bound of --pod-file.
absl::Status SetPodFileLimit(Options& o, const Arg& a) {
  auto q = k8sclient::Quantity::Parse(gocompat::SV(a.value));
  if (!q.ok() || q->Sign() <= 0) return a.Bad("not a size (e.g. 32Mi, 256Mi)");
  o.client.pod_file_limit = static_cast<size_t>(q->Value());
  return absl::OkStatus();
}

// One --timeout bounds the waits and, given at all, each API call with its retries.
absl::Status SetTimeout(Options& o, const Arg& a) {
  auto d = ParseDurationArg(a);
  if (!d.ok()) return d.status();
  o.wait.timeout = *d;
  o.client.deadline = *d;
  return absl::OkStatus();
}

absl::Status SetLogFormat(Options& o, const Arg& a) {
  if (a.value == "human") o.log.format = base::LogFormat::kHuman;
  else if (a.value == "json") o.log.format = base::LogFormat::kJson;
  else return a.Bad("must be human or json");
  return absl::OkStatus();
}

using O = Options;
using A = const Arg&;

// One table drives parsing, the environment fallback, --help and the lean supervisor's
// arguments, so they cannot disagree; each row names the settings field it fills.
constexpr OptionSpec kOptions[] = {
    {"pod-file", 0, kAllBits, "FILE|-", "read the Pod from a JSON or YAML file; no network",
     [](O& o, A a) { return Text(o.client.source.pod_file, a); }},
    {"pod-file-limit", 0, kAllBits, "SIZE", "the largest --pod-file (or stdin) read (default 32Mi)",
     SetPodFileLimit},
    {"kubeconfig", 0, kAllBits, "FILE", "use this kubeconfig (also KUBECONFIG)",
     [](O& o, A a) { return Text(o.client.source.kubeconfig, a); }},
    {"server", 0, kAllBits, "URL", "API server URL, e.g. http://127.0.0.1:8001 (kubectl proxy)",
     [](O& o, A a) { return Text(o.client.source.server, a); }},
    {"ca-file", 0, kAllBits, "FILE", "CA bundle that signs the API server's certificate",
     [](O& o, A a) { return Text(o.client.source.ca_file, a); }},
    {"token-file", 0, kAllBits, "FILE", "bearer token file (re-read when it changes)",
     [](O& o, A a) { return Text(o.client.source.token_file, a); }},
    {"sa-dir", 0, kAllBits, "DIR",
     "service-account directory (default /var/run/secrets/kubernetes.io/serviceaccount)",
     // Empty keeps the default.
     [](O& o, A a) { return a.value.empty() ? absl::OkStatus() : Text(o.client.source.sa_dir, a); }},
    {"namespace", 'n', kAllBits, "NS", "the pod's namespace (else POD_NAMESPACE, kubeconfig, sa-dir)",
     [](O& o, A a) { return Text(o.client.source.namespace_, a); }},
    {"pod-name", 0, kAllBits, "NAME", "the pod's name (else POD_NAME, HOSTNAME, hostname)",
     [](O& o, A a) { return Text(o.client.source.pod_name, a); }},
    {"template", 't', kTemplating, "SRC[:DEST]", "render SRC (file or directory) to DEST, or stdout; repeatable",
     SetTemplate},
    {"env", 'e', kTemplating, "NAME=TEMPLATE",
     "set NAME in COMMAND's environment (run) or the --env-file (render); repeatable",
     SetEnvOrExitCode,
     [](const O& o, Words& w) {
       for (int code : o.init.zero_exit_codes) w.Value(absl::StrCat(code));
     }},
    {"env-file", 0, kRenderBit, "FILE", "write -e variables as shell-safe NAME='value' lines",
     [](O& o, A a) { return Text(o.render.env_file, a); }},
    {"args", 0, kRunBit, nullptr, "also expand templates in COMMAND and its arguments",
     [](O& o, A a) { return Flag(o.run_command.expand_args, a); }},
    {"missingkey", 0, kTemplating | kGetBit, "error|zero|default", "what a missing map key does (default error)",
     SetMissingKey},
    {"mode", 0, kTemplating, "OCTAL", "mode of written files (default 0644; secrets 0600)", SetMode},
    {"downward-dir", 0, kTemplating, "DIR", "write a Downward API volume into DIR",
     [](O& o, A a) { return Text(o.render.downward_dir, a); }},
    {"allow-secrets", 0, kTemplating | kGetBit, nullptr, "let templates read Secrets",
     [](O& o, A a) { return Flag(o.render.functions.allow_secrets, a); }},
    {"init", 0, kRunBit, nullptr, "stay on as a minimal init even when not PID 1",
     [](O& o, A a) { return Flag(o.init.force, a); },
     [](const O& o, Words& w) { w.Flag(o.init.force); }},
    {"subreaper", 's', kRunBit, nullptr, "register as child subreaper (tini -s)",
     [](O& o, A a) { return Flag(o.init.subreaper, a); },
     [](const O& o, Words& w) { w.Flag(o.init.subreaper); }},
    {"kill-group", 'g', kRunBit, nullptr, "forward signals to COMMAND's process group (tini -g)",
     [](O& o, A a) { return Flag(o.init.kill_group, a); },
     [](const O& o, Words& w) { w.Flag(o.init.kill_group); }},
    {"parent-death-signal", 'p', kRunBit, "SIG", "signal to receive when the parent dies (tini -p)",
     [](O& o, A a) { return Signal(o.init.parent_death_signal, a); },
     [](const O& o, Words& w) {
       if (o.init.parent_death_signal != 0) w.Value(absl::StrCat(o.init.parent_death_signal));
     }},
    {"warn-reaped", 'w', kRunBit, nullptr, "log each zombie reaped (tini -w)",
     [](O& o, A a) { return Flag(o.init.warn_on_reap, a); },
     [](const O& o, Words& w) { w.Flag(o.init.warn_on_reap); }},
    {"license", 'l', kRunBit, nullptr, "print the licenses of podinit and what it is built from (tini -l)",
     [](O& o, A a) { return Flag(o.show_license, a); }, nullptr, /*from_env=*/false},
    {"version", 0, kRunBit, nullptr, "print the version (tini --version)",
     [](O& o, A a) { return Flag(o.show_version, a); }, nullptr, /*from_env=*/false},
    {"verbose", 'v', kAllBits, nullptr, "more log output; repeatable",
     [](O& o, A a) {
       o.log.verbosity = a.on ? o.log.verbosity + 1 : 0;
       return absl::OkStatus();
     },
     [](const O& o, Words& w) {
       for (int i = 0; i < o.log.verbosity; ++i) w.Flag(true);
     }},
    {"term-delay", 0, kRunBit, "DURATION", "hold SIGTERM back this long before forwarding it",
     [](O& o, A a) { return Duration(o.init.term_delay, a); },
     [](const O& o, Words& w) {
       if (o.init.term_delay != absl::ZeroDuration()) w.Value(absl::FormatDuration(o.init.term_delay));
     }},
    {"grace", 0, kRunBit, "DURATION",
     "when COMMAND exits, SIGTERM what is left, then SIGKILL it after this long (default 0)",
     [](O& o, A a) { return Duration(o.init.grace, a); },
     [](const O& o, Words& w) {
       if (o.init.grace != absl::ZeroDuration()) w.Value(absl::FormatDuration(o.init.grace));
     }},
    {"watch", 0, kRunBit, nullptr, "watch this pod and re-render when it changes",
     [](O& o, A a) { return Flag(o.run_command.watch, a); }},
    {"reload-signal", 0, kRunBit, "SIG", "sent to COMMAND when an output changed (default HUP)",
     [](O& o, A a) { return Signal(o.init.reload_signal, a); },
     [](const O& o, Words& w) {
       if (o.init.reload_signal != init::InitSettings{}.reload_signal) w.Value(absl::StrCat(o.init.reload_signal));
     }},
    {"on-change", 0, kRunBit, "CMD", "run CMD when an output changed instead of signalling",
     [](O& o, A a) { return Append(o.run_command.on_change, a); }},
    {"pre-exec", 0, kRunBit, "CMD", "run CMD (templated, no shell) before COMMAND; repeatable",
     [](O& o, A a) { return Append(o.run_command.pre_exec, a); }},
    {"pre-exec-env", 0, kRunBit, nullptr, "add NAME=VALUE lines of --pre-exec output to COMMAND's environment",
     [](O& o, A a) { return Flag(o.run_command.pre_exec_env, a); }},
    {"wait", 0, kTemplating, "CONDITION", "wait for CONDITION first; repeatable",
     [](O& o, A a) { return Append(o.wait.conditions, a); }},
    {"timeout", 0, kAllBits, "DURATION",
     "give up waiting after this long (default 5m); also bounds each API call (default 60s)", SetTimeout},
    {"log-format", 0, kAllBits, "human|json", "log line format on stderr", SetLogFormat,
     [](const O& o, Words& w) {
       if (o.log.format == base::LogFormat::kJson) w.Value("json");
     }},
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

absl::Status Apply(Options& o, const OptionSpec& spec, absl::string_view value) {
  return spec.set(o, Arg{spec.name, value});
}

absl::Status ApplyFlag(Options& o, const OptionSpec& spec, bool on) {
  return spec.set(o, Arg{spec.name, "", on});
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
      if (!spec->takes_value()) {
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
        if (!spec->takes_value()) {
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
    if ((spec.commands & bit) == 0 || given.count(spec.name) || !spec.from_env) continue;
    std::optional<std::string> v = env(EnvName(spec.name));
    if (!v) continue;
    if (!spec.takes_value()) {
      // A YAML `|` block ends the value with a newline: "true\n" is true.
      auto b = ParseBool(EnvName(spec.name), absl::StripAsciiWhitespace(*v));
      if (!b.ok()) return b.status();
      if (auto s = ApplyFlag(o, spec, *b); !s.ok()) return s;
      continue;
    }
    for (absl::string_view line : absl::StrSplit(*v, '\n', absl::SkipWhitespace())) {
      auto s = Apply(o, spec, absl::StripAsciiWhitespace(line));
      if (!s.ok()) return absl::InvalidArgumentError(absl::StrCat(EnvName(spec.name), ": ", s.message()));
    }
  }

  if (o.command == Command::kRun) {
    // tini's variables come last: the command line and PODINIT_* win over them.
    ApplyTiniEnvironment(
        env,
        [&](std::string_view name) {
          absl::string_view n(name.data(), name.size());
          return given.count(n) > 0 || env(EnvName(n)).has_value();
        },
        o);
  }

  switch (o.command) {
    case Command::kRun:
      if (o.show_license || o.show_version) break;
      if (o.args.empty()) return absl::InvalidArgumentError("run needs a COMMAND: podinit run [OPTIONS] -- COMMAND [ARG...]");
      break;
    case Command::kRender:
      if (!o.args.empty()) return absl::InvalidArgumentError(absl::StrCat("render takes no operands: \"", o.args[0], "\""));
      if (o.render.templates.empty() && o.render.env.empty() && o.render.downward_dir.empty()) {
        return absl::InvalidArgumentError("render has nothing to do: give -t, -e or --downward-dir");
      }
      if (!o.render.env.empty() && o.render.env_file.empty()) {
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

std::vector<std::string> SupervisorArgs(const Options& options) {
  std::vector<std::string> out;
  for (const auto& spec : kOptions) {
    if (spec.write == nullptr) continue;
    Words words(spec.name, &out);
    spec.write(options, words);
  }
  return out;
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
    if (o.takes_value()) absl::StrAppend(&left, " ", o.value_name);
    if (left.size() < 34) left.resize(34, ' ');
    else left += "\n" + std::string(34, ' ');
    absl::StrAppend(&out, left, o.help, "\n");
  }
  if (command == Command::kRun) {
    out += "\n-e CODE (a bare number) maps that exit code to 0, as tini's -e does.\n";
  }
  out += "\nThe API server: 5s to connect, 30s per attempt, 60s per call with its retries (--timeout,\n"
         "when given, bounds each call instead); retries back off from 800ms to 30s, a Retry-After\n"
         "is obeyed up to 30s, and no more than 2 requests a second go out after the first second.\n"
         "Answers over 32 MiB are refused; redirects are not followed.\n";
  out += "\nExit codes: 0 ok, 1 usage or configuration, 2 template, 3 API server, 4 wait timed out,\n"
         "126/127 exec; run exits with COMMAND's status.\n";
  return out;
}

}  // namespace entrypoint::cli
