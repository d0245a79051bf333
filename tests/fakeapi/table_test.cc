#include "fakeapi/table.h"

#include <gtest/gtest.h>

namespace fakeapi {
namespace {

using k8sclient::Json;

Json Cells(std::string_view kind, const std::string& obj_json) {
  const Resource* r = nullptr;
  for (const Resource& res : Resources()) {
    if (res.kind == kind) r = &res;
  }
  EXPECT_NE(r, nullptr);
  auto obj = std::make_shared<const Json>(k8sclient::ParseJson(obj_json).value());
  Json t = MakeTable(*r, {obj}, Json(), TableRequest{});
  return *t.Find("rows")->array()[0].Find("cells");
}

std::vector<std::string> Strings(const Json& cells, size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n && i < cells.array().size(); ++i) {
    const Json& c = cells.array()[i];
    out.push_back(c.is_string() ? c.as_string() : c.Dump());
  }
  return out;
}

// Cases of TestPrintPod in kubernetes pkg/printers/internalversion/printers_test.go (no
// creationTimestamp: AGE is "<unknown>").
TEST(Table, PodRowsAsThePrinters) {
  EXPECT_EQ(Strings(Cells("Pod", R"({"metadata":{"name":"test1"},"spec":{"containers":[{},{}]},
      "status":{"phase":"podPhase","containerStatuses":[
        {"ready":true,"restartCount":3,"state":{"running":{}}},{"restartCount":3}]}})"), 5),
            (std::vector<std::string>{"test1", "1/2", "podPhase", "6", "<unknown>"}));
  EXPECT_EQ(Strings(Cells("Pod", R"({"metadata":{"name":"test2"},"spec":{"containers":[{},{}]},
      "status":{"phase":"podPhase","containerStatuses":[
        {"ready":true,"restartCount":3,"state":{"running":{}}},
        {"state":{"waiting":{"reason":"ContainerWaitingReason"}},"restartCount":3}]}})"), 5),
            (std::vector<std::string>{"test2", "1/2", "ContainerWaitingReason", "6", "<unknown>"}));
  // Wide cells: IP from podIPs (or podIP), node, nominated node, readiness gates.
  EXPECT_EQ(Strings(Cells("Pod", R"({"metadata":{"name":"w"},"spec":{"containers":[{}],
      "nodeName":"n1"},"status":{"podIP":"10.1.2.3"}})"), 9),
            (std::vector<std::string>{"w", "0/1", "", "0", "<unknown>", "10.1.2.3", "n1", "<none>",
                                      "<none>"}));
}

// TestPrintService's "service4" (LoadBalancer, wide).
TEST(Table, ServiceRowAsThePrinters) {
  EXPECT_EQ(Strings(Cells("Service", R"({"metadata":{"name":"service4"},"spec":{
      "type":"LoadBalancer","clusterIPs":["1.5.6.7"],
      "ports":[{"port":80,"protocol":"TCP"},{"port":8090,"protocol":"UDP"},{"port":8000,"protocol":"TCP"}],
      "selector":{"foo":"bar"}},"status":{"loadBalancer":{"ingress":[{"ip":"2.3.4.5"},
      {"ip":"3.4.5.6"},{"ip":"5.6.7.8","hostname":"host5678"}]}}})"), 7),
            (std::vector<std::string>{"service4", "LoadBalancer", "1.5.6.7",
                                      "2.3.4.5,3.4.5.6,5.6.7.8", "80/TCP,8090/UDP,8000/TCP",
                                      "<unknown>", "foo=bar"}));
}

TEST(Table, ShapeAndColumns) {
  const Resource* pods = FindResource("", "v1", "pods");
  auto obj = std::make_shared<const Json>(
      k8sclient::ParseJson(R"({"metadata":{"name":"p","resourceVersion":"7"}})").value());
  Json meta = Json::MakeObject();
  meta.Set("resourceVersion", "9");
  Json t = MakeTable(*pods, {obj}, meta, TableRequest{});
  EXPECT_EQ(t.GetString("kind"), "Table");
  EXPECT_EQ(t.GetString("apiVersion"), "meta.k8s.io/v1");
  EXPECT_EQ(t.Path("metadata.resourceVersion")->as_string(), "9");
  std::vector<std::string> names;
  for (const Json& c : t.Find("columnDefinitions")->array()) names.emplace_back(c.GetString("name"));
  EXPECT_EQ(names, (std::vector<std::string>{"Name", "Ready", "Status", "Restarts", "Age", "IP",
                                             "Node", "Nominated Node", "Readiness Gates"}));
  const Json& row = t.Find("rows")->array()[0];
  EXPECT_EQ(row.Path("object.kind")->as_string(), "PartialObjectMetadata");
  EXPECT_EQ(row.Path("object.metadata.name")->as_string(), "p");
}

TEST(Table, AcceptNegotiation) {
  EXPECT_EQ(WantedTableVersion("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;"
                               "as=Table;v=v1beta1;g=meta.k8s.io,application/json"),
            "v1");
  EXPECT_EQ(WantedTableVersion("application/json;as=Table;v=v1beta1;g=meta.k8s.io, application/json"),
            "v1beta1");
  EXPECT_EQ(WantedTableVersion("application/json, */*"), std::nullopt);
  EXPECT_EQ(WantedTableVersion(""), std::nullopt);
}

// apimachinery pkg/util/duration/duration_test.go.
TEST(Table, HumanDuration) {
  struct Case {
    absl::Duration d;
    const char* want;
  };
  for (const Case& c : std::vector<Case>{
           {absl::Seconds(1), "1s"}, {absl::Seconds(70), "70s"}, {absl::Seconds(190), "3m10s"},
           {absl::Minutes(70), "70m"}, {absl::Hours(47), "47h"}, {absl::Hours(49), "2d1h"},
           {absl::Hours(8 * 24 + 2), "8d"}, {absl::Hours(367 * 24), "367d"},
           {absl::Hours(365 * 2 * 24 + 25), "2y1d"}, {absl::Hours(365 * 8 * 24 + 2), "8y"},
           {absl::Seconds(-2), "<invalid>"}, {absl::Seconds(-2) + absl::Nanoseconds(1), "0s"},
           {absl::Minutes(2) - absl::Milliseconds(1), "119s"}, {absl::Minutes(2), "2m"},
           {absl::Minutes(10) - absl::Milliseconds(1), "9m59s"},
           {absl::Hours(3) - absl::Milliseconds(1), "179m"}, {absl::Hours(3) + absl::Minutes(1), "3h1m"},
           {absl::Hours(8) + absl::Minutes(59), "8h"},
           {absl::Hours(8 * 24) - absl::Milliseconds(1), "7d23h"}}) {
    EXPECT_EQ(HumanDuration(c.d), c.want) << absl::FormatDuration(c.d);
  }
}

}  // namespace
}  // namespace fakeapi

namespace fakeapi {
namespace {

// JSON is acceptable unless every clause names another media type (protobuf alone).
TEST(Table, AcceptsJson) {
  EXPECT_TRUE(AcceptsJson(""));
  EXPECT_TRUE(AcceptsJson("application/json, */*"));
  EXPECT_TRUE(AcceptsJson("application/vnd.kubernetes.protobuf, application/json"));
  EXPECT_TRUE(AcceptsJson("application/json;as=Table;v=v1;g=meta.k8s.io,application/json"));
  EXPECT_FALSE(AcceptsJson("application/vnd.kubernetes.protobuf"));
  EXPECT_FALSE(AcceptsJson("application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io"));
}

}  // namespace
}  // namespace fakeapi
