// Go's strconv (Go 1.19): quoting as %q and the kubelet's label files print it, the
// number parsers with Go's syntax (base prefixes, underscores) and error texts, and float
// formatting with Go's shortest round-trip digits.
//
// Errors are Go's *NumError as a Status, message and all: InvalidArgument for ErrSyntax,
// an invalid base or bit size (`strconv.ParseInt: parsing "x": invalid syntax`),
// OutOfRange for ErrRange (`strconv.ParseInt: parsing "9e99": value out of range`).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace gocompat {

// strconv.Quote: printable runes (IsPrint) kept, `"` and `\` backslashed, \a \b \f \n \r
// \t \v, other ASCII controls and DEL as \xNN, other unprintable runes as \uNNNN or
// \UNNNNNNNN, each byte of invalid UTF-8 as \xNN.
std::string Quote(std::string_view s);
void AppendQuote(std::string& out, std::string_view s);
// strconv.QuoteToASCII: as Quote, with every non-ASCII rune escaped too.
std::string QuoteToASCII(std::string_view s);
void AppendQuoteToASCII(std::string& out, std::string_view s);
// strconv.QuoteRune: a rune literal ('a', '\n', '\''); an invalid rune is quoted as U+FFFD.
std::string QuoteRune(char32_t r);
void AppendQuoteRune(std::string& out, char32_t r);
std::string QuoteRuneToASCII(char32_t r);
void AppendQuoteRuneToASCII(std::string& out, char32_t r);
// strconv.CanBackquote: s fits a `raw` literal unchanged (no controls but tab, no
// backquote, no BOM, valid UTF-8).
bool CanBackquote(std::string_view s);

// strconv.Unquote of a "...", '...' or `...` literal; the error is ErrSyntax's text,
// "invalid syntax".
absl::StatusOr<std::string> Unquote(std::string_view s);
// strconv.UnquoteChar: the first character of s, the body of a literal quoted by `quote`
// (a `"` or `'` unescaped ends the literal, so is an error here).
struct UnquotedChar {
  char32_t value;
  bool multibyte;  // value is a rune to encode as UTF-8, not a single byte (\x, octal)
  std::string_view tail;
};
absl::StatusOr<UnquotedChar> UnquoteChar(std::string_view s, char quote);

// strconv.ParseInt / ParseUint: base 0 reads Go's prefixes (0b 0o 0x, and 0 for octal) and
// allows underscores between digits; base 2..36 otherwise. bit_size 0 means 64.
absl::StatusOr<int64_t> ParseInt(std::string_view s, int base, int bit_size);
absl::StatusOr<uint64_t> ParseUint(std::string_view s, int base, int bit_size);
// strconv.ParseFloat (bit_size 32 or 64): decimal and hex (0x1.8p3) forms with
// underscores, "inf"/"infinity"/"nan" in any case, correctly rounded; an underflow is 0,
// an overflow an OutOfRange error.
absl::StatusOr<double> ParseFloat(std::string_view s, int bit_size);

// strconv.FormatFloat: fmt is one of b e E f g G x X; prec -1 gives the fewest digits that
// read back as the same float (of bit_size 32 or 64).
std::string FormatFloat(double v, char fmt, int prec, int bit_size);
// strconv.FormatInt / FormatUint for base 2..36 (lower-case digits).
std::string FormatInt(int64_t v, int base);
std::string FormatUint(uint64_t v, int base);

}  // namespace gocompat
