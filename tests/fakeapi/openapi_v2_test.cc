#include "fakeapi/openapi_v2.h"

#include <gtest/gtest.h>

namespace fakeapi {
namespace {

using k8sclient::Json;

// kube-openapi's handler: JSON, or gnostic protobuf under either of its two names (both
// answered as com.github.proto-openapi.spec.v2.v1.0+protobuf), first by preference; anything
// else a 406.
TEST(OpenApiV2, NegotiatesAsKubeOpenApi) {
  auto json = NegotiateOpenApiV2("application/json, */*");
  ASSERT_TRUE(json.has_value());
  EXPECT_FALSE(json->protobuf);
  EXPECT_EQ(json->content_type, "application/json");
  auto pb = NegotiateOpenApiV2("application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
  ASSERT_TRUE(pb.has_value());
  EXPECT_TRUE(pb->protobuf);
  EXPECT_EQ(pb->content_type, "application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
  auto preferred = NegotiateOpenApiV2(
      "application/json;q=0.5, application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
  ASSERT_TRUE(preferred.has_value());
  EXPECT_TRUE(preferred->protobuf);
  auto none = NegotiateOpenApiV2("");
  ASSERT_TRUE(none.has_value());  // no Accept is */*: JSON first
  EXPECT_FALSE(none->protobuf);
  EXPECT_FALSE(NegotiateOpenApiV2("application/vnd.kubernetes.protobuf").has_value());
  EXPECT_FALSE(NegotiateOpenApiV2("text/html").has_value());
}

// Swagger 2.0 with the v3 schemas under #/definitions: references rewritten, kinds tagged.
TEST(OpenApiV2, DefinitionsFromTheV3Schemas) {
  Json doc = OpenApiV2Document();
  EXPECT_EQ(doc.GetString("swagger"), "2.0");
  const Json* pod = doc.Path("definitions")->Find("io.k8s.api.core.v1.Pod");
  ASSERT_NE(pod, nullptr);
  EXPECT_EQ(pod->Find("x-kubernetes-group-version-kind")->array()[0].GetString("kind"), "Pod");
  const Json* meta = pod->Path("properties")->Find("metadata");
  EXPECT_EQ(meta->GetString("$ref"), "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
  EXPECT_EQ(meta->Find("allOf"), nullptr);
  const Json* containers = doc.Path("definitions")->Find("io.k8s.api.core.v1.PodSpec")->Path("properties")->Find("containers");
  EXPECT_EQ(containers->GetString("x-kubernetes-patch-merge-key"), "name");
  EXPECT_EQ(containers->Path("items")->GetString("$ref"), "#/definitions/io.k8s.api.core.v1.Container");
  const Json* patch = doc.Path("paths")->Find("/api/v1/namespaces/{namespace}/pods/{name}")->Find("patch");
  ASSERT_NE(patch, nullptr);
  EXPECT_EQ(patch->Find("parameters")->array()[0].GetString("type"), "string");
}

// The protobuf starts as gnostic's Document does: swagger (1) "2.0", then info (2).
TEST(OpenApiV2, ProtobufDocument) {
  std::string pb = OpenApiV2Protobuf(OpenApiV2Document());
  ASSERT_GT(pb.size(), 8u);
  EXPECT_EQ(pb.substr(0, 5), std::string("\x0a\x03" "2.0", 5));
  EXPECT_EQ(pb[5], '\x12');
}

}  // namespace
}  // namespace fakeapi
