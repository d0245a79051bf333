// strconv/quote.go: Quote and its variants, CanBackquote, Unquote, UnquoteChar.
#include <string>

#include "gocompat/strconv.h"
#include "gocompat/unicode.h"
#include "gocompat/utf8.h"

namespace gocompat {
namespace {

constexpr char kLowerHex[] = "0123456789abcdef";

void AppendHex(std::string& out, uint32_t v, int digits) {
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
    out.push_back(kLowerHex[(v >> shift) & 0xF]);
}

// quote.go appendEscapedRune.
void AppendEscapedRune(std::string& out, char32_t r, char quote, bool ascii_only) {
  if (r == static_cast<char32_t>(quote) || r == '\\') {  // always backslashed
    out.push_back('\\');
    out.push_back(static_cast<char>(r));
    return;
  }
  if (ascii_only) {
    if (r < kRuneSelf && IsPrint(r)) {
      out.push_back(static_cast<char>(r));
      return;
    }
  } else if (IsPrint(r)) {
    AppendRune(out, r);
    return;
  }
  switch (r) {
    case '\a': out += "\\a"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    case '\v': out += "\\v"; return;
    default: break;
  }
  if (r < ' ' || r == 0x7F) {
    out += "\\x";
    AppendHex(out, r, 2);
    return;
  }
  if (!ValidRune(r)) r = kRuneError;
  if (r < 0x10000) {
    out += "\\u";
    AppendHex(out, r, 4);
  } else {
    out += "\\U";
    AppendHex(out, r, 8);
  }
}

// quote.go appendQuotedWith: an invalid byte is \xNN; a real U+FFFD is a rune like others.
void AppendQuotedWith(std::string& out, std::string_view s, char quote, bool ascii_only) {
  out.reserve(out.size() + s.size() + 2);
  out.push_back(quote);
  while (!s.empty()) {
    DecodedRune d{static_cast<unsigned char>(s[0]), 1};
    if (d.rune >= kRuneSelf) d = DecodeRuneInString(s);
    if (IsInvalid(d)) {
      out += "\\x";
      AppendHex(out, static_cast<unsigned char>(s[0]), 2);
    } else {
      AppendEscapedRune(out, d.rune, quote, ascii_only);
    }
    s.remove_prefix(static_cast<size_t>(d.size));
  }
  out.push_back(quote);
}

// quote.go appendQuotedRuneWith.
void AppendQuotedRuneWith(std::string& out, char32_t r, char quote, bool ascii_only) {
  out.push_back(quote);
  AppendEscapedRune(out, ValidRune(r) ? r : kRuneError, quote, ascii_only);
  out.push_back(quote);
}

absl::Status SyntaxError() { return absl::InvalidArgumentError("invalid syntax"); }

int Unhex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

// strconv/quote.go Quote.
std::string Quote(std::string_view s) {
  std::string out;
  AppendQuote(out, s);
  return out;
}
// strconv/quote.go AppendQuote.
void AppendQuote(std::string& out, std::string_view s) { AppendQuotedWith(out, s, '"', false); }
// strconv/quote.go QuoteToASCII.
std::string QuoteToASCII(std::string_view s) {
  std::string out;
  AppendQuoteToASCII(out, s);
  return out;
}
// strconv/quote.go AppendQuoteToASCII.
void AppendQuoteToASCII(std::string& out, std::string_view s) {
  AppendQuotedWith(out, s, '"', true);
}
// strconv/quote.go QuoteRune.
std::string QuoteRune(char32_t r) {
  std::string out;
  AppendQuoteRune(out, r);
  return out;
}
// strconv/quote.go AppendQuoteRune.
void AppendQuoteRune(std::string& out, char32_t r) { AppendQuotedRuneWith(out, r, '\'', false); }
// strconv/quote.go QuoteRuneToASCII.
std::string QuoteRuneToASCII(char32_t r) {
  std::string out;
  AppendQuoteRuneToASCII(out, r);
  return out;
}
// strconv/quote.go AppendQuoteRuneToASCII.
void AppendQuoteRuneToASCII(std::string& out, char32_t r) {
  AppendQuotedRuneWith(out, r, '\'', true);
}

// strconv/quote.go CanBackquote.
bool CanBackquote(std::string_view s) {
  while (!s.empty()) {
    const DecodedRune d = DecodeRuneInString(s);
    s.remove_prefix(static_cast<size_t>(d.size));
    if (d.size > 1) {
      if (d.rune == 0xFEFF) return false;  // BOMs are invisible
      continue;
    }
    if (d.rune == kRuneError) return false;
    if ((d.rune < ' ' && d.rune != '\t') || d.rune == '`' || d.rune == 0x7F) return false;
  }
  return true;
}

// strconv/quote.go UnquoteChar.
absl::StatusOr<UnquotedChar> UnquoteChar(std::string_view s, char quote) {
  if (s.empty()) return SyntaxError();
  const auto c = static_cast<unsigned char>(s[0]);
  if (c == static_cast<unsigned char>(quote) && (quote == '\'' || quote == '"'))
    return SyntaxError();
  if (c >= kRuneSelf) {
    const DecodedRune d = DecodeRuneInString(s);
    return UnquotedChar{d.rune, true, s.substr(static_cast<size_t>(d.size))};
  }
  if (c != '\\') return UnquotedChar{c, false, s.substr(1)};
  if (s.size() <= 1) return SyntaxError();
  const char e = s[1];
  s.remove_prefix(2);
  UnquotedChar out{0, false, {}};
  switch (e) {
    case 'a': out.value = '\a'; break;
    case 'b': out.value = '\b'; break;
    case 'f': out.value = '\f'; break;
    case 'n': out.value = '\n'; break;
    case 'r': out.value = '\r'; break;
    case 't': out.value = '\t'; break;
    case 'v': out.value = '\v'; break;
    case 'x':
    case 'u':
    case 'U': {
      const size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
      if (s.size() < n) return SyntaxError();
      char32_t v = 0;
      for (size_t j = 0; j < n; ++j) {
        const int x = Unhex(s[j]);
        if (x < 0) return SyntaxError();
        v = (v << 4) | static_cast<char32_t>(x);
      }
      s.remove_prefix(n);
      if (e == 'x') {  // a single byte, possibly not UTF-8
        out.value = v;
        break;
      }
      if (!ValidRune(v)) return SyntaxError();
      out.value = v;
      out.multibyte = true;
      break;
    }
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7': {
      char32_t v = static_cast<char32_t>(e - '0');
      if (s.size() < 2) return SyntaxError();
      for (size_t j = 0; j < 2; ++j) {  // one digit already; two more
        const int x = s[j] - '0';
        if (x < 0 || x > 7) return SyntaxError();
        v = (v << 3) | static_cast<char32_t>(x);
      }
      s.remove_prefix(2);
      if (v > 255) return SyntaxError();
      out.value = v;
      break;
    }
    case '\\': out.value = '\\'; break;
    case '\'':
    case '"':
      if (e != quote) return SyntaxError();
      out.value = static_cast<char32_t>(e);
      break;
    default: return SyntaxError();
  }
  out.tail = s;
  return out;
}

// strconv/quote.go Unquote (its unquote(in, true), whose remainder must be empty).
absl::StatusOr<std::string> Unquote(std::string_view in) {
  if (in.size() < 2) return SyntaxError();
  const char quote = in[0];
  const size_t close = in.find(quote, 1);
  if (close == std::string_view::npos) return SyntaxError();
  const size_t end = close + 1;  // after the first closing quote; wrong if it was escaped
  if (quote == '`') {
    if (end != in.size()) return SyntaxError();
    std::string out;
    for (char c : in.substr(1, end - 2)) {
      if (c != '\r') out.push_back(c);  // raw literals drop carriage returns
    }
    return out;
  }
  if (quote != '"' && quote != '\'') return SyntaxError();
  const std::string_view first = in.substr(0, end);
  if (first.find('\\') == std::string_view::npos && first.find('\n') == std::string_view::npos) {
    const std::string_view body = first.substr(1, end - 2);
    bool valid;
    if (quote == '"') {
      valid = ValidString(body);
    } else {
      const DecodedRune d = DecodeRuneInString(body);
      valid = static_cast<size_t>(d.size) + 2 == end && !IsInvalid(d);
    }
    if (valid) {
      if (end != in.size()) return SyntaxError();
      return std::string(body);
    }
  }
  std::string out;
  std::string_view s = in.substr(1);
  while (!s.empty() && s[0] != quote) {
    const bool newline = s[0] == '\n';
    absl::StatusOr<UnquotedChar> c = UnquoteChar(s, quote);
    if (newline || !c.ok()) return SyntaxError();
    s = c->tail;
    if (c->value < kRuneSelf || !c->multibyte) {
      out.push_back(static_cast<char>(c->value));
    } else {
      AppendRune(out, c->value);
    }
    if (quote == '\'') break;  // a rune literal holds one character
  }
  if (s.empty() || s[0] != quote) return SyntaxError();
  if (s.size() != 1) return SyntaxError();
  return out;
}

}  // namespace gocompat
