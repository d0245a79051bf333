// Runs tests/k8sclient/test_server.py (a scriptable stand-in for the API server) for one test.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "k8sclient/json.h"
#include "tests/k8sclient/temp_dir.h"

namespace k8sclient::testing {

class TestServer {
 public:
  // Certificates from `--gen-certs`, made once per test process.
  static const std::string& CertDir() {
    static TempDir* dir = [] {
      auto* d = new TempDir;
      std::string cmd = std::string("python3 ") + TEST_SERVER_PY + " --gen-certs " + d->path();
      if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "cert generation failed\n");
      return d;
    }();
    return dir->path();
  }

  TestServer(const std::string& script_json, bool tls, bool require_client_cert = false) {
    std::string script = dir_.Write("script.json", script_json);
    log_ = dir_.path() + "/log.jsonl";
    std::string cert_dir = tls ? CertDir() : "";  // made here: the child must not make its own
    int out[2];
    if (pipe(out) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      close(out[0]);
      close(out[1]);
      std::vector<std::string> args = {"python3", TEST_SERVER_PY, "--script", script, "--log", log_};
      if (tls) {
        args.push_back("--tls-dir");
        args.push_back(cert_dir);
        if (require_client_cert) args.push_back("--require-client-cert");
      }
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execvp("python3", argv.data());
      _exit(127);
    }
    close(out[1]);
    FILE* f = fdopen(out[0], "r");
    int port = 0;
    if (f == nullptr || std::fscanf(f, "%d", &port) != 1) port = 0;
    if (f != nullptr) std::fclose(f);
    url_ = std::string(tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port);
    port_ = port;
  }

  ~TestServer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }

  bool ok() const { return port_ > 0; }
  const std::string& url() const { return url_; }

  std::vector<Json> Log(const std::string& event) const {
    std::vector<Json> out;
    std::ifstream in(log_);
    for (std::string line; std::getline(in, line);) {
      absl::StatusOr<Json> j = ParseJson(line);
      if (j.ok() && j->GetString("event") == event) out.push_back(*j);
    }
    return out;
  }
  std::vector<Json> Requests() const { return Log("request"); }
  int Connections() const { return static_cast<int>(Log("connect").size()); }

 private:
  TempDir dir_;
  std::string log_, url_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace k8sclient::testing
