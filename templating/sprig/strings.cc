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
#include "templating/sprig/random.h"

namespace templating::sprig {
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

// Sprig's indent(spaces int, v string).
absl::StatusOr<std::string> Indent(absl::Span<const Value> args) {
  const int64_t n = args[0].as_int();
  const std::string& s = args[1].as_string();
  if (n < 0) return absl::UnknownError("strings: negative Repeat count");
  // Checked before allocating: a count from data could ask for terabytes.
  const size_t lines = static_cast<size_t>(std::count(s.begin(), s.end(), '\n')) + 1;
  if (static_cast<uint64_t>(n) > kMaxOutputBytes / lines ||
      s.size() > kMaxOutputBytes - static_cast<size_t>(n) * lines) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "the result would exceed ", kMaxOutputBytes >> 20, " MiB (", n, " spaces × ",
        lines, " lines)"));
  }
  std::string pad(static_cast<size_t>(n), ' ');
  return absl::StrCat(pad, absl::StrReplaceAll(s, {{"\n", absl::StrCat("\n", pad)}}));
}

// A func(a, b string) with Sprig's argument order.
template <typename F>
Func String2Fn(F f) {
  return Typed({P::kString, P::kString}, [f](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(f(args[0].as_string(), args[1].as_string()));
  });
}

// strings.Trim: runes of cutset off both ends (an invalid byte reads as U+FFFD).
std::string TrimCutset(std::string_view s, std::string_view cutset) {
  if (s.empty() || cutset.empty()) return std::string(s);
  std::u32string set;
  for (size_t i = 0; i < cutset.size();) {
    auto d = gocompat::DecodeRune(cutset, i);
    set.push_back(d.rune);
    i += static_cast<size_t>(d.size);
  }
  auto in = [&set](char32_t r) { return set.find(r) != std::u32string::npos; };
  while (!s.empty()) {
    auto d = gocompat::DecodeRuneInString(s);
    if (!in(d.rune)) break;
    s.remove_prefix(static_cast<size_t>(d.size));
  }
  while (!s.empty()) {
    auto d = gocompat::DecodeLastRuneInString(s);
    if (!in(d.rune)) break;
    s.remove_suffix(static_cast<size_t>(d.size));
  }
  return std::string(s);
}

// strings.SplitN.
List SplitN(std::string_view s, std::string_view sep, int64_t n) {
  List out;
  if (n == 0) return out;
  if (sep.empty()) {
    // explode: up to n UTF-8 sequences, the last holding the rest.
    int64_t l = static_cast<int64_t>(gocompat::RuneCount(s));
    if (n < 0 || n > l) n = l;
    for (int64_t i = 0; i + 1 < n; i++) {
      size_t w = static_cast<size_t>(gocompat::DecodeRuneInString(s).size);
      out.emplace_back(std::string(s.substr(0, w)));
      s.remove_prefix(w);
    }
    if (n > 0) out.emplace_back(std::string(s));
    return out;
  }
  while (n < 0 || static_cast<int64_t>(out.size()) + 1 < n) {
    size_t p = s.find(sep);
    if (p == std::string_view::npos) break;
    out.emplace_back(std::string(s.substr(0, p)));
    s.remove_prefix(p + sep.size());
  }
  out.emplace_back(std::string(s));
  return out;
}

// goutils.AbbreviateFull (bytes, not runes).
std::string AbbreviateFull(std::string_view str, int64_t offset, int64_t max_width) {
  if (str.empty() || max_width < 4) return "";
  int64_t len = static_cast<int64_t>(str.size());
  if (len <= max_width) return std::string(str);
  if (offset > len) offset = len;
  if (len - offset < max_width - 3) offset = len - (max_width - 3);
  if (offset <= 4) return std::string(str.substr(0, static_cast<size_t>(max_width - 3))) + "...";
  if (max_width < 7) return "";
  if (offset + max_width - 3 < len) {
    return "..." + AbbreviateFull(str.substr(static_cast<size_t>(offset)), 0, max_width - 3);
  }
  return "..." + std::string(str.substr(static_cast<size_t>(len - (max_width - 3))));
}

// goutils.WrapCustom: breaks at ' ' (bytes), leading spaces of a line dropped.
std::string WrapCustom(std::string_view str, int64_t wrap_length, std::string_view nl, bool wrap_long) {
  if (str.empty()) return "";
  if (nl.empty()) nl = "\n";
  if (wrap_length < 1) wrap_length = 1;
  const size_t len = str.size();
  const size_t wl = static_cast<size_t>(std::min<int64_t>(wrap_length, static_cast<int64_t>(len) + 1));
  size_t offset = 0;
  std::string out;
  while (len - offset > wl) {
    if (str[offset] == ' ') {
      offset++;
      continue;
    }
    size_t end = wl + offset + 1;
    size_t sp = str.substr(offset, end - offset).rfind(' ');
    if (sp != std::string_view::npos) {
      out.append(str.substr(offset, sp));
      out.append(nl);
      offset += sp + 1;
    } else if (wrap_long) {
      out.append(str.substr(offset, wl));
      out.append(nl);
      offset += wl;
    } else {
      size_t e = wl + offset;
      size_t idx = str.find(' ', e);
      if (idx == std::string_view::npos) {
        out.append(str.substr(offset));
        offset = len;
      } else {
        out.append(str.substr(offset, idx - offset));
        out.append(nl);
        offset = idx + 1;
      }
    }
  }
  out.append(str.substr(offset));
  return out;
}

// Go's runtime panic for a bad string slice expression.
absl::Status SliceBounds(int64_t lo, int64_t hi, int64_t len, bool has_lo) {
  if (!has_lo) {
    if (hi > len) return Panic(absl::StrCat("runtime error: slice bounds out of range [:", hi, "] with length ", len));
    return Panic(absl::StrCat("runtime error: slice bounds out of range [:", hi, "]"));
  }
  if (hi > len) return Panic(absl::StrCat("runtime error: slice bounds out of range [:", hi, "] with length ", len));
  return Panic(absl::StrCat("runtime error: slice bounds out of range [", lo, ":", hi, "]"));
}

// Sprig's substring: s[:end] when start < 0, s[start:] when end < 0 or past the end,
// else s[start:end]; out-of-range indexes panic as Go's slicing does.
absl::StatusOr<std::string> Substring(int64_t start, int64_t end, std::string_view s) {
  int64_t len = static_cast<int64_t>(s.size());
  if (start < 0) {
    if (end < 0 || end > len) return SliceBounds(0, end, len, false);
    return std::string(s.substr(0, static_cast<size_t>(end)));
  }
  if (end < 0 || end > len) {
    if (start > len) return SliceBounds(start, len, len, true);
    return std::string(s.substr(static_cast<size_t>(start)));
  }
  if (start > end) return SliceBounds(start, end, len, true);
  return std::string(s.substr(static_cast<size_t>(start), static_cast<size_t>(end - start)));
}

absl::Status TooBig(size_t want) {
  return absl::ResourceExhaustedError(
      absl::StrCat("the result would exceed ", kMaxOutputBytes >> 20, " MiB (", want, " bytes)"));
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
  m["indent"] = Typed({P::kInt, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto s = Indent(args);
    if (!s.ok()) return s.status();
    return Value(std::move(*s));
  });
  m["nindent"] = Typed({P::kInt, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto s = Indent(args);
    if (!s.ok()) return s.status();
    return Value(absl::StrCat("\n", *s));
  });
  m["trim"] = StringFn([](std::string_view s) { return TrimSpace(s); });
  m["upper"] = StringFn([](std::string_view s) { return MapRunes(s, gocompat::ToUpper); });
  m["lower"] = StringFn([](std::string_view s) { return MapRunes(s, gocompat::ToLower); });
  m["title"] = StringFn([](std::string_view s) {
    char32_t prev = ' ';
    return MapRunes(s, [&prev](char32_t r) {
      char32_t out = IsSeparator(prev) ? gocompat::ToTitle(r) : r;
      prev = r;
      return out;
    });
  });
  m["trimPrefix"] = String2Fn([](const std::string& a, const std::string& b) {
    return b.starts_with(a) ? b.substr(a.size()) : b;
  });
  m["trimSuffix"] = String2Fn([](const std::string& a, const std::string& b) {
    return b.ends_with(a) ? b.substr(0, b.size() - a.size()) : b;
  });
  m["contains"] = String2Fn([](const std::string& a, const std::string& b) {
    return b.find(a) != std::string::npos;
  });
  m["hasPrefix"] = String2Fn([](const std::string& a, const std::string& b) { return b.starts_with(a); });
  m["hasSuffix"] = String2Fn([](const std::string& a, const std::string& b) { return b.ends_with(a); });
  m["splitList"] = String2Fn([](const std::string& sep, const std::string& s) {
    return Value::TypedList(SplitGo(s, sep), ElemType::kString);
  });
  m["split"] = String2Fn([](const std::string& sep, const std::string& s) {
    Map out;
    List parts = SplitGo(s, sep);
    for (size_t i = 0; i < parts.size(); i++) out[absl::StrCat("_", i)] = parts[i];
    return Value::TypedMap(std::move(out), ElemType::kString);
  });
  m["trunc"] = Typed({P::kInt, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    const int64_t c = args[0].as_int();
    const std::string& s = args[1].as_string();
    int64_t len = static_cast<int64_t>(s.size());
    if (c < 0 && len + c > 0) return Value(s.substr(static_cast<size_t>(len + c)));
    if (c >= 0 && len > c) return Value(s.substr(0, static_cast<size_t>(c)));
    return args[1];
  });
  m["replace"] = Typed({P::kString, P::kString, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(ReplaceAll(args[2].as_string(), args[0].as_string(), args[1].as_string()));
  });
  m["join"] = Typed({P::kString, P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(absl::StrJoin(StrSlice(args[1]), args[0].as_string()));
  });
  m["hello"] = Typed({}, [](CallContext&, absl::Span<const Value>) -> absl::StatusOr<Value> {
    return Value("Hello!");
  });
  m["substr"] = Typed({P::kInt, P::kInt, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto r = Substring(args[0].as_int(), args[1].as_int(), args[2].as_string());
    if (!r.ok()) return r.status();
    return Value(std::move(*r));
  });
  m["repeat"] = Typed({P::kInt, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    int64_t n = args[0].as_int();
    const std::string& s = args[1].as_string();
    if (n < 0) return Panic("strings: negative Repeat count");
    if (s.empty() || n == 0) return Value("");
    if (static_cast<uint64_t>(n) > kMaxOutputBytes / s.size()) {
      if (static_cast<uint64_t>(n) > static_cast<uint64_t>(INT64_MAX) / s.size()) {
        return Panic("strings: Repeat count causes overflow");
      }
      return TooBig(static_cast<size_t>(n) * s.size());
    }
    std::string out;
    out.reserve(static_cast<size_t>(n) * s.size());
    for (int64_t i = 0; i < n; i++) out += s;
    return Value(std::move(out));
  });
  for (const char* name : {"trimAll", "trimall"}) {
    m[name] = String2Fn([](const std::string& cutset, const std::string& s) {
      return TrimCutset(s, cutset);
    });
  }
  m["cat"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    std::vector<std::string> out;
    for (const Value& v : args) {
      if (!v.is_nil() && !v.is_missing()) out.push_back(FormatValue(v));
    }
    return Value(absl::StrJoin(out, " "));
  };
  m["plural"] = Typed({P::kString, P::kString, P::kInt}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return args[2].as_int() == 1 ? args[0] : args[1];
  });
  m["splitn"] = Typed({P::kString, P::kInt, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    Map out;
    List parts = SplitN(args[2].as_string(), args[0].as_string(), args[1].as_int());
    for (size_t i = 0; i < parts.size(); i++) out[absl::StrCat("_", i)] = parts[i];
    return Value::TypedMap(std::move(out), ElemType::kString);
  });
  m["toStrings"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (args[0].is_list() && args[0].elem_type() == ElemType::kString) return args[0];
    return StringList(StrSlice(args[0]));
  });
  m["sortAlpha"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (!args[0].is_list()) return StringList({Strval(Iface(args[0]))});
    std::vector<std::string> v = StrSlice(args[0]);
    std::sort(v.begin(), v.end());
    return StringList(std::move(v));
  });
  m["abbrev"] = Typed({P::kInt, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    int64_t w = args[0].as_int();
    if (w < 4) return args[1];
    return Value(AbbreviateFull(args[1].as_string(), 0, w));
  });
  m["abbrevboth"] = Typed({P::kInt, P::kInt, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    int64_t left = args[0].as_int(), right = args[1].as_int();
    if (right < 4 || (left > 0 && right < 7)) return args[2];
    return Value(AbbreviateFull(args[2].as_string(), left, right));
  });
  m["wrap"] = Typed({P::kInt, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(WrapCustom(args[1].as_string(), args[0].as_int(), "", false));
  });
  m["wrapWith"] = Typed({P::kInt, P::kString, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(WrapCustom(args[2].as_string(), args[0].as_int(), args[1].as_string(), true));
  });
  // goutils' CryptoRandom over ' '..'z' (letters and/or digits) or 32..126 (randAscii).
  struct RandKind {
    const char* name;
    const char* chars;
  };
  static const std::string kDigits = "0123456789";
  static const std::string kLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  static const std::string kAlnum = kDigits + kLetters;
  static const std::string kAscii = [] {
    std::string a;
    for (char c = 32; c < 127; c++) a.push_back(c);
    return a;
  }();
  for (auto [name, chars] : {std::pair{"randAlphaNum", &kAlnum}, std::pair{"randAlpha", &kLetters},
                             std::pair{"randNumeric", &kDigits}, std::pair{"randAscii", &kAscii}}) {
    std::string fname = name;
    const std::string* set = chars;
    m[fname] = Typed({P::kInt}, [set](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      int64_t n = args[0].as_int();
      if (n <= 0) return Value("");  // a negative count is goutils' error, which Sprig drops
      if (static_cast<uint64_t>(n) > kMaxOutputBytes) return TooBig(static_cast<size_t>(n));
      auto s = RandomString(static_cast<size_t>(n), *set);
      if (!s.ok()) return s.status();
      return Value(std::move(*s));
    });
  }
  m["toString"] = Typed({P::kAny}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(Strval(args[0]));
  });
}

}  // namespace templating::sprig
