// The rewrite follows regexp/syntax/parse.go (Go 1.19; named groups also as (?<name>…),
// which Go accepts since 1.22) token by token, so that what Go rejects is rejected with
// Go's words before Boost sees it: Boost would otherwise give meaning to possessive and
// stacked repeats (a*+), \K \G \< \e \C, (?>…), (*VERB) and backreferences.
//
// The pattern runs over code points (see regex.cc), so every literal is written as
// \x{…} and classes are sets of code points. '.' is "anything but \n" (Boost's own '.'
// also stops at \r and other line separators); \d \s \w \b are RE2's ASCII ones, spelled
// out rather than left to the locale; ^ and $ are \A and \z, or under (?m) anchors next to
// '\n' only, never Boost's notion of a line.
//
// Not supported: flags after the start of the pattern and (?flags:…) groups, \pL-style
// Unicode classes (both an Unimplemented error, as Go would accept them); case folding
// beyond ASCII under (?i); Go's limit of 1000 on the product of nested repeat counts.
#include "templating/sprig/regexp_syntax.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>

#include "absl/strings/str_cat.h"
#include "gocompat/strconv.h"
#include "gocompat/utf8.h"
#include "templating/sprig/internal.h"

namespace tmpl::sprig {

std::string GoRegexpError(std::string_view expr, std::string_view code, std::string_view arg) {
  // regexp.go's quote().
  std::string quoted = gocompat::CanBackquote(expr) ? absl::StrCat("`", AV(expr), "`") : gocompat::Quote(expr);
  return absl::StrCat("regexp: Compile(", quoted, "): error parsing regexp: ", AV(code), ": `",
                      AV(arg), "`");
}

namespace {

constexpr uint32_t kMaxRune = 0x10FFFF;

// A code point as a literal of the pattern; escaped, so that nothing reads as syntax.
std::string Cp(uint32_t r) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\x{%X}", r);
  return buf;
}

std::string LiteralRune(uint32_t r) {
  if ((r >= '0' && r <= '9') || (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z')) {
    return std::string(1, static_cast<char>(r));
  }
  return Cp(r);
}

std::string AnyRune(bool with_newline) {
  return with_newline ? "[\\x{0}-\\x{10FFFF}]" : "[^\\x{A}]";
}

// A set of runes, as Go's class is.
struct RuneSet {
  std::vector<std::pair<uint32_t, uint32_t>> ranges;

  void Add(uint32_t lo, uint32_t hi) { ranges.emplace_back(lo, hi); }
  void Add(const RuneSet& other) {
    ranges.insert(ranges.end(), other.ranges.begin(), other.ranges.end());
  }
  // Adds everything outside `sub` (RE2's \D, [:^alpha:] and such).
  void AddNegated(RuneSet sub) {
    std::sort(sub.ranges.begin(), sub.ranges.end());
    uint32_t next = 0;
    for (auto [lo, hi] : sub.ranges) {
      if (lo > next) Add(next, lo - 1);
      next = std::max(next, hi + 1);
    }
    if (next <= kMaxRune) Add(next, kMaxRune);
  }
  // A Boost expression matching one code point in (or, negated, outside) the set.
  std::string Match(bool negated) const {
    if (ranges.empty()) return negated ? AnyRune(true) : "(?!)";
    std::string out = negated ? "[^" : "[";
    for (auto [lo, hi] : ranges) out += lo == hi ? Cp(lo) : absl::StrCat(Cp(lo), "-", Cp(hi));
    return out + "]";
  }
};

RuneSet Ranges(std::initializer_list<std::pair<char, char>> rs) {
  RuneSet s;
  for (auto [lo, hi] : rs) s.Add(static_cast<uint32_t>(lo), static_cast<uint32_t>(hi));
  return s;
}

// \d \s \w (RE2's perl_groups.go) and the POSIX classes (posixGroup).
std::optional<RuneSet> PerlClass(char c) {
  switch (c) {
    case 'd': return Ranges({{'0', '9'}});
    case 's': return Ranges({{'\t', '\n'}, {'\f', '\r'}, {' ', ' '}});
    case 'w': return Ranges({{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}});
    default: return std::nullopt;
  }
}

// \b or \B with RE2's ASCII word characters.
std::string WordBoundary(bool at) {
  std::string w = PerlClass('w')->Match(false);
  std::string b = absl::StrCat("(?<=", w, ")(?!", w, ")|(?<!", w, ")(?=", w, ")");
  return at ? absl::StrCat("(?:", b, ")") : absl::StrCat("(?!", b, ")");
}

std::optional<RuneSet> PosixClass(std::string_view name) {
  if (name == "alnum") return Ranges({{'0', '9'}, {'A', 'Z'}, {'a', 'z'}});
  if (name == "alpha") return Ranges({{'A', 'Z'}, {'a', 'z'}});
  if (name == "ascii") return Ranges({{'\x00', '\x7F'}});
  if (name == "blank") return Ranges({{'\t', '\t'}, {' ', ' '}});
  if (name == "cntrl") return Ranges({{'\x00', '\x1F'}, {'\x7F', '\x7F'}});
  if (name == "digit") return Ranges({{'0', '9'}});
  if (name == "graph") return Ranges({{'!', '~'}});
  if (name == "lower") return Ranges({{'a', 'z'}});
  if (name == "print") return Ranges({{' ', '~'}});
  if (name == "punct") return Ranges({{'!', '/'}, {':', '@'}, {'[', '`'}, {'{', '~'}});
  if (name == "space") return Ranges({{'\t', '\r'}, {' ', ' '}});
  if (name == "upper") return Ranges({{'A', 'Z'}});
  if (name == "word") return Ranges({{'0', '9'}, {'A', 'Z'}, {'a', 'z'}, {'_', '_'}});
  if (name == "xdigit") return Ranges({{'0', '9'}, {'A', 'F'}, {'a', 'f'}});
  return std::nullopt;
}


int Unhex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

class Translator {
 public:
  explicit Translator(std::string_view expr) : expr_(expr) {}

  absl::StatusOr<BoostPattern> Run() {
    size_t i = LeadingFlags();
    BoostPattern p;
    p.icase = icase_;
    p.names.push_back("");
    int depth = 0;
    bool operand = false;                 // something a repeat could apply to precedes
    size_t last_repeat = std::string_view::npos;  // where the preceding repeat began
    while (i < expr_.size() && !err_) {
      size_t start = i;
      bool is_repeat = false;
      char c = expr_[i];
      switch (c) {
        case '(': {
          operand = false;
          std::string_view rest = expr_.substr(i);
          bool p_name = rest.starts_with("(?P<") && rest.size() > 4;
          if (p_name || (rest.starts_with("(?<") && rest.size() > 3)) {
            size_t end = rest.find('>');
            if (end == std::string_view::npos) return Fail("invalid named capture", rest);
            std::string_view name = rest.substr(p_name ? 4 : 3, end - (p_name ? 4 : 3));
            if (name.empty() || !std::all_of(name.begin(), name.end(),
                                             [](char ch) { return IsAlnum(ch) || ch == '_'; })) {
              return Fail("invalid named capture", rest.substr(0, end + 1));
            }
            p.names.emplace_back(name);
            out_ += "(";
            i += end + 1;
          } else if (rest.starts_with("(?:")) {
            out_ += "(?:";
            i += 3;
          } else if (rest.starts_with("(?")) {
            return FlagGroup(rest);
          } else {
            p.names.emplace_back();
            out_ += "(";
            i++;
          }
          depth++;
          break;
        }
        case ')':
          if (depth == 0) return Fail("unexpected )", expr_);
          depth--;
          out_ += ")";
          operand = true;
          i++;
          break;
        case '|':
          out_ += "|";
          operand = false;
          i++;
          break;
        case '^':
          out_ += multiline_ ? "(?:\\A|(?<=\\x{A}))" : "(?:\\A)";
          operand = true;
          i++;
          break;
        case '$':
          out_ += multiline_ ? "(?:\\z|(?=\\x{A}))" : "(?:\\z)";
          operand = true;
          i++;
          break;
        case '.':
          out_ += AnyRune(dot_nl_);
          operand = true;
          i++;
          break;
        case '[':
          if (!Class(&i)) return std::move(*err_);
          operand = true;
          break;
        case '*':
        case '+':
        case '?':
        case '{': {
          size_t end = i + 1;
          if (c == '{') {
            int min, max;
            if (!ParseRepeat(i, &min, &max, &end)) {
              out_ += LiteralRune('{');  // no repeat: a literal, as in Go
              operand = true;
              i++;
              break;
            }
            if (min < 0 || min > 1000 || max > 1000 || (max >= 0 && min > max)) {
              return Fail("invalid repeat count", expr_.substr(i, end - i));
            }
          }
          if (end < expr_.size() && expr_[end] == '?') end++;
          if (last_repeat != std::string_view::npos) {
            return Fail("invalid nested repetition operator", expr_.substr(last_repeat, end - last_repeat));
          }
          if (!operand) return Fail("missing argument to repetition operator", expr_.substr(i, end - i));
          out_ += expr_.substr(i, end - i);
          is_repeat = true;
          i = end;
          break;
        }
        case '\\':
          if (!Escape(&i)) return std::move(*err_);
          operand = true;
          break;
        default: {
          const gocompat::DecodedRune d = gocompat::DecodeRune(expr_, i);
          if (gocompat::IsInvalid(d)) return Fail("invalid UTF-8", expr_.substr(i));
          out_ += LiteralRune(d.rune);
          operand = true;
          i += static_cast<size_t>(d.size);
        }
      }
      last_repeat = is_repeat ? start : std::string_view::npos;
    }
    if (err_) return std::move(*err_);
    if (depth > 0) return Fail("missing closing )", expr_);
    p.pattern = std::move(out_);
    return p;
  }

 private:
  // Records Go's compile error; false, for the bool-returning steps.
  bool Bad(std::string_view code, std::string_view arg) {
    err_ = absl::UnknownError(GoRegexpError(expr_, code, arg));
    return false;
  }
  absl::Status Fail(std::string_view code, std::string_view arg) {
    Bad(code, arg);
    return *err_;
  }

  bool BadUnsupported(std::string_view what) {
    err_ = absl::UnimplementedError(absl::StrCat(
        "regexp: Compile(", gocompat::Quote(expr_), "): ", AV(what), " is not supported by this engine"));
    return false;
  }
  absl::Status Unsupported(std::string_view what) {
    BadUnsupported(what);
    return *err_;
  }

  // A "(?" that is no group: Go's parsePerlFlags. What Go rejects fails as in Go; the flag
  // groups Go accepts are beyond this rewrite.
  absl::Status FlagGroup(std::string_view rest) {
    bool negated = false, saw_flag = false;
    for (size_t k = 2; k < rest.size(); k++) {
      char c = rest[k];
      if (c == 'i' || c == 'm' || c == 's' || c == 'U') {
        saw_flag = true;
      } else if (c == '-' && !negated) {
        negated = true;
        saw_flag = false;
      } else if ((c == ':' || c == ')') && (!negated || saw_flag)) {
        return Unsupported(absl::StrCat("the flag group `", AV(rest.substr(0, k + 1)),
                                        "` (only leading (?i), (?m) and (?s) are)"));
      } else {
        return Fail("invalid or unsupported Perl syntax", rest.substr(0, k + 1));
      }
    }
    return Fail("invalid or unsupported Perl syntax", rest);
  }

  // Leading (?i) (?m) (?s) groups, in any combination.
  size_t LeadingFlags() {
    size_t i = 0;
    while (expr_.substr(i).starts_with("(?")) {
      size_t j = i + 2;
      bool ic = icase_, ml = multiline_, dn = dot_nl_;
      for (; j < expr_.size() && expr_[j] != ')'; j++) {
        if (expr_[j] == 'i') {
          ic = true;
        } else if (expr_[j] == 'm') {
          ml = true;
        } else if (expr_[j] == 's') {
          dn = true;
        } else {
          return i;
        }
      }
      if (j >= expr_.size() || j == i + 2) return i;
      icase_ = ic;
      multiline_ = ml;
      dot_nl_ = dn;
      i = j + 1;
    }
    return i;
  }

  // parser.parseRepeat / parseInt: {n}, {n,}, {n,m}; max -1 for none, -1 for a huge count.
  bool ParseRepeat(size_t i, int* min, int* max, size_t* end) {
    auto parse_int = [&](size_t* k, int* n) {
      size_t s = *k;
      if (s >= expr_.size() || expr_[s] < '0' || expr_[s] > '9') return false;
      if (s + 1 < expr_.size() && expr_[s] == '0' && expr_[s + 1] >= '0' && expr_[s + 1] <= '9') {
        return false;  // leading zeros are not a count
      }
      *n = 0;
      for (; *k < expr_.size() && expr_[*k] >= '0' && expr_[*k] <= '9'; ++*k) {
        if (*n >= 100000000) {
          *n = -1;
          while (*k < expr_.size() && expr_[*k] >= '0' && expr_[*k] <= '9') ++*k;
          break;
        }
        *n = *n * 10 + (expr_[*k] - '0');
      }
      return true;
    };
    size_t k = i + 1;
    if (!parse_int(&k, min) || k >= expr_.size()) return false;
    if (expr_[k] != ',') {
      *max = *min;
    } else {
      k++;
      if (k >= expr_.size()) return false;
      if (expr_[k] == '}') {
        *max = -1;
      } else if (!parse_int(&k, max)) {
        return false;
      } else if (*max < 0) {
        *min = -1;
      }
    }
    if (k >= expr_.size() || expr_[k] != '}') return false;
    *end = k + 1;
    return true;
  }

  // parser.parseEscape: the escapes that stand for one rune. Returns false (error set) on a
  // bad one.
  bool RuneEscape(size_t* i, uint32_t* r) {
    size_t s = *i;  // at the backslash
    if (s + 1 >= expr_.size()) {
      return Bad("trailing backslash at end of expression", "");
    }
    char c = expr_[s + 1];
    size_t k = s + 2;
    auto bad = [&](size_t end) {
      return Bad("invalid escape sequence", expr_.substr(s, end - s));
    };
    if (static_cast<unsigned char>(c) < 0x80 && !IsAlnum(c)) {
      *r = static_cast<unsigned char>(c);
      *i = k;
      return true;
    }
    switch (c) {
      case '1': case '2': case '3': case '4': case '5': case '6': case '7':
        // One non-zero digit is a backreference, which RE2 does not have.
        if (k >= expr_.size() || expr_[k] < '0' || expr_[k] > '7') return bad(k);
        [[fallthrough]];
      case '0':
        *r = static_cast<uint32_t>(c - '0');
        for (int n = 1; n < 3 && k < expr_.size() && expr_[k] >= '0' && expr_[k] <= '7'; n++) {
          *r = *r * 8 + static_cast<uint32_t>(expr_[k++] - '0');
        }
        *i = k;
        return true;
      case 'x': {
        if (k >= expr_.size()) return bad(k);
        if (expr_[k] == '{') {
          k++;
          uint32_t v = 0;
          int digits = 0;
          for (;; k++) {
            if (k >= expr_.size()) return bad(k);
            if (expr_[k] == '}') break;
            int h = Unhex(expr_[k]);
            if (h < 0) return bad(k + 1);
            v = v * 16 + static_cast<uint32_t>(h);
            if (v > kMaxRune) return bad(k + 1);
            digits++;
          }
          if (digits == 0) return bad(k + 1);
          *r = v;
          *i = k + 1;
          return true;
        }
        int x = Unhex(expr_[k]);
        if (k + 1 >= expr_.size()) return bad(k + 1);
        int y = Unhex(expr_[k + 1]);
        if (x < 0 || y < 0) return bad(k + 2);
        *r = static_cast<uint32_t>(x * 16 + y);
        *i = k + 2;
        return true;
      }
      case 'a': *r = '\a'; *i = k; return true;
      case 'f': *r = '\f'; *i = k; return true;
      case 'n': *r = '\n'; *i = k; return true;
      case 'r': *r = '\r'; *i = k; return true;
      case 't': *r = '\t'; *i = k; return true;
      case 'v': *r = '\v'; *i = k; return true;
      default: {
        return bad(s + 1 + static_cast<size_t>(gocompat::DecodeRune(expr_, s + 1).size));
      }
    }
  }

  // A backslash outside a class.
  bool Escape(size_t* i) {
    size_t s = *i;
    char c = s + 1 < expr_.size() ? expr_[s + 1] : '\0';
    switch (c) {
      case 'A': out_ += "(?:\\A)"; *i += 2; return true;
      case 'z': out_ += "(?:\\z)"; *i += 2; return true;
      case 'b': out_ += WordBoundary(true); *i += 2; return true;
      case 'B': out_ += WordBoundary(false); *i += 2; return true;
      case 'Q': {
        size_t end = expr_.find("\\E", s + 2);
        std::string_view lit = expr_.substr(s + 2, end == std::string_view::npos ? std::string_view::npos : end - s - 2);
        for (size_t k = 0; k < lit.size();) {
          const gocompat::DecodedRune d = gocompat::DecodeRune(lit, k);
          out_ += LiteralRune(d.rune);
          k += static_cast<size_t>(d.size);
        }
        *i = end == std::string_view::npos ? expr_.size() : end + 2;
        return true;
      }
      case 'p':
      case 'P':
        return BadUnsupported("the Unicode class `" + std::string(expr_.substr(s, 2)) + "`");
      default: break;
    }
    if (auto set = PerlClass(c)) {
      out_ += set->Match(false);
      *i += 2;
      return true;
    }
    if (auto set = PerlClass(static_cast<char>(c | 0x20)); set && c >= 'A' && c <= 'Z') {
      out_ += set->Match(true);
      *i += 2;
      return true;
    }
    uint32_t r;
    if (!RuneEscape(i, &r)) return false;
    out_ += LiteralRune(r);
    return true;
  }

  // parser.parseClassChar: one rune of a class.
  bool ClassChar(size_t* i, size_t class_start, uint32_t* r) {
    if (*i >= expr_.size()) {
      return Bad("missing closing ]", expr_.substr(class_start));
    }
    if (expr_[*i] == '\\') return RuneEscape(i, r);
    const gocompat::DecodedRune d = gocompat::DecodeRune(expr_, *i);
    if (gocompat::IsInvalid(d)) return Bad("invalid UTF-8", expr_.substr(*i));
    *r = d.rune;
    *i += static_cast<size_t>(d.size);
    return true;
  }

  // parser.parseClass.
  bool Class(size_t* pos) {
    size_t class_start = *pos;
    size_t i = *pos + 1;
    bool negated = false;
    if (i < expr_.size() && expr_[i] == '^') {
      negated = true;
      i++;
    }
    RuneSet set;
    bool first = true;  // ']' and '-' are literals first in a class
    while (i >= expr_.size() || expr_[i] != ']' || first) {
      first = false;
      if (i + 2 < expr_.size() && expr_[i] == '[' && expr_[i + 1] == ':') {
        size_t close = expr_.find(":]", i + 2);
        if (close != std::string_view::npos) {
          std::string_view name = expr_.substr(i + 2, close - i - 2);
          bool neg = !name.empty() && name[0] == '^';
          auto group = PosixClass(neg ? name.substr(1) : name);
          if (!group) {
            return Bad("invalid character class range", expr_.substr(i, close + 2 - i));
          }
          neg ? set.AddNegated(*group) : set.Add(*group);
          i = close + 2;
          continue;
        }
      }
      if (i + 1 < expr_.size() && expr_[i] == '\\') {
        char c = expr_[i + 1];
        if (c == 'p' || c == 'P') {
          return BadUnsupported("the Unicode class `" + std::string(expr_.substr(i, 2)) + "`");
        }
        if (auto g = PerlClass(c)) {
          set.Add(*g);
          i += 2;
          continue;
        }
        if (auto g = PerlClass(static_cast<char>(c | 0x20)); g && c >= 'A' && c <= 'Z') {
          set.AddNegated(*g);
          i += 2;
          continue;
        }
      }
      size_t range_start = i;
      uint32_t lo, hi;
      if (!ClassChar(&i, class_start, &lo)) return false;
      hi = lo;
      if (i + 1 < expr_.size() && expr_[i] == '-' && expr_[i + 1] != ']') {
        i++;
        if (!ClassChar(&i, class_start, &hi)) return false;
        if (hi < lo) {
          return Bad("invalid character class range", expr_.substr(range_start, i - range_start));
        }
      }
      set.Add(lo, hi);
    }
    out_ += set.Match(negated);
    *pos = i + 1;
    return true;
  }

  std::string_view expr_;
  std::string out_;
  bool icase_ = false, multiline_ = false, dot_nl_ = false;
  std::optional<absl::Status> err_;
};

}  // namespace

absl::StatusOr<BoostPattern> TranslateGoRegexp(std::string_view expr) {
  return Translator(expr).Run();
}

}  // namespace tmpl::sprig
