// podinit-fake-apiserver: a fake Kubernetes API server for local runs and tests.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "fakeapi/api.h"
#include "fakeapi/certs.h"
#include "fakeapi/controllers.h"
#include "fakeapi/kubeconfig_out.h"
#include "fakeapi/loader.h"
#include "fakeapi/options.h"
#include "fakeapi/persist.h"
#include "fakeapi/server.h"
#include "fakeapi/store.h"

namespace {

int Fail(std::string_view msg) {
  std::fprintf(stderr, "podinit-fake-apiserver: %.*s\n", static_cast<int>(msg.size()), msg.data());
  return 1;
}

int Fail(const absl::Status& st) { return Fail(std::string(st.message())); }

absl::StatusOr<std::string> ReadAll(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return absl::NotFoundError("cannot read " + path);
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace fakeapi;
  auto opts = ParseOptions(std::vector<std::string>(argv, argv + argc));
  if (!opts.ok()) return Fail(opts.status());
  if (opts->help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  RaiseFileLimit();

  Store store(opts->history);
  std::unique_ptr<Persister> persister;
  bool restored = false;
  if (!opts->data_dir.empty()) {
    persister = std::make_unique<Persister>(store, opts->data_dir);
    auto loaded = persister->Load();
    if (!loaded.ok()) return Fail(loaded.status());
    restored = *loaded;
  }
  // A restored state is the cluster as it was: the files only seed a new one.
  for (const std::string& path : restored ? std::vector<std::string>{} : opts->objects) {
    auto n = LoadObjects(store, path, opts->ns);
    if (!n.ok()) return Fail(n.status());
  }
  AddMissingNamespaces(store, opts->ns);

  ControllerOptions copts;
  copts.statefulsets = opts->statefulset_controller;
  copts.endpoints = opts->endpoints_controller;
  copts.pod_cidr = opts->pod_cidr;
  copts.ready_delay = opts->ready_delay;
  if (auto range = ParsePodCidr(copts.pod_cidr); !range.ok()) return Fail(range.status());
  Controllers controllers(store, copts);

  std::optional<TlsMaterial> tls;
  if (!opts->http) {
    if (!opts->tls_cert.empty()) {
      auto cert = ReadAll(opts->tls_cert);
      auto key = ReadAll(opts->tls_key);
      if (!cert.ok()) return Fail(cert.status());
      if (!key.ok()) return Fail(key.status());
      std::string ca;
      if (!opts->tls_ca.empty()) {
        auto read = ReadAll(opts->tls_ca);
        if (!read.ok()) return Fail(read.status());
        ca = *std::move(read);
      }
      tls = TlsMaterial{ca, *cert, *key};
    } else {
      auto generated = GenerateTls(opts->sans);
      if (!generated.ok()) return Fail(generated.status());
      tls = *std::move(generated);
    }
  }

  Api api(store, *opts);
  Server server(api, *opts, tls);
  auto addr = server.Listen(opts->listen);
  if (!addr.ok()) return Fail(addr.status());
  std::string url = (opts->http ? "http://" : "https://") + *addr;

  if (!opts->ca_out.empty()) {
    if (!tls.has_value() || tls->ca_pem.empty()) {
      return Fail("--ca-out needs a CA: a generated one, or --tls-ca with --tls-cert (not --http)");
    }
    if (auto st = WritePrivateFile(opts->ca_out, tls->ca_pem); !st.ok()) return Fail(st);
  }
  if (!opts->kubeconfig_out.empty()) {
    // The unrestricted token, or else the first ServiceAccount's.
    std::string token = !opts->token.empty() || opts->sa_tokens.empty() ? opts->token
                                                                        : opts->sa_tokens[0].first;
    std::string yaml =
        KubeconfigYaml(KubeconfigServer(url), tls.has_value() ? tls->ca_pem : "", token, opts->ns);
    if (auto st = WritePrivateFile(opts->kubeconfig_out, yaml); !st.ok()) return Fail(st);
  }
  // Tests read this line to learn the port; files above are complete before it appears.
  std::printf("listening on %s\n", url.c_str());
  std::fflush(stdout);
  if (persister) {
    if (auto st = persister->WriteNow(); !st.ok()) return Fail(st);
    persister->Start();
  }
  controllers.Start();
  server.Run();
  controllers.Stop();
  if (persister) persister->Stop();
  return 0;
}
