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
  m["default"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantAtLeast("default", args, 1); !st.ok()) return st;
    if (args.size() < 2 || Empty(args[1])) return Result(Iface(args[0]));
    return Result(args[1]);
  };
  m["empty"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("empty", args, 1); !st.ok()) return st;
    return Value(Empty(args[0]));
  };
  m["coalesce"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    for (const Value& v : args) {
      if (!Empty(v)) return v;
    }
    return Value();
  };
  m["ternary"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("ternary", args, 3); !st.ok()) return st;
    auto b = BoolArg(args, 2);
    if (!b.ok()) return b.status();
    return Result(Iface(*b ? args[0] : args[1]));
  };
  // Helm's required: only nil and "" count as missing (0 and false are values).
  m["required"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("required", args, 2); !st.ok()) return st;
    auto warn = StringArg(args, 0);
    if (!warn.ok()) return warn.status();
    const Value& v = args[1];
    if (v.is_nil() || v.is_missing() || (v.is_string() && v.as_string().empty())) {
      return absl::UnknownError(*warn);
    }
    return v;
  };
  m["fail"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("fail", args, 1); !st.ok()) return st;
    auto msg = StringArg(args, 0);
    if (!msg.ok()) return msg.status();
    return absl::UnknownError(*msg);
  };
  m["env"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("env", args, 1); !st.ok()) return st;
    auto name = StringArg(args, 0);
    if (!name.ok()) return name.status();
    const char* v = std::getenv(name->c_str());
    return Value(v ? std::string(v) : std::string());
  };
  m["include"] = [](CallContext& ctx, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("include", args, 2); !st.ok()) return st;
    auto name = StringArg(args, 0);
    if (!name.ok()) return name.status();
    if (include_depth >= kMaxIncludeDepth) {
      return absl::UnknownError(absl::StrCat("rendering template has a nested reference name: ",
                                             *name, ": unable to execute template"));
    }
    DepthGuard guard;
    auto out = ctx.ExecuteTemplate(*name, Iface(args[1]));
    if (!out.ok()) return out.status();
    return Value(std::move(*out));
  };
  m["tpl"] = [](CallContext& ctx, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("tpl", args, 2); !st.ok()) return st;
    auto text = StringArg(args, 0);
    if (!text.ok()) return text.status();
    if (include_depth >= kMaxIncludeDepth) {
      return absl::UnknownError("rendering template has a nested reference name: tpl: unable to execute template");
    }
    DepthGuard guard;
    auto out = ctx.ExecuteText(*text, Iface(args[1]));
    if (!out.ok()) {
      // Helm's wording: parse errors and execution errors are told apart.
      absl::string_view msg = out.status().message();
      bool exec = msg.find(": executing \"") != std::string_view::npos;
      return absl::UnknownError(absl::StrCat(
          exec ? "error during tpl function execution for " : "cannot parse template ",
          gocompat::Quote(*text), ": ", msg));
    }
    return Value(std::move(*out));
  };
}

}  // namespace templating::sprig
