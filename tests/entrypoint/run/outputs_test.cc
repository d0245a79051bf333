#include "entrypoint/run/outputs.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "entrypoint/base/exit_codes.h"
#include "k8sclient/json.h"
#include "k8sclient/rbac.h"
#include "tests/entrypoint/run/test_cluster.h"
#include "tests/k8sclient/temp_dir.h"

namespace entrypoint::run {
namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

// PRODUCT.md: --mode (default 0644; secrets 0600).
TEST(OutputMode, SecretsMake0600UnlessModeIsGiven) {
  RenderSettings s;
  EXPECT_EQ(OutputMode(s, /*secrets_read=*/false), 0644u);
  EXPECT_EQ(OutputMode(s, /*secrets_read=*/true), 0600u);
  s.mode = 0640;
  EXPECT_EQ(OutputMode(s, false), 0640u);
  EXPECT_EQ(OutputMode(s, true), 0640u);
}

TEST(WriteOutputs, FilesEnvFileAndDownwardDirWithTheMode) {
  k8sclient::testing::TempDir dir;
  RenderSettings s;
  s.env_file = dir.path() + "/env";
  s.downward_dir = dir.path() + "/podinfo";
  Outputs out;
  out.files = {{dir.path() + "/a.conf", "a=1\n"}};
  out.env = {{"NAME", "it's"}};
  out.downward = {{"name", "web-1"}};
  bool changed = false;
  ASSERT_TRUE(WriteOutputs(s, out, /*secrets_read=*/true, &changed).ok());
  EXPECT_TRUE(changed);
  EXPECT_EQ(Read(dir.path() + "/a.conf"), "a=1\n");
  EXPECT_EQ(ModeOf(dir.path() + "/a.conf"), 0600u);
  EXPECT_EQ(Read(s.env_file), "NAME='it'\\''s'\n");
  EXPECT_EQ(ModeOf(s.env_file), 0600u);
  EXPECT_EQ(Read(s.downward_dir + "/name"), "web-1");
  EXPECT_EQ(ModeOf(s.downward_dir + "/..data/name"), 0600u);

  // The same outputs again: nothing changes. Without a Secret read: back to 0644.
  ASSERT_TRUE(WriteOutputs(s, out, true, &changed).ok());
  EXPECT_FALSE(changed);
  ASSERT_TRUE(WriteOutputs(s, out, false, &changed).ok());
  EXPECT_TRUE(changed);
  EXPECT_EQ(ModeOf(dir.path() + "/a.conf"), 0644u);
}

class RendererTest : public testing::ApiTest {};

TEST_F(RendererTest, EachRenderingReportsWhatItLearned) {
  RenderSettings s;
  s.functions.allow_secrets = true;
  Renderer r(*cluster_, s);
  Rendered<std::string> secret = r.Text("a", R"({{ secret "web-auth" "password" | upper }})");
  ASSERT_TRUE(secret.value.ok()) << secret.value.status();
  EXPECT_EQ(*secret.value, "S3CR3T");  // Sprig's upper: the whole library is there
  EXPECT_TRUE(secret.report.secrets_read);
  Rendered<std::string> plain = r.Text("b", R"({{ configMap "web-config" "a" }})");
  ASSERT_TRUE(plain.value.ok()) << plain.value.status();
  EXPECT_FALSE(plain.report.secrets_read);
}

TEST_F(RendererTest, AllOutputsRenderTemplatesEnvAndTheDownwardVolume) {
  k8sclient::testing::TempDir dir;
  RenderSettings s;
  s.templates = {dir.Write("peers.tmpl", R"({{ range pods "app=web" }}{{ .metadata.name }} {{ end }})") + ":" +
                 dir.path() + "/peers"};
  s.env = {"ZONE={{ index (node).metadata.labels \"topology.kubernetes.io/zone\" }}"};
  s.downward_dir = dir.path() + "/podinfo";
  Renderer r(*cluster_, s);
  Rendered<Outputs> out = r.AllOutputs();
  ASSERT_TRUE(out.value.ok()) << out.value.status();
  ASSERT_EQ(out.value->files.size(), 1u);
  EXPECT_EQ(out.value->files[0].path, dir.path() + "/peers");
  EXPECT_EQ(out.value->files[0].data, "web-0 web-1 ");
  EXPECT_EQ(out.value->env, (std::vector<std::pair<std::string, std::string>>{{"ZONE", "zone-a"}}));
  EXPECT_EQ(out.value->downward.at("name"), "web-1");
  EXPECT_FALSE(out.report.secrets_read);
  // Nothing was written: that is WriteOutputs' job, after every template rendered.
  EXPECT_FALSE(std::ifstream(dir.path() + "/peers").good());
  // The node, asked for by -e and by the downward volume, was read once.
  EXPECT_EQ(Asked("/api/v1/nodes/node-a"), 1);
}

TEST_F(RendererTest, ATemplateErrorIsTwo) {
  Renderer r(*cluster_, RenderSettings{});
  Rendered<std::string> t = r.Text("t", "{{ .metadata.nope.x }}");
  ASSERT_FALSE(t.value.ok());
  EXPECT_EQ(base::ExitCodeFor(t.value.status()), base::kExitTemplate);
  RenderSettings zero;
  zero.missing_key = templating::MissingKey::kZero;
  EXPECT_TRUE(Renderer(*cluster_, zero).Text("t", "{{ .metadata.nope }}").value.ok());
}

// Helm's fromYaml/fromYamlArray are registered here (yaml_funcs.h), not by templating, which
// has no YAML reader; a user's template sees them with the rest of the library.
TEST_F(RendererTest, HasHelmsFromYaml) {
  Renderer r(*cluster_, RenderSettings{});
  Rendered<std::string> t = r.Text("t", R"({{ (fromYaml "a: [1, x]").a }} {{ fromYamlArray "- b" }} {{ sha1sum "" }})");
  ASSERT_TRUE(t.value.ok()) << t.value.status();
  // Go + Sprig + Helm: "[1 x] [b] da39a3ee5e6b4b0d3255bfef95601890afd80709"
  EXPECT_EQ(*t.value, "[1 x] [b] da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

// PRODUCT.md: 3 for the API server. A template error whose cause was an API failure exits 3
// and carries the 403's Role hint.
TEST_F(RendererTest, ATemplateErrorCausedByTheApiServerIsThree) {
  RenderSettings s;
  s.functions.allow_secrets = true;
  Renderer r(*cluster_, s);
  Rendered<std::string> t = r.Text("t", R"(user: {{ secret "locked" "user" }})");
  ASSERT_FALSE(t.value.ok());
  EXPECT_EQ(base::ExitCodeFor(t.value.status()), base::kExitApi);
  EXPECT_EQ(t.report.api_error.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(k8sclient::RbacRoleHint(t.value.status()).has_value());
  EXPECT_NE(t.value.status().message().find("t:1:"), std::string::npos) << t.value.status();

  Rendered<Outputs> missing = Renderer(*cluster_, RenderSettings{.env = {R"(A={{ configMap "missing" }})"}}).AllOutputs();
  ASSERT_FALSE(missing.value.ok());
  EXPECT_EQ(base::ExitCodeFor(missing.value.status()), base::kExitApi);

  // The next rendering starts with a clean report.
  Rendered<std::string> after = r.Text("u", "{{ .metadata.nope.x }}");
  EXPECT_TRUE(after.report.api_error.ok());
  EXPECT_EQ(base::ExitCodeFor(after.value.status()), base::kExitTemplate);
}

TEST_F(RendererTest, AMissingLookupDoesNotTurnALaterTemplateErrorIntoThree) {
  Renderer r(*cluster_, RenderSettings{});
  Rendered<std::string> t = r.Text("t", R"({{ lookup "v1" "ConfigMap" "missing" }} {{ .metadata.nope.x }})");
  ASSERT_FALSE(t.value.ok());
  EXPECT_EQ(base::ExitCodeFor(t.value.status()), base::kExitTemplate);
}

}  // namespace
}  // namespace entrypoint::run
