#include "k8sclient/api_path.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gocompat/string_view.h"
#include "k8sclient/json.h"
#include "k8sclient/validation.h"

namespace k8sclient {
namespace {

struct Known {
  std::string_view group, kind, resource;
  bool namespaced;
  NameRule names;
};

// The kinds podinit's templates read, with the name rule of each one's API validation
// (pkg/apis/core/validation: ValidatePodName, ValidateConfigMapName, ... are
// NameIsDNSSubdomain; ValidateServiceName is NameIsDNS1035Label; ValidateNamespaceName is
// NameIsDNSLabel; RBAC names are only path segments, e.g. "system:node").
constexpr Known kKnown[] = {
    {"", "Pod", "pods", true, NameRule::kDns1123Subdomain},
    {"", "Node", "nodes", false, NameRule::kDns1123Subdomain},
    {"", "Namespace", "namespaces", false, NameRule::kDns1123Label},
    {"", "PersistentVolume", "persistentvolumes", false, NameRule::kDns1123Subdomain},
    {"", "PersistentVolumeClaim", "persistentvolumeclaims", true, NameRule::kDns1123Subdomain},
    {"", "ConfigMap", "configmaps", true, NameRule::kDns1123Subdomain},
    {"", "Secret", "secrets", true, NameRule::kDns1123Subdomain},
    {"", "Service", "services", true, NameRule::kDns1035Label},
    {"", "ServiceAccount", "serviceaccounts", true, NameRule::kDns1123Subdomain},
    {"", "Endpoints", "endpoints", true, NameRule::kDns1123Subdomain},
    {"apps", "StatefulSet", "statefulsets", true, NameRule::kDns1123Subdomain},
    {"apps", "Deployment", "deployments", true, NameRule::kDns1123Subdomain},
    {"apps", "DaemonSet", "daemonsets", true, NameRule::kDns1123Subdomain},
    {"apps", "ReplicaSet", "replicasets", true, NameRule::kDns1123Subdomain},
    {"discovery.k8s.io", "EndpointSlice", "endpointslices", true, NameRule::kDns1123Subdomain},
    {"batch", "Job", "jobs", true, NameRule::kDns1123Subdomain},
    {"batch", "CronJob", "cronjobs", true, NameRule::kDns1123Subdomain},
    {"coordination.k8s.io", "Lease", "leases", true, NameRule::kDns1123Subdomain},
    {"rbac.authorization.k8s.io", "Role", "roles", true, NameRule::kPathSegment},
    {"rbac.authorization.k8s.io", "RoleBinding", "rolebindings", true, NameRule::kPathSegment},
    {"rbac.authorization.k8s.io", "ClusterRole", "clusterroles", false, NameRule::kPathSegment},
    {"rbac.authorization.k8s.io", "ClusterRoleBinding", "clusterrolebindings", false,
     NameRule::kPathSegment},
};

constexpr size_t kMaxNameBytes = 253;
constexpr size_t kMaxKindBytes = 63;

std::string Quoted(std::string_view s) { return Json(s).Dump(); }

std::string Lower(std::string_view s) {
  return absl::AsciiStrToLower(gocompat::AV(s));
}

absl::Status Invalid(std::string_view what, std::string_view value,
                     const std::vector<std::string>& errs) {
  return absl::InvalidArgumentError(absl::StrCat("invalid ", std::string(what), " ",
                                                 Quoted(value), ": ", absl::StrJoin(errs, "; ")));
}

// An ASCII letter, then letters and digits: what Go type names (and so kinds) look like.
bool IsPlainIdentifier(std::string_view s) {
  if (s.empty() || s.size() > kMaxKindBytes || !absl::ascii_isalpha(static_cast<unsigned char>(s[0]))) {
    return false;
  }
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// The plural kubectl's RESTMapper guesses without discovery (UnsafeGuessKindToResource), with
// "-ys" after a vowel ("gateways") as the real resources are named.
std::string GuessResource(std::string_view kind) {
  std::string r = Lower(kind);
  if (r.back() == 's') return r + "es";
  if (r.back() == 'y' && r.size() > 1 &&
      std::string_view("aeiou").find(r[r.size() - 2]) == std::string_view::npos) {
    return r.substr(0, r.size() - 1) + "ies";
  }
  return r + "s";
}

// Unreserved characters (and `also`) as they are, every other byte %XX.
std::string PercentEncode(std::string_view s, std::string_view also) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        also.find(static_cast<char>(c)) != std::string_view::npos) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string Prefix(const ApiResource& r) {
  return r.group.empty() ? absl::StrCat("/api/", r.version)
                         : absl::StrCat("/apis/", r.group, "/", r.version);
}

absl::StatusOr<std::string> ScopePath(const ApiResource& r, std::string_view ns) {
  std::string path = Prefix(r);
  if (r.namespaced) {
    if (ns.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(r.kind, " is namespaced: a namespace is needed"));
    }
    if (absl::Status s = ValidateNamespaceName(ns); !s.ok()) return s;
    absl::StrAppend(&path, "/namespaces/", std::string(ns));
  }
  absl::StrAppend(&path, "/", r.resource);
  return path;
}

}  // namespace

absl::StatusOr<ApiResource> ResolveKind(std::string_view api_version, std::string_view kind) {
  if (api_version.empty() || kind.empty()) {
    return absl::InvalidArgumentError("an object needs both apiVersion and kind");
  }
  ApiResource r;
  size_t slash = api_version.find('/');
  std::string_view version = api_version;
  if (slash != std::string_view::npos) {
    std::string_view group = api_version.substr(0, slash);
    version = api_version.substr(slash + 1);
    std::vector<std::string> errs = IsDNS1123Subdomain(group);
    if (!errs.empty()) return Invalid("apiVersion", api_version, errs);
    r.group = std::string(group);
  }
  if (std::vector<std::string> errs = IsDNS1035Label(version); !errs.empty()) {
    return Invalid("apiVersion", api_version, errs);
  }
  r.version = std::string(version);
  if (!IsPlainIdentifier(kind)) {
    return Invalid("kind", kind,
                   {"a kind is an ASCII letter followed by letters and digits (e.g. 'ConfigMap')"});
  }
  const std::string lower = Lower(kind);
  for (const Known& k : kKnown) {
    if (k.group == r.group && Lower(k.kind) == lower) {
      r.kind = std::string(k.kind);
      r.resource = std::string(k.resource);
      r.namespaced = k.namespaced;
      r.names = k.names;
      return r;
    }
  }
  r.kind = std::string(kind);
  r.resource = GuessResource(kind);
  r.namespaced = true;
  r.names = NameRule::kPathSegment;
  return r;
}

absl::Status ValidateObjectName(const ApiResource& r, std::string_view name) {
  const std::string what = absl::StrCat(r.kind, " name");
  if (name.empty()) return absl::InvalidArgumentError(absl::StrCat("a ", what, " must not be empty"));
  std::vector<std::string> errs;
  switch (r.names) {
    case NameRule::kDns1123Subdomain: errs = IsDNS1123Subdomain(name); break;
    case NameRule::kDns1123Label: errs = IsDNS1123Label(name); break;
    case NameRule::kDns1035Label: errs = IsDNS1035Label(name); break;
    case NameRule::kPathSegment:
      errs = IsValidPathSegmentName(name);
      if (name.size() > kMaxNameBytes) {
        errs.push_back(absl::StrCat("must be no more than ", kMaxNameBytes, " characters"));
      }
      for (unsigned char c : name) {
        if (c < 0x20 || c == 0x7f) {
          errs.push_back("may not contain control characters");
          break;
        }
      }
      break;
  }
  if (!errs.empty()) return Invalid(what, name, errs);
  return absl::OkStatus();
}

absl::Status ValidateNamespaceName(std::string_view ns) {
  if (ns.empty()) return absl::InvalidArgumentError("a namespace must not be empty");
  if (std::vector<std::string> errs = IsDNS1123Label(ns); !errs.empty()) {
    return Invalid("namespace", ns, errs);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ObjectPath(const ApiResource& r, std::string_view ns,
                                       std::string_view name) {
  if (absl::Status s = ValidateObjectName(r, name); !s.ok()) return s;
  absl::StatusOr<std::string> path = ScopePath(r, ns);
  if (!path.ok()) return path.status();
  // The name rules have refused '/', '%', "." and ".."; ':' stays readable (system:node).
  return absl::StrCat(*path, "/", PercentEncode(name, ":@"));
}

absl::StatusOr<std::string> CollectionPath(const ApiResource& r, std::string_view ns) {
  return ScopePath(r, ns);
}

absl::StatusOr<std::string> ObjectPath(std::string_view api_version, std::string_view kind,
                                       std::string_view ns, std::string_view name) {
  absl::StatusOr<ApiResource> r = ResolveKind(api_version, kind);
  if (!r.ok()) return r.status();
  return ObjectPath(*r, ns, name);
}

absl::StatusOr<std::string> CollectionPath(std::string_view api_version, std::string_view kind,
                                           std::string_view ns) {
  absl::StatusOr<ApiResource> r = ResolveKind(api_version, kind);
  if (!r.ok()) return r.status();
  return CollectionPath(*r, ns);
}

std::string QueryEscape(std::string_view s) { return PercentEncode(s, ""); }

}  // namespace k8sclient
