// Go's unicode/utf8 (Go 1.19): how Go reads bytes as runes. Every Go library podinit
// reproduces decodes text this way, and the difference from a strict decoder is visible:
// an invalid byte is one U+FFFD of width 1, never an error, so the bytes after it are
// read on their own.
//
// A rune is a char32_t here; values above U+10FFFF (and a negative Go rune converted to
// char32_t) are invalid runes, as Go treats them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gocompat {

constexpr char32_t kRuneError = 0xFFFD;  // utf8.RuneError
constexpr char32_t kRuneSelf = 0x80;     // utf8.RuneSelf: below this a rune is one byte
constexpr char32_t kMaxRune = 0x10FFFF;  // utf8.MaxRune
constexpr int kUTFMax = 4;               // utf8.UTFMax

struct DecodedRune {
  char32_t rune;
  int size;  // bytes read: 0 only for empty input
};

// utf8.DecodeRuneInString (unicode/utf8/utf8.go): (kRuneError, 0) for empty input,
// (kRuneError, 1) for an invalid, overlong, surrogate or truncated encoding.
DecodedRune DecodeRuneInString(std::string_view s);
// The same at byte offset i of s (i <= s.size()).
inline DecodedRune DecodeRune(std::string_view s, size_t i) {
  return DecodeRuneInString(s.substr(i));
}
// utf8.DecodeLastRuneInString: the last rune of s, read backwards as Go does (at most
// kUTFMax bytes back); (kRuneError, 1) when the bytes before the end are not one valid rune.
DecodedRune DecodeLastRuneInString(std::string_view s);
// True when DecodeRuneInString read an invalid byte rather than a real U+FFFD.
inline bool IsInvalid(DecodedRune d) { return d.rune == kRuneError && d.size == 1; }

// utf8.RuneLen: bytes needed to encode r, -1 when r is not a valid rune.
int RuneLen(char32_t r);
// utf8.ValidRune: in range and not a surrogate half.
bool ValidRune(char32_t r);
// utf8.EncodeRune: writes r (kRuneError when r is invalid) into p, which has room for
// kUTFMax bytes; returns the bytes written.
int EncodeRune(char* p, char32_t r);
// utf8.AppendRune.
void AppendRune(std::string& out, char32_t r);
// utf8.ValidString.
bool ValidString(std::string_view s);
// utf8.RuneCountInString: an invalid byte counts as one rune.
size_t RuneCount(std::string_view s);

}  // namespace gocompat
