// libFuzzer target: any input must parse or fail cleanly, and execute or fail cleanly,
// without crashing, hanging, exhausting the stack or growing without bound.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "templating/sprig/funcs.h"
#include "templating/template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const templating::Value* dot = [] {
    templating::Map labels{{"app", templating::Value("web")}, {"tier", templating::Value("front")}};
    templating::Map meta{{"name", templating::Value("pod-0")}, {"labels", templating::Value(std::move(labels))}};
    templating::List items{templating::Value(int64_t{1}), templating::Value(2.5), templating::Value("x"), templating::Value::Nil()};
    templating::Map root{{"metadata", templating::Value(std::move(meta))},
                   {"items", templating::Value(std::move(items))},
                   {"n", templating::Value(int64_t{3})},
                   {"null", templating::Value::Nil()}};
    return new templating::Value(std::move(root));
  }();
  // The whole function library podinit renders with, but for `env`: what it returns
  // depends on the machine, and a crash must replay anywhere.
  static const templating::FuncMap* funcs = [] {
    auto* m = new templating::FuncMap(templating::sprig::SprigFuncs());
    for (const auto& [name, fn] : templating::sprig::KubectlFuncs()) (*m)[name] = fn;
    m->erase("env");
    return m;
  }();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto mk : {templating::MissingKey::kDefault, templating::MissingKey::kError}) {
    templating::Template t("fuzz");
    t.Funcs(*funcs);
    t.Option(mk);
    // Tighter than podinit's so that loops reach them in microseconds, not seconds; what
    // happens at a limit is the same code either way.
    t.Option(templating::Limits{.max_output = 1 << 20, .max_range_iterations = 100'000});
    if (!t.Parse(text).ok()) return 0;
    (void)t.Execute(*dot);
  }
  return 0;
}
