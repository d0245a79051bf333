// Go's encoding/json (Go 1.19) as far as podinit writes JSON: strings escaped as Marshal
// escapes them and numbers in Marshal's float format, so what podinit prints matches
// what kubectl, Helm's toJson and the API server print.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace gocompat {

// A JSON string literal as encoding/json writes one: `"` and `\` backslashed, \n \r \t,
// other controls as \u00XX, each invalid UTF-8 byte as \ufffd, U+2028 and U+2029 escaped
// (JavaScript reads them as line ends); with escape_html (Marshal's default; an Encoder's
// SetEscapeHTML(false) turns it off) also <, > and & as \u003c, \u003e, \u0026.
void AppendJsonString(std::string& out, std::string_view s, bool escape_html = true);

// A float64 (bits 64) or float32 (bits 32) as Marshal writes it: like %g with the fewest
// digits that read back, but fixed notation from 1e-6 up to 1e21 and no padded exponent
// (1e-7, 1e+21). NaN and ±Inf are Marshal's error, "json: unsupported value: NaN".
absl::Status AppendJsonFloat(std::string& out, double f, int bits = 64);

}  // namespace gocompat
