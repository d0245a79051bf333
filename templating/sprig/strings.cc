// Sprig's string functions. Argument order follows Sprig (the subject last), so they chain
// in pipelines: {{ .name | trimSuffix "-0" | upper }}.
#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "gocompat/strconv.h"
#include "gocompat/unicode.h"
#include "gocompat/utf8.h"
#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"
#include "templating/output_limits.h"

namespace tmpl::sprig {
namespace {

// strings.Map: an invalid byte is mapped as U+FFFD.
template <typename F>
std::string MapRunes(std::string_view s, F f) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const gocompat::DecodedRune d = gocompat::DecodeRune(s, i);
    gocompat::AppendRune(out, f(d.rune));
    i += static_cast<size_t>(d.size);
  }
  return out;
}

// strings.Title's isSeparator.
bool IsSeparator(char32_t r) {
  if (r <= 0x7F) {
    if ((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '_') {
      return false;
    }
    return true;
  }
  if (gocompat::IsLetter(r) || gocompat::IsDigit(r)) return false;
  return gocompat::IsSpace(r);
}

// strings.TrimSpace: unicode.IsSpace runes off both ends.
std::string TrimSpace(std::string_view s) {
  while (!s.empty()) {
    const gocompat::DecodedRune d = gocompat::DecodeRuneInString(s);
    if (!gocompat::IsSpace(d.rune)) break;
    s.remove_prefix(static_cast<size_t>(d.size));
  }
  while (!s.empty()) {
    const gocompat::DecodedRune d = gocompat::DecodeLastRuneInString(s);
    if (!gocompat::IsSpace(d.rune)) break;
    s.remove_suffix(static_cast<size_t>(d.size));
  }
  return std::string(s);
}

// Go's strings.Split: an empty separator splits into UTF-8 sequences.
List SplitGo(std::string_view s, std::string_view sep) {
  List out;
  if (sep.empty()) {
    for (size_t i = 0; i < s.size();) {
      const size_t w = static_cast<size_t>(gocompat::DecodeRune(s, i).size);
      out.emplace_back(std::string(s.substr(i, w)));
      i += w;
    }
    return out;
  }
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    if (p == std::string_view::npos) break;
    out.emplace_back(std::string(s.substr(start, p - start)));
    start = p + sep.size();
  }
  out.emplace_back(std::string(s.substr(start)));
  return out;
}

std::string ReplaceAll(std::string_view s, std::string_view old, std::string_view repl) {
  if (old.empty()) {
    // Go inserts repl before every rune and at the end.
    std::string out(repl);
    for (size_t i = 0; i < s.size();) {
      const size_t w = static_cast<size_t>(gocompat::DecodeRune(s, i).size);
      out.append(s.substr(i, w));
      out.append(repl);
      i += w;
    }
    return out;
  }
  return absl::StrReplaceAll(AV(s), {{AV(old), AV(repl)}});
}

absl::StatusOr<std::string> Indent(absl::Span<const Value> args, std::string_view name) {
  if (auto st = WantArgs(name, args, 2); !st.ok()) return st;
  auto n = IntArg(args, 0);
  if (!n.ok()) return n.status();
  auto s = StringArg(args, 1);
  if (!s.ok()) return s.status();
  if (*n < 0) return absl::UnknownError("strings: negative Repeat count");
  // Checked before allocating: a count from data could ask for terabytes.
  const size_t lines = static_cast<size_t>(std::count(s->begin(), s->end(), '\n')) + 1;
  if (static_cast<uint64_t>(*n) > kMaxOutputBytes / lines ||
      s->size() > kMaxOutputBytes - static_cast<size_t>(*n) * lines) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "the result would exceed ", kMaxOutputBytes >> 20, " MiB (", *n, " spaces × ",
        lines, " lines)"));
  }
  std::string pad(static_cast<size_t>(*n), ' ');
  return absl::StrCat(pad, absl::StrReplaceAll(*s, {{"\n", absl::StrCat("\n", pad)}}));
}

// A func(string) string.
Function StringFn(std::string name, std::string (*f)(std::string_view)) {
  return [name, f](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs(name, args, 1); !st.ok()) return st;
    auto s = StringArg(args, 0);
    if (!s.ok()) return s.status();
    return Value(f(*s));
  };
}

// A func(a, b string) with Sprig's argument order.
template <typename F>
Function String2Fn(std::string name, F f) {
  return [name, f](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs(name, args, 2); !st.ok()) return st;
    auto a = StringArg(args, 0);
    if (!a.ok()) return a.status();
    auto b = StringArg(args, 1);
    if (!b.ok()) return b.status();
    return Value(f(*a, *b));
  };
}

}  // namespace

List GoSplit(std::string_view s, std::string_view sep) { return SplitGo(s, sep); }

void AddStringFuncs(FuncMap& m) {
  m["quote"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    std::vector<std::string> out;
    for (const Value& v : args) {
      if (v.is_nil() || v.is_missing()) continue;
      out.push_back(gocompat::Quote(Strval(v)));
    }
    return Value(absl::StrJoin(out, " "));
  };
  m["squote"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    std::vector<std::string> out;
    for (const Value& v : args) {
      if (v.is_nil() || v.is_missing()) continue;
      out.push_back(absl::StrCat("'", FormatValue(v), "'"));
    }
    return Value(absl::StrJoin(out, " "));
  };
  m["indent"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto s = Indent(args, "indent");
    if (!s.ok()) return s.status();
    return Value(std::move(*s));
  };
  m["nindent"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto s = Indent(args, "nindent");
    if (!s.ok()) return s.status();
    return Value(absl::StrCat("\n", *s));
  };
  m["trim"] = StringFn("trim", [](std::string_view s) { return TrimSpace(s); });
  m["upper"] = StringFn("upper", [](std::string_view s) { return MapRunes(s, gocompat::ToUpper); });
  m["lower"] = StringFn("lower", [](std::string_view s) { return MapRunes(s, gocompat::ToLower); });
  m["title"] = StringFn("title", [](std::string_view s) {
    char32_t prev = ' ';
    return MapRunes(s, [&prev](char32_t r) {
      char32_t out = IsSeparator(prev) ? gocompat::ToTitle(r) : r;
      prev = r;
      return out;
    });
  });
  m["trimPrefix"] = String2Fn("trimPrefix", [](const std::string& a, const std::string& b) {
    return b.starts_with(a) ? b.substr(a.size()) : b;
  });
  m["trimSuffix"] = String2Fn("trimSuffix", [](const std::string& a, const std::string& b) {
    return b.ends_with(a) ? b.substr(0, b.size() - a.size()) : b;
  });
  m["contains"] = String2Fn("contains", [](const std::string& a, const std::string& b) {
    return b.find(a) != std::string::npos;
  });
  m["hasPrefix"] = String2Fn("hasPrefix",
                             [](const std::string& a, const std::string& b) { return b.starts_with(a); });
  m["hasSuffix"] = String2Fn("hasSuffix",
                             [](const std::string& a, const std::string& b) { return b.ends_with(a); });
  m["splitList"] = String2Fn("splitList", [](const std::string& sep, const std::string& s) {
    return SplitGo(s, sep);
  });
  m["split"] = String2Fn("split", [](const std::string& sep, const std::string& s) {
    Map out;
    List parts = SplitGo(s, sep);
    for (size_t i = 0; i < parts.size(); i++) out[absl::StrCat("_", i)] = parts[i];
    return out;
  });
  m["trunc"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("trunc", args, 2); !st.ok()) return st;
    auto c = IntArg(args, 0);
    if (!c.ok()) return c.status();
    auto s = StringArg(args, 1);
    if (!s.ok()) return s.status();
    int64_t len = static_cast<int64_t>(s->size());
    if (*c < 0 && len + *c > 0) return Value(s->substr(static_cast<size_t>(len + *c)));
    if (*c >= 0 && len > *c) return Value(s->substr(0, static_cast<size_t>(*c)));
    return Value(std::move(*s));
  };
  m["replace"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("replace", args, 3); !st.ok()) return st;
    std::string s[3];
    for (int i = 0; i < 3; i++) {
      auto a = StringArg(args, i);
      if (!a.ok()) return a.status();
      s[i] = std::move(*a);
    }
    return Value(ReplaceAll(s[2], s[0], s[1]));
  };
  m["join"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("join", args, 2); !st.ok()) return st;
    auto sep = StringArg(args, 0);
    if (!sep.ok()) return sep.status();
    const Value& v = args[1];
    std::vector<std::string> parts;
    if (v.is_list()) {
      for (const Value& e : v.as_list()) {
        if (!e.is_nil() && !e.is_missing()) parts.push_back(Strval(e));
      }
    } else if (!v.is_nil() && !v.is_missing()) {
      parts.push_back(Strval(v));
    }
    return Value(absl::StrJoin(parts, *sep));
  };
  m["toString"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("toString", args, 1); !st.ok()) return st;
    return Value(Strval(args[0]));
  };
}

}  // namespace tmpl::sprig
