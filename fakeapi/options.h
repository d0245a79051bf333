// podinit-fake-apiserver's command line. Each long option may also come from the environment as
// PODINIT_<NAME> (upper case, '-' → '_'), as every podinit command reads them.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace fakeapi {

struct Options {
  std::string listen = "127.0.0.1:0";
  bool http = false;
  std::string tls_cert, tls_key;
  std::string tls_ca;  // the CA that signed --tls-cert, written into --kubeconfig-out
  std::vector<std::string> sans;
  std::string ca_out;
  std::string token;  // empty (and no sa_tokens): no authentication; else everything allowed
  // Tokens that stand for a ServiceAccount ("NS/NAME"), whose requests RBAC decides.
  std::vector<std::pair<std::string, std::string>> sa_tokens;
  std::string kubeconfig_out;
  std::string ns = "default";
  std::vector<std::string> objects;
  absl::Duration latency = absl::ZeroDuration();
  double rate_429 = 0, rate_5xx = 0, rate_drop = 0;
  int retry_after = 1;
  std::set<std::string> forbid;  // pods, statefulsets.apps, *, or with a verb: pods:list
  std::optional<uint64_t> seed;
  std::string request_log;
  size_t history = 1000;
  absl::Duration bookmark_interval = absl::Seconds(60);
  int threads = 2;
  // kwok-style controllers (controllers.h).
  bool statefulset_controller = true;
  bool endpoints_controller = true;
  std::string pod_cidr = "10.244.0.0/16";
  absl::Duration ready_delay = absl::Seconds(1);
  std::string data_dir;  // persistence: objects and resourceVersions survive a restart
  bool help = false;
};

extern const char kUsage[];

// Parses argv (argv[0] is skipped); the environment fills what argv leaves unset.
absl::StatusOr<Options> ParseOptions(const std::vector<std::string>& args);

}  // namespace fakeapi
