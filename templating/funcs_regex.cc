// regexMatch and regexReplaceAll. Patterns are Go's RE2 syntax; they run on std::regex
// (ECMAScript) after a translation of the RE2-only spellings chart authors use: leading
// (?i)/(?m)/(?s) flags, (?P<name>…) groups, \A, \z, \Q…\E, and Go's '.' (one UTF-8
// character, not \n). What RE2 rejects (backreferences, lookaround) is rejected here too.
// Known differences: a bracket class matches bytes, so a negated class ([^a]) matches one
// byte of a multi-byte character where Go matches the whole rune; \pL-style Unicode classes
// and mid-pattern flag groups are not supported (an error).
// The replacement loop is Go's ReplaceAllString, with its $1 / ${name} expansion and its
// rule for empty matches.
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "templating/funcs.h"
#include "templating/funcs_internal.h"

namespace tmpl::funcs {
namespace {

struct Compiled {
  std::regex re;
  std::vector<std::string> names;  // names[i] is capture group i's name ("" when unnamed)
};

// What Go's regexp.MustCompile panics with.
std::string CompileError(std::string_view expr, std::string_view code, std::string_view arg) {
  bool backquotable = expr.find('`') == std::string_view::npos;
  for (char c : expr) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) backquotable = false;
  }
  std::string quoted = backquotable ? absl::StrCat("`", Av(expr), "`") : GoQuote(expr);
  return absl::StrCat("regexp: Compile(", quoted, "): error parsing regexp: ", Av(code), ": `", Av(arg), "`");
}

// Go's wording for the commonest mistakes; the rest get a generic code.
std::string SyntaxError(std::string_view expr, std::regex_constants::error_type code) {
  int depth = 0;
  bool in_class = false;
  size_t class_start = 0;
  for (size_t i = 0; i < expr.size(); i++) {
    char c = expr[i];
    if (c == '\\') {
      i++;
      continue;
    }
    if (in_class) {
      if (c == ']' && i > class_start + 1 && !(i == class_start + 2 && expr[class_start + 1] == '^')) {
        in_class = false;
      }
      continue;
    }
    if (c == '[') {
      in_class = true;
      class_start = i;
    } else if (c == '(') {
      depth++;
    } else if (c == ')') {
      if (--depth < 0) return CompileError(expr, "unexpected )", expr);
    }
  }
  if (in_class) return CompileError(expr, "missing closing ]", expr.substr(class_start));
  if (depth > 0) return CompileError(expr, "missing closing )", expr);
  if (code == std::regex_constants::error_badrepeat) {
    for (char c : expr) {
      if (c == '*' || c == '+' || c == '?') {
        return CompileError(expr, "missing argument to repetition operator", std::string(1, c));
      }
    }
  }
  return CompileError(expr, "invalid regexp", expr);
}

absl::StatusOr<Compiled> Compile(std::string_view expr) {
  auto flags = std::regex::ECMAScript;
  bool dot_nl = false;
  size_t i = 0;
  // Leading flag groups such as (?i) or (?is).
  while (expr.substr(i).starts_with("(?")) {
    size_t j = i + 2;
    bool ok = true;
    auto f = flags;
    bool dn = dot_nl;
    for (; j < expr.size() && expr[j] != ')'; j++) {
      switch (expr[j]) {
        case 'i': f |= std::regex::icase; break;
        case 'm': f |= std::regex::multiline; break;
        case 's': dn = true; break;
        case 'U': ok = false; break;
        default: ok = false;
      }
      if (!ok) break;
    }
    if (!ok || j >= expr.size() || j == i + 2) break;
    flags = f;
    dot_nl = dn;
    i = j + 1;
  }
  Compiled c;
  c.names.push_back("");
  std::string out;
  bool in_class = false;
  for (; i < expr.size(); i++) {
    char ch = expr[i];
    if (ch == '\\') {
      if (i + 1 >= expr.size()) return absl::UnknownError(CompileError(expr, "trailing backslash at end of expression", ""));
      char n = expr[i + 1];
      if (n >= '1' && n <= '9') {
        return absl::UnknownError(CompileError(expr, "invalid escape sequence", expr.substr(i, 2)));
      }
      if (!in_class && n == 'A') { out += "^"; i++; continue; }
      if (!in_class && n == 'z') { out += "$"; i++; continue; }
      if (n == 'Q') {
        size_t end = expr.find("\\E", i + 2);
        std::string_view lit = expr.substr(i + 2, end == std::string_view::npos ? std::string_view::npos : end - i - 2);
        for (char l : lit) {
          if (std::string_view("\\^$.|?*+()[]{}/").find(l) != std::string_view::npos) out.push_back('\\');
          out.push_back(l);
        }
        i = end == std::string_view::npos ? expr.size() : end + 1;
        continue;
      }
      if (n == 'p' || n == 'P' || n == 'C' || n == 'Z') {
        return absl::UnknownError(CompileError(expr, "invalid character class range", expr.substr(i, 2)));
      }
      out.push_back(ch);
      out.push_back(n);
      i++;
      continue;
    }
    if (in_class) {
      if (ch == '[' && i + 1 < expr.size() && expr[i + 1] == ':') {
        size_t end = expr.find(":]", i + 2);
        if (end != std::string_view::npos) {
          out.append(expr.substr(i, end + 2 - i));
          i = end + 1;
          continue;
        }
      }
      if (ch == ']') in_class = false;
      out.push_back(ch);
      continue;
    }
    if (ch == '[') {
      in_class = true;
      out.push_back(ch);
      // A ']' right after '[' or '[^' is a literal in RE2.
      if (i + 1 < expr.size() && expr[i + 1] == '^') out.push_back(expr[++i]);
      if (i + 1 < expr.size() && expr[i + 1] == ']') {
        out += "\\]";
        i++;
      }
      continue;
    }
    if (ch == '.') {
      // One UTF-8 character, as Go's '.' matches a rune (a stray byte counts as one).
      out += dot_nl ? "(?:[\\x00-\\x7F]" : "(?:[\\x00-\\x09\\x0B-\\x7F]";
      out += "|[\\xC0-\\xDF][\\x80-\\xBF]|[\\xE0-\\xEF][\\x80-\\xBF]{2}"
             "|[\\xF0-\\xF7][\\x80-\\xBF]{3}|[\\x80-\\xFF])";
      continue;
    }
    if (ch == '(') {
      std::string_view rest = expr.substr(i);
      if (rest.starts_with("(?P<") || rest.starts_with("(?<")) {
        size_t open = rest.find('<');
        size_t close = rest.find('>');
        if (close == std::string_view::npos) {
          return absl::UnknownError(CompileError(expr, "invalid named capture", rest));
        }
        c.names.emplace_back(rest.substr(open + 1, close - open - 1));
        out.push_back('(');
        i += close;
        continue;
      }
      if (rest.starts_with("(?:")) {
        out += "(?:";
        i += 2;
        continue;
      }
      if (rest.starts_with("(?")) {
        size_t close = rest.find(')');
        return absl::UnknownError(CompileError(
            expr, "invalid or unsupported Perl syntax",
            rest.substr(0, close == std::string_view::npos ? 3 : std::min<size_t>(close + 1, 3))));
      }
      c.names.emplace_back();
      out.push_back('(');
      continue;
    }
    out.push_back(ch);
  }
  try {
    c.re = std::regex(out, flags);
  } catch (const std::regex_error& e) {
    return absl::UnknownError(SyntaxError(expr, e.code()));
  }
  return c;
}

bool IsNameChar(char c) {
  return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         static_cast<unsigned char>(c) >= 0x80;
}

// regexp.(*Regexp).expand for one match.
void Expand(std::string& dst, std::string_view tmpl, std::string_view src,
            const std::vector<std::pair<long, long>>& groups, const std::vector<std::string>& names) {
  auto append_group = [&](size_t g) {
    if (g < groups.size() && groups[g].first >= 0) {
      dst.append(src.substr(groups[g].first, groups[g].second - groups[g].first));
    }
  };
  while (!tmpl.empty()) {
    size_t d = tmpl.find('$');
    if (d == std::string_view::npos) break;
    dst.append(tmpl.substr(0, d));
    tmpl.remove_prefix(d + 1);
    if (!tmpl.empty() && tmpl[0] == '$') {
      dst.push_back('$');
      tmpl.remove_prefix(1);
      continue;
    }
    // extract(): a name, braced or not.
    std::string_view name, rest;
    bool ok = false;
    if (!tmpl.empty() && tmpl[0] == '{') {
      size_t j = 1;
      while (j < tmpl.size() && IsNameChar(tmpl[j])) j++;
      if (j > 1 && j < tmpl.size() && tmpl[j] == '}') {
        name = tmpl.substr(1, j - 1);
        rest = tmpl.substr(j + 1);
        ok = true;
      }
    } else {
      size_t j = 0;
      while (j < tmpl.size() && IsNameChar(tmpl[j])) j++;
      if (j > 0) {
        name = tmpl.substr(0, j);
        rest = tmpl.substr(j);
        ok = true;
      }
    }
    if (!ok) {
      dst.push_back('$');  // malformed: the $ is literal text
      continue;
    }
    tmpl = rest;
    long num = 0;
    bool numeric = true;
    for (char ch : name) {
      if (ch < '0' || ch > '9' || num >= 100000000) {
        numeric = false;
        break;
      }
      num = num * 10 + (ch - '0');
    }
    if (numeric) {
      append_group(static_cast<size_t>(num));
    } else {
      for (size_t g = 0; g < names.size(); g++) {
        if (!names[g].empty() && names[g] == name) {
          append_group(g);
          break;
        }
      }
    }
  }
  dst.append(tmpl);
}

size_t RuneWidth(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 1;
  if (i + n > s.size()) return 1;
  for (size_t k = 1; k < n; k++) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
  }
  return n;
}

absl::StatusOr<std::string> ReplaceAll(const Compiled& c, std::string_view src, std::string_view repl) {
  std::string buf;
  size_t last_match_end = 0, search_pos = 0;
  const char* base = src.data();
  try {
    while (search_pos <= src.size()) {
      std::cmatch m;
      auto flags = search_pos > 0 ? std::regex_constants::match_prev_avail
                                  : std::regex_constants::match_default;
      if (!std::regex_search(base + search_pos, base + src.size(), m, c.re, flags)) break;
      size_t a0 = static_cast<size_t>(m[0].first - base), a1 = static_cast<size_t>(m[0].second - base);
      buf.append(src.substr(last_match_end, a0 - last_match_end));
      if (a1 > last_match_end || a0 == 0) {
        std::vector<std::pair<long, long>> groups;
        for (size_t g = 0; g < m.size(); g++) {
          if (m[g].matched) {
            groups.emplace_back(m[g].first - base, m[g].second - base);
          } else {
            groups.emplace_back(-1, -1);
          }
        }
        Expand(buf, repl, src, groups, c.names);
      }
      last_match_end = a1;
      size_t width = RuneWidth(src, search_pos);
      if (search_pos + width > a1) {
        search_pos += width;
      } else if (search_pos + 1 > a1) {
        search_pos++;
      } else {
        search_pos = a1;
      }
    }
  } catch (const std::regex_error& e) {
    // std::regex gives up on pathological backtracking where RE2 would not.
    return absl::UnknownError(absl::StrCat("regexp: match failed: ", e.what()));
  }
  buf.append(src.substr(std::min(last_match_end, src.size())));
  return buf;
}

}  // namespace

void AddRegexFuncs(FuncMap& m) {
  m["regexMatch"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("regexMatch", args, 2); !st.ok()) return st;
    auto re = StringArg(args, 0);
    if (!re.ok()) return re.status();
    auto s = StringArg(args, 1);
    if (!s.ok()) return s.status();
    auto c = Compile(*re);
    if (!c.ok()) return Value(false);  // Sprig ignores the compile error
    try {
      return Value(std::regex_search(*s, c->re));
    } catch (const std::regex_error&) {
      return Value(false);
    }
  };
  m["regexReplaceAll"] = [](CallContext&, absl::Span<const Value> args) -> absl::StatusOr<Value> {
    if (auto st = WantArgs("regexReplaceAll", args, 3); !st.ok()) return st;
    std::string a[3];
    for (int i = 0; i < 3; i++) {
      auto s = StringArg(args, i);
      if (!s.ok()) return s.status();
      a[i] = std::move(*s);
    }
    auto c = Compile(a[0]);
    if (!c.ok()) return c.status();
    auto out = ReplaceAll(*c, a[1], a[2]);
    if (!out.ok()) return out.status();
    return Value(std::move(*out));
  };
}

}  // namespace tmpl::funcs
