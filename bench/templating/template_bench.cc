// The engine alone, without process start or JSON decoding: renders a template (e.g.
// bench/templating/range.tmpl or bench/data/pods.tmpl) over a List (bench/data/gen_pods.py)
// and reports the time per render, to set beside the "Go execution alone" figure of
// bench/gotemplate. With a third argument it prints the output instead.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "templating/template.h"
#include "tests/templating/engine_test_util.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: template_bench TEMPLATE PODS.json [print]\n";
    return 2;
  }
  auto slurp = [](const char* path) {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  };
  std::string text = slurp(argv[1]);
  std::string json = slurp(argv[2]);
  templating::Value data = templating::testing::FromJson(json);
  templating::Template t("t");
  if (auto st = t.Parse(text); !st.ok()) {
    std::cerr << st.message() << "\n";
    return 1;
  }
  auto first = t.Execute(data);
  if (!first.ok()) {
    std::cerr << first.status().message() << "\n";
    return 1;
  }
  if (argc > 3) {
    std::cout << *first;
    return 0;
  }
  constexpr int kRuns = 10;
  auto start = std::chrono::steady_clock::now();
  size_t bytes = 0;
  for (int i = 0; i < kRuns; ++i) bytes += t.Execute(data)->size();
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
  std::printf("c++: %.2f ms per render (%zu bytes)\n", us / 1000.0 / kRuns, bytes / kRuns);
  return 0;
}
