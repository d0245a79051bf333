// encoding/json.Unmarshal into interface{} (or []interface{}), as Go 1.19 does it, for
// fromJson, mustFromJson and fromJsonArray: Go's syntax errors word for word ("invalid
// character 'x' looking for beginning of value"), numbers as float64, invalid UTF-8 and
// lone surrogates in strings read as U+FFFD rather than refused.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gocompat/strconv.h"
#include "gocompat/utf8.h"
#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"

namespace templating::sprig {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// encoding/json's quoteChar.
std::string QuoteChar(unsigned char c) {
  if (c == '\'') return "'\\''";
  if (c == '"') return "'\"'";
  std::string rune;
  gocompat::AppendRune(rune, c);
  std::string q = gocompat::Quote(rune);  // always at least the two quotes
  q.front() = '\'';
  q.back() = '\'';
  return q;
}

// Go's scanner (encoding/json/scanner.go) as a recursive checker: the same error for the
// same first bad byte.
class Checker {
 public:
  explicit Checker(std::string_view s) : s_(s) {}

  absl::Status Check() {
    SkipSpace();
    if (!Value(0)) return err_;
    SkipSpace();
    if (i_ < s_.size()) {
      Bad("after top-level value");
      return err_;
    }
    return absl::OkStatus();
  }

 private:
  bool Eof() {
    err_ = absl::InvalidArgumentError("unexpected end of JSON input");
    return false;
  }
  // At the end of the input Go's scanner steps once more with a space: where a space does
  // not fit either, the error names it.
  bool Bad(std::string_view context) {
    unsigned char c = i_ < s_.size() ? static_cast<unsigned char>(s_[i_]) : ' ';
    err_ = absl::InvalidArgumentError(absl::StrCat("invalid character ", QuoteChar(c), " ", AV(context)));
    return false;
  }
  void SkipSpace() {
    while (i_ < s_.size() && IsSpace(s_[i_])) i_++;
  }
  bool Literal(std::string_view word) {
    for (size_t k = 1; k < word.size(); k++) {
      i_++;
      if (i_ >= s_.size() || s_[i_] != word[k]) {
        return Bad(absl::StrCat("in literal ", AV(word), " (expecting ", QuoteChar(static_cast<unsigned char>(word[k])), ")"));
      }
    }
    i_++;
    return true;
  }
  bool String() {
    i_++;  // the opening quote
    while (true) {
      if (i_ >= s_.size()) return Eof();
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        i_++;
        return true;
      }
      if (c < 0x20) return Bad("in string literal");
      if (c == '\\') {
        i_++;
        if (i_ >= s_.size()) return Bad("in string escape code");
        char e = s_[i_];
        if (e == 'u') {
          for (int k = 0; k < 4; k++) {
            i_++;
            if (i_ >= s_.size() || !IsHex(s_[i_])) return Bad("in \\u hexadecimal character escape");
          }
        } else if (std::string_view("bfnrt\\/\"").find(e) == std::string_view::npos) {
          return Bad("in string escape code");
        }
      }
      i_++;
    }
  }
  bool Number() {
    if (s_[i_] == '-') {
      i_++;
      if (i_ >= s_.size() || !IsDigit(s_[i_])) return Bad("in numeric literal");
    }
    if (s_[i_] == '0') {
      i_++;
    } else {
      while (i_ < s_.size() && IsDigit(s_[i_])) i_++;
    }
    if (i_ < s_.size() && s_[i_] == '.') {
      i_++;
      if (i_ >= s_.size() || !IsDigit(s_[i_])) return Bad("after decimal point in numeric literal");
      while (i_ < s_.size() && IsDigit(s_[i_])) i_++;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      i_++;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) i_++;
      if (i_ >= s_.size() || !IsDigit(s_[i_])) return Bad("in exponent of numeric literal");
      while (i_ < s_.size() && IsDigit(s_[i_])) i_++;
    }
    return true;
  }
  enum class Next { kMore, kDone, kError };
  // After a member or element: a comma (more follow) or the closing bracket.
  Next AfterElement(char close, std::string_view context) {
    SkipSpace();
    if (i_ >= s_.size()) return Eof() ? Next::kDone : Next::kError;
    if (s_[i_] == ',' || s_[i_] == close) {
      i_++;
      return s_[i_ - 1] == ',' ? Next::kMore : Next::kDone;
    }
    Bad(context);
    return Next::kError;
  }

  // depth: the containers around this value.
  bool Value(int depth) {
    SkipSpace();
    if (i_ >= s_.size()) return Eof();
    char c = s_[i_];
    if ((c == '{' || c == '[') && depth + 1 > 10000) return Bad("exceeded max depth");
    switch (c) {
      case '{': {
        i_++;
        SkipSpace();
        if (i_ < s_.size() && s_[i_] == '}') {
          i_++;
          return true;
        }
        while (true) {
          SkipSpace();
          if (i_ >= s_.size()) return Eof();
          if (s_[i_] != '"') return Bad("looking for beginning of object key string");
          if (!String()) return false;
          SkipSpace();
          if (i_ >= s_.size()) return Eof();
          if (s_[i_] != ':') return Bad("after object key");
          i_++;
          if (!Value(depth + 1)) return false;
          Next n = AfterElement('}', "after object key:value pair");
          if (n != Next::kMore) return n == Next::kDone;
        }
      }
      case '[': {
        i_++;
        SkipSpace();
        if (i_ < s_.size() && s_[i_] == ']') {
          i_++;
          return true;
        }
        while (true) {
          if (!Value(depth + 1)) return false;
          Next n = AfterElement(']', "after array element");
          if (n != Next::kMore) return n == Next::kDone;
        }
      }
      case '"': return String();
      case 't': return Literal("true");
      case 'f': return Literal("false");
      case 'n': return Literal("null");
      default:
        if (c == '-' || IsDigit(c)) return Number();
        return Bad("looking for beginning of value");
    }
  }

  std::string_view s_;
  size_t i_ = 0;
  absl::Status err_;
};

// Decodes valid JSON (Checker passed) into Values, as decode.go's interface{} paths do.
class Decoder {
 public:
  explicit Decoder(std::string_view s) : s_(s) {}
  // Iterative: the containers being filled are on the heap, so Go's 10,000 levels (the
  // Checker's limit) need no deep stack (a recursive decoder overflowed 8 MB under ASan).
  templating::Value Value() {
    std::vector<Open> open;  // innermost last
    for (;;) {
      SkipSpace();
      if (!open.empty()) {
        char c = s_[i_];
        if (c == ',') {
          i_++;
          continue;
        }
        if (c == '}' || c == ']') {
          i_++;
          Open done = std::move(open.back());
          open.pop_back();
          templating::Value v = done.is_map ? templating::Value(std::move(done.m)) : templating::Value(std::move(done.l));
          if (open.empty()) return v;
          Add(open.back(), std::move(v));
          continue;
        }
        if (open.back().is_map) {
          open.back().key = String();
          SkipSpace();
          i_++;  // ':'
          SkipSpace();
        }
      }
      char c = s_[i_];
      if (c == '{' || c == '[') {
        i_++;
        open.push_back(Open{c == '{', {}, {}, {}});
        continue;
      }
      templating::Value v = Scalar();
      if (open.empty()) return v;
      Add(open.back(), std::move(v));
    }
  }

 private:
  struct Open {
    bool is_map;
    Map m;
    List l;
    std::string key;
  };
  static void Add(Open& o, templating::Value v) {
    if (o.is_map) {
      o.m[o.key] = std::move(v);  // the last duplicate wins
    } else {
      o.l.push_back(std::move(v));
    }
  }
  templating::Value Scalar() {
    switch (s_[i_]) {
      case '"': return templating::Value(String());
      case 't': i_ += 4; return templating::Value(true);
      case 'f': i_ += 5; return templating::Value(false);
      case 'n': i_ += 4; return templating::Value::Nil();
      default: {
        size_t start = i_;
        while (i_ < s_.size() && (IsDigit(s_[i_]) || std::string_view("-+.eE").find(s_[i_]) != std::string_view::npos)) i_++;
        std::string_view num = s_.substr(start, i_ - start);
        auto f = gocompat::ParseFloat(num, 64);
        if (!f.ok()) {
          if (err_.ok()) {
            err_ = absl::InvalidArgumentError(absl::StrCat("json: cannot unmarshal number ", AV(num),
                                                           " into Go value of type float64"));
          }
          return templating::Value::Nil();
        }
        return templating::Value(*f);
      }
    }
  }

 public:
  const absl::Status& err() const { return err_; }

 private:
  void SkipSpace() {
    while (i_ < s_.size() && IsSpace(s_[i_])) i_++;
  }
  static int Hex4(std::string_view h) {
    int v = 0;
    for (char c : h) {
      v <<= 4;
      v |= IsDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
    }
    return v;
  }
  // decode.go's unquote.
  std::string String() {
    i_++;
    std::string out;
    while (s_[i_] != '"') {
      char c = s_[i_];
      if (c == '\\') {
        char e = s_[i_ + 1];
        i_ += 2;
        switch (e) {
          case 'b': out.push_back('\b'); break;
          case 'f': out.push_back('\f'); break;
          case 'n': out.push_back('\n'); break;
          case 'r': out.push_back('\r'); break;
          case 't': out.push_back('\t'); break;
          case 'u': {
            char32_t r = static_cast<char32_t>(Hex4(s_.substr(i_, 4)));
            i_ += 4;
            if (r >= 0xD800 && r < 0xE000) {
              // A surrogate: a valid pair makes one rune, anything else is U+FFFD.
              if (r < 0xDC00 && s_.substr(i_, 2) == "\\u") {
                char32_t r2 = static_cast<char32_t>(Hex4(s_.substr(i_ + 2, 4)));
                if (r2 >= 0xDC00 && r2 < 0xE000) {
                  i_ += 6;
                  gocompat::AppendRune(out, 0x10000 + ((r - 0xD800) << 10) + (r2 - 0xDC00));
                  break;
                }
              }
              r = gocompat::kRuneError;
            }
            gocompat::AppendRune(out, r);
            break;
          }
          default: out.push_back(e);  // \\ \/ \"
        }
        continue;
      }
      gocompat::DecodedRune d = gocompat::DecodeRune(s_, i_);
      if (gocompat::IsInvalid(d)) {
        gocompat::AppendRune(out, gocompat::kRuneError);
      } else {
        out.append(s_.substr(i_, static_cast<size_t>(d.size)));
      }
      i_ += static_cast<size_t>(d.size);
    }
    i_++;
    return out;
  }

  std::string_view s_;
  size_t i_ = 0;
  absl::Status err_;
};

}  // namespace

GoDecoded GoJsonUnmarshal(std::string_view text, bool into_slice) {
  GoDecoded out;
  if (absl::Status st = Checker(text).Check(); !st.ok()) {
    out.err = st;
    return out;
  }
  if (into_slice) {
    // Unmarshal into []interface{}: null makes a nil slice; anything but an array is a type
    // error (and the slice stays as it was).
    size_t i = text.find_first_not_of(" \t\r\n");
    char c = text[i];
    if (c == 'n') {
      out.value = Value::NilList();
      return out;
    }
    if (c != '[') {
      std::string_view what = c == '{' ? "object" : c == '"' ? "string" : (c == 't' || c == 'f') ? "bool" : "number";
      out.err = absl::InvalidArgumentError(
          absl::StrCat("json: cannot unmarshal ", AV(what), " into Go value of type []interface {}"));
      out.value = Value(List{});
      return out;
    }
  }
  Decoder d(text);
  out.value = d.Value();
  out.err = d.err();
  return out;
}

}  // namespace templating::sprig
