#include "fakeapi/loader.h"

#include <gtest/gtest.h>

namespace fakeapi {
namespace {

TEST(Loader, YamlDocumentsAndLists) {
  auto objs = ParseObjects(R"(apiVersion: v1
kind: Pod
metadata: {name: a}
---
---
apiVersion: v1
kind: PodList
items:
- metadata: {name: b}
- metadata: {name: c}
  kind: Pod
  apiVersion: v1
)", /*yaml=*/true);
  ASSERT_TRUE(objs.ok()) << objs.status();
  ASSERT_EQ(objs->size(), 3u);
  for (const auto& o : *objs) {
    EXPECT_EQ(o.GetString("kind"), "Pod");
    EXPECT_EQ(o.GetString("apiVersion"), "v1");
  }
  EXPECT_EQ((*objs)[1].Path("metadata.name")->as_string(), "b");
}

TEST(Loader, JsonListOfMixedKinds) {
  auto objs = ParseObjects(R"({"apiVersion":"v1","kind":"List","items":[
      {"apiVersion":"v1","kind":"Node","metadata":{"name":"n"}},
      {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"s"}}]})", false);
  ASSERT_TRUE(objs.ok());
  ASSERT_EQ(objs->size(), 2u);
  EXPECT_EQ((*objs)[1].GetString("kind"), "StatefulSet");
}

TEST(Loader, ErrorsNameTheFile) {
  Store store;
  auto r = LoadObjects(store, "/nonexistent/objects.yaml", "default");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("/nonexistent/objects.yaml"), std::string::npos);
}

TEST(Loader, TestdataDirectoryAndNamespaces) {
  Store store;
  auto n = LoadObjects(store, TESTDATA_DIR, "default");
  ASSERT_TRUE(n.ok()) << n.status();
  // 4 pods, 3 nodes, statefulset, service, endpointslice, configmap, secret.
  EXPECT_EQ(*n, 12);
  EXPECT_NE(store.Get(*FindResource("apps", "v1", "statefulsets"), "default", "etcd"), nullptr);
  EXPECT_NE(store.Get(*FindResource("", "v1", "secrets"), "default", "etcd-auth"), nullptr);
  auto cm = store.Get(*FindResource("", "v1", "configmaps"), "default", "etcd-config");
  ASSERT_NE(cm, nullptr);
  EXPECT_EQ(cm->Path("data")->GetString("etcd.conf"),
            "name: etcd\nlisten-client-urls: http://0.0.0.0:2379\n");
  AddMissingNamespaces(store, "other");
  const Resource& ns = *FindResource("", "v1", "namespaces");
  EXPECT_NE(store.Get(ns, "", "default"), nullptr);
  EXPECT_NE(store.Get(ns, "", "other"), nullptr);
}

}  // namespace
}  // namespace fakeapi
