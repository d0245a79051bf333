// The client against podinit-fake-apiserver: its kubeconfig, TLS with a generated CA, bearer
// token, selectors, paging, watch with a merge patch waking it, 403 and injected faults.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <thread>

#include "k8sclient/client.h"
#include "k8sclient/config.h"
#include "k8sclient/rbac.h"
#include "tests/k8sclient/temp_dir.h"

namespace k8sclient {
namespace {

using testing::TempDir;

class FakeApiserver {
 public:
  explicit FakeApiserver(std::vector<std::string> extra) {
    dir_.Write("token", "fake-token\n");
    std::vector<std::string> args = {FAKE_APISERVER,     "--listen",  "127.0.0.1:0",
                                      "--objects",        FAKEAPI_TESTDATA,
                                      "--token-file",     dir_.path() + "/token",
                                      "--kubeconfig-out", kubeconfig()};
    args.insert(args.end(), extra.begin(), extra.end());
    int out[2];
    if (pipe(out) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      close(out[0]);
      close(out[1]);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    FILE* f = fdopen(out[0], "r");
    char line[512] = {};
    if (f != nullptr && std::fgets(line, sizeof line, f) != nullptr) {
      std::string l(line);
      if (l.rfind("listening on ", 0) == 0) url_ = l.substr(13, l.find('\n') - 13);
    }
    if (f != nullptr) std::fclose(f);
  }
  ~FakeApiserver() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  bool ok() const { return !url_.empty(); }
  std::string kubeconfig() const { return dir_.path() + "/kubeconfig"; }

  std::unique_ptr<Client> Connect(ClientOptions o = {}) const {
    ConfigFlags flags;
    flags.kubeconfig = kubeconfig();
    flags.pod_name = "etcd-0";
    flags.sa_dir = dir_.path() + "/no-sa";
    absl::StatusOr<ClientConfig> cfg =
        ResolveConfig(flags, [](std::string_view) { return std::nullopt; });
    EXPECT_TRUE(cfg.ok()) << cfg.status();
    if (!cfg.ok()) return nullptr;
    EXPECT_EQ(cfg->server, url_);
    o.user_agent = "podinit/test";
    absl::StatusOr<std::unique_ptr<Client>> c = Client::Create(*cfg, o);
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? *std::move(c) : nullptr;
  }

 private:
  TempDir dir_;
  std::string url_;
  pid_t pid_ = -1;
};

TEST(FakeApiserver, GetListAndForbidden) {
  FakeApiserver s({"--forbid", "secrets"});
  ASSERT_TRUE(s.ok());
  auto c = s.Connect();
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->config().namespace_, "default");
  absl::StatusOr<std::string> path = ObjectPath("v1", "Pod", c->config().namespace_, "etcd-0");
  ASSERT_TRUE(path.ok());
  absl::StatusOr<Json> pod = c->Get(*path, /*cached=*/true);
  ASSERT_TRUE(pod.ok()) << pod.status();
  EXPECT_EQ(pod->Path("metadata.name")->as_string(), "etcd-0");

  ListOptions lo;
  lo.label_selector = "app=etcd";
  lo.limit = 2;
  lo.cached = false;
  int before = c->requests();
  absl::StatusOr<Json> list = c->List("/api/v1/namespaces/default/pods", lo);
  ASSERT_TRUE(list.ok()) << list.status();
  std::vector<std::string> names;
  for (const Json& item : list->Find("items")->array()) {
    names.push_back(item.Path("metadata.name")->as_string());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"etcd-0", "etcd-1", "etcd-2"}));
  EXPECT_EQ(c->requests() - before, 2);

  absl::StatusOr<Json> secret = c->Get("/api/v1/namespaces/default/secrets/etcd-auth");
  ASSERT_FALSE(secret.ok());
  EXPECT_EQ(secret.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(secret.status().message().find("missing RBAC permission: verb \"get\" on resource "
                                           "\"secrets\" in API group \"\" in namespace \"default\""),
            std::string::npos)
      << secret.status();
  EXPECT_TRUE(RbacRoleHint(secret.status()).has_value());

  absl::StatusOr<Json> missing = c->Get("/api/v1/namespaces/default/pods/nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("pods \"nope\" not found (404 NotFound)"),
            std::string::npos)
      << missing.status();
}

TEST(FakeApiserver, WatchSeesAMergePatch) {
  FakeApiserver s({"--bookmark-interval", "1s"});
  ASSERT_TRUE(s.ok());
  auto watcher = s.Connect();
  auto patcher = s.Connect();
  ASSERT_TRUE(watcher && patcher);
  const std::string pod_path = "/api/v1/namespaces/default/pods/etcd-0";
  absl::StatusOr<Json> pod = watcher->Get(pod_path);
  ASSERT_TRUE(pod.ok()) << pod.status();
  WatchOptions wo;
  wo.field_selector = "metadata.name=etcd-0";
  wo.resource_version = pod->Path("metadata.resourceVersion")->as_string();
  wo.timeout = absl::Seconds(20);
  std::thread patch([&] {
    absl::SleepFor(absl::Milliseconds(1500));  // after at least one bookmark
    absl::StatusOr<Json> patched =
        patcher->MergePatch(pod_path, *ParseJson(R"({"metadata":{"labels":{"ready":"yes"}}})"));
    EXPECT_TRUE(patched.ok()) << patched.status();
    if (patched.ok()) {
      EXPECT_EQ(patched->Path("metadata.labels.ready")->as_string(), "yes");
    }
  });
  std::vector<std::string> seen;
  absl::Status st = watcher->Watch("/api/v1/namespaces/default/pods", wo, [&](const WatchEvent& e) {
    seen.push_back(e.type);
    const Json* ready = e.object.Path("metadata.labels.ready");
    return !(e.type == "MODIFIED" && ready != nullptr && ready->as_string() == "yes");
  });
  patch.join();
  EXPECT_TRUE(st.ok()) << st;
  EXPECT_EQ(seen, (std::vector<std::string>{"MODIFIED"}));
}

TEST(FakeApiserver, RidesOutInjectedFaults) {
  FakeApiserver s({"--rate-429", "0.3", "--retry-after", "0", "--rate-5xx", "0.2",
                   "--rate-drop", "0.1", "--seed", "7"});
  ASSERT_TRUE(s.ok());
  ClientOptions o;
  o.max_attempts = 20;
  // The backoff and the request limiter would make this a minute of waiting (60% of the
  // answers fail); their waits are tested in client_backoff_test.cc.
  FakeClock clock;
  o.clock = &clock;
  auto c = s.Connect(o);
  ASSERT_NE(c, nullptr);
  for (int i = 0; i < 20; ++i) {
    absl::StatusOr<Json> pod = c->Get("/api/v1/namespaces/default/pods/etcd-1");
    ASSERT_TRUE(pod.ok()) << pod.status();
  }
  EXPECT_GT(c->requests(), 20);  // some of them were retried
}

TEST(FakeApiserver, WrongTokenIsUnauthenticated) {
  FakeApiserver s({});
  ASSERT_TRUE(s.ok());
  ConfigFlags flags;
  flags.kubeconfig = s.kubeconfig();
  flags.pod_name = "etcd-0";
  TempDir dir;
  flags.token_file = dir.Write("token", "wrong");
  absl::StatusOr<ClientConfig> cfg =
      ResolveConfig(flags, [](std::string_view) { return std::nullopt; });
  ASSERT_TRUE(cfg.ok()) << cfg.status();
  auto c = Client::Create(*cfg);
  ASSERT_TRUE(c.ok());
  absl::StatusOr<Json> pod = (*c)->Get("/api/v1/namespaces/default/pods/etcd-0");
  ASSERT_FALSE(pod.ok());
  EXPECT_EQ(pod.status().code(), absl::StatusCode::kUnauthenticated) << pod.status();
  EXPECT_EQ(pod.status().message().find("wrong"), std::string::npos);
  EXPECT_EQ((*c)->requests(), 2);  // the second after re-reading the token
}

}  // namespace
}  // namespace k8sclient
