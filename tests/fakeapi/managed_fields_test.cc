#include "fakeapi/managed_fields.h"

#include <gtest/gtest.h>

#include "fakeapi/resources.h"

namespace fakeapi {
namespace {

using k8sclient::Json;

Json Parse(std::string_view text) { return k8sclient::ParseJson(text).value(); }

const Resource& Pods() { return *FindResource("", "v1", "pods"); }

FieldManagerRequest Manager(std::string name) {
  FieldManagerRequest fm;
  fm.manager = std::move(name);
  fm.time = "2026-01-01T00:00:00Z";
  return fm;
}

constexpr std::string_view kPod = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p",
  "labels":{"app":"a"}},"spec":{"containers":[{"name":"c","image":"busybox","command":["sh"],
  "ports":[{"containerPort":80,"protocol":"TCP"}]}],"restartPolicy":"Always"},"status":{"phase":"Pending"}})";

// A create is an Update owning every field it set: list items by key (containers by name,
// ports by containerPort and protocol), atomic lists whole, maps with ".", status not at all
// (the pod strategy resets it).
TEST(ManagedFields, CreateOwnsWhatItSet) {
  Json pod = Parse(kPod);
  RecordUpdate(Pods(), Manager("kubectl-create"), Json(), pod);
  const Json* mf = pod.Path("metadata.managedFields");
  ASSERT_NE(mf, nullptr);
  ASSERT_EQ(mf->array().size(), 1u);
  const Json& e = mf->array()[0];
  EXPECT_EQ(e.GetString("manager"), "kubectl-create");
  EXPECT_EQ(e.GetString("operation"), "Update");
  EXPECT_EQ(e.GetString("apiVersion"), "v1");
  EXPECT_EQ(e.GetString("fieldsType"), "FieldsV1");
  EXPECT_EQ(e.Find("fieldsV1")->Dump(),
            Parse(R"({"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{
              "k:{\"name\":\"c\"}":{".":{},"f:command":{},"f:image":{},"f:name":{},"f:ports":{
              "k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{},
              "f:protocol":{}}}}},"f:restartPolicy":{}}})").Dump());
}

// Two managers disagreeing on two fields: conflict.go's message for several conflicts, one
// cause per field with fieldpath's spelling of list keys.
TEST(ManagedFields, ApplyConflictsAsTheApiserverWordsThem) {
  Json old = Parse(kPod);
  RecordUpdate(Pods(), Manager("editor"), Json(), old);
  Json applied = Parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{
    "containers":[{"name":"c","image":"nginx"}],"restartPolicy":"Never"}})");
  Json updated = old;
  absl::Status st = RecordApply(Pods(), Manager("deployer"), old, applied, false, updated);
  ASSERT_FALSE(st.ok());
  Json status = StatusBody(st);
  EXPECT_EQ(status.Find("code")->as_int(), 409);
  EXPECT_EQ(status.GetString("reason"), "Conflict");
  EXPECT_EQ(status.GetString("message"),
            "Apply failed with 2 conflicts: conflicts with \"editor\" using v1:\n"
            "- .spec.containers[name=\"c\"].image\n- .spec.restartPolicy");
  const Json& causes = *status.Path("details.causes");
  ASSERT_EQ(causes.array().size(), 2u);
  EXPECT_EQ(causes.array()[0].GetString("type"), "FieldManagerConflict");
  EXPECT_EQ(causes.array()[0].GetString("message"), "conflict with \"editor\" using v1");
  EXPECT_EQ(causes.array()[0].GetString("field"), ".spec.containers[name=\"c\"].image");

  // Forced: the applier owns what it sent; the other keeps the rest; Apply sorts first.
  ASSERT_TRUE(RecordApply(Pods(), Manager("deployer"), old, applied, true, updated).ok());
  const Json& mf = *updated.Path("metadata.managedFields");
  ASSERT_EQ(mf.array().size(), 2u);
  EXPECT_EQ(mf.array()[0].GetString("manager"), "deployer");
  EXPECT_EQ(mf.array()[0].GetString("operation"), "Apply");
  EXPECT_EQ(mf.array()[0].Find("fieldsV1")->Dump(),
            Parse(R"({"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:image":{},
              "f:name":{}}},"f:restartPolicy":{}}})").Dump());
  EXPECT_EQ(mf.array()[1].Path("fieldsV1.f:spec.f:restartPolicy"), nullptr);
}

// An apply that agrees with the live value shares the field: no conflict.
TEST(ManagedFields, SameValueIsShared) {
  Json old = Parse(kPod);
  RecordUpdate(Pods(), Manager("editor"), Json(), old);
  Json applied = Parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"restartPolicy":"Always"}})");
  Json updated = old;
  ASSERT_TRUE(RecordApply(Pods(), Manager("deployer"), old, applied, false, updated).ok());
  EXPECT_EQ(updated.Path("metadata.managedFields")->array().size(), 2u);
}

}  // namespace
}  // namespace fakeapi
