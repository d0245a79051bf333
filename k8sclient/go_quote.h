// Go's strconv.Quote, byte for byte: the kubelet formats label and annotation values with
// %q, so the Downward API's `labels` file can only be reproduced with Go's exact escaping.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace k8s {

// Appends the UTF-8 encoding of a code point.
void AppendUtf8(std::string& out, char32_t r);

// strconv.Quote(s): printable runes (by Go's unicode.IsPrint) are kept, `"` and `\` are
// backslashed, \a\b\f\n\r\t\v are escaped, other ASCII controls and DEL become \xNN, other
// non-printable runes \uNNNN or \UNNNNNNNN, and each byte of invalid UTF-8 \xNN.
std::string GoQuote(std::string_view s);
void AppendGoQuote(std::string& out, std::string_view s);

// strconv.IsPrint, from tables generated with Go 1.19 (Unicode 13.0.0; see
// scripts/gen-go-isprint.go).
bool GoIsPrint(char32_t r);

// utf8.DecodeRuneInString: the rune and its width; (U+FFFD, 1) for invalid UTF-8, (U+FFFD,
// 0) for empty input.
std::pair<char32_t, size_t> DecodeGoRune(std::string_view s);

}  // namespace k8s
