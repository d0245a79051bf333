#include "k8sclient/label_selector.h"

#include <gtest/gtest.h>

namespace k8sclient {
namespace {

TEST(ParseLabelSelector, RequirementsSortedByKey) {
  auto reqs = ParseLabelSelector("z=1, a in (y,x,x), !b");
  ASSERT_TRUE(reqs.ok()) << reqs.status();
  ASSERT_EQ(reqs->size(), 3u);
  EXPECT_EQ((*reqs)[0].key, "a");
  EXPECT_EQ((*reqs)[0].op, LabelRequirement::Op::kIn);
  EXPECT_EQ((*reqs)[0].values, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ((*reqs)[1].key, "b");
  EXPECT_EQ((*reqs)[1].op, LabelRequirement::Op::kDoesNotExist);
  EXPECT_EQ((*reqs)[2].key, "z");
  EXPECT_TRUE(ParseLabelSelector("")->empty());
  EXPECT_TRUE(ParseLabelSelector("  \t")->empty());
}

struct ErrorCase {
  const char* selector;
  const char* message;
};

TEST(ParseLabelSelector, ErrorsWordedLikeApimachinery) {
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
    auto sel = ParseLabelSelector(c.selector);
    ASSERT_FALSE(sel.ok()) << c.selector;
    EXPECT_EQ(sel.status().message(), c.message) << c.selector;
  }
}

}  // namespace
}  // namespace k8sclient
