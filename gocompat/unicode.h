// Go's unicode package (and strconv.IsPrint): which runes Go calls letters, digits,
// spaces or printable, and its simple case mappings. Answers come from tables generated
// out of Go's own (scripts/gen-go-unicode.go; the Go and Unicode versions are
// GoVersion() and UnicodeVersion()), so that %q, the template lexer, Sprig's case
// functions and label quoting agree with the Go programs podinit stands in for, rune for
// rune. Runes above U+10FFFF are in no class and map to themselves, as in Go.
#pragma once

#include <string_view>

namespace gocompat {

// unicode/graphic.go.
bool IsPrint(char32_t r);    // L, M, N, P, S and U+0020; also strconv.IsPrint exactly
bool IsGraphic(char32_t r);  // IsPrint plus the Zs spaces
bool IsSpace(char32_t r);    // '\t' '\n' '\v' '\f' '\r' ' ' U+0085 U+00A0, White_Space above
bool IsLetter(char32_t r);   // L
bool IsDigit(char32_t r);    // Nd
bool IsNumber(char32_t r);   // N
bool IsPunct(char32_t r);    // P
bool IsMark(char32_t r);     // M
bool IsSymbol(char32_t r);   // S
bool IsControl(char32_t r);  // C0 and C1 controls only (Go looks no further than Latin-1)
// unicode/letter.go.
bool IsUpper(char32_t r);  // Lu
bool IsLower(char32_t r);  // Ll
bool IsTitle(char32_t r);  // Lt
char32_t ToUpper(char32_t r);
char32_t ToLower(char32_t r);
char32_t ToTitle(char32_t r);
// The next rune of r's case-folding orbit (SimpleFold('A') = 'a', SimpleFold('k') =
// U+212A KELVIN SIGN, SimpleFold(U+212A) = 'K'); r itself when it has none.
char32_t SimpleFold(char32_t r);

// The general category as Go's unicode.Categories names it ("Lu", "Nd"...), "Cn" where
// Go's tables list the rune in none.
std::string_view Category(char32_t r);
// unicode.Is(unicode.Categories[name], r) for a one- or two-letter name ("L", "Lu"), the
// meaning of \pL and \p{Lu} in Go's regexp. False for an unknown name, and for "Cn" and
// "C" on unassigned runes, which Go's tables do not hold.
bool InCategory(char32_t r, std::string_view name);

// The Go release and Unicode version the tables were generated from ("go1.19.8", "13.0.0").
std::string_view GoVersion();
std::string_view UnicodeVersion();

}  // namespace gocompat
