#include "entrypoint/run/render.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "entrypoint/base/exit_codes.h"
#include "entrypoint/run/json_value.h"
#include "k8sclient/json.h"
#include "tests/k8sclient/temp_dir.h"

namespace entrypoint::run {
namespace {

templating::Value Data(const char* json) {
  auto j = k8sclient::ParseJson(json);
  EXPECT_TRUE(j.ok()) << j.status();
  return ToValue(*j);
}

TEST(ParseMissingKey, GosWords) {
  EXPECT_EQ(ParseMissingKey("error"), templating::MissingKey::kError);
  EXPECT_EQ(ParseMissingKey("zero"), templating::MissingKey::kZero);
  EXPECT_EQ(ParseMissingKey("default"), templating::MissingKey::kDefault);
  EXPECT_EQ(ParseMissingKey("invalid"), templating::MissingKey::kDefault);  // Go accepts it too
  EXPECT_EQ(ParseMissingKey("sometimes"), std::nullopt);
  EXPECT_EQ(ParseMissingKey(""), std::nullopt);
}

TEST(RenderText, ErrorsAreTemplateErrorsNamingTheTemplate) {
  templating::Value data = Data(R"({"metadata": {"name": "web-1"}})");
  auto ok = RenderText("x.tmpl", "{{ .metadata.name }}", data, {});
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(*ok, "web-1");
  // Go: template: x.tmpl:1:12: executing "x.tmpl" at <.metadata.nope>: map has no entry for key "nope"
  auto missing = RenderText("x.tmpl", "{{ .metadata.nope }}", data, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "template: x.tmpl:1:12: executing \"x.tmpl\" at <.metadata.nope>: map has no entry for key \"nope\"");
  EXPECT_EQ(base::ExitCodeFor(missing.status()), base::kExitTemplate);
  auto parse = RenderText("x.tmpl", "{{ .metadata.name ", data, {});
  ASSERT_FALSE(parse.ok());
  EXPECT_EQ(base::ExitCodeFor(parse.status()), base::kExitTemplate);
  TemplateEngine zero{templating::MissingKey::kDefault, nullptr};
  EXPECT_EQ(*RenderText("x.tmpl", "{{ .metadata.nope }}", data, zero), "<no value>");
}

// kubectl's go-template printer hands Go int64 for integral JSON numbers, float64 otherwise.
TEST(ToValue, IntegersStayIntegers) {
  templating::Value data = Data(R"({"n": 1000000, "f": 1.5, "big": 1e21, "list": [1, "a", true, null]})");
  EXPECT_EQ(*RenderText("t", "{{ .n }} {{ .f }} {{ .big }} {{ .list }}", data, {}),
            "1000000 1.5 1e+21 [1 a true <nil>]");
  EXPECT_EQ(*RenderText("t", R"({{ printf "%T %T" .n .f }})", data, {}), "int64 float64");
}

TEST(RenderEnv, NameEqualsTemplate) {
  templating::Value data = Data(R"({"metadata": {"name": "web-1"}})");
  auto env = RenderEnv({"POD={{ .metadata.name }}", "EQ=a=b", "EMPTY="}, data, {});
  ASSERT_TRUE(env.ok()) << env.status();
  EXPECT_EQ(*env, (std::vector<std::pair<std::string, std::string>>{{"POD", "web-1"}, {"EQ", "a=b"}, {"EMPTY", ""}}));
  auto bad = RenderEnv({"X={{ .nope.x }}"}, data, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("template: -e X:"), std::string::npos) << bad.status();
}

// What a POSIX shell reads back from the env file is exactly the value, whatever it holds.
TEST(ShellEnvFile, ASourcedFileGivesBackEveryValue) {
  std::vector<std::pair<std::string, std::string>> vars = {
      {"PLAIN", "web-1"},
      {"QUOTES", "it's \"quoted\""},
      {"SHELLY", "$HOME `id` $(id) \\n ;&|<>*?"},
      {"LINES", "a\nb\n"},
      {"EMPTY", ""},
  };
  std::string file = ShellEnvFile(vars);
  EXPECT_EQ(ShellEnvFile({{"A", "it's"}}), "A='it'\\''s'\n");
  k8sclient::testing::TempDir dir;
  std::string path = dir.Write("env", file);
  for (const auto& [name, value] : vars) {
    std::string cmd = "sh -c '. " + path + " && printf %s \"$" + name + "\"'";
    FILE* p = ::popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    std::string got;
    for (int c; (c = std::fgetc(p)) != EOF;) got.push_back(static_cast<char>(c));
    EXPECT_EQ(::pclose(p), 0) << name;
    EXPECT_EQ(got, value) << name;
  }
}

TEST(RenderTemplates, AFileToADestOrIntoADirectory) {
  k8sclient::testing::TempDir dir;
  templating::Value data = Data(R"({"metadata": {"name": "web-1"}})");
  std::string src = dir.Write("app.conf", "name={{ .metadata.name }}\n");
  auto out = RenderTemplates({src + ":" + dir.path() + "/out.conf", src + ":" + dir.path(), src}, data, {});
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), 3u);
  EXPECT_EQ((*out)[0].path, dir.path() + "/out.conf");
  EXPECT_EQ((*out)[1].path, dir.path() + "/app.conf");
  EXPECT_EQ((*out)[2].path, "");  // stdout
  for (const RenderedFile& f : *out) EXPECT_EQ(f.data, "name=web-1\n");
  auto absent = RenderTemplates({dir.path() + "/nope.tmpl"}, data, {});
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(base::ExitCodeFor(absent.status()), base::kExitUsage);
}

}  // namespace
}  // namespace entrypoint::run
