#include "fakeapi/api.h"

#include <gtest/gtest.h>

#include "fakeapi/loader.h"

namespace fakeapi {
namespace {

using k8sclient::Json;

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    opts_.token = "tok";
    auto n = LoadObjects(store_, std::string(TESTDATA_DIR), "default");
    ASSERT_TRUE(n.ok()) << n.status();
    ASSERT_GT(*n, 10);
  }

  Outcome Do(const std::string& method, const std::string& target, std::string body = "",
             std::string content_type = "") {
    if (!api_) api_ = std::make_unique<Api>(store_, opts_);
    Request req{method, target, "Bearer tok", std::move(content_type), std::move(body), ""};
    return api_->Handle(req);
  }
  Json Body(const Outcome& o) { return k8sclient::ParseJson(o.response.body).value(); }

  Options opts_;
  Store store_;
  std::unique_ptr<Api> api_;
};

TEST_F(ApiTest, DiscoveryAndVersion) {
  EXPECT_EQ(Body(Do("GET", "/version?timeout=5s")).GetString("minor"), "32");
  EXPECT_EQ(Body(Do("GET", "/api")).GetString("kind"), "APIVersions");
  Json groups = Body(Do("GET", "/apis"));
  std::vector<std::string> names;
  for (const Json& g : groups.Find("groups")->array()) names.emplace_back(g.GetString("name"));
  EXPECT_EQ(names, (std::vector<std::string>{"apps", "batch", "discovery.k8s.io",
                                             "rbac.authorization.k8s.io", "authorization.k8s.io",
                                             "authentication.k8s.io"}));
  Json core = Body(Do("GET", "/api/v1"));
  EXPECT_EQ(core.GetString("groupVersion"), "v1");
  bool found_pods = false;
  for (const Json& r : core.Find("resources")->array()) {
    if (r.GetString("name") == "pods") {
      found_pods = true;
      EXPECT_TRUE(r.Find("namespaced")->as_bool());
    }
    if (r.GetString("name") == "nodes") {
      EXPECT_FALSE(r.Find("namespaced")->as_bool());
    }
  }
  EXPECT_TRUE(found_pods);
  EXPECT_EQ(Body(Do("GET", "/apis/apps/v1")).GetString("groupVersion"), "apps/v1");
  EXPECT_EQ(Do("GET", "/apis/nope/v1").response.status, 404);
}

TEST_F(ApiTest, TokenIsRequired) {
  api_ = std::make_unique<Api>(store_, opts_);
  Outcome o = api_->Handle({"GET", "/api/v1/namespaces/default/pods/etcd-0", "Bearer wrong", "", "", ""});
  EXPECT_EQ(o.response.status, 401);
  EXPECT_EQ(Body(o).GetString("reason"), "Unauthorized");
  // /version stays public, as on a real cluster.
  EXPECT_EQ(api_->Handle({"GET", "/version", "", "", "", ""}).response.status, 200);
}

TEST_F(ApiTest, GetAndNotFound) {
  Outcome o = Do("GET", "/api/v1/namespaces/default/pods/etcd-1");
  ASSERT_EQ(o.response.status, 200);
  EXPECT_EQ(Body(o).Path("metadata.name")->as_string(), "etcd-1");
  Outcome sts = Do("GET", "/apis/apps/v1/namespaces/default/statefulsets/etcd");
  EXPECT_EQ(Body(sts).Path("spec.replicas")->as_int(), 3);
  Outcome node = Do("GET", "/api/v1/nodes/node-b");
  EXPECT_EQ(Body(node).Path("metadata.labels")->GetString("topology.kubernetes.io/zone"), "zone-b");

  Outcome missing = Do("GET", "/apis/apps/v1/namespaces/default/statefulsets/web");
  EXPECT_EQ(missing.response.status, 404);
  EXPECT_EQ(missing.response.body,
            R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"statefulsets.apps \"web\" not found","reason":"NotFound","details":{"name":"web","group":"apps","kind":"statefulsets"},"code":404})");
  // No containers run here: logs get a Status that says so, not a 404 that reads as a typo.
  Outcome logs = Do("GET", "/api/v1/namespaces/default/pods/etcd-0/log");
  EXPECT_EQ(logs.response.status, 400);
  EXPECT_NE(Body(logs).GetString("message").find("runs no containers"), std::string_view::npos);
  EXPECT_EQ(Do("GET", "/api/v1/namespaces/default/pods/etcd-0/exec").response.status, 404);
  EXPECT_EQ(Do("GET", "/api/v1/namespaces/default/widgets").response.status, 404);
}

TEST_F(ApiTest, ListWithSelectorsAndPaging) {
  Json list = Body(Do("GET", "/api/v1/namespaces/default/pods?labelSelector=app%3Detcd&limit=500"));
  EXPECT_EQ(list.GetString("kind"), "PodList");
  EXPECT_EQ(list.GetString("apiVersion"), "v1");
  EXPECT_FALSE(list.Path("metadata.resourceVersion")->as_string().empty());
  EXPECT_EQ(list.Find("items")->array().size(), 3u);

  Json phase = Body(Do("GET", "/api/v1/pods?fieldSelector=status.phase%3DPending"));
  ASSERT_EQ(phase.Find("items")->array().size(), 1u);
  EXPECT_EQ(phase.Find("items")->array()[0].Path("metadata.name")->as_string(), "web-1");

  Json first = Body(Do("GET", "/api/v1/namespaces/default/pods?limit=3"));
  ASSERT_EQ(first.Find("items")->array().size(), 3u);
  EXPECT_EQ(first.Path("metadata.remainingItemCount")->as_int(), 1);
  std::string cont(first.Path("metadata.continue")->as_string());
  Json second = Body(Do("GET", "/api/v1/namespaces/default/pods?limit=3&continue=" + cont));
  ASSERT_EQ(second.Find("items")->array().size(), 1u);
  EXPECT_EQ(second.Path("metadata.continue"), nullptr);

  Outcome bad = Do("GET", "/api/v1/pods?labelSelector=app%3Aetcd");
  EXPECT_EQ(bad.response.status, 400);
  EXPECT_EQ(Body(bad).GetString("reason"), "BadRequest");
  Outcome field = Do("GET", "/api/v1/pods?fieldSelector=spec.foo%3Dx");
  EXPECT_EQ(Body(field).GetString("message"), "field label not supported: spec.foo");
  EXPECT_EQ(Body(Do("GET", "/apis/apps/v1/statefulsets")).GetString("kind"), "StatefulSetList");
}

TEST_F(ApiTest, ForbiddenWordedLikeTheApiserver) {
  opts_.forbid = {"statefulsets", "pods"};
  opts_.ns = "db";
  Outcome o = Do("GET", "/apis/apps/v1/namespaces/default/statefulsets/etcd");
  EXPECT_EQ(o.response.status, 403);
  EXPECT_EQ(o.response.body,
            R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"statefulsets.apps \"etcd\" is forbidden: User \"system:serviceaccount:db:default\" cannot get resource \"statefulsets\" in API group \"apps\" in the namespace \"default\"","reason":"Forbidden","details":{"name":"etcd","group":"apps","kind":"statefulsets"},"code":403})");
  Outcome list = Do("GET", "/api/v1/pods?watch=1");
  EXPECT_EQ(Body(list).GetString("message"),
            "pods is forbidden: User \"system:serviceaccount:db:default\" cannot watch resource "
            "\"pods\" in API group \"\" at the cluster scope");
  EXPECT_EQ(Do("GET", "/api/v1/nodes/node-a").response.status, 200);

  // One verb only: the pod may be read but not listed, as a Role with resourceNames allows.
  opts_.forbid = {"pods:list", "nodes:get"};
  EXPECT_EQ(Do("GET", "/api/v1/namespaces/default/pods/etcd-0").response.status, 200);
  EXPECT_EQ(Do("GET", "/api/v1/namespaces/default/pods").response.status, 403);
  EXPECT_EQ(Do("GET", "/api/v1/namespaces/default/pods?watch=true").response.status, 200);
  Outcome node = Do("GET", "/api/v1/nodes/node-a");
  EXPECT_EQ(Body(node).GetString("message"),
            "nodes \"node-a\" is forbidden: User \"system:serviceaccount:db:default\" cannot get "
            "resource \"nodes\" in API group \"\" at the cluster scope");
}

TEST_F(ApiTest, FaultsAreReproducibleWithASeed) {
  opts_.rate_429 = 0.5;
  opts_.retry_after = 7;
  opts_.seed = 42;
  auto run = [&] {
    api_ = std::make_unique<Api>(store_, opts_);
    std::string pattern;
    for (int i = 0; i < 40; ++i) {
      Outcome o = Do("GET", "/api/v1/namespaces/default/pods/etcd-0");
      pattern += o.response.status == 429 ? 'T' : '.';
      if (o.response.status == 429) {
        EXPECT_EQ(o.response.headers.at(0).first, "Retry-After");
        EXPECT_EQ(o.response.headers.at(0).second, "7");
        EXPECT_EQ(o.response.body, "Too many requests, please try again later.\n");
      }
    }
    return pattern;
  };
  std::string a = run(), b = run();
  EXPECT_EQ(a, b);
  EXPECT_NE(a.find('T'), std::string::npos);
  EXPECT_NE(a.find('.'), std::string::npos);
  // Discovery is never faulted.
  for (int i = 0; i < 20; ++i) EXPECT_EQ(Do("GET", "/api/v1").response.status, 200);

  opts_.rate_429 = 0;
  opts_.rate_drop = 1;
  api_ = std::make_unique<Api>(store_, opts_);
  EXPECT_TRUE(Do("GET", "/api/v1/namespaces/default/pods").drop);
  opts_.rate_drop = 0;
  opts_.rate_5xx = 1;
  api_ = std::make_unique<Api>(store_, opts_);
  EXPECT_EQ(Do("GET", "/api/v1/namespaces/default/pods").response.status, 500);
}

TEST_F(ApiTest, PatchThenWatchSeesIt) {
  Outcome start = Do("GET", "/api/v1/namespaces/default/pods?watch=True&labelSelector=app%3Detcd");
  ASSERT_TRUE(start.watch.has_value());
  WatchSpec spec = *start.watch;
  std::vector<std::string> initial = api_->InitialWatchLines(spec);
  ASSERT_EQ(initial.size(), 3u);
  EXPECT_EQ(initial[0].rfind(R"({"type":"ADDED","object":{)", 0), 0u);

  Outcome unsupported = Do("PATCH", "/api/v1/namespaces/default/pods/etcd-0", "{}",
                           "application/x-unknown-patch");
  EXPECT_EQ(unsupported.response.status, 415);
  // A patch that changes nothing is not written: no event, no new resourceVersion.
  Outcome same = Do("PATCH", "/api/v1/namespaces/default/pods/etcd-0",
                    R"({"metadata":{"name":"etcd-0"}})", "application/apply-patch+yaml");
  EXPECT_EQ(same.response.status, 200) << same.response.body;
  Outcome patched = Do("PATCH", "/api/v1/namespaces/default/pods/etcd-0",
                       R"({"metadata":{"labels":{"role":"leader"}}})",
                       "application/strategic-merge-patch+json");
  ASSERT_EQ(patched.response.status, 200) << patched.response.body;
  EXPECT_EQ(Body(patched).Path("metadata.labels")->GetString("role"), "leader");
  // Leaving the selection is a DELETED event for this watch.
  Do("PATCH", "/api/v1/namespaces/default/pods/etcd-1", R"({"metadata":{"labels":{"app":"gone"}}})",
     "application/merge-patch+json");
  // Other resources and non-matching pods do not show up.
  Do("PATCH", "/api/v1/namespaces/default/pods/web-1", R"({"metadata":{"labels":{"x":"y"}}})",
     "application/merge-patch+json");
  Do("PATCH", "/api/v1/namespaces/default/configmaps/etcd-config", R"({"data":{"a":"b"}})",
     "application/merge-patch+json");

  bool expired = true;
  std::vector<std::string> lines = api_->NextWatchLines(spec, expired);
  EXPECT_FALSE(expired);
  ASSERT_EQ(lines.size(), 2u);
  Json first = k8sclient::ParseJson(lines[0]).value();
  EXPECT_EQ(first.GetString("type"), "MODIFIED");
  EXPECT_EQ(first.Path("object.metadata.name")->as_string(), "etcd-0");
  Json second = k8sclient::ParseJson(lines[1]).value();
  EXPECT_EQ(second.GetString("type"), "DELETED");
  EXPECT_EQ(spec.last_rv, store_.ResourceVersion());
  EXPECT_TRUE(api_->NextWatchLines(spec, expired).empty());

  Json bookmark = k8sclient::ParseJson(api_->BookmarkLine(spec)).value();
  EXPECT_EQ(bookmark.GetString("type"), "BOOKMARK");
  EXPECT_EQ(bookmark.Path("object.metadata.resourceVersion")->as_string(),
            std::to_string(store_.ResourceVersion()));
}

TEST_F(ApiTest, WatchFromTooOldVersionGetsExpired) {
  Store small(2);
  ASSERT_TRUE(LoadObjects(small, std::string(TESTDATA_DIR), "default").ok());
  Api api(small, opts_);
  Outcome o = api.Handle({"GET", "/api/v1/namespaces/default/pods?watch=true&resourceVersion=1",
                          "Bearer tok", "", "", ""});
  ASSERT_TRUE(o.watch.has_value());
  EXPECT_FALSE(o.watch->send_initial);
  bool expired = false;
  std::vector<std::string> lines = api.NextWatchLines(*o.watch, expired);
  EXPECT_TRUE(expired);
  ASSERT_EQ(lines.size(), 1u);
  Json ev = k8sclient::ParseJson(lines[0]).value();
  EXPECT_EQ(ev.GetString("type"), "ERROR");
  EXPECT_EQ(ev.Path("object.code")->as_int(), 410);
  EXPECT_EQ(ev.Path("object.reason")->as_string(), "Expired");
  EXPECT_EQ(ev.Path("object.message")->as_string().rfind("too old resource version: 1 (", 0), 0u);
}

TEST_F(ApiTest, CreateReplaceDelete) {
  std::string pod = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"new-0"},
                        "spec":{"containers":[{"name":"c","image":"busybox"}]}})";
  Outcome created = Do("POST", "/api/v1/namespaces/default/pods", pod, "application/json");
  ASSERT_EQ(created.response.status, 201) << created.response.body;
  Json obj = Body(created);
  EXPECT_EQ(obj.Path("metadata.namespace")->as_string(), "default");
  std::string uid(obj.Path("metadata.uid")->as_string());
  std::string rv(obj.Path("metadata.resourceVersion")->as_string());
  EXPECT_EQ(Do("POST", "/api/v1/namespaces/default/pods", pod, "application/json").response.status,
            409);

  obj.Find("spec")->Find("containers")->array()[0].Set("image", "busybox:2");
  obj.Find("metadata")->Set("uid", "forged");
  Outcome replaced = Do("PUT", "/api/v1/namespaces/default/pods/new-0", obj.Dump(), "application/json");
  ASSERT_EQ(replaced.response.status, 200) << replaced.response.body;
  EXPECT_EQ(Body(replaced).Path("spec.containers")->array()[0].GetString("image"), "busybox:2");
  EXPECT_EQ(Body(replaced).Path("metadata.uid")->as_string(), uid);
  // The same body again carries the old resourceVersion: optimistic locking refuses it.
  Outcome stale = Do("PUT", "/api/v1/namespaces/default/pods/new-0", obj.Dump(), "application/json");
  EXPECT_EQ(stale.response.status, 409);
  EXPECT_EQ(Body(stale).GetString("reason"), "Conflict");
  EXPECT_EQ(Do("PUT", "/api/v1/namespaces/default/pods/other", obj.Dump(), "application/json")
                .response.status,
            400);

  EXPECT_EQ(Do("DELETE", "/api/v1/namespaces/default/pods/new-0").response.status, 200);
  EXPECT_EQ(Do("GET", "/api/v1/namespaces/default/pods/new-0").response.status, 404);
  EXPECT_EQ(Do("DELETE", "/api/v1/namespaces/default/pods/new-0").response.status, 404);
}

// A pod's spec is immutable but for images, activeDeadlineSeconds, tolerations and
// schedulingGates (ValidatePodUpdate), in the apiserver's words; metadata and status may change.
TEST_F(ApiTest, PodSpecChangesOnlyWhereTheApiserverAllows) {
  const std::string pod = "/api/v1/namespaces/default/pods/etcd-2";
  auto patch = [&](std::string_view body) {
    return Do("PATCH", pod, std::string(body), "application/merge-patch+json");
  };
  Outcome node = patch(R"({"spec":{"nodeName":"node-z"}})");
  EXPECT_EQ(node.response.status, 422);
  EXPECT_EQ(Body(node).GetString("message"),
            "Pod \"etcd-2\" is invalid: spec: Forbidden: pod updates may not change fields other than "
            "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
            "`spec.tolerations` (only additions to existing tolerations),"
            "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)");
  EXPECT_EQ(Body(node).Path("details.causes")->array()[0].GetString("field"), "spec");
  Outcome added = Do("PATCH", pod, R"({"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}})",
                     "application/strategic-merge-patch+json");
  EXPECT_EQ(added.response.status, 422);
  EXPECT_EQ(Body(added).GetString("message"),
            "Pod \"etcd-2\" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers");
  Outcome no_image = Do("PATCH", pod, R"({"spec":{"containers":[{"name":"etcd","image":""}]}})",
                        "application/strategic-merge-patch+json");
  EXPECT_EQ(Body(no_image).GetString("message"),
            "Pod \"etcd-2\" is invalid: spec.containers[0].image: Required value");
  Outcome allowed = patch(R"({"metadata":{"labels":{"x":"y"}},"spec":{"activeDeadlineSeconds":60}})");
  ASSERT_EQ(allowed.response.status, 200) << allowed.response.body;
  EXPECT_EQ(Body(allowed).Path("spec.activeDeadlineSeconds")->as_int(), 60);
  EXPECT_EQ(Body(patch(R"({"spec":{"activeDeadlineSeconds":120}})")).GetString("message"),
            "Pod \"etcd-2\" is invalid: spec.activeDeadlineSeconds: Invalid value: 120: must be less than "
            "or equal to previous value");
  EXPECT_EQ(Body(patch(R"({"spec":{"activeDeadlineSeconds":null}})")).GetString("message"),
            "Pod \"etcd-2\" is invalid: spec.activeDeadlineSeconds: Invalid value: \"null\": must not update "
            "from a positive integer to nil value");
  // Tolerations: one added, then its tolerationSeconds changed, are fine; removing it is not.
  Json tolerations = *Body(Do("GET", pod)).Path("spec.tolerations");
  tolerations.array().push_back(
      k8sclient::ParseJson(R"({"key":"k","operator":"Exists","effect":"NoExecute","tolerationSeconds":5})").value());
  auto set_tolerations = [&](const Json& list) {
    Json body = Json::MakeObject();
    Json spec = Json::MakeObject();
    spec.Set("tolerations", list);
    body.Set("spec", std::move(spec));
    return patch(body.Dump());
  };
  Outcome added_toleration = set_tolerations(tolerations);
  ASSERT_EQ(added_toleration.response.status, 200) << added_toleration.response.body;
  tolerations.array().back().Set("tolerationSeconds", 9);
  EXPECT_EQ(set_tolerations(tolerations).response.status, 200);
  tolerations.array().pop_back();
  EXPECT_EQ(Body(set_tolerations(tolerations)).GetString("message"),
            "Pod \"etcd-2\" is invalid: spec.tolerations: Forbidden: existing toleration can not be "
            "modified except its tolerationSeconds");
  EXPECT_EQ(Do("PATCH", pod + "/status", R"({"status":{"podIP":"10.9.9.9"}})",
               "application/merge-patch+json").response.status, 200);
}

// What the apiserver assigns: uid and creationTimestamp on create, generation 1 for a
// StatefulSet and one more for each spec change (not for metadata or status).
TEST_F(ApiTest, IdentityAndGenerationAsAssigned) {
  Outcome created = Do("POST", "/apis/apps/v1/namespaces/default/statefulsets",
                       R"({"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"gen","uid":"mine",
                           "creationTimestamp":"2001-01-01T00:00:00Z","generation":7},
                           "spec":{"replicas":1,"serviceName":"gen","selector":{"matchLabels":{"a":"b"}},
                           "template":{"metadata":{"labels":{"a":"b"}},
                           "spec":{"containers":[{"name":"c","image":"busybox"}]}}}})",
                       "application/json");
  ASSERT_EQ(created.response.status, 201) << created.response.body;
  Json obj = Body(created);
  EXPECT_NE(obj.Path("metadata.uid")->as_string(), "mine");
  EXPECT_EQ(obj.Path("metadata.uid")->as_string().size(), 36u);
  EXPECT_NE(obj.Path("metadata.creationTimestamp")->as_string(), "2001-01-01T00:00:00Z");
  EXPECT_EQ(obj.Path("metadata.generation")->as_int(), 1);
  const std::string path = "/apis/apps/v1/namespaces/default/statefulsets/gen";
  auto generation = [&](std::string_view sub, std::string_view patch) {
    Outcome o = Do("PATCH", path + std::string(sub), std::string(patch), "application/merge-patch+json");
    Json body = Body(o);
    const Json* g = body.Path("metadata.generation");
    return g != nullptr && g->is_int() ? g->as_int() : -1;
  };
  EXPECT_EQ(generation("", R"({"spec":{"replicas":2}})"), 2);
  EXPECT_EQ(generation("", R"({"metadata":{"labels":{"x":"y"}}})"), 2);
  EXPECT_EQ(generation("/status", R"({"status":{"replicas":2}})"), 2);
  EXPECT_EQ(generation("", R"({"spec":{"replicas":2}})"), 2);  // no change, no new generation
}

TEST_F(ApiTest, JsonPatch) {
  const std::string pod = "/api/v1/namespaces/default/pods/etcd-2";
  Outcome ok = Do("PATCH", pod,
                  R"([{"op":"add","path":"/metadata/labels/tier","value":"db"},
                      {"op":"replace","path":"/spec/containers/0/image","value":"etcd:z"}])",
                  "application/json-patch+json");
  ASSERT_EQ(ok.response.status, 200) << ok.response.body;
  EXPECT_EQ(Body(ok).Path("metadata.labels")->GetString("tier"), "db");
  EXPECT_EQ(Body(ok).Path("spec.containers")->array()[0].GetString("image"), "etcd:z");
  std::string rv(Body(ok).Path("metadata.resourceVersion")->as_string());
  Outcome test_fails = Do("PATCH", pod,
                          R"([{"op":"test","path":"/metadata/resourceVersion","value":"1"},
                              {"op":"remove","path":"/metadata/labels"}])",
                          "application/json-patch+json");
  EXPECT_EQ(test_fails.response.status, 409);
  Outcome missing = Do("PATCH", pod, R"([{"op":"remove","path":"/spec/nope"}])",
                       "application/json-patch+json");
  EXPECT_EQ(missing.response.status, 422);
  // A failed patch changes nothing.
  EXPECT_EQ(Body(Do("GET", pod)).Path("metadata.resourceVersion")->as_string(), rv);
}

TEST_F(ApiTest, ContinueTokenExpiresWithHistory) {
  Store small(3);
  ASSERT_TRUE(LoadObjects(small, std::string(TESTDATA_DIR), "default").ok());
  Api api(small, opts_);
  auto get = [&](const std::string& target) {
    return api.Handle({"GET", target, "Bearer tok", "", "", ""}).response;
  };
  Json first = k8sclient::ParseJson(get("/api/v1/namespaces/default/pods?limit=2").body).value();
  std::string cont(first.Path("metadata.continue")->as_string());
  EXPECT_EQ(get("/api/v1/namespaces/default/pods?limit=2&continue=" + cont).status, 200);
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(small.Patch(*FindResource("", "v1", "configmaps"), "default", "etcd-config",
                            k8sclient::ParseJson(R"({"data":{"n":")" + std::to_string(i) + "\"}}").value())
                    .ok());
  }
  Response expired = get("/api/v1/namespaces/default/pods?limit=2&continue=" + cont);
  EXPECT_EQ(expired.status, 410);
  EXPECT_EQ(k8sclient::ParseJson(expired.body).value().GetString("reason"), "Expired");
  EXPECT_EQ(get("/api/v1/namespaces/default/pods?continue=garbage!").status, 400);
}

TEST(Query, DecodesLikeGo) {
  auto q = ParseQuery("labelSelector=app%3Detcd%2Ctier+in+%28a%29&watch=True&x");
  EXPECT_EQ(q["labelSelector"], "app=etcd,tier in (a)");
  EXPECT_TRUE(QueryBool(q, "watch"));
  EXPECT_FALSE(QueryBool(q, "x"));
  EXPECT_FALSE(QueryBool(q, "missing"));
  EXPECT_TRUE(QueryBool(ParseQuery("watch=1"), "watch"));
  EXPECT_TRUE(QueryBool(ParseQuery("watch=TRUE"), "watch"));
  EXPECT_FALSE(QueryBool(ParseQuery("watch=false"), "watch"));
}

}  // namespace
}  // namespace fakeapi

namespace fakeapi {
namespace {

class WriteTest : public ApiTest {
 protected:
  int64_t Rv() { return store_.ResourceVersion(); }
};

// dryRun=All runs a write through and changes nothing: the apiserver's contract, and what
// `kubectl delete|label|apply --dry-run=server` and `kubectl diff` count on.
TEST_F(WriteTest, DryRunChangesNothing) {
  const std::string pod = "/api/v1/namespaces/default/pods/etcd-1";
  Do("GET", pod);
  int64_t before = Rv();
  Outcome del = Do("DELETE", pod + "?dryRun=All");
  EXPECT_EQ(del.response.status, 200) << del.response.body;
  // client-go sends the dry run in the DeleteOptions body.
  EXPECT_EQ(Do("DELETE", pod, R"({"kind":"DeleteOptions","apiVersion":"v1","dryRun":["All"]})",
               "application/json").response.status, 200);
  Outcome label = Do("PATCH", pod + "?dryRun=All", R"({"metadata":{"labels":{"dry":"run"}}})",
                     "application/strategic-merge-patch+json");
  EXPECT_EQ(Body(label).Path("metadata.labels")->GetString("dry"), "run");
  Outcome created = Do("POST", "/api/v1/namespaces/default/configmaps?dryRun=All",
                       R"({"metadata":{"name":"dry"},"data":{"a":"b"}})", "application/json");
  EXPECT_EQ(created.response.status, 201);
  EXPECT_EQ(Body(created).Path("metadata.resourceVersion"), nullptr);
  Json current = Body(Do("GET", pod));
  Outcome put = Do("PUT", pod + "?dryRun=All", current.Dump(), "application/json");
  EXPECT_EQ(put.response.status, 200);
  EXPECT_EQ(Do("PATCH", "/apis/apps/v1/namespaces/default/statefulsets/etcd/scale?dryRun=All",
               R"({"spec":{"replicas":9}})", "application/merge-patch+json").response.status, 200);

  EXPECT_EQ(Rv(), before);
  EXPECT_EQ(Do("GET", pod).response.status, 200);
  EXPECT_EQ(Body(Do("GET", pod)).Path("metadata.labels")->Find("dry"), nullptr);
  EXPECT_EQ(Do("GET", "/api/v1/namespaces/default/configmaps/dry").response.status, 404);
  EXPECT_EQ(Body(Do("GET", "/apis/apps/v1/namespaces/default/statefulsets/etcd"))
                .Path("spec.replicas")->as_int(), 3);
  Outcome bad = Do("DELETE", pod + "?dryRun=Some");
  EXPECT_EQ(bad.response.status, 422);
  EXPECT_EQ(Body(bad).GetString("message"),
            "DeleteOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: "
            "[]string{\"Some\"}: supported values: \"All\"");
  EXPECT_EQ(Rv(), before);
}

// Status belongs to the status subresource: writes to the object keep it, writes to
// .../status change nothing else.
TEST_F(WriteTest, StatusOnlyThroughTheSubresource) {
  const std::string pod = "/api/v1/namespaces/default/pods/etcd-0";
  Outcome main = Do("PATCH", pod, R"({"status":{"phase":"Failed"},"metadata":{"labels":{"a":"b"}}})",
                    "application/merge-patch+json");
  ASSERT_EQ(main.response.status, 200);
  EXPECT_EQ(Body(main).Path("status.phase")->as_string(), "Running");
  EXPECT_EQ(Body(main).Path("metadata.labels")->GetString("a"), "b");
  Outcome status = Do("PATCH", pod + "/status",
                      R"({"status":{"phase":"Failed"},"metadata":{"labels":{"c":"d"}}})",
                      "application/merge-patch+json");
  ASSERT_EQ(status.response.status, 200) << status.response.body;
  EXPECT_EQ(Body(status).Path("status.phase")->as_string(), "Failed");
  EXPECT_EQ(Body(status).Path("metadata.labels")->Find("c"), nullptr);
  EXPECT_EQ(Body(Do("GET", pod + "/status")).Path("status.phase")->as_string(), "Failed");
  // A created pod starts Pending whatever its body says.
  Outcome created = Do("POST", "/api/v1/namespaces/default/pods",
                       R"({"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}]},
                           "status":{"phase":"Running"}})", "application/json");
  ASSERT_EQ(created.response.status, 201) << created.response.body;
  EXPECT_EQ(Body(created).Path("status.phase")->as_string(), "Pending");
  EXPECT_EQ(Do("GET", "/api/v1/namespaces/default/configmaps/etcd-config/status").response.status,
            404);
}

TEST_F(WriteTest, ScaleSubresource) {
  const std::string scale = "/apis/apps/v1/namespaces/default/statefulsets/etcd/scale";
  Json s = Body(Do("GET", scale));
  EXPECT_EQ(s.GetString("kind"), "Scale");
  EXPECT_EQ(s.GetString("apiVersion"), "autoscaling/v1");
  EXPECT_EQ(s.Path("spec.replicas")->as_int(), 3);
  Outcome patched = Do("PATCH", scale, R"({"spec":{"replicas":4}})", "application/merge-patch+json");
  ASSERT_EQ(patched.response.status, 200) << patched.response.body;
  EXPECT_EQ(Body(Do("GET", "/apis/apps/v1/namespaces/default/statefulsets/etcd"))
                .Path("spec.replicas")->as_int(), 4);
  EXPECT_EQ(Do("PATCH", scale, R"({"spec":{"replicas":-1}})", "application/merge-patch+json")
                .response.status, 422);
}

std::string Pb(int field, const std::string& bytes) {
  std::string out(1, static_cast<char>(field << 3 | 2));
  out.push_back(static_cast<char>(bytes.size()));  // every test message is under 128 bytes
  return out + bytes;
}

std::string Envelope(const std::string& api_version, const std::string& kind, const std::string& raw) {
  return std::string("k8s\0", 4) + Pb(1, Pb(1, api_version) + Pb(2, kind)) + Pb(2, raw);
}

// kubectl's typed clients send protobuf and do not retry in JSON: the kinds they create are
// decoded (field numbers of core/v1 generated.proto); others get the apiserver's 415.
TEST_F(WriteTest, ProtobufBodies) {
  std::string cm = Pb(1, Pb(1, "pb")) + Pb(2, Pb(1, "a") + Pb(2, "b"));
  Outcome o = Do("POST", "/api/v1/namespaces/default/configmaps", Envelope("v1", "ConfigMap", cm),
                 "application/vnd.kubernetes.protobuf");
  ASSERT_EQ(o.response.status, 201) << o.response.body;
  EXPECT_EQ(Body(o).Path("data")->GetString("a"), "b");
  EXPECT_EQ(Body(o).Path("metadata.name")->as_string(), "pb");
  Outcome pod = Do("POST", "/api/v1/namespaces/default/pods", Envelope("v1", "Pod", Pb(1, Pb(1, "x"))),
                   "application/vnd.kubernetes.protobuf");
  EXPECT_EQ(pod.response.status, 415);
  EXPECT_EQ(Body(pod).GetString("reason"), "UnsupportedMediaType");
}

}  // namespace
}  // namespace fakeapi
