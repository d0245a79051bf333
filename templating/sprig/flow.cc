// Defaults and control: default, empty, coalesce, ternary, required, fail, env, and Helm's
// include and tpl, which run templates through the CallContext.
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "gocompat/strconv.h"
#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"

namespace templating::sprig {
namespace {

// Helm stops include recursion at this depth rather than overflowing the stack.
constexpr int kMaxIncludeDepth = 1000;
thread_local int include_depth = 0;

struct DepthGuard {
  DepthGuard() { include_depth++; }
  ~DepthGuard() { include_depth--; }
};

}  // namespace

void AddFlowFuncs(FuncMap& m) {
  m["default"] = Variadic({P::kAny, P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (args.size() < 2 || Empty(args[1])) return Result(Iface(args[0]));
    return Result(args[1]);
  });
  m["empty"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(Empty(args[0]));
  });
  m["coalesce"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    for (const Value& v : args) {
      if (!Empty(v)) return v;
    }
    return Value();
  };
  m["ternary"] = Typed({P::kAny, P::kAny, P::kBool}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    const bool b = args[2].as_bool();
    return Result(Iface(b ? args[0] : args[1]));
  });
  // Helm's required: only nil and "" count as missing (0 and false are values).
  m["required"] = Typed({P::kString, P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    const std::string& warn = args[0].as_string();
    const Value& v = args[1];
    if (v.is_nil() || v.is_missing() || (v.is_string() && v.as_string().empty())) {
      return absl::UnknownError(warn);
    }
    return v;
  });
  m["fail"] = Typed({P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    const std::string& msg = args[0].as_string();
    return absl::UnknownError(msg);
  });
  m["env"] = Typed({P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    const std::string& name = args[0].as_string();
    const char* v = std::getenv(name.c_str());
    return Value(v ? std::string(v) : std::string());
  });
  m["include"] = Typed({P::kString, P::kAny}, [](CallContext& ctx, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    const std::string& name = args[0].as_string();
    if (include_depth >= kMaxIncludeDepth) {
      return absl::UnknownError(absl::StrCat("rendering template has a nested reference name: ",
                                             name, ": unable to execute template"));
    }
    DepthGuard guard;
    auto out = ctx.ExecuteTemplate(name, Iface(args[1]));
    if (!out.ok()) return out.status();
    return Value(std::move(*out));
  });
  m["tpl"] = Typed({P::kString, P::kAny}, [](CallContext& ctx, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    const std::string& text = args[0].as_string();
    if (include_depth >= kMaxIncludeDepth) {
      return absl::UnknownError("rendering template has a nested reference name: tpl: unable to execute template");
    }
    DepthGuard guard;
    auto out = ctx.ExecuteText(text, Iface(args[1]));
    if (!out.ok()) {
      // Helm's wording: parse errors and execution errors are told apart.
      absl::string_view msg = out.status().message();
      bool exec = msg.find(": executing \"") != std::string_view::npos;
      return absl::UnknownError(absl::StrCat(
          exec ? "error during tpl function execution for " : "cannot parse template ",
          gocompat::Quote(text), ": ", msg));
    }
    return Value(std::move(*out));
  });
}

}  // namespace templating::sprig
