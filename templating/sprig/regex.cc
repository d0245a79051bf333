// Sprig's regex functions on RE2, the engine Go's regexp was ported from: same syntax,
// leftmost-first matching in linear time. What stays ours is what Go layers on top: its
// error texts, its loops over successive matches (FindAll, ReplaceAll, Split and their
// rule for empty matches), $1/${name} expansion, QuoteMeta, and its reading of invalid
// UTF-8 in the text as U+FFFD (RE2 would not match such a byte at all).
#include <re2/re2.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gocompat/strconv.h"
#include "gocompat/unicode.h"
#include "gocompat/utf8.h"
#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"

namespace templating::sprig {
namespace {

// regexp/syntax's ErrorCode text for RE2's code.
std::string_view GoErrorCode(RE2::ErrorCode c) {
  switch (c) {
    case RE2::ErrorBadEscape: return "invalid escape sequence";
    case RE2::ErrorBadCharClass: return "invalid character class";
    case RE2::ErrorBadCharRange: return "invalid character class range";
    case RE2::ErrorMissingBracket: return "missing closing ]";
    case RE2::ErrorMissingParen: return "missing closing )";
    case RE2::ErrorUnexpectedParen: return "unexpected )";
    case RE2::ErrorTrailingBackslash: return "trailing backslash at end of expression";
    case RE2::ErrorRepeatArgument: return "missing argument to repetition operator";
    case RE2::ErrorRepeatSize: return "invalid repeat count";
    case RE2::ErrorRepeatOp: return "invalid nested repetition operator";
    case RE2::ErrorBadPerlOp: return "invalid or unsupported Perl syntax";
    case RE2::ErrorBadUTF8: return "invalid UTF-8";
    case RE2::ErrorBadNamedCapture: return "invalid named capture";
    case RE2::ErrorPatternTooLarge: return "expression too large";
    default: return "regexp/syntax: internal error";
  }
}

// Syntax RE2 accepts and Go's parser refuses: \C (any byte) and capture names beyond
// [A-Za-z0-9_]. Returns Go's error code and expression, or an empty code.
std::pair<std::string_view, std::string_view> GoOnlyRejects(std::string_view e) {
  bool in_class = false;
  for (size_t i = 0; i < e.size(); i++) {
    char c = e[i];
    if (c == '\\' && i + 1 < e.size()) {
      if (!in_class && e[i + 1] == 'Q') {
        size_t end = e.find("\\E", i + 2);
        if (end == std::string_view::npos) return {};
        i = end + 1;
        continue;
      }
      if (!in_class && e[i + 1] == 'C') return {"invalid escape sequence", e.substr(i, 2)};
      i++;
      continue;
    }
    if (in_class) {
      if (c == '[' && i + 1 < e.size() && e[i + 1] == ':') {
        size_t end = e.find(":]", i + 2);
        if (end != std::string_view::npos) i = end + 1;
      } else if (c == ']') {
        in_class = false;
      }
      continue;
    }
    if (c == '[') {
      in_class = true;
      // A ] right after [ or [^ is a literal.
      if (i + 1 < e.size() && e[i + 1] == '^') i++;
      if (i + 1 < e.size() && e[i + 1] == ']') i++;
      continue;
    }
    if (e.substr(i).starts_with("(?P<")) {
      size_t end = e.find('>', i);
      if (end == std::string_view::npos) return {};
      std::string_view name = e.substr(i + 4, end - i - 4);
      for (char n : name) {
        bool ok = n == '_' || (n >= '0' && n <= '9') || (n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z');
        if (!ok) return {"invalid named capture", e.substr(i, end - i + 1)};
      }
    }
  }
  return {};
}

struct Compiled {
  std::unique_ptr<RE2> re;
  std::vector<std::string> names;  // names[i]: group i's name, "" when unnamed
  int groups = 0;                  // capture groups, not counting the whole match
};

// regexp.Compile: the error is Go's "error parsing regexp: CODE: `ARG`".
absl::StatusOr<Compiled> Compile(std::string_view expr) {
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_encoding(RE2::Options::EncodingUTF8);
  opts.set_posix_syntax(false);  // Perl classes, \b, non-greedy: Go's syntax.Perl
  opts.set_longest_match(false);
  // Go has no memory bound on a program; RE2's default (8 MiB) refuses a{1000}{1000}-size
  // patterns that Go compiles. A bigger budget is only spent by patterns that need it.
  opts.set_max_mem(int64_t{64} << 20);
  Compiled c;
  c.re = std::make_unique<RE2>(re2::StringPiece(expr.data(), expr.size()), opts);
  std::pair<std::string_view, std::string_view> err;
  std::string arg;
  if (!c.re->ok()) {
    err.first = GoErrorCode(c.re->error_code());
    arg = c.re->error_arg();
    if (c.re->error_code() == RE2::ErrorBadUTF8) {
      // Go names the rest of the pattern from the first bad byte.
      for (size_t i = 0; i < expr.size();) {
        gocompat::DecodedRune d = gocompat::DecodeRune(expr, i);
        if (gocompat::IsInvalid(d)) {
          arg = std::string(expr.substr(i));
          break;
        }
        i += static_cast<size_t>(d.size);
      }
    }
  } else {
    err = GoOnlyRejects(expr);
    arg = std::string(err.second);
  }
  if (!err.first.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("error parsing regexp: ", AV(err.first), ": `", arg, "`"));
  }
  c.groups = c.re->NumberOfCapturingGroups();
  c.names.assign(static_cast<size_t>(c.groups) + 1, "");
  // Every group's name: Go allows one name on several groups.
  for (const auto& [idx, name] : c.re->CapturingGroupNames()) c.names[static_cast<size_t>(idx)] = name;
  return c;
}

// regexp.MustCompile's panic, as text/template reports a panicking function.
absl::Status MustCompileError(std::string_view expr, const absl::Status& err) {
  std::string quoted = gocompat::CanBackquote(expr) ? absl::StrCat("`", AV(expr), "`")
                                                    : gocompat::Quote(expr);
  return absl::UnknownError(absl::StrCat("regexp: Compile(", quoted, "): ", err.message()));
}

// The text as RE2 can match it the way Go does: each invalid byte becomes U+FFFD (3 bytes),
// and orig[] maps positions back. Valid text is used as it is.
struct Text {
  std::string_view src;
  std::string fixed;
  std::vector<size_t> orig;  // orig[i]: offset in src of fixed[i]; orig[fixed.size()] = src.size()
  std::vector<size_t> pos;   // pos[j]: offset in fixed of src[j] (for starting positions)
  bool valid = true;

  explicit Text(std::string_view s) : src(s) {
    if (gocompat::ValidString(s)) return;
    valid = false;
    pos.assign(s.size() + 1, 0);
    for (size_t i = 0; i < s.size();) {
      gocompat::DecodedRune d = gocompat::DecodeRune(s, i);
      pos[i] = fixed.size();
      if (gocompat::IsInvalid(d)) {
        for (int k = 0; k < 3; k++) orig.push_back(i);
        fixed.append("\xEF\xBF\xBD");
      } else {
        for (int k = 0; k < d.size; k++) {
          pos[i + static_cast<size_t>(k)] = fixed.size();
          orig.push_back(i + static_cast<size_t>(k));
          fixed.push_back(s[i + static_cast<size_t>(k)]);
        }
      }
      i += static_cast<size_t>(d.size);
    }
    orig.push_back(s.size());
    pos[s.size()] = fixed.size();
  }
  re2::StringPiece piece() const {
    return valid ? re2::StringPiece(src.data(), src.size()) : re2::StringPiece(fixed);
  }
};

// One match at or after byte `at` of t.src: group offsets into t.src, -1 for a group that
// did not take part; empty when there is no match.
std::vector<long> Match(const Compiled& c, const Text& t, size_t at, int ngroups) {
  re2::StringPiece text = t.piece();
  std::vector<re2::StringPiece> sub(static_cast<size_t>(ngroups) + 1);
  size_t start = t.valid ? at : t.pos[at];
  if (!c.re->Match(text, start, text.size(), RE2::UNANCHORED, sub.data(), ngroups + 1)) return {};
  std::vector<long> m;
  m.reserve(sub.size() * 2);
  for (const re2::StringPiece& g : sub) {
    if (g.data() == nullptr) {
      m.push_back(-1);
      m.push_back(-1);
      continue;
    }
    size_t a = static_cast<size_t>(g.data() - text.data());
    size_t b = a + g.size();
    m.push_back(static_cast<long>(t.valid ? a : t.orig[a]));
    m.push_back(static_cast<long>(t.valid ? b : t.orig[b]));
  }
  return m;
}

size_t RuneWidth(std::string_view s, size_t at) {
  return at < s.size() ? static_cast<size_t>(gocompat::DecodeRune(s, at).size) : 0;
}

// regexp.(*Regexp).allMatches: up to n matches (all when n < 0), never an empty match
// right after the previous one.
std::vector<std::vector<long>> AllMatches(const Compiled& c, std::string_view s, long n) {
  Text t(s);
  if (n < 0) n = static_cast<long>(s.size()) + 1;
  std::vector<std::vector<long>> out;
  long prev_end = -1;
  for (size_t pos = 0; static_cast<long>(out.size()) < n && pos <= s.size();) {
    std::vector<long> m = Match(c, t, pos, 0);
    if (m.empty()) break;
    bool accept = true;
    if (m[1] == static_cast<long>(pos)) {
      if (m[0] == prev_end) accept = false;
      size_t w = RuneWidth(s, pos);
      pos += w > 0 ? w : 1;
    } else {
      pos = static_cast<size_t>(m[1]);
    }
    prev_end = m[1];
    if (accept) out.push_back(std::move(m));
  }
  return out;
}

// regexp.(*Regexp).expand: $1, ${1}, $name, ${name} and $$ in a replacement template.
void Expand(std::string& dst, std::string_view tmpl, std::string_view src, const std::vector<long>& m,
            const std::vector<std::string>& names) {
  auto append_group = [&](size_t g) {
    if (2 * g + 1 < m.size() && m[2 * g] >= 0) {
      dst.append(src.substr(static_cast<size_t>(m[2 * g]), static_cast<size_t>(m[2 * g + 1] - m[2 * g])));
    }
  };
  while (!tmpl.empty()) {
    size_t d = tmpl.find('$');
    if (d == std::string_view::npos) break;
    dst.append(tmpl.substr(0, d));
    tmpl.remove_prefix(d);
    if (tmpl.size() > 1 && tmpl[1] == '$') {
      dst.push_back('$');
      tmpl.remove_prefix(2);
      continue;
    }
    // extract(): a name, braced or not; Go's name characters are letters, digits and _
    // as unicode sees them, read rune by rune.
    std::string_view rest = tmpl.substr(1);
    bool brace = !rest.empty() && rest[0] == '{';
    if (brace) rest.remove_prefix(1);
    size_t j = 0;
    while (j < rest.size()) {
      gocompat::DecodedRune r = gocompat::DecodeRune(rest, j);
      bool ok = r.rune == '_' || gocompat::IsLetter(r.rune) || gocompat::IsDigit(r.rune);
      if (!ok || gocompat::IsInvalid(r)) break;
      j += static_cast<size_t>(r.size);
    }
    std::string_view name = rest.substr(0, j);
    bool ok = j > 0;
    if (ok && brace) {
      if (j >= rest.size() || rest[j] != '}') {
        ok = false;
      } else {
        j++;
      }
    }
    if (!ok) {
      dst.push_back('$');  // malformed: the $ is literal text
      tmpl.remove_prefix(1);
      continue;
    }
    tmpl = rest.substr(j);
    // A name of digits is a group number (below 1e8, no leading zero); any other name
    // picks the first group of that name that took part in the match.
    long num = 0;
    bool numeric = name.size() == 1 || name[0] != '0';
    for (char ch : name) {
      if (!numeric || ch < '0' || ch > '9' || num >= 100000000) {
        numeric = false;
        break;
      }
      num = num * 10 + (ch - '0');
    }
    if (numeric) {
      append_group(static_cast<size_t>(num));
    } else {
      for (size_t g = 0; g < names.size(); g++) {
        if (names[g] == name && 2 * g + 1 < m.size() && m[2 * g] >= 0) {
          append_group(g);
          break;
        }
      }
    }
  }
  dst.append(tmpl);
}

// regexp.(*Regexp).replaceAll: Go's loop, with its rule for empty matches.
std::string ReplaceAll(const Compiled& c, std::string_view src, std::string_view repl, bool literal) {
  Text t(src);
  std::string buf;
  size_t last_end = 0, search = 0;
  bool needs_groups = !literal && repl.find('$') != std::string_view::npos;
  while (search <= src.size()) {
    std::vector<long> a = Match(c, t, search, needs_groups ? c.groups : 0);
    if (a.empty()) break;
    size_t a0 = static_cast<size_t>(a[0]), a1 = static_cast<size_t>(a[1]);
    buf.append(src.substr(last_end, a0 - last_end));
    if (a1 > last_end || a0 == 0) {
      if (literal || !needs_groups) {
        buf.append(repl);
      } else {
        Expand(buf, repl, src, a, c.names);
      }
    }
    last_end = a1;
    size_t w = RuneWidth(src, search);
    if (search + w > a1) {
      search += w;
    } else if (search + 1 > a1) {
      search++;
    } else {
      search = a1;
    }
  }
  buf.append(src.substr(last_end));
  return buf;
}

// regexp.(*Regexp).Split.
Value Split(const Compiled& c, std::string_view expr, std::string_view s, long n) {
  if (n == 0) return Value::NilList(ElemType::kString);
  if (!expr.empty() && s.empty()) return Value::TypedList({Value("")}, ElemType::kString);
  std::vector<std::vector<long>> matches = AllMatches(c, s, n);
  List out;
  size_t beg = 0, end = 0;
  for (const auto& m : matches) {
    if (n > 0 && static_cast<long>(out.size()) == n - 1) break;
    end = static_cast<size_t>(m[0]);
    if (m[1] != 0) out.emplace_back(std::string(s.substr(beg, end - beg)));
    beg = static_cast<size_t>(m[1]);
  }
  if (end != s.size()) out.emplace_back(std::string(s.substr(beg)));
  return Value::TypedList(std::move(out), ElemType::kString);
}

// regexp.QuoteMeta: a backslash before each of \.+*?()|[]{}^$.
std::string QuoteMeta(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    if (std::string_view("\\.+*?()|[]{}^$").find(ch) != std::string_view::npos) out.push_back('\\');
    out.push_back(ch);
  }
  return out;
}

// The strings every regex function starts with: (regex string, s string, ...).
std::vector<std::string> Strings(absl::Span<const Value> args, size_t n_strings) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n_strings; i++) out.push_back(args[i].as_string());
  return out;
}

// Registers NAME (regexp.MustCompile: a bad pattern panics) and mustNAME (the error is
// returned) around one body: n_strings string parameters, then, when with_n, an int n.
template <typename F>
void AddPair(FuncMap& m, const std::string& name, size_t n_strings, bool with_n, F body) {
  std::vector<P> params(n_strings, P::kString);
  if (with_n) params.push_back(P::kInt);
  auto make = [=](bool must) -> Func {
    return Func(Signature{params}, [=](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
      std::vector<std::string> s = Strings(args, n_strings);
      long n = with_n ? static_cast<long>(args[n_strings].as_int()) : 0;
      auto c = Compile(s[0]);
      if (!c.ok()) {
        if (must) return absl::UnknownError(c.status().message());
        return MustCompileError(s[0], c.status());
      }
      return body(*c, s, n);
    });
  };
  m[name] = make(false);
  m["must" + std::string(1, static_cast<char>(name[0] - 'a' + 'A')) + name.substr(1)] = make(true);
}

Value StringList(std::vector<std::vector<long>> matches, std::string_view s) {
  if (matches.empty()) return Value::NilList(ElemType::kString);
  List out;
  out.reserve(matches.size());
  for (const auto& m : matches) {
    out.emplace_back(std::string(s.substr(static_cast<size_t>(m[0]), static_cast<size_t>(m[1] - m[0]))));
  }
  return Value::TypedList(std::move(out), ElemType::kString);
}

}  // namespace

void AddRegexFuncs(FuncMap& m) {
  // regexp.MatchString: Sprig's regexMatch drops the compile error and says false.
  m["regexMatch"] = Typed({P::kString, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto c = Compile(args[0].as_string());
    if (!c.ok()) return Value(false);
    return Value(!Match(*c, Text(args[1].as_string()), 0, 0).empty());
  });
  m["mustRegexMatch"] = Typed({P::kString, P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    auto c = Compile(args[0].as_string());
    if (!c.ok()) return absl::UnknownError(c.status().message());
    return Value(!Match(*c, Text(args[1].as_string()), 0, 0).empty());
  });
  AddPair(m, "regexFindAll", 2, true, [](const Compiled& c, const std::vector<std::string>& s, long n) {
    return absl::StatusOr<Value>(StringList(AllMatches(c, s[1], n), s[1]));
  });
  AddPair(m, "regexFind", 2, false, [](const Compiled& c, const std::vector<std::string>& s, long) {
    std::vector<long> a = Match(c, Text(s[1]), 0, 0);
    if (a.empty()) return absl::StatusOr<Value>(Value(""));
    return absl::StatusOr<Value>(Value(s[1].substr(static_cast<size_t>(a[0]), static_cast<size_t>(a[1] - a[0]))));
  });
  AddPair(m, "regexReplaceAll", 3, false, [](const Compiled& c, const std::vector<std::string>& s, long) {
    return absl::StatusOr<Value>(Value(ReplaceAll(c, s[1], s[2], false)));
  });
  AddPair(m, "regexReplaceAllLiteral", 3, false, [](const Compiled& c, const std::vector<std::string>& s, long) {
    return absl::StatusOr<Value>(Value(ReplaceAll(c, s[1], s[2], true)));
  });
  AddPair(m, "regexSplit", 2, true, [](const Compiled& c, const std::vector<std::string>& s, long n) {
    return absl::StatusOr<Value>(Split(c, s[0], s[1], n));
  });
  m["regexQuoteMeta"] = Typed({P::kString}, [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    return Value(QuoteMeta(args[0].as_string()));
  });
}

}  // namespace templating::sprig
