// Sprig's string functions. Argument order follows Sprig (the subject last), so they chain
// in pipelines: {{ .name | trimSuffix "-0" | upper }}.
#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "templating/funcs.h"
#include "templating/funcs_internal.h"
#include "templating/output_limits.h"
#include "templating/lexer.h"

namespace tmpl::funcs {
namespace {

// The lexer's UTF-8 decoding (Go's: an invalid byte is U+FFFD of width 1), with size_t widths.
char32_t DecodeRune(std::string_view s, size_t i, size_t* width) {
  int w = 1;
  char32_t r = static_cast<char32_t>(tmpl::DecodeRune(s, i, &w));
  *width = static_cast<size_t>(w);
  return r;
}

void AppendRune(std::string& out, char32_t r) { tmpl::AppendRune(&out, static_cast<int32_t>(r)); }

// Simple case mapping for the scripts config values meet: ASCII, Latin-1, Greek and
// Cyrillic. Go maps all of Unicode; other letters pass through unchanged here.
char32_t ToUpperRune(char32_t r) {
  if (r >= 'a' && r <= 'z') return r - 32;
  if (r < 0x80) return r;
  if ((r >= 0xE0 && r <= 0xFE && r != 0xF7)) return r - 32;
  if (r == 0xFF) return 0x178;
  if (r == 0xB5) return 0x39C;
  if (r >= 0x3B1 && r <= 0x3C9 && r != 0x3C2) return r - 32;
  if (r == 0x3C2) return 0x3A3;
  if (r >= 0x430 && r <= 0x44F) return r - 32;
  if (r >= 0x450 && r <= 0x45F) return r - 80;
  return r;
}

char32_t ToLowerRune(char32_t r) {
  if (r >= 'A' && r <= 'Z') return r + 32;
  if (r < 0x80) return r;
  if (r >= 0xC0 && r <= 0xDE && r != 0xD7) return r + 32;
  if (r == 0x178) return 0xFF;
  if (r >= 0x391 && r <= 0x3A9 && r != 0x3A2) return r + 32;
  if (r >= 0x410 && r <= 0x42F) return r + 32;
  if (r >= 0x400 && r <= 0x40F) return r + 80;
  return r;
}

template <typename F>
std::string MapRunes(std::string_view s, F f) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t w;
    char32_t r = DecodeRune(s, i, &w);
    if (r == 0xFFFD && w == 1 && static_cast<unsigned char>(s[i]) >= 0x80) {
      // Go's strings.Map writes U+FFFD for an invalid byte too.
      AppendRune(out, f(r));
    } else {
      AppendRune(out, f(r));
    }
    i += w;
  }
  return out;
}

bool IsLetterOrDigit(char32_t r) {
  if (r < 0x80) return std::isalnum(static_cast<int>(r));
  // Outside ASCII: the letters of the ranges ToUpperRune knows, and treat the rest of the
  // non-space, non-punctuation planes as letters (words rarely break on them).
  return !(r == 0x85 || r == 0xA0 || r == 0x1680 || (r >= 0x2000 && r <= 0x200A) ||
           r == 0x2028 || r == 0x2029 || r == 0x202F || r == 0x205F || r == 0x3000);
}

// strings.Title's isSeparator.
bool IsSeparator(char32_t r) {
  if (r <= 0x7F) {
    if ((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '_') {
      return false;
    }
    return true;
  }
  return !IsLetterOrDigit(r);
}

bool IsGoSpace(char32_t r) {
  return r == ' ' || (r >= '\t' && r <= '\r') || r == 0x85 || r == 0xA0 || r == 0x1680 ||
         (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 || r == 0x202F ||
         r == 0x205F || r == 0x3000;
}

std::string TrimSpace(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e) {
    size_t w;
    char32_t r = DecodeRune(s, b, &w);
    if (!IsGoSpace(r)) break;
    b += w;
  }
  while (e > b) {
    // Step back over one UTF-8 sequence.
    size_t st = e - 1;
    while (st > b && (static_cast<unsigned char>(s[st]) & 0xC0) == 0x80 && e - st < 4) st--;
    size_t w;
    char32_t r = DecodeRune(s, st, &w);
    if (st + w != e) {
      st = e - 1;
      r = 0xFFFD;
    }
    if (!IsGoSpace(r)) break;
    e = st;
  }
  return std::string(s.substr(b, e - b));
}

// Go's strings.Split: an empty separator splits into UTF-8 sequences.
List SplitGo(std::string_view s, std::string_view sep) {
  List out;
  if (sep.empty()) {
    for (size_t i = 0; i < s.size();) {
      size_t w;
      DecodeRune(s, i, &w);
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
      size_t w;
      DecodeRune(s, i, &w);
      out.append(s.substr(i, w));
      out.append(repl);
      i += w;
    }
    return out;
  }
  return absl::StrReplaceAll(Av(s), {{Av(old), Av(repl)}});
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

std::string GoQuote(std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    size_t w;
    char32_t r = DecodeRune(s, i, &w);
    if (r == 0xFFFD && w == 1 && static_cast<unsigned char>(s[i]) >= 0x80) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
      i += 1;
      continue;
    }
    i += w;
    switch (r) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\a': out += "\\a"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\v': out += "\\v"; continue;
      default: break;
    }
    // unicode.IsPrint: no controls, no format characters, and no space but ' '.
    bool printable = r >= 0x20 && r != 0x7F && !(r >= 0x80 && r <= 0xA0) && r != 0xAD &&
                     r != 0x1680 && !(r >= 0x2000 && r <= 0x200A) && r != 0x205F && r != 0x3000 &&
                     !(r >= 0x200B && r <= 0x200F) && !(r >= 0x2028 && r <= 0x202E) &&
                     !(r >= 0x2060 && r <= 0x206F) && r != 0xFEFF && !(r >= 0xFFF9 && r <= 0xFFFB) &&
                     !(r >= 0xE000 && r <= 0xF8FF);
    if (printable) {
      AppendRune(out, r);
    } else if (r < 0x20 || r == 0x7F) {
      out += "\\x";
      out.push_back(kHex[r >> 4]);
      out.push_back(kHex[r & 15]);
    } else if (r < 0x10000) {
      out += "\\u";
      for (int k = 12; k >= 0; k -= 4) out.push_back(kHex[(r >> k) & 15]);
    } else {
      out += "\\U";
      for (int k = 28; k >= 0; k -= 4) out.push_back(kHex[(r >> k) & 15]);
    }
  }
  out += "\"";
  return out;
}

List GoSplit(std::string_view s, std::string_view sep) { return SplitGo(s, sep); }

void AddStringFuncs(FuncMap& m) {
  m["quote"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    std::vector<std::string> out;
    for (const Value& v : args) {
      if (v.is_nil() || v.is_missing()) continue;
      out.push_back(GoQuote(Strval(v)));
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
  m["upper"] = StringFn("upper", [](std::string_view s) { return MapRunes(s, ToUpperRune); });
  m["lower"] = StringFn("lower", [](std::string_view s) { return MapRunes(s, ToLowerRune); });
  m["title"] = StringFn("title", [](std::string_view s) {
    char32_t prev = ' ';
    return MapRunes(s, [&prev](char32_t r) {
      char32_t out = IsSeparator(prev) ? ToUpperRune(r) : r;
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

}  // namespace tmpl::funcs
