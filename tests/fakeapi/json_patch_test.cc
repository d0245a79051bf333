#include "fakeapi/json_patch.h"

#include <gtest/gtest.h>

namespace fakeapi {
namespace {

struct Case {
  const char* doc;
  const char* patch;
  const char* want;  // nullptr: an error
};

// Mostly the examples of RFC 6902 appendix A.
TEST(JsonPatch, Rfc6902Examples) {
  const Case cases[] = {
      {R"({"foo":"bar"})", R"([{"op":"add","path":"/baz","value":"qux"}])",
       R"({"foo":"bar","baz":"qux"})"},
      {R"({"foo":["bar","baz"]})", R"([{"op":"add","path":"/foo/1","value":"qux"}])",
       R"({"foo":["bar","qux","baz"]})"},
      {R"({"foo":["bar"]})", R"([{"op":"add","path":"/foo/-","value":"x"}])",
       R"({"foo":["bar","x"]})"},
      {R"({"baz":"qux","foo":"bar"})", R"([{"op":"remove","path":"/baz"}])", R"({"foo":"bar"})"},
      {R"({"foo":["bar","qux","baz"]})", R"([{"op":"remove","path":"/foo/1"}])",
       R"({"foo":["bar","baz"]})"},
      {R"({"baz":"qux","foo":"bar"})", R"([{"op":"replace","path":"/baz","value":"boo"}])",
       R"({"baz":"boo","foo":"bar"})"},
      {R"({"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}})",
       R"([{"op":"move","from":"/foo/waldo","path":"/qux/thud"}])",
       R"({"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}})"},
      {R"({"foo":["all","grass","cows","eat"]})", R"([{"op":"move","from":"/foo/1","path":"/foo/3"}])",
       R"({"foo":["all","cows","eat","grass"]})"},
      {R"({"a":{"b":1}})", R"([{"op":"copy","from":"/a","path":"/c"}])", R"({"a":{"b":1},"c":{"b":1}})"},
      {R"({"baz":"qux","foo":["a",2,"c"]})",
       R"([{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}])",
       R"({"baz":"qux","foo":["a",2,"c"]})"},
      {R"({"baz":"qux"})", R"([{"op":"test","path":"/baz","value":"bar"}])", nullptr},
      {R"({"foo":"bar"})", R"([{"op":"add","path":"/baz/bat","value":"qux"}])", nullptr},
      {R"({"/":9,"~1":10})", R"([{"op":"replace","path":"/~1","value":1},{"op":"remove","path":"/~01"}])",
       R"({"/":1})"},
      {R"({"a":[1]})", R"([{"op":"remove","path":"/a/1"}])", nullptr},
      {R"({"a":[1]})", R"([{"op":"add","path":"/a/01","value":2}])", nullptr},
      {R"({"a":1})", R"([{"op":"frobnicate","path":"/a"}])", nullptr},
      {R"({"a":1})", R"({"op":"remove","path":"/a"})", nullptr},
      {R"({"metadata":{"labels":{"app":"x"}}})",
       R"([{"op":"add","path":"/metadata/labels/app.kubernetes.io~1name","value":"etcd"}])",
       R"({"metadata":{"labels":{"app":"x","app.kubernetes.io/name":"etcd"}}})"},
  };
  for (const auto& c : cases) {
    k8sclient::Json doc = k8sclient::ParseJson(c.doc).value();
    absl::Status st = ApplyJsonPatch(doc, k8sclient::ParseJson(c.patch).value());
    if (c.want == nullptr) {
      EXPECT_FALSE(st.ok()) << c.patch;
      continue;
    }
    ASSERT_TRUE(st.ok()) << c.patch << ": " << st;
    EXPECT_EQ(doc, k8sclient::ParseJson(c.want).value()) << c.patch << " gave " << doc.Dump();
  }
}

}  // namespace
}  // namespace fakeapi
