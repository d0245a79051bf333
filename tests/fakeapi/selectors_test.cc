#include "fakeapi/selectors.h"

#include <gtest/gtest.h>

namespace fakeapi {
namespace {

using k8sclient::Json;
using k8sclient::ParseJson;

Json Labels(std::vector<std::pair<std::string, std::string>> kv) {
  Json j = Json::MakeObject();
  for (auto& [k, v] : kv) j.Set(k, Json(v));
  return j;
}

struct MatchCase {
  const char* selector;
  bool match;
};

TEST(LabelSelector, MatchesLikeApimachinery) {
  Json labels = Labels({{"app", "etcd"}, {"tier", "db"}, {"n", "5"}, {"empty", ""}});
  const MatchCase cases[] = {
      {"", true},
      {"app=etcd", true},
      {"app==etcd", true},
      {"app=web", false},
      {"app!=web", true},
      {"app!=etcd", false},
      {"missing!=x", true},
      {"app in (etcd,web)", true},
      {"app in (web)", false},
      {"app notin (web)", true},
      {"app notin (etcd)", false},
      {"missing notin (x)", true},
      {"missing in (x)", false},
      {"app", true},
      {"missing", false},
      {"!missing", true},
      {"!app", false},
      {"app=etcd,tier=db", true},
      {"app=etcd,tier=web", false},
      {" app = etcd , tier in ( db ) ", true},
      {"n>4", true},
      {"n>5", false},
      {"n<6", true},
      {"app>1", false},  // not an integer label: no match
      {"empty=", true},
      {"empty in ()", true},
      {"app in (in,notin)", false},
  };
  for (const auto& c : cases) {
    auto sel = LabelSelector::Parse(c.selector);
    ASSERT_TRUE(sel.ok()) << c.selector << ": " << sel.status();
    EXPECT_EQ(sel->Matches(labels), c.match) << c.selector;
  }
}

TEST(LabelSelector, NullLabelsMatchOnlyNegations) {
  Json none;
  EXPECT_TRUE(LabelSelector::Parse("a!=b")->Matches(none));
  EXPECT_TRUE(LabelSelector::Parse("!a")->Matches(none));
  EXPECT_FALSE(LabelSelector::Parse("a")->Matches(none));
  auto pod = ParseJson(R"({"metadata":{"name":"p","labels":{"app":"etcd"}}})");
  ASSERT_TRUE(pod.ok());
  EXPECT_TRUE(LabelSelector::Parse("app=etcd")->MatchesObject(*pod));
  EXPECT_FALSE(LabelSelector::Parse("app=etcd")->MatchesObject(Json::MakeObject()));
}

TEST(LabelSelector, CanonicalString) {
  auto sel = LabelSelector::Parse("z=1,a in (y,x,x),!b,c");
  ASSERT_TRUE(sel.ok());
  EXPECT_EQ(sel->String(), "a in (x,y),!b,c,z=1");
}

TEST(FieldSelector, Matches) {
  auto pod = ParseJson(R"({"metadata":{"name":"etcd-0","namespace":"db"},
      "spec":{"nodeName":"node-a"},"status":{"phase":"Running"}})");
  ASSERT_TRUE(pod.ok());
  const MatchCase cases[] = {
      {"", true},
      {"metadata.name=etcd-0", true},
      {"metadata.name==etcd-0", true},
      {"metadata.name=etcd-1", false},
      {"metadata.name!=etcd-1", true},
      {"metadata.namespace=db,status.phase=Running", true},
      {"status.phase=Running,spec.nodeName=node-b", false},
      {"spec.nodeName!=", true},
      {"spec.missing=", true},
      {"spec.missing!=", false},
  };
  for (const auto& c : cases) {
    auto sel = FieldSelector::Parse(c.selector);
    ASSERT_TRUE(sel.ok()) << c.selector << ": " << sel.status();
    EXPECT_EQ(sel->Matches(*pod), c.match) << c.selector;
  }
}

TEST(FieldSelector, EscapesAndErrors) {
  auto sel = FieldSelector::Parse(R"(metadata.name=a\,b)");
  ASSERT_TRUE(sel.ok()) << sel.status();
  ASSERT_EQ(sel->requirements().size(), 1u);
  EXPECT_EQ(sel->requirements()[0].value, "a,b");

  auto bad = FieldSelector::Parse("metadata.name");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "invalid selector: 'metadata.name'; can't understand 'metadata.name'");
  auto bad2 = FieldSelector::Parse("a=b=c");
  ASSERT_FALSE(bad2.ok());
  EXPECT_EQ(bad2.status().message(), "invalid field selector: unescaped character in value: =");
}

}  // namespace
}  // namespace fakeapi
