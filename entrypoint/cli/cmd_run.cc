// `podinit run`: resolve the pod, wait, run --pre-exec commands, render, then exec COMMAND
// or supervise it as a minimal init (optionally re-rendering on pod changes with --watch).
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "entrypoint/base/exit_codes.h"
#include "entrypoint/base/log.h"
#include "entrypoint/cli/commands.h"
#include "entrypoint/init/descriptors.h"
#include "entrypoint/init/memory.h"
#include "entrypoint/init/subprocess.h"
#include "entrypoint/init/supervisor.h"
#include "entrypoint/run/outputs.h"
#include "entrypoint/run/render.h"
#include "entrypoint/run/waits.h"
#include "gocompat/string_view.h"
#include "k8sclient/api_path.h"
#include "k8sclient/backoff.h"

extern char** environ;

namespace entrypoint::cli {
namespace {

std::vector<std::string> CurrentEnvironment() {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  return env;
}

// Sets NAME=VALUE in `env`, replacing an earlier NAME.
void SetEnv(std::vector<std::string>& env, const std::string& name, const std::string& value) {
  std::string prefix = name + "=";
  for (std::string& kv : env) {
    if (kv.compare(0, prefix.size(), prefix) == 0) {
      kv = prefix + value;
      return;
    }
  }
  env.push_back(prefix + value);
}

// Runs each --pre-exec command (templated; one that renders to nothing is skipped). With
// --pre-exec-env their NAME=VALUE output lines join podinit's own environment, so both the
// templates rendered afterwards (through `env`) and COMMAND see them.
int RunPreExec(const RunCommandSettings& settings, run::Renderer& renderer, run::RenderReport* learned) {
  for (const std::string& spec : settings.pre_exec) {
    run::Rendered<std::string> line = renderer.Text("--pre-exec", spec);
    learned->Merge(line.report);
    if (line.value.ok()) {
      if (absl::Status s = run::NoNulByte(*line.value, "--pre-exec"); !s.ok()) line.value = s;
    }
    if (!line.value.ok()) {
      base::ReportError(line.value.status());
      return base::ExitCodeFor(line.value.status());
    }
    auto argv = init::SplitWords(*line.value);
    if (!argv.ok()) {
      base::LogError(absl::StrCat("--pre-exec: ", argv.status().message()));
      return base::kExitUsage;
    }
    if (argv->empty()) continue;
    base::LogInfo(absl::StrCat("pre-exec: ", (*argv)[0]));
    auto result = init::RunSubprocess(*argv, CurrentEnvironment());
    if (!result.ok()) {
      base::LogError(absl::StrCat("--pre-exec ", result.status().message()));
      return result.status().code() == absl::StatusCode::kNotFound ? base::kExitNotFound : base::kExitUsage;
    }
    if (result->exit_code != 0) {
      std::string err = result->err.empty() ? result->out : result->err;
      while (!err.empty() && err.back() == '\n') err.pop_back();
      base::LogError(absl::StrCat("--pre-exec ", (*argv)[0], " failed with exit status ", result->exit_code,
                                  err.empty() ? "" : ": ", err));
      return base::kExitUsage;
    }
    if (settings.pre_exec_env) {
      for (const auto& [name, value] : init::ParseEnvLines(result->out)) {
        if (absl::Status s = run::NoNulByte(value, absl::StrCat("--pre-exec-env ", name)); !s.ok()) {
          base::LogError(s.message());
          return base::kExitUsage;
        }
        ::setenv(name.c_str(), value.c_str(), 1);
        base::LogDebug(absl::StrCat("pre-exec set ", name));
      }
    }
  }
  return base::kExitOk;
}

bool RunningAsInit(const Options& o) {
  return ::getpid() == 1 || init::WantsSupervisor(o.init) || o.run_command.watch;
}

std::string Labels(const k8sclient::Json& pod) {
  const k8sclient::Json* l = pod.Path("metadata.labels");
  const k8sclient::Json* a = pod.Path("metadata.annotations");
  return absl::StrCat(l ? l->Dump() : "", "\n", a ? a->Dump() : "");
}

// --watch: follows this pod; when its labels or annotations change, re-renders, and when an
// output changed signals COMMAND (through the supervisor's reload fd) or runs --on-change.
// Once a template read a Secret, outputs stay 0600 for the rest of the run.
void WatchLoop(const Options& options, std::unique_ptr<run::Cluster> cluster, int reload_fd,
               bool secrets_read) {
  run::Renderer renderer(*cluster, options.render);
  const std::string name(cluster->pod().StringAt("metadata.name"));
  std::string last = Labels(cluster->pod());
  auto collection = k8sclient::CollectionPath("v1", "Pod", cluster->ns());
  if (!collection.ok()) {
    base::LogError(absl::StrCat("--watch: ", collection.status().message()));
    return;
  }
  k8sclient::WatchOptions wopts;
  wopts.field_selector = absl::StrCat("metadata.name=", name);
  wopts.resource_version = std::string(cluster->pod().StringAt("metadata.resourceVersion"));
  // The client backs off within one Watch call; the same policy spaces out the calls when it
  // gives up or the server ends the watch without a word, so an outage or a hostile server
  // costs a request and a log line now and then, not a loop.
  k8sclient::Backoff backoff({}, nullptr, [](std::string_view m) { base::LogWarning(gocompat::AV(m)); });
  for (;;) {
    bool events = false;
    absl::Status s = cluster->client()->Watch(*collection, wopts, [&](const k8sclient::WatchEvent& ev) {
      events = true;
      backoff.Reset();
      if (ev.type != "MODIFIED" && ev.type != "ADDED") return true;
      std::string_view erv = ev.object.StringAt("metadata.resourceVersion");
      if (!erv.empty()) wopts.resource_version = std::string(erv);
      std::string now = Labels(ev.object);
      if (now == last) return true;
      if (absl::Status p = cluster->SetPod(ev.object, "a watch event for this pod"); !p.ok()) {
        base::LogError(absl::StrCat("--watch: ", p.message(), " (keeping the old pod and files)"));
        return true;
      }
      last = now;
      run::Rendered<run::Outputs> outputs = renderer.AllOutputs();
      secrets_read = secrets_read || outputs.report.secrets_read;
      if (!outputs.value.ok()) {
        base::LogError(absl::StrCat("--watch: ", outputs.value.status().message(), " (keeping the old files)"));
        return true;
      }
      bool changed = false;
      if (absl::Status w = run::WriteOutputs(options.render, *outputs.value, secrets_read, &changed); !w.ok()) {
        base::LogError(absl::StrCat("--watch: ", w.message()));
        return true;
      }
      if (!changed) return true;
      if (!options.run_command.on_change.empty()) {
        for (const std::string& cmd : options.run_command.on_change) {
          auto argv = init::SplitWords(cmd);
          if (!argv.ok() || argv->empty()) continue;
          auto r = init::RunSubprocess(*argv, CurrentEnvironment());
          if (!r.ok()) {
            base::LogWarning(absl::StrCat("--on-change ", cmd, " failed: ", r.status().message()));
          } else if (r->exit_code != 0) {
            base::LogWarning(absl::StrCat("--on-change ", cmd, " failed with exit status ", r->exit_code));
          } else {
            base::LogInfo(absl::StrCat("--on-change ", cmd, " succeeded"));
          }
        }
      } else {
        base::LogInfo("outputs changed; signalling the command");
        init::TriggerReload(reload_fd);
      }
      return true;
    });
    // A watch that ran its course with events is simply renewed; anything else waits.
    if (s.ok() && events) continue;
    backoff.Wait(s.ok() ? "--watch: the server ended the watch without an event"
                        : absl::StrCat("--watch: ", s.message()));
  }
}

}  // namespace

// Whether anything in this run needs the pod. Without templates, -e, --pre-exec, waits or
// --watch, `podinit run` is a drop-in tini and asks the API server nothing.
bool NeedsPod(const Options& o) {
  return !o.render.templates.empty() || !o.render.env.empty() || !o.render.downward_dir.empty() ||
         !o.run_command.pre_exec.empty() || !o.wait.conditions.empty() || o.run_command.watch ||
         o.run_command.expand_args;
}

// Supervising for the pod's whole life should cost what tini costs, not what rendering cost:
// after a render, podinit re-executes itself (/proc/self/exe) into a supervisor that touches
// none of the client or template code. Signals are not blocked yet, so the mask and
// dispositions COMMAND inherits are still the ones podinit started with. Returns only when
// the re-exec failed.
void ReexecLeanSupervisor(const Options& o, const std::vector<std::string>& argv,
                          const std::vector<std::string>& command_env) {
  std::vector<std::string> args = {"podinit", std::string(kLeanSupervisorCommand)};
  for (std::string& a : SupervisorArgs(o)) args.push_back(std::move(a));
  args.push_back("--");
  args.insert(args.end(), argv.begin(), argv.end());
  std::vector<char*> cargv, cenv;
  for (std::string& a : args) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  std::vector<std::string> env = command_env;
  for (std::string& e : env) cenv.push_back(e.data());
  cenv.push_back(nullptr);
  init::CloseOnExecExceptInherited();  // the lean supervisor inherits what podinit inherited
  ::execve("/proc/self/exe", cargv.data(), cenv.data());
  base::LogDebug(absl::StrCat("re-executing a lean supervisor failed (", std::strerror(errno),
                              "); supervising in this process"));
}

// Supervises argv, or execs it when nothing asks for an init.
int Launch(const Options& options, const std::vector<std::string>& argv,
           const std::vector<std::string>& command_env, bool lean = false) {
  if (!RunningAsInit(options)) return init::ExecCommand(argv, command_env, options.log.format);
  if (lean) ReexecLeanSupervisor(options, argv, command_env);
  init::PrepareInitSignals();
  init::InitHooks hooks;
  hooks.on_started = [](int) { init::ReleaseStartupMemory(); };
  return init::RunAsInit(argv, command_env, options.init, options.log, hooks);
}

int RunLeanSupervisor(const std::vector<std::string>& args) {
  // Only the flags ReexecLeanSupervisor wrote; PODINIT_* variables belong to COMMAND now.
  std::vector<std::string> run_args = {"run"};
  run_args.insert(run_args.end(), args.begin(), args.end());
  auto options = ParseCommandLine(run_args, [](std::string_view) { return std::nullopt; });
  if (!options.ok()) {
    base::LogError(options.status().message());
    return base::kExitUsage;
  }
  base::SetLogSettings(options->log);
  init::PrepareInitSignals();
  init::InitHooks hooks;
  hooks.on_started = [](int) { init::ReleaseStartupMemory(); };
  return init::RunAsInit(options->args, CurrentEnvironment(), options->init, options->log, hooks);
}

int RunRun(const Options& options, const EnvLookup& env) {
  if (!NeedsPod(options)) return Launch(options, options.args, CurrentEnvironment());
  auto cluster_or = run::Cluster::Open(options.client, env);
  if (!cluster_or.ok()) {
    base::ReportError(cluster_or.status());
    return base::ExitCodeFor(cluster_or.status());
  }
  std::unique_ptr<run::Cluster> cluster = *std::move(cluster_or);
  if (options.run_command.watch && cluster->client() == nullptr) {
    base::LogError("--watch needs the API server; this run reads its pod from --pod-file");
    return base::kExitUsage;
  }
  if (int rc = run::WaitForAll(options.wait, cluster.get()); rc != base::kExitOk) return rc;

  std::vector<std::string> argv = options.args;
  std::vector<std::string> command_env;
  run::RenderReport learned;
  {
    run::Renderer renderer(*cluster, options.render);
    if (int rc = RunPreExec(options.run_command, renderer, &learned); rc != base::kExitOk) return rc;
    run::Rendered<run::Outputs> outputs = renderer.AllOutputs();
    learned.Merge(outputs.report);
    if (!outputs.value.ok()) {
      base::ReportError(outputs.value.status());
      return base::ExitCodeFor(outputs.value.status());
    }
    if (options.run_command.expand_args) {
      for (size_t i = 0; i < argv.size(); ++i) {
        run::Rendered<std::string> a = renderer.Text(absl::StrCat("argument ", i), argv[i]);
        learned.Merge(a.report);
        if (a.value.ok()) {
          if (absl::Status s = run::NoNulByte(*a.value, absl::StrCat("argument ", i)); !s.ok()) a.value = s;
        }
        if (!a.value.ok()) {
          base::ReportError(a.value.status());
          return base::ExitCodeFor(a.value.status());
        }
        argv[i] = *std::move(a.value);
      }
    }
    bool changed = false;
    if (absl::Status s = run::WriteOutputs(options.render, *outputs.value, learned.secrets_read, &changed);
        !s.ok()) {
      base::LogError(s.message());
      return base::kExitUsage;
    }
    command_env = CurrentEnvironment();
    for (const auto& [name, value] : outputs.value->env) SetEnv(command_env, name, value);
  }

  if (!options.run_command.watch) {
    // execve (of COMMAND, or of the lean supervisor) hands everything rendering used back
    // to the kernel; tearing the client down first would only delay the exec.
    return Launch(options, argv, command_env, /*lean=*/true);
  }
  // Signals are blocked before any other thread exists, so none can land on the watcher.
  init::PrepareInitSignals();
  init::InitHooks hooks;
  hooks.reload_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  std::thread(WatchLoop, std::cref(options), std::move(cluster), hooks.reload_fd, learned.secrets_read).detach();
  int rc = init::RunAsInit(argv, command_env, options.init, options.log, hooks);
  // The watcher may be inside libcurl: leave without running static destructors.
  std::fflush(nullptr);
  std::_Exit(rc);
}

}  // namespace entrypoint::cli
