#include "fakeapi/options.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace fakeapi {

const char kUsage[] = R"(Usage: podinit-fake-apiserver [OPTIONS]

A fake Kubernetes API server for local runs and tests.

  --listen ADDR:PORT      where to listen (default 127.0.0.1:0, port 0 picks one); the chosen
                          address is printed as "listening on https://ADDR:PORT"
  --http                  plain HTTP instead of HTTPS
  --tls-cert FILE --tls-key FILE
                          serve this certificate instead of a generated one
  --tls-ca FILE           the CA certificate that signed --tls-cert; --kubeconfig-out carries
                          it so that clients verify the server
  --san NAME|IP           extra subject alternative name for the generated certificate
  --ca-out FILE           write the generated CA certificate (PEM)
  --token TOKEN[=NS/SA] | --token-file FILE[=NS/SA]
                          require a bearer token (401 otherwise); none: no authentication.
                          A token alone may do anything; with =NS/SA it is ServiceAccount SA
                          of namespace NS, and the Roles, ClusterRoles and bindings loaded
                          decide what it may do (repeatable)
  --kubeconfig-out FILE   write a kubeconfig for this server
  --namespace NS          namespace for objects without one, and the kubeconfig's (default)
  --objects PATH          file or directory of .json/.yaml/.yml objects (repeatable)
  --latency DURATION      delay every resource request (e.g. 200ms)
  --rate-429 FRACTION     answer this fraction of resource requests 429 ...
  --retry-after SECONDS   ... with this Retry-After (default 1)
  --rate-5xx FRACTION     answer this fraction 500
  --rate-drop FRACTION    close the connection without answering this fraction
  --forbid RES[:VERB][,...]
                          answer 403 for these resources (pods, statefulsets.apps, *), or only
                          for one verb of them (pods:list, pods:watch, nodes:get)
  --seed N                seed for the faults, for reproducible runs
  --request-log FILE      append "METHOD PATH?QUERY STATUS" per request
  --history N             watch events kept; older resourceVersions get 410 (default 1000)
  --bookmark-interval D   how often watches with allowWatchBookmarks get a BOOKMARK (60s)
  --threads N             I/O threads (default 2)
  --controllers LIST      which kwok-style controllers run: statefulset (creates and deletes
                          a StatefulSet's pods by ordinal, makes them Running and Ready),
                          endpoints (Endpoints and EndpointSlices follow pod readiness);
                          default "statefulset,endpoints", "none" for none
  --pod-cidr CIDR         pod IPs, handed out in order from the CIDR's address (default
                          10.244.0.0/16: 10.244.0.1, 10.244.0.2, ...)
  --ready-delay D         how long a started pod takes to become Running and Ready (1s)
  --data-dir DIR          keep objects and resourceVersions in DIR/state.json across restarts
)";

namespace {

absl::Status Bad(std::string_view opt, std::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("--", std::string(opt), ": ", std::string(why)));
}

absl::Status ParseFraction(std::string_view opt, const std::string& v, double& out) {
  if (!absl::SimpleAtod(v, &out) || out < 0 || out > 1) {
    return Bad(opt, absl::StrCat("want a fraction between 0 and 1, got \"", v, "\""));
  }
  return absl::OkStatus();
}

absl::Status ParseDuration(std::string_view opt, const std::string& v, absl::Duration& out) {
  if (!absl::ParseDuration(v, &out) || out < absl::ZeroDuration()) {
    return Bad(opt, absl::StrCat("want a duration such as 250ms or 2s, got \"", v, "\""));
  }
  return absl::OkStatus();
}

// "VALUE=NS/NAME" names a ServiceAccount after the last '='; anything else is all value.
std::pair<std::string, std::string> SplitServiceAccount(const std::string& v) {
  size_t eq = v.rfind('=');
  if (eq == std::string::npos) return {v, ""};
  std::string sa = v.substr(eq + 1);
  size_t slash = sa.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == sa.size() ||
      sa.find('/', slash + 1) != std::string::npos) {
    return {v, ""};
  }
  for (char c : sa) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
          c == '-' || c == '.' || c == '/')) {
      return {v, ""};
    }
  }
  return {v.substr(0, eq), sa};
}

absl::Status Apply(Options& o, const std::string& name, const std::string& v) {
  if (name == "listen") {
    o.listen = v;
  } else if (name == "tls-cert") {
    o.tls_cert = v;
  } else if (name == "tls-key") {
    o.tls_key = v;
  } else if (name == "tls-ca") {
    o.tls_ca = v;
  } else if (name == "san") {
    for (auto s : absl::StrSplit(v, ',', absl::SkipEmpty())) o.sans.emplace_back(s);
  } else if (name == "ca-out") {
    o.ca_out = v;
  } else if (name == "token" || name == "token-file") {
    auto [value, sa] = SplitServiceAccount(v);
    std::string token = value;
    if (name == "token-file") {
      std::ifstream in(value);
      if (!in) return Bad(name, absl::StrCat("cannot read ", value));
      std::stringstream ss;
      ss << in.rdbuf();
      token = std::string(absl::StripAsciiWhitespace(ss.str()));
      if (token.empty()) return Bad(name, absl::StrCat(value, " is empty"));
    }
    if (sa.empty()) {
      o.token = token;
    } else {
      o.sa_tokens.emplace_back(token, sa);
    }
  } else if (name == "kubeconfig-out") {
    o.kubeconfig_out = v;
  } else if (name == "namespace") {
    o.ns = v;
  } else if (name == "objects") {
    o.objects.push_back(v);
  } else if (name == "latency") {
    return ParseDuration(name, v, o.latency);
  } else if (name == "bookmark-interval") {
    if (absl::Status st = ParseDuration(name, v, o.bookmark_interval); !st.ok()) return st;
    if (o.bookmark_interval <= absl::ZeroDuration()) return Bad(name, "must be positive");
  } else if (name == "rate-429") {
    return ParseFraction(name, v, o.rate_429);
  } else if (name == "rate-5xx") {
    return ParseFraction(name, v, o.rate_5xx);
  } else if (name == "rate-drop") {
    return ParseFraction(name, v, o.rate_drop);
  } else if (name == "retry-after") {
    if (!absl::SimpleAtoi(v, &o.retry_after) || o.retry_after < 0) {
      return Bad(name, "want a whole number of seconds");
    }
  } else if (name == "forbid") {
    for (auto s : absl::StrSplit(v, ',', absl::SkipEmpty())) o.forbid.emplace(s);
  } else if (name == "seed") {
    uint64_t s;
    if (!absl::SimpleAtoi(v, &s)) return Bad(name, "want an unsigned integer");
    o.seed = s;
  } else if (name == "request-log") {
    o.request_log = v;
  } else if (name == "history") {
    if (!absl::SimpleAtoi(v, &o.history) || o.history == 0) return Bad(name, "want a positive integer");
  } else if (name == "controllers") {
    o.statefulset_controller = o.endpoints_controller = false;
    for (absl::string_view c : absl::StrSplit(v, ',', absl::SkipEmpty())) {
      if (c == "statefulset") {
        o.statefulset_controller = true;
      } else if (c == "endpoints") {
        o.endpoints_controller = true;
      } else if (c != "none") {
        return Bad(name, absl::StrCat("unknown controller \"", std::string(c.data(), c.size()),
                                      "\" (want statefulset, endpoints or none)"));
      }
    }
  } else if (name == "pod-cidr") {
    o.pod_cidr = v;
  } else if (name == "ready-delay") {
    return ParseDuration(name, v, o.ready_delay);
  } else if (name == "data-dir") {
    o.data_dir = v;
  } else if (name == "threads") {
    if (!absl::SimpleAtoi(v, &o.threads) || o.threads < 1 || o.threads > 64) {
      return Bad(name, "want 1..64");
    }
  } else {
    return absl::InvalidArgumentError(absl::StrCat("unknown option --", name));
  }
  return absl::OkStatus();
}

const char* const kValueOptions[] = {
    "listen", "tls-cert", "tls-key", "tls-ca", "san", "ca-out", "token", "token-file", "kubeconfig-out",
    "namespace", "objects", "latency", "bookmark-interval", "rate-429", "rate-5xx", "rate-drop",
    "retry-after", "forbid", "seed", "request-log", "history", "threads", "controllers", "pod-cidr",
    "ready-delay", "data-dir"};

bool TakesValue(const std::string& name) {
  for (const char* o : kValueOptions) {
    if (name == o) return true;
  }
  return false;
}

std::string EnvName(const std::string& name) {
  std::string env = "PODINIT_";
  for (char c : name) env.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(c)));
  return env;
}

}  // namespace

absl::StatusOr<Options> ParseOptions(const std::vector<std::string>& args) {
  Options o;
  std::set<std::string> seen;
  for (size_t i = 1; i < args.size(); ++i) {
    std::string a = args[i];
    if (a == "-h" || a == "--help") {
      o.help = true;
      return o;
    }
    if (a.rfind("--", 0) != 0) return absl::InvalidArgumentError(absl::StrCat("unexpected argument \"", a, "\""));
    std::string name = a.substr(2), value;
    bool has_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    if (name == "http") {
      o.http = true;
      seen.insert(name);
      continue;
    }
    if (!TakesValue(name)) return absl::InvalidArgumentError(absl::StrCat("unknown option --", name));
    if (!has_value) {
      if (i + 1 >= args.size()) return Bad(name, "needs a value");
      value = args[++i];
    }
    seen.insert(name);
    if (absl::Status st = Apply(o, name, value); !st.ok()) return st;
  }
  for (const char* name : kValueOptions) {
    if (seen.count(name) != 0) continue;
    if (std::string(name) == "token-file" && seen.count("token") != 0) continue;
    if (std::string(name) == "token" && seen.count("token-file") != 0) continue;
    const char* env = std::getenv(EnvName(name).c_str());
    if (env == nullptr || *env == '\0') continue;
    if (absl::Status st = Apply(o, name, env); !st.ok()) return st;
  }
  if (seen.count("http") == 0) {
    const char* env = std::getenv("PODINIT_HTTP");
    if (env != nullptr && (std::string(env) == "1" || std::string(env) == "true")) o.http = true;
  }
  if (o.tls_cert.empty() != o.tls_key.empty()) {
    return absl::InvalidArgumentError("--tls-cert and --tls-key go together");
  }
  if (!o.tls_ca.empty() && o.tls_cert.empty()) {
    return absl::InvalidArgumentError("--tls-ca names the CA of --tls-cert, which is missing");
  }
  return o;
}

}  // namespace fakeapi
