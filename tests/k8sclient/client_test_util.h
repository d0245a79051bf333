// What the Client tests share: a client for a TestServer and the script snippets they serve.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "k8sclient/client.h"
#include "tests/k8sclient/test_server.h"

namespace k8sclient::testing {

inline constexpr char kPodPath[] = "/api/v1/namespaces/ns/pods/x";
inline constexpr char kPodsPath[] = "/api/v1/namespaces/ns/pods";

inline ClientConfig ConfigFor(const TestServer& s, std::string token = "secret-token") {
  ClientConfig c;
  c.server = s.url();
  if (s.url().rfind("https", 0) == 0) c.ca_file = TestServer::CertDir() + "/ca.crt";
  c.token = std::move(token);
  c.namespace_ = "ns";
  c.pod_name = "x";
  return c;
}

inline ClientOptions FastOptions() {
  ClientOptions o;
  o.user_agent = "podinit/test";
  o.total_deadline = absl::Seconds(20);
  return o;
}

inline std::unique_ptr<Client> MakeClient(ClientConfig c, ClientOptions o = FastOptions()) {
  absl::StatusOr<std::unique_ptr<Client>> client = Client::Create(std::move(c), std::move(o));
  EXPECT_TRUE(client.ok()) << client.status();
  return client.ok() ? *std::move(client) : nullptr;
}

inline std::string Script(const std::string& routes) { return R"({"routes":{)" + routes + "}}"; }

inline std::string Route(const std::string& path, const std::string& responses) {
  return "\"" + path + "\":[" + responses + "]";
}

inline constexpr char kPod[] =
    R"({"json":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"x","namespace":"ns"}}})";

// One watch event for a TestServer "stream".
inline std::string Event(const std::string& type, const std::string& name, const std::string& rv) {
  return R"({"json":{"type":")" + type + R"(","object":{"kind":"Pod","metadata":{"name":")" + name +
         R"(","resourceVersion":")" + rv + R"("}}}})";
}

}  // namespace k8sclient::testing
