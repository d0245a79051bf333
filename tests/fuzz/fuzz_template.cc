// libFuzzer target: any input must parse or fail cleanly, and execute or fail cleanly,
// without crashing, hanging, exhausting the stack or growing without bound.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "templating/sprig/funcs.h"
#include "templating/template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tmpl::Value* dot = [] {
    tmpl::Map labels{{"app", tmpl::Value("web")}, {"tier", tmpl::Value("front")}};
    tmpl::Map meta{{"name", tmpl::Value("pod-0")}, {"labels", tmpl::Value(std::move(labels))}};
    tmpl::List items{tmpl::Value(int64_t{1}), tmpl::Value(2.5), tmpl::Value("x"), tmpl::Value::Nil()};
    tmpl::Map root{{"metadata", tmpl::Value(std::move(meta))},
                   {"items", tmpl::Value(std::move(items))},
                   {"n", tmpl::Value(int64_t{3})},
                   {"null", tmpl::Value::Nil()}};
    return new tmpl::Value(std::move(root));
  }();
  // The whole function library podinit renders with, but for `env`: what it returns
  // depends on the machine, and a crash must replay anywhere.
  static const tmpl::FuncMap* funcs = [] {
    auto* m = new tmpl::FuncMap(tmpl::SprigFuncs());
    for (const auto& [name, fn] : tmpl::KubectlFuncs()) (*m)[name] = fn;
    m->erase("env");
    return m;
  }();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto mk : {tmpl::MissingKey::kDefault, tmpl::MissingKey::kError}) {
    tmpl::Template t("fuzz");
    t.Funcs(*funcs);
    t.Option(mk);
    // Tighter than podinit's so that loops reach them in microseconds, not seconds; what
    // happens at a limit is the same code either way.
    t.Option(tmpl::Limits{.max_output = 1 << 20, .max_range_iterations = 100'000});
    if (!t.Parse(text).ok()) return 0;
    (void)t.Execute(*dot);
  }
  return 0;
}
