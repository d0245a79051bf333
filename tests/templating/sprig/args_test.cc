// The conversion helpers on their own: Go's strconv and encoding/base64 behaviour that the
// template-level tables reach only partly. Expected values are Go's (checked with go1.19).
#include <cmath>
#include <string>

#include "gtest/gtest.h"
#include "templating/sprig/funcs.h"
#include "templating/template.h"

namespace templating::sprig {
namespace {

// ParseGoInt, ParseGoFloat and FormatFloatG were gocompat's ParseInt, ParseFloat and
// FormatFloat; their tests moved to tests/gocompat/strconv_test.cc.

TEST(Base64, GoStdEncoding) {
  EXPECT_EQ(Base64Encode("hello"), "aGVsbG8=");
  EXPECT_EQ(*Base64Decode("aGVsbG8="), "hello");
  EXPECT_EQ(*Base64Decode("aGVs\nbG8="), "hello");
  EXPECT_EQ(Base64Decode("aGVsbG8").status().message(), "illegal base64 data at input byte 4");
  EXPECT_EQ(Base64Decode("aGVsbG8=x").status().message(), "illegal base64 data at input byte 8");
  EXPECT_EQ(Base64Decode("a===").status().message(), "illegal base64 data at input byte 1");
  EXPECT_EQ(Base64Decode("YQ=").status().message(), "illegal base64 data at input byte 3");
  std::string all;
  for (int i = 0; i < 256; i++) all.push_back(static_cast<char>(i));
  EXPECT_EQ(*Base64Decode(Base64Encode(all)), all);
}

TEST(Json, ParsesAsKubectlOrAsGoInterface) {
  auto k = ParseJsonValue(R"({"i":3,"f":1.0,"u":18446744073709551615,"s":"x","n":null})", true);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->Get("i").TypeName(), "int64");
  EXPECT_EQ(k->Get("f").TypeName(), "float64");
  EXPECT_EQ(k->Get("u").TypeName(), "float64");
  EXPECT_TRUE(k->Get("n").is_nil());
  auto g = ParseJsonValue(R"({"i":3})", false);
  EXPECT_EQ(g->Get("i").TypeName(), "float64");
  EXPECT_FALSE(ParseJsonValue("{", true).ok());
}

// Runaway include recursion is an error, not a crash (Go itself overflows its stack; Helm
// stops at 1000 levels; the executor's stack guard may stop it first).
TEST(Include, RecursionIsBounded) {
  Template t("t");
  t.Funcs(SprigFuncs());
  ASSERT_TRUE(t.Parse(R"({{ define "x" }}{{ include "x" . }}{{ end }}{{ include "x" . }})").ok());
  auto out = t.Execute(Value());
  ASSERT_FALSE(out.ok());
  std::string msg(out.status().message());
  EXPECT_TRUE(msg.find("rendering template has a nested reference name: x: unable to execute "
                       "template") != std::string::npos ||
              msg.find("exceeded maximum template depth") != std::string::npos)
      << msg.substr(msg.size() > 300 ? msg.size() - 300 : 0);
}

}  // namespace
}  // namespace templating::sprig

namespace templating::sprig {
namespace {

// tpl renders a string as a template with the running set's definitions; Helm names the
// failing text in its errors.
TEST(Tpl, RendersWithDefinitionsAndWrapsErrors) {
  auto render = [](std::string_view text) {
    Template t("t");
    t.Funcs(SprigFuncs());
    auto data = ParseJsonValue(R"({"name":"web","n":3})", true);
    if (auto st = t.Parse(text); !st.ok()) return absl::StatusOr<std::string>(st);
    return t.Execute(*data);
  };
  EXPECT_EQ(*render(R"({{ tpl "{{ .name }}-x" . }})"), "web-x");
  EXPECT_EQ(*render(R"({{ define "d" }}D{{ .n }}{{ end }}{{ tpl "{{ include \"d\" . }}" . }})"),
            "D3");
  EXPECT_EQ(*render(R"({{ tpl "{{ $ }}" 7 }})"), "7");
  auto parse_err = render(R"({{ tpl "{{ if }}" . }})");
  ASSERT_FALSE(parse_err.ok());
  EXPECT_NE(parse_err.status().message().find(
                R"(error calling tpl: cannot parse template "{{ if }}": template: )"),
            std::string::npos)
      << parse_err.status();
  auto exec_err = render(R"({{ tpl "{{ fail \"no\" }}" . }})");
  ASSERT_FALSE(exec_err.ok());
  EXPECT_NE(exec_err.status().message().find(
                R"(error calling tpl: error during tpl function execution for "{{ fail \"no\" }}": )"),
            std::string::npos)
      << exec_err.status();
}

}  // namespace
}  // namespace templating::sprig
