#include "fakeapi/store.h"

#include <gtest/gtest.h>

#include <regex>

namespace fakeapi {
namespace {

using k8sclient::Json;

Json Pod(const std::string& name, const std::string& app, const std::string& ns = "") {
  std::string text = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + name + "\"";
  if (!ns.empty()) text += R"(,"namespace":")" + ns + "\"";
  text += R"(,"labels":{"app":")" + app + R"("}},"status":{"phase":"Running"}})";
  return k8sclient::ParseJson(text).value();
}

const Resource& Pods() { return *FindResource("", "v1", "pods"); }

TEST(Store, UpsertFillsServerFields) {
  Store store;
  auto added = store.Upsert(Pod("a", "x"), "default");
  ASSERT_TRUE(added.ok()) << added.status();
  const Json& meta = *(*added)->Find("metadata");
  EXPECT_EQ(meta.GetString("namespace"), "default");
  EXPECT_EQ(meta.GetString("resourceVersion"), "1");
  EXPECT_TRUE(std::regex_match(
      std::string(meta.GetString("uid")),
      std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << meta.GetString("uid");
  EXPECT_TRUE(std::regex_match(std::string(meta.GetString("creationTimestamp")),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  EXPECT_EQ(store.ResourceVersion(), 1);
}

TEST(Store, UnknownKindIsAnError) {
  Store store;
  auto r = store.Upsert(k8sclient::ParseJson(R"({"apiVersion":"v9","kind":"Gizmo","metadata":{"name":"g"}})").value(), "default");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Gizmo"), std::string::npos);
}

TEST(Store, ClusterScopedObjectsHaveNoNamespace) {
  Store store;
  auto node = store.Upsert(k8sclient::ParseJson(R"({"apiVersion":"v1","kind":"Node","metadata":{"name":"n1","namespace":"x"}})").value(), "default");
  ASSERT_TRUE(node.ok());
  EXPECT_EQ((*node)->Path("metadata.namespace"), nullptr);
  EXPECT_NE(store.Get(*FindResource("", "v1", "nodes"), "", "n1"), nullptr);
}

TEST(Store, ListFiltersByNamespaceAndSelectorsInNameOrder) {
  Store store;
  ASSERT_TRUE(store.Upsert(Pod("c", "etcd"), "default").ok());
  ASSERT_TRUE(store.Upsert(Pod("a", "etcd"), "default").ok());
  ASSERT_TRUE(store.Upsert(Pod("b", "web"), "default").ok());
  ASSERT_TRUE(store.Upsert(Pod("a", "etcd", "other"), "default").ok());
  auto etcd = LabelSelector::Parse("app=etcd").value();
  FieldSelector none;
  auto names = [](const Store::ListResult& l) {
    std::vector<std::string> out;
    for (const auto& o : l.items) {
      out.push_back(std::string(o->Path("metadata.namespace")->as_string()) + "/" +
                    std::string(o->Path("metadata.name")->as_string()));
    }
    return out;
  };
  auto in_default = store.List(Pods(), "default", etcd, none, 0, "");
  EXPECT_EQ(names(in_default), (std::vector<std::string>{"default/a", "default/c"}));
  EXPECT_EQ(in_default.resource_version, 4);
  auto all = store.List(Pods(), "", etcd, none, 0, "");
  EXPECT_EQ(names(all), (std::vector<std::string>{"default/a", "default/c", "other/a"}));
  auto by_name = store.List(Pods(), "", {}, FieldSelector::Parse("metadata.name=a").value(), 0, "");
  EXPECT_EQ(names(by_name), (std::vector<std::string>{"default/a", "other/a"}));
}

TEST(Store, ListPagesWithLimitAndContinueKey) {
  Store store;
  for (const char* n : {"p1", "p2", "p3", "p4", "p5"}) ASSERT_TRUE(store.Upsert(Pod(n, "x"), "ns").ok());
  std::vector<std::string> seen;
  std::string after;
  int pages = 0;
  for (; pages < 10; ++pages) {
    auto page = store.List(Pods(), "ns", {}, {}, 2, after);
    for (const auto& o : page.items) seen.emplace_back(o->Path("metadata.name")->as_string());
    if (page.next_key.empty()) {
      EXPECT_EQ(page.remaining, 0);
      break;
    }
    EXPECT_EQ(page.remaining, 5 - static_cast<int64_t>(seen.size()));
    after = page.next_key;
  }
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(seen, (std::vector<std::string>{"p1", "p2", "p3", "p4", "p5"}));
}

TEST(Store, PatchMergesBumpsVersionAndKeepsIdentity) {
  Store store;
  auto added = store.Upsert(Pod("a", "x"), "default");
  ASSERT_TRUE(added.ok());
  std::string uid((*added)->Path("metadata.uid")->as_string());
  auto patch = k8sclient::ParseJson(R"({"metadata":{"name":"evil","uid":"u","labels":{"k":"v","app":null}}})").value();
  auto patched = store.Patch(Pods(), "default", "a", patch);
  ASSERT_TRUE(patched.ok()) << patched.status();
  EXPECT_EQ((*patched)->Path("metadata.name")->as_string(), "a");
  EXPECT_EQ((*patched)->Path("metadata.uid")->as_string(), uid);
  EXPECT_EQ((*patched)->Path("metadata.labels")->Dump(), R"({"k":"v"})");
  EXPECT_EQ((*patched)->Path("metadata.resourceVersion")->as_string(), "2");
  // The earlier snapshot is untouched: lists and events in flight keep what they saw.
  EXPECT_EQ((*added)->Path("metadata.labels")->Dump(), R"({"app":"x"})");

  auto missing = store.Patch(Pods(), "default", "nope", patch);
  EXPECT_TRUE(absl::IsNotFound(missing.status()));
  EXPECT_EQ(missing.status().message(), "pods \"nope\" not found");

  auto stale = store.Patch(Pods(), "default", "a",
                           k8sclient::ParseJson(R"({"metadata":{"resourceVersion":"1"}})").value());
  EXPECT_TRUE(absl::IsAborted(stale.status()));
}

TEST(Store, EventsAfterAndExpiry) {
  Store store(/*history_limit=*/3);
  ASSERT_TRUE(store.Upsert(Pod("a", "x"), "d").ok());  // rv 1
  ASSERT_TRUE(store.Upsert(Pod("b", "x"), "d").ok());  // rv 2
  auto labels = k8sclient::ParseJson(R"({"metadata":{"labels":{"k":"1"}}})").value();
  ASSERT_TRUE(store.Patch(Pods(), "d", "a", labels).ok());  // rv 3
  auto ev = store.EventsAfter(1);
  ASSERT_TRUE(ev.ok());
  ASSERT_EQ(ev->size(), 2u);
  EXPECT_EQ((*ev)[0].type, Event::Type::kAdded);
  EXPECT_EQ((*ev)[1].type, Event::Type::kModified);
  EXPECT_EQ((*ev)[1].old->Path("metadata.resourceVersion")->as_string(), "1");
  ASSERT_TRUE(store.Delete(Pods(), "d", "b").ok());  // rv 4, drops rv 1 from history
  EXPECT_TRUE(store.EventsAfter(1).ok());
  auto gone = store.EventsAfter(0);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.status().message(), "too old resource version: 0 (1)");
  auto last = store.EventsAfter(4);
  ASSERT_TRUE(last.ok());
  EXPECT_TRUE(last->empty());
  EXPECT_EQ(store.Get(Pods(), "d", "b"), nullptr);
}

struct CountingWaiter : Waiter {
  int wakes = 0;
  void Wake() override { ++wakes; }
};

TEST(Store, WakesLiveWaitersOnly) {
  Store store;
  auto w = std::make_shared<CountingWaiter>();
  store.AddWaiter(w);
  {
    auto gone = std::make_shared<CountingWaiter>();
    store.AddWaiter(gone);
  }
  ASSERT_TRUE(store.Upsert(Pod("a", "x"), "d").ok());
  ASSERT_TRUE(store.Patch(Pods(), "d", "a", k8sclient::ParseJson(R"({"metadata":{"labels":{"k":"v"}}})").value()).ok());
  EXPECT_EQ(w->wakes, 2);
  // A patch that changes nothing writes nothing, so no watcher is woken.
  ASSERT_TRUE(store.Patch(Pods(), "d", "a", Json::MakeObject()).ok());
  EXPECT_EQ(w->wakes, 2);
}

}  // namespace
}  // namespace fakeapi

namespace fakeapi {
namespace {

// --data-dir: what a restart reads back is what was there, resourceVersions included; older
// watches start over (410), newer writes continue the count.
TEST(Store, SnapshotAndRestore) {
  Store a;
  ASSERT_TRUE(a.Upsert(k8sclient::ParseJson(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}})").value(), "d").ok());
  ASSERT_TRUE(a.Upsert(k8sclient::ParseJson(R"({"apiVersion":"v1","kind":"Node","metadata":{"name":"n"}})").value(), "").ok());
  k8sclient::Json snap = a.Snapshot();
  Store b;
  ASSERT_TRUE(b.Restore(k8sclient::ParseJson(snap.Dump()).value()).ok());
  EXPECT_EQ(b.ResourceVersion(), 2);
  ObjectPtr p = b.Get(*FindResource("", "v1", "pods"), "d", "p");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->Path("metadata.resourceVersion")->as_string(), "1");
  EXPECT_FALSE(b.EventsAfter(1).ok());
  ASSERT_TRUE(b.Upsert(k8sclient::ParseJson(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"q"}})").value(), "d").ok());
  EXPECT_EQ(b.ResourceVersion(), 3);
  EXPECT_FALSE(b.Restore(k8sclient::ParseJson(R"({"objects":"x"})").value()).ok());
}

}  // namespace
}  // namespace fakeapi
