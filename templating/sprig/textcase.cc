// Sprig's case and word functions, which it takes from two libraries with rules of their
// own: huandu/xstrings v1.3.3 (camelcase, snakecase, kebabcase, shuffle) and
// Masterminds/goutils v1.1.1 (swapcase, untitle, initials, nospace). Their quirks are kept:
// initials and nospace walk bytes, not runes, so a non-ASCII byte is read as a Latin-1 rune.
#include <random>
#include <string>
#include <vector>

#include "gocompat/unicode.h"
#include "gocompat/utf8.h"
#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"

namespace templating::sprig {
namespace {

using gocompat::AppendRune;
using gocompat::DecodeRuneInString;
using gocompat::kRuneError;

// xstrings' isConnector.
bool IsConnector(char32_t r) { return r == '-' || r == '_' || gocompat::IsSpace(r); }

// xstrings' isAlphabet: a letter that is not a CJK ideograph.
bool IsAlphabet(char32_t r) {
  if (!gocompat::IsLetter(r)) return false;
  if (r < 0x3400) return true;
  if (r >= 0x4E00 && r <= 0x9FCC) return false;
  if (r >= 0x3400 && r <= 0x4D85) return false;
  if (r >= 0x20000 && r <= 0x2B81D) return false;
  return true;
}

// xstrings.ToCamelCase.
std::string ToCamelCase(std::string_view str) {
  if (str.empty()) return "";
  std::string buf;
  char32_t r0 = 0, r1 = 0;
  int size = 0;
  while (!str.empty()) {
    auto d = DecodeRuneInString(str);
    r0 = d.rune;
    size = d.size;
    str.remove_prefix(static_cast<size_t>(size));
    if (!IsConnector(r0)) {
      r0 = gocompat::ToUpper(r0);
      break;
    }
    AppendRune(buf, r0);
  }
  if (str.empty()) {
    if (size != 0) AppendRune(buf, r0);
    return buf;
  }
  while (!str.empty()) {
    r1 = r0;
    auto d = DecodeRuneInString(str);
    r0 = d.rune;
    str.remove_prefix(static_cast<size_t>(d.size));
    if (IsConnector(r0) && IsConnector(r1)) {
      AppendRune(buf, r1);
      continue;
    }
    if (IsConnector(r1)) {
      r0 = gocompat::ToUpper(r0);
    } else {
      r0 = gocompat::ToLower(r0);
      AppendRune(buf, r1);
    }
  }
  AppendRune(buf, r0);
  return buf;
}

enum class Word { kInvalid, kNumber, kUpper, kAlphabet, kConnector, kPunct, kOther };

struct Rune {
  char32_t r;
  size_t size;
};

// xstrings' nextValidRune: skips RuneErrors (counting their bytes); prev when none is left.
Rune NextValidRune(std::string_view s, char32_t prev) {
  size_t size = 0;
  while (!s.empty()) {
    auto d = DecodeRuneInString(s);
    size += static_cast<size_t>(d.size);
    if (d.rune != kRuneError) return {d.rune, size};
    s.remove_prefix(static_cast<size_t>(d.size));
  }
  return {prev, size};
}

struct NextWordResult {
  Word wt = Word::kInvalid;
  std::string_view word, remaining;
};

// xstrings' nextWord.
NextWordResult NextWord(std::string_view str) {
  NextWordResult out;
  if (str.empty()) return out;
  size_t offset = 0;
  std::string_view remaining = str;
  Rune r = NextValidRune(remaining, kRuneError);
  offset += r.size;
  if (r.r == kRuneError) {
    out.wt = Word::kInvalid;
    out.word = str.substr(0, offset);
    out.remaining = str.substr(offset);
    return out;
  }
  auto advance_while = [&](auto pred) {
    while (!remaining.empty()) {
      r = NextValidRune(remaining, r.r);
      if (!pred(r)) break;
      offset += r.size;
      remaining.remove_prefix(r.size);
    }
  };
  if (IsConnector(r.r)) {
    out.wt = Word::kConnector;
    remaining.remove_prefix(r.size);
    advance_while([](Rune x) { return IsConnector(x.r); });
  } else if (gocompat::IsPunct(r.r)) {
    out.wt = Word::kPunct;
    remaining.remove_prefix(r.size);
    advance_while([](Rune x) { return gocompat::IsPunct(x.r); });
  } else if (gocompat::IsUpper(r.r)) {
    out.wt = Word::kUpper;
    remaining.remove_prefix(r.size);
    if (!remaining.empty()) {
      r = NextValidRune(remaining, r.r);
      if (gocompat::IsUpper(r.r)) {
        size_t prev_size = r.size;
        offset += r.size;
        remaining.remove_prefix(r.size);
        while (!remaining.empty()) {
          r = NextValidRune(remaining, r.r);
          if (!gocompat::IsUpper(r.r)) break;
          prev_size = r.size;
          offset += r.size;
          remaining.remove_prefix(r.size);
        }
        if (!remaining.empty() && IsAlphabet(r.r)) {
          offset -= prev_size;
          remaining = str.substr(offset);
        }
      } else if (IsAlphabet(r.r)) {
        offset += r.size;
        remaining.remove_prefix(r.size);
        advance_while([](Rune x) { return IsAlphabet(x.r) && !gocompat::IsUpper(x.r); });
      }
    }
  } else if (IsAlphabet(r.r)) {
    out.wt = Word::kAlphabet;
    remaining.remove_prefix(r.size);
    advance_while([](Rune x) { return IsAlphabet(x.r) && !gocompat::IsUpper(x.r); });
  } else if (gocompat::IsNumber(r.r)) {
    out.wt = Word::kNumber;
    remaining.remove_prefix(r.size);
    advance_while([](Rune x) { return gocompat::IsNumber(x.r); });
  } else {
    out.wt = Word::kOther;
    remaining.remove_prefix(r.size);
    advance_while([](Rune x) {
      return !(x.size == 0 || IsConnector(x.r) || IsAlphabet(x.r) || gocompat::IsNumber(x.r) ||
               gocompat::IsPunct(x.r));
    });
  }
  out.word = str.substr(0, offset);
  out.remaining = remaining;
  return out;
}

// xstrings' toLower.
void ToLowerWord(std::string& buf, Word wt, std::string_view str, char32_t connector) {
  if (wt != Word::kUpper && wt != Word::kConnector) {
    buf.append(str);
    return;
  }
  while (!str.empty()) {
    auto d = DecodeRuneInString(str);
    str.remove_prefix(static_cast<size_t>(d.size));
    if (IsConnector(d.rune)) {
      AppendRune(buf, connector);
    } else if (gocompat::IsUpper(d.rune)) {
      AppendRune(buf, gocompat::ToLower(d.rune));
    } else {
      AppendRune(buf, d.rune);
    }
  }
}

// xstrings' camelCaseToLowerCase (ToSnakeCase, ToKebabCase).
std::string CamelCaseToLowerCase(std::string_view str, char32_t connector) {
  if (str.empty()) return "";
  std::string buf;
  NextWordResult w = NextWord(str);
  while (!w.remaining.empty()) {
    if (w.wt != Word::kConnector) ToLowerWord(buf, w.wt, w.word, connector);
    Word prev = w.wt;
    std::string_view last = w.word;
    w = NextWord(w.remaining);
    switch (prev) {
      case Word::kNumber:
        while (w.wt == Word::kAlphabet || w.wt == Word::kNumber) {
          ToLowerWord(buf, w.wt, w.word, connector);
          w = NextWord(w.remaining);
        }
        if (w.wt != Word::kInvalid && w.wt != Word::kPunct && w.wt != Word::kConnector) {
          AppendRune(buf, connector);
        }
        break;
      case Word::kConnector: ToLowerWord(buf, prev, last, connector); break;
      case Word::kPunct: break;
      default: {
        if (w.wt != Word::kNumber) {
          if (w.wt != Word::kConnector && w.wt != Word::kPunct) AppendRune(buf, connector);
          break;
        }
        if (w.remaining.empty()) break;
        std::string_view last2 = w.word;
        w = NextWord(w.remaining);
        if (w.wt != Word::kAlphabet) {
          ToLowerWord(buf, Word::kNumber, last2, connector);
          if (w.wt != Word::kConnector && w.wt != Word::kPunct) AppendRune(buf, connector);
          break;
        }
        AppendRune(buf, connector);
        ToLowerWord(buf, Word::kNumber, last2, connector);
        while (w.wt == Word::kAlphabet || w.wt == Word::kNumber) {
          ToLowerWord(buf, w.wt, w.word, connector);
          w = NextWord(w.remaining);
        }
        if (w.wt != Word::kInvalid && w.wt != Word::kConnector && w.wt != Word::kPunct) {
          AppendRune(buf, connector);
        }
      }
    }
  }
  ToLowerWord(buf, w.wt, w.word, connector);
  return buf;
}

// []rune(s): an invalid byte is one U+FFFD.
std::vector<char32_t> Runes(std::string_view s) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < s.size();) {
    auto d = gocompat::DecodeRune(s, i);
    out.push_back(d.rune);
    i += static_cast<size_t>(d.size);
  }
  return out;
}

std::string FromRunes(const std::vector<char32_t>& rs) {
  std::string out;
  for (char32_t r : rs) AppendRune(out, r);
  return out;
}

// goutils.SwapCase.
std::string SwapCase(std::string_view str) {
  if (str.empty()) return "";
  std::vector<char32_t> b = Runes(str);
  bool whitespace = true;
  for (char32_t& ch : b) {
    if (gocompat::IsUpper(ch) || gocompat::IsTitle(ch)) {
      ch = gocompat::ToLower(ch);
      whitespace = false;
    } else if (gocompat::IsLower(ch)) {
      if (whitespace) {
        ch = gocompat::ToTitle(ch);
        whitespace = false;
      } else {
        ch = gocompat::ToUpper(ch);
      }
    } else {
      whitespace = gocompat::IsSpace(ch);
    }
  }
  return FromRunes(b);
}

// goutils.Uncapitalize with whitespace delimiters.
std::string Untitle(std::string_view str) {
  if (str.empty()) return "";
  std::vector<char32_t> b = Runes(str);
  bool next = true;
  for (char32_t& ch : b) {
    if (gocompat::IsSpace(ch)) {
      next = true;
    } else if (next) {
      ch = gocompat::ToLower(ch);
      next = false;
    }
  }
  return FromRunes(b);
}

// goutils.Initials: bytes read as runes (so é's first byte comes out as Ã).
std::string Initials(std::string_view str) {
  std::string out;
  bool gap = true;
  for (unsigned char c : str) {
    if (gocompat::IsSpace(c)) {
      gap = true;
    } else if (gap) {
      AppendRune(out, c);
      gap = false;
    }
  }
  return out;
}

// goutils.DeleteWhiteSpace: bytes read as runes; unchanged when nothing was deleted,
// otherwise every byte kept is written back as a rune.
std::string DeleteWhiteSpace(std::string_view str) {
  std::string out;
  size_t count = 0;
  for (unsigned char c : str) {
    if (!gocompat::IsSpace(c)) {
      AppendRune(out, c);
      count++;
    }
  }
  if (count == str.size()) return std::string(str);
  return out;
}

// xstrings.Shuffle: a random permutation of the runes (Go's math/rand; any source will do,
// the order is random in Go too).
std::string Shuffle(std::string_view str) {
  if (str.empty()) return "";
  std::vector<char32_t> b = Runes(str);
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  for (size_t i = b.size() - 1; i > 0; i--) {
    size_t j = std::uniform_int_distribution<size_t>(0, i)(rng);
    std::swap(b[i], b[j]);
  }
  return FromRunes(b);
}


}  // namespace

void AddTextCaseFuncs(FuncMap& m) {
  m["camelcase"] = StringFn(ToCamelCase);
  m["snakecase"] = StringFn([](std::string_view s) { return CamelCaseToLowerCase(s, '_'); });
  m["kebabcase"] = StringFn([](std::string_view s) { return CamelCaseToLowerCase(s, '-'); });
  m["swapcase"] = StringFn(SwapCase);
  m["untitle"] = StringFn(Untitle);
  m["initials"] = StringFn(Initials);
  m["nospace"] = StringFn(DeleteWhiteSpace);
  m["shuffle"] = StringFn(Shuffle);
}

}  // namespace templating::sprig
