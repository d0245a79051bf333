// regexMatch and regexReplaceAll: Sprig's regexp.MatchString and
// regexp.MustCompile(re).ReplaceAllString. Patterns are Go's RE2 syntax, rewritten for
// Boost.Regex by regexp_syntax.cc; the text is decoded from UTF-8 into code points (wchar_t
// is 32 bits here), an invalid byte becoming one U+FFFD as in Go, so that matches start and
// end on characters as Go's do, and replacements copy the original bytes.
//
// Boost's Perl matcher keeps its backtracking state on the heap, so no input can overflow
// the stack (libstdc++'s std::regex recursed per character and crashed on long strings).
// Where Go's linear-time matcher would go on, Boost stops at its complexity or memory bound
// and the call fails with a template error.
#include <exception>
#include <string>
#include <vector>

// Boost stops a match whose backtracking state outgrows BLOCKS x 4 KiB. The default, 4 MiB,
// ends (a|b)* on 100 KB of input; 64 MiB carries it past 400 KB. Memory is taken only as a
// match needs it. Only this file includes Boost.Regex, so the setting is the same everywhere.
#define BOOST_REGEX_MAX_BLOCKS 16384
#include <boost/regex.hpp>

#include "absl/strings/str_cat.h"
#include "gocompat/utf8.h"
#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"
#include "templating/sprig/regexp_syntax.h"

namespace tmpl::sprig {
namespace {

static_assert(sizeof(wchar_t) == 4, "the text is matched as UTF-32 code points");

struct Compiled {
  std::string expr;
  boost::wregex re;
  std::vector<std::string> names;  // names[i] is capture group i's name ("" when unnamed)
};

// Text as Go's matcher walks it: code points, and where each starts in the bytes.
struct Decoded {
  std::wstring text;
  std::vector<size_t> offset;  // offset[i]: byte offset of text[i]; offset[size] = size
};

Decoded Decode(std::string_view s) {
  Decoded d;
  d.text.reserve(s.size());
  d.offset.reserve(s.size() + 1);
  for (size_t i = 0; i < s.size();) {
    // An invalid byte is U+FFFD of width 1, which is how Go's matcher sees it.
    const gocompat::DecodedRune r = gocompat::DecodeRune(s, i);
    d.offset.push_back(i);
    d.text.push_back(static_cast<wchar_t>(r.rune));
    i += static_cast<size_t>(r.size);
  }
  d.offset.push_back(s.size());
  return d;
}

absl::StatusOr<Compiled> Compile(std::string_view expr) {
  auto p = TranslateGoRegexp(expr);
  if (!p.ok()) return p.status();
  Compiled c;
  c.expr = std::string(expr);
  c.names = std::move(p->names);
  auto flags = boost::regex::perl | boost::regex::no_mod_m | boost::regex::no_mod_s;
  if (p->icase) flags |= boost::regex::icase;
  try {
    c.re.assign(std::wstring(p->pattern.begin(), p->pattern.end()), flags);
  } catch (const std::exception& e) {
    // The rewrite only emits syntax Boost knows; this would be a bug of ours.
    return absl::InternalError(GoRegexpError(expr, "regexp/syntax: internal error", e.what()));
  }
  return c;
}

// What a match that Boost gave up on reports.
absl::Status MatchError(const Compiled& c, const std::exception& e) {
  std::string why = "out of memory";
  if (auto* re = dynamic_cast<const boost::regex_error*>(&e)) {
    why = re->code() == boost::regex_constants::error_complexity
              ? "too much backtracking"
              : re->code() == boost::regex_constants::error_stack ? "backtracking needs too much memory"
                                                                  : e.what();
  }
  return absl::ResourceExhaustedError(
      absl::StrCat("regexp: matching `", c.expr, "` was abandoned: ", why,
                   " (Go's linear-time matcher has no such limit)"));
}

absl::StatusOr<bool> MatchString(const Compiled& c, std::string_view s) {
  try {
    return boost::regex_search(Decode(s).text, c.re, boost::match_default);
  } catch (const std::exception& e) {
    return MatchError(c, e);
  }
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

// regexp.(*Regexp).ReplaceAllString: Go's loop, with its rule for empty matches, counted in
// code points.
absl::StatusOr<std::string> ReplaceAll(const Compiled& c, std::string_view src, std::string_view repl) {
  Decoded d = Decode(src);
  const wchar_t* base = d.text.data();
  const wchar_t* end = base + d.text.size();
  std::string buf;
  size_t last_match_end = 0, search_pos = 0;  // in code points
  try {
    while (search_pos <= d.text.size()) {
      boost::wcmatch m;
      // `base` is the start of the text, for \A and lookbehind at search_pos.
      if (!boost::regex_search(base + search_pos, end, m, c.re, boost::match_default, base)) break;
      size_t a0 = static_cast<size_t>(m[0].first - base), a1 = static_cast<size_t>(m[0].second - base);
      buf.append(src.substr(d.offset[last_match_end], d.offset[a0] - d.offset[last_match_end]));
      if (a1 > last_match_end || a0 == 0) {
        std::vector<std::pair<long, long>> groups;
        for (size_t g = 0; g < m.size(); g++) {
          if (m[g].matched) {
            groups.emplace_back(d.offset[m[g].first - base], d.offset[m[g].second - base]);
          } else {
            groups.emplace_back(-1, -1);
          }
        }
        Expand(buf, repl, src, groups, c.names);
      }
      last_match_end = a1;
      search_pos = search_pos + 1 > a1 ? search_pos + 1 : a1;
    }
  } catch (const std::exception& e) {
    return MatchError(c, e);
  }
  buf.append(src.substr(d.offset[std::min(last_match_end, d.text.size())]));
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
    if (!c.ok()) {
      // Sprig ignores Go's compile errors; what only this engine lacks must not pass for
      // "no match".
      if (absl::IsUnimplemented(c.status())) return c.status();
      return Value(false);
    }
    auto matched = MatchString(*c, *s);
    if (!matched.ok()) return matched.status();
    return Value(*matched);
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

}  // namespace tmpl::sprig
