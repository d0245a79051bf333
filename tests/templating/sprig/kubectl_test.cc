// kubectl's exists and base64decode; expectations are what kubectl 1.x printed for
// `kubectl patch --local -f POD.json --type merge -p '{}' -o go-template-file=T` over kPod.
#include <string>

#include "gtest/gtest.h"
#include "templating/sprig/funcs.h"
#include "templating/template.h"

namespace templating {
namespace {

constexpr char kPod[] =
    R"({"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","labels":{"app":"web","nul":null},)"
    R"("annotations":{}},"spec":{"containers":[{"name":"c","ports":[{"containerPort":80}]}]},)"
    R"("data":{"secret":"aGVsbG8="}})";

absl::StatusOr<std::string> Render(std::string_view text) {
  static const Value pod = *sprig::ParseJsonValue(kPod, true);
  Template t("output");
  t.Funcs(sprig::KubectlFuncs());
  if (auto st = t.Parse(text); !st.ok()) return st;
  return t.Execute(pod);
}

struct Case {
  const char* text;
  const char* want;
  const char* err;
};

const Case kCases[] = {
    {R"({{exists . "metadata" "name"}})", "true", ""},
    {R"({{exists . "metadata" "nope"}})", "false", ""},
    {R"({{exists .metadata.labels "nul"}})", "false", ""},
    {R"({{exists .spec.containers 0 "ports" 0 "containerPort"}})", "true", ""},
    {R"({{exists .spec.containers 1}})", "false", ""},
    {R"({{exists .spec.containers "0"}})", "false", ""},
    {R"({{exists .metadata.name 0}})", "true", ""},
    {R"({{exists .metadata.name 0 0}})", "false", ""},
    {R"({{exists .nope}})", "true", ""},
    {R"({{exists .metadata.nul}})", "true", ""},
    {R"({{exists .metadata}})", "true", ""},
    {R"({{exists . 1}})", "false", ""},
    {R"({{exists .spec.containers -1}})", "false", ""},
    {R"({{exists . nil}})", "false", ""},
    {R"({{exists .metadata.annotations "x"}})", "false", ""},
    {R"({{base64decode .data.secret}})", "hello", ""},
    {R"({{base64decode "!!"}})", "",
     R"(template: output:1:2: executing "output" at <base64decode "!!">: error calling base64decode: base64 decode failed: illegal base64 data at input byte 0)"},
    {R"({{base64decode .nope}})", "",
     R"(template: output:1:15: executing "output" at <.nope>: invalid value; expected string)"},
    {R"({{exists}})", "",
     R"(template: output:1:2: executing "output" at <exists>: wrong number of args for exists: want at least 1 got 0)"},
};

TEST(KubectlFuncs, MatchKubectl) {
  for (const Case& c : kCases) {
    auto out = Render(c.text);
    if (*c.err == '\0') {
      ASSERT_TRUE(out.ok()) << c.text << ": " << out.status();
      EXPECT_EQ(*out, c.want) << c.text;
    } else {
      ASSERT_FALSE(out.ok()) << c.text;
      EXPECT_EQ(std::string(out.status().message()), std::string(c.err)) << c.text;
    }
  }
}

}  // namespace
}  // namespace templating
