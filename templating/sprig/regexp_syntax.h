// Go's regexp syntax (RE2, as regexp/syntax parses it) rewritten as a Boost.Regex Perl
// pattern over code points (text decoded from UTF-8 as Go decodes it) that means the same
// thing, so Sprig's regex functions behave as they do in Go.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace tmpl::sprig {

struct BoostPattern {
  std::string pattern;             // ASCII; for boost::wregex, perl | no_mod_m | no_mod_s
  bool icase = false;              // a leading (?i)
  std::vector<std::string> names;  // names[i]: capture group i's name, "" when unnamed
};

// regexp.Compile's parse: on error, Go's text ("regexp: Compile(`(`): error parsing
// regexp: missing closing ): `(`"), or an Unimplemented status for syntax Go accepts but
// this rewrite does not (flag groups inside the pattern, \pL classes).
absl::StatusOr<BoostPattern> TranslateGoRegexp(std::string_view expr);

// What regexp.Compile says when the parse fails with `code` at `arg`.
std::string GoRegexpError(std::string_view expr, std::string_view code, std::string_view arg);

}  // namespace tmpl::sprig
