#include "k8sclient/kubeconfig.h"

#include <filesystem>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gocompat/string_view.h"
#include "k8sclient/file_read.h"
#include "k8sclient/json.h"
#include "k8sclient/yaml.h"

namespace k8sclient {
namespace {

using gocompat::AV;

// One file of a KUBECONFIG list; relative paths in it resolve against its own directory.
struct Doc {
  std::string path, dir;
  Json json;
};

// The entry named `name` in a kubeconfig list (clusters, users, contexts) and the file it
// came from. As client-go merges files, the first file to define a name wins outright: its
// entry is used even where a later file's entry of that name has more fields.
struct Named {
  const Json* inner = nullptr;  // the entry's object under `field`; null if absent or not one
  const Doc* doc = nullptr;     // null when no file defines the name
};

Named FindNamed(const std::vector<Doc>& docs, std::string_view list, std::string_view name,
                std::string_view field) {
  for (const Doc& doc : docs) {
    const Json* items = doc.json.Find(list);
    if (items == nullptr || !items->is_array()) continue;
    for (const Json& item : items->array()) {
      if (item.is_object() && item.GetString("name") == name) {
        const Json* inner = item.Find(field);
        return {(inner != nullptr && inner->is_object()) ? inner : nullptr, &doc};
      }
    }
  }
  return {};
}

std::string ResolvePath(const std::string& dir, std::string_view p) {
  if (p.empty() || p.front() == '/') return std::string(p);
  std::string out = dir;
  out.append("/").append(p);
  return out;
}

bool IsTrue(const Json* v) {
  return v != nullptr && ((v->is_bool() && v->as_bool()) || (v->is_string() && v->as_string() == "true"));
}

}  // namespace

absl::StatusOr<ClientConfig> LoadKubeconfig(const std::string& path) {
  return LoadKubeconfigs({path});
}

absl::StatusOr<ClientConfig> LoadKubeconfigs(const std::vector<std::string>& paths) {
  std::vector<Doc> docs;
  for (const std::string& path : paths) {
    const std::string where = "kubeconfig " + path;
    absl::StatusOr<std::string> text = ReadWholeFile(path);
    if (!text.ok()) return absl::FailedPreconditionError(absl::StrCat("kubeconfig ", text.status().message()));
    absl::StatusOr<Json> doc = ParseYaml(*text);  // JSON is YAML too
    if (!doc.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": ", doc.status().message()));
    }
    if (!doc->is_object()) return absl::InvalidArgumentError(where + ": not a kubeconfig (no mapping)");
    std::string dir = ".";
    if (size_t slash = path.rfind('/'); slash != std::string::npos) {
      dir = slash == 0 ? "/" : path.substr(0, slash);
    }
    docs.push_back({path, std::move(dir), *std::move(doc)});
  }
  if (docs.empty()) return absl::FailedPreconditionError("no kubeconfig file given");
  const std::string all = absl::StrCat("kubeconfig ", absl::StrJoin(paths, ":"));

  // client-go: the first file that sets current-context wins.
  std::string context_name;
  for (const Doc& doc : docs) {
    context_name = std::string(doc.json.GetString("current-context"));
    if (!context_name.empty()) break;
  }
  if (context_name.empty()) {
    return absl::FailedPreconditionError(all + ": no current-context is set");
  }
  Named context = FindNamed(docs, "contexts", context_name, "context");
  if (context.inner == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(all, ": context \"", context_name, "\" is not in contexts"));
  }
  std::string cluster_name(context.inner->GetString("cluster"));
  Named cluster_entry = FindNamed(docs, "clusters", cluster_name, "cluster");
  if (cluster_entry.inner == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(all, ": cluster \"", cluster_name,
                                                   "\" of context \"", context_name,
                                                   "\" is not in clusters"));
  }
  const Json* cluster = cluster_entry.inner;
  const std::string& dir = cluster_entry.doc->dir;
  std::string where = "kubeconfig " + cluster_entry.doc->path;

  ClientConfig c;
  c.source = absl::StrCat("kubeconfig ", context.doc->path, " (context ", context_name, ")");
  c.namespace_ = std::string(context.inner->GetString("namespace"));
  c.server = std::string(cluster->GetString("server"));
  if (c.server.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": cluster \"", cluster_name, "\" has no server"));
  }
  if (std::string_view data = cluster->GetString("certificate-authority-data"); !data.empty()) {
    if (!absl::Base64Unescape(AV(data), &c.ca_pem)) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": certificate-authority-data of cluster \"", cluster_name, "\" is not base64"));
    }
  } else if (std::string_view f = cluster->GetString("certificate-authority"); !f.empty()) {
    c.ca_file = ResolvePath(dir, f);
  }
  if (std::string_view proxy = cluster->GetString("proxy-url"); !proxy.empty()) {
    c.proxy_url = std::string(proxy);
  }
  c.tls_server_name = std::string(cluster->GetString("tls-server-name"));
  c.insecure_skip_tls_verify = IsTrue(cluster->Find("insecure-skip-tls-verify"));
  if (c.insecure_skip_tls_verify && (!c.ca_pem.empty() || !c.ca_file.empty())) {
    // client-go refuses this combination too.
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": cluster \"", cluster_name,
        "\" sets both a certificate authority and insecure-skip-tls-verify"));
  }

  std::string user_name(context.inner->GetString("user"));
  if (user_name.empty()) return c;  // no credentials: a kubectl-proxy style endpoint
  Named user_entry = FindNamed(docs, "users", user_name, "user");
  if (user_entry.inner == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(all, ": user \"", user_name,
                                                   "\" of context \"", context_name,
                                                   "\" is not in users"));
  }
  const Json* user = user_entry.inner;
  // The user's files and errors belong to the file that defines the user.
  const std::string& user_dir = user_entry.doc->dir;
  where = "kubeconfig " + user_entry.doc->path;
  if (const Json* exec = user->Find("exec"); exec != nullptr && exec->is_object()) {
    // client-go's ExecConfig; v1alpha1 is gone from client-go and so not taken here either.
    ExecConfig e;
    std::string_view command = exec->GetString("command");
    e.api_version = std::string(exec->GetString("apiVersion"));
    if (command.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": exec of user \"", user_name, "\" has no command"));
    }
    if (e.api_version != "client.authentication.k8s.io/v1" &&
        e.api_version != "client.authentication.k8s.io/v1beta1") {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": exec of user \"", user_name, "\": apiVersion \"", e.api_version,
          "\" is not client.authentication.k8s.io/v1 or v1beta1"));
    }
    if (exec->GetString("interactiveMode") == "Always") {
      return absl::FailedPreconditionError(absl::StrCat(
          where, ": exec of user \"", user_name,
          "\" needs a terminal (interactiveMode Always), which podinit never has"));
    }
    // A relative path with a separator is relative to the kubeconfig, as client-go resolves it.
    // (filepath.Join cleans the path, so "./plugin" becomes DIR/plugin.)
    e.command = command.find('/') != std::string_view::npos
                    ? std::filesystem::path(ResolvePath(user_dir, command)).lexically_normal().string()
                    : std::string(command);
    if (const Json* args = exec->Find("args"); args != nullptr && args->is_array()) {
      for (const Json& a : args->array()) e.args.emplace_back(a.is_string() ? a.as_string() : "");
    }
    if (const Json* env = exec->Find("env"); env != nullptr && env->is_array()) {
      for (const Json& v : env->array()) {
        e.env.emplace_back(std::string(v.GetString("name")), std::string(v.GetString("value")));
      }
    }
    e.install_hint = std::string(exec->GetString("installHint"));
    e.provide_cluster_info = IsTrue(exec->Find("provideClusterInfo"));
    if (e.provide_cluster_info) {
      Json info = Json::MakeObject();
      info.Set("server", c.server);
      if (!c.tls_server_name.empty()) info.Set("tls-server-name", c.tls_server_name);
      if (c.insecure_skip_tls_verify) info.Set("insecure-skip-tls-verify", true);
      // client-go's ConfigToExecCluster sends the CA's bytes whether the kubeconfig has them
      // inline or names a file (as most do: certificate-authority: ca.crt).
      std::string ca = c.ca_pem;
      if (ca.empty() && !c.ca_file.empty()) {
        absl::StatusOr<std::string> read = ReadWholeFile(c.ca_file);
        if (!read.ok()) {
          return absl::FailedPreconditionError(absl::StrCat(
              where, ": failed to load CA bundle for the exec plugin of user \"", user_name,
              "\": ", read.status().message()));
        }
        ca = *std::move(read);
      }
      if (!ca.empty()) {
        info.Set("certificate-authority-data",
                 absl::Base64Escape(gocompat::AV(ca)));
      }
      if (!c.proxy_url.empty()) info.Set("proxy-url", c.proxy_url);
      e.cluster = std::move(info);
    }
    c.exec = std::move(e);
    return c;
  }
  for (const char* unsupported : {"auth-provider", "username", "password"}) {
    if (user->Find(unsupported) != nullptr) {
      return absl::FailedPreconditionError(absl::StrCat(
          where, ": user \"", user_name, "\" uses ", unsupported,
          ", which podinit does not support (use token, tokenFile or a client certificate)"));
    }
  }
  // As client-go: a tokenFile is re-read and wins over an inline token.
  if (std::string_view f = user->GetString("tokenFile"); !f.empty()) {
    c.token_file = ResolvePath(user_dir, f);
  } else {
    c.token = std::string(user->GetString("token"));
  }
  auto pem = [&](const char* data_key, const char* file_key, std::string& pem_out,
                 std::string& file_out) -> absl::Status {
    if (std::string_view data = user->GetString(data_key); !data.empty()) {
      if (!absl::Base64Unescape(AV(data), &pem_out)) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": ", data_key, " of user \"", user_name, "\" is not base64"));
      }
    } else if (std::string_view f = user->GetString(file_key); !f.empty()) {
      file_out = ResolvePath(user_dir, f);
    }
    return absl::OkStatus();
  };
  if (absl::Status s = pem("client-certificate-data", "client-certificate", c.client_cert_pem,
                           c.client_cert_file);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = pem("client-key-data", "client-key", c.client_key_pem, c.client_key_file);
      !s.ok()) {
    return s;
  }
  bool has_cert = !c.client_cert_pem.empty() || !c.client_cert_file.empty();
  bool has_key = !c.client_key_pem.empty() || !c.client_key_file.empty();
  if (has_cert != has_key) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": user \"", user_name, "\" needs both a client certificate and its key"));
  }
  return c;
}

}  // namespace k8sclient
