// The differential corpus: every case in corpus/*.jsonl holds what Go's text/template with
// Sprig 3.2.3 and Helm's functions (goref/) printed for the template over
// goref/funcs_data.json; podinit must print the same bytes, or fail with Go's error text.
// Regenerate with goref/gen_funcs_tests.py (see ../README.md); Go is not needed here.
#include <dirent.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "entrypoint/run/yaml_funcs.h"
#include "tests/templating/sprig/test_util.h"

namespace templating {
namespace {

struct CorpusCase {
  std::string name;  // AREA_LINE
  std::string text;
  std::string want;
  std::string err;
  bool fails = false;
  std::string known;  // why podinit differs, when it does on purpose
};

void PrintTo(const CorpusCase& c, std::ostream* os) { *os << c.name << ": " << c.text; }

std::string Field(const Value& rec, std::string_view name) {
  Value v = rec.Get(name);
  if (v.is_string()) return v.as_string();
  v = rec.Get(std::string(name) + "_b64");
  if (v.is_string()) return *sprig::Base64Decode(v.as_string());
  return "";
}

std::vector<CorpusCase> LoadCorpus() {
  std::vector<CorpusCase> cases;
  std::vector<std::string> files;
  if (DIR* d = opendir(SPRIG_CORPUS_DIR)) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n.size() > 6 && n.ends_with(".jsonl")) files.push_back(n);
    }
    closedir(d);
  }
  std::sort(files.begin(), files.end());
  for (const std::string& f : files) {
    std::ifstream in(std::string(SPRIG_CORPUS_DIR) + "/" + f);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      auto rec = sprig::ParseJsonValue(line, false);
      if (!rec.ok()) {
        ADD_FAILURE() << f << ":" << n << ": " << rec.status();
        continue;
      }
      CorpusCase c;
      c.name = f.substr(0, f.size() - 6) + "_" + std::to_string(n);
      c.text = Field(*rec, "t");
      c.want = Field(*rec, "out");
      c.err = Field(*rec, "err");
      c.fails = !rec->Get("err").is_missing() || !rec->Get("err_b64").is_missing();
      c.known = Field(*rec, "known");
      cases.push_back(std::move(c));
    }
  }
  return cases;
}

class CorpusTest : public ::testing::TestWithParam<CorpusCase> {
 protected:
  static void SetUpTestSuite() {
    setenv("PODINIT_TEST_ENV", "from-env", 1);
    unsetenv("PODINIT_TEST_UNSET_ENV");
    setenv("TZ", "America/St_Johns", 1);
  }
};

TEST_P(CorpusTest, MatchesGo) {
  const CorpusCase& c = GetParam();
  if (!c.known.empty()) GTEST_SKIP() << "known difference: " << c.known;
  static const FuncMap yaml_funcs = entrypoint::run::YamlFuncs();
  auto out = RenderWithFuncs(c.text, MissingKey::kDefault, &yaml_funcs);
  if (!c.fails) {
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_EQ(*out, c.want);
  } else {
    ASSERT_FALSE(out.ok()) << "rendered: " << *out;
    EXPECT_EQ(std::string(out.status().message()), c.err);
  }
}

// goref/helmref -names, written by gen_funcs_tests.py: podinit defines every function the
// reference does (Sprig 3.2.3's TxtFuncMap and Helm's extras).
TEST(GoNames, EveryReferenceFunctionIsDefined) {
  FuncMap all = sprig::SprigFuncs();
  for (const auto& [name, fn] : sprig::KubectlFuncs()) all[name] = fn;
  for (const auto& [name, fn] : entrypoint::run::YamlFuncs()) all[name] = fn;
  std::ifstream in(std::string(SPRIG_CORPUS_DIR) + "/go_names.txt");
  ASSERT_TRUE(in.good());
  int n = 0;
  std::string name;
  while (in >> name) {
    ++n;
    EXPECT_TRUE(all.count(name)) << name << " is not defined";
  }
  EXPECT_GT(n, 200);
}

INSTANTIATE_TEST_SUITE_P(Go, CorpusTest, ::testing::ValuesIn(LoadCorpus()),
                         [](const ::testing::TestParamInfo<CorpusCase>& i) { return i.param.name; });

}  // namespace
}  // namespace templating
