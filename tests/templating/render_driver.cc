// render_driver [--missingkey=default|zero|error] [--sprig] TEMPLATE_FILE JSON_FILE
//
// Renders TEMPLATE_FILE over the JSON document as `kubectl ... -o go-template-file=` does
// (Go builtins plus kubectl's exists/base64decode; integers int64, other numbers float64)
// and prints the output. On a parse or execution error it prints the error to stderr and
// exits 1. --sprig adds the Sprig/Helm functions.
// The differential test compares this against kubectl byte for byte.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "templating/sprig/funcs.h"
#include "templating/template.h"

namespace {

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  std::ostringstream ss;
  ss << f.rdbuf();
  *out = ss.str();
  return true;
}

int Usage() {
  std::cerr << "usage: render_driver [--missingkey=default|zero|error] [--sprig] TEMPLATE JSON\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  templating::MissingKey mk = templating::MissingKey::kDefault;
  bool sprig = false;
  std::string files[2];
  int nfiles = 0;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    if (a == "--missingkey=default") mk = templating::MissingKey::kDefault;
    else if (a == "--missingkey=zero") mk = templating::MissingKey::kZero;
    else if (a == "--missingkey=error") mk = templating::MissingKey::kError;
    else if (a == "--sprig") sprig = true;
    else if (nfiles < 2 && !a.starts_with("--")) files[nfiles++] = a;
    else return Usage();
  }
  if (nfiles != 2) return Usage();
  std::string text, json;
  if (!ReadFile(files[0], &text) || !ReadFile(files[1], &json)) {
    std::cerr << "render_driver: cannot read input\n";
    return 2;
  }
  auto data = templating::sprig::ParseJsonValue(json, /*int_as_int64=*/true);
  if (!data.ok()) {
    std::cerr << "render_driver: " << data.status().message() << "\n";
    return 2;
  }
  // kubectl names the template "output".
  templating::Template t("output");
  t.Funcs(templating::sprig::KubectlFuncs());
  if (sprig) t.Funcs(templating::sprig::SprigFuncs());
  t.Option(mk);
  if (auto st = t.Parse(text); !st.ok()) {
    std::cerr << st.message() << "\n";
    return 1;
  }
  auto out = t.Execute(*data);
  if (!out.ok()) {
    std::cerr << out.status().message() << "\n";
    return 1;
  }
  std::fwrite(out->data(), 1, out->size(), stdout);
  return 0;
}
