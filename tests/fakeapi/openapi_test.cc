#include "fakeapi/openapi.h"

#include <gtest/gtest.h>

namespace fakeapi {
namespace {

using k8sclient::Json;

TEST(OpenApi, IndexNamesEveryGroupVersion) {
  Json index = OpenApiV3Index();
  EXPECT_NE(index.Path("paths")->Find("api/v1"), nullptr);
  EXPECT_NE(index.Path("paths")->Find("apis/apps/v1"), nullptr);
  EXPECT_EQ(index.Path("paths")->Find("apis/apps/v1")->GetString("serverRelativeURL").rfind("/openapi/v3/apis/apps/v1?hash=", 0), 0u);
}

// What kubectl looks for: PATCH operations tagged with the kind and taking fieldValidation
// (so create and apply validate on the server), and schemas tagged with the kind (explain).
TEST(OpenApi, DocumentForKubectl) {
  Json doc = OpenApiV3Document("apis/apps/v1");
  const Json* item = doc.Path("paths")->Find("/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}");
  ASSERT_NE(item, nullptr);
  const Json* patch = item->Find("patch");
  EXPECT_EQ(patch->Path("x-kubernetes-group-version-kind.kind")->as_string(), "StatefulSet");
  bool field_validation = false;
  for (const Json& p : patch->Find("parameters")->array()) field_validation |= p.GetString("name") == "fieldValidation";
  EXPECT_TRUE(field_validation);
  const Json* sts = doc.Path("components.schemas")->Find("io.k8s.api.apps.v1.StatefulSet");
  ASSERT_NE(sts, nullptr);
  EXPECT_EQ(sts->Find("x-kubernetes-group-version-kind")->array()[0].GetString("kind"), "StatefulSet");
  // k8s.io/api core/v1 PodSpec.containers: patchStrategy merge, patchMergeKey name.
  const Json* containers = doc.Path("components.schemas")->Find("io.k8s.api.core.v1.PodSpec")->Path("properties.containers");
  EXPECT_EQ(containers->GetString("x-kubernetes-patch-merge-key"), "name");
  EXPECT_TRUE(OpenApiV3Document("apis/nope/v1").is_null());
}

// The names strict decoding gives unknown fields (sigs.k8s.io/json: the field path, list
// indexes in brackets); maps (labels, data) take any key.
TEST(OpenApi, UnknownFields) {
  Json pod = k8sclient::ParseJson(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p",
      "labels":{"any":"x"},"colour":"red"},"spec":{"containers":[{"name":"c","imagee":"i"}]},
      "bogus":1})").value();
  EXPECT_EQ(UnknownFields("Pod", "", pod),
            (std::vector<std::string>{"metadata.colour", "spec.containers[0].imagee", "bogus"}));
  Json cm = k8sclient::ParseJson(R"({"metadata":{"name":"c"},"data":{"k":"v"}})").value();
  EXPECT_TRUE(UnknownFields("ConfigMap", "", cm).empty());
}

}  // namespace
}  // namespace fakeapi
