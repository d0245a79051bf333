#include "k8sclient/labels.h"

#include <gtest/gtest.h>

namespace k8s {
namespace {

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

struct ErrorCase {
  const char* selector;
  const char* message;
};

TEST(LabelSelector, ErrorsWordedLikeApimachinery) {
  const ErrorCase cases[] = {
      {"app:etcd",
       "unable to parse requirement: <nil>: Invalid value: \"app:etcd\": name part must consist "
       "of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
       "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
       "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"},
      {"a=b c", "found 'c', expected: ',' or 'end of string'"},
      {"a in b", "unable to parse requirement: found 'b' expected: '('"},
      {"a,", "found '', expected: identifier after ','"},
      {",a", "found ',', expected: !, identifier, or 'end of string'"},
      {"a (b)", "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"},
      {"a in (b", "unable to parse requirement: found '', expected: ',' or ')'"},
      {"!a=b", "found '=', expected: ',' or 'end of string'"},
      {"a>x",
       "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, "
       "the value must be an integer"},
      {"a=-b",
       "unable to parse requirement: values[0]: Invalid value: \"-b\": a valid label must be an "
       "empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and "
       "end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex "
       "used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"},
      {"Example.com/a=b",
       "unable to parse requirement: <nil>: Invalid value: \"Example.com/a\": prefix part a "
       "lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
       "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
       "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
  };
  for (const auto& c : cases) {
    auto sel = LabelSelector::Parse(c.selector);
    ASSERT_FALSE(sel.ok()) << c.selector;
    EXPECT_EQ(sel.status().message(), c.message) << c.selector;
  }
}

TEST(LabelSelector, KeyValidation) {
  EXPECT_EQ(ValidateLabelKey("app.kubernetes.io/name"), "");
  EXPECT_EQ(ValidateLabelKey("topology.kubernetes.io/zone"), "");
  EXPECT_EQ(ValidateLabelKey("/a"), "prefix part must be non-empty");
  EXPECT_NE(ValidateLabelKey(std::string(64, 'a')).find("no more than 63"), std::string::npos);
  EXPECT_NE(ValidateLabelKey("a/b/c").find("a qualified name"), std::string::npos);
  EXPECT_EQ(ValidateLabelValue(""), "");
  EXPECT_EQ(ValidateLabelValue("my_value.1"), "");
  EXPECT_EQ(ValidateLabelValue(std::string(64, 'a')), "must be no more than 63 characters");
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
}  // namespace k8s
