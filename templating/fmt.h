// Go's fmt, as far as templates see them: %v printing of Values, Sprint, Sprintln,
// Sprintf with every verb, flag and error note fmt has (strconv's part, quoting and float
// digits, is gocompat's).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/types/span.h"
#include "templating/value.h"

namespace templating {

// absl::StrCat for std::string_view pieces (Debian's Abseil has its own string_view type).
namespace cat_internal {
inline void Piece(std::string* out, std::string_view s) { out->append(s); }
inline void Piece(std::string* out, const char* s) { out->append(s); }
inline void Piece(std::string* out, const std::string& s) { out->append(s); }
template <typename T, typename = std::enable_if_t<std::is_integral_v<T>>>
void Piece(std::string* out, T v) {
  out->append(std::to_string(v));
}
}  // namespace cat_internal
template <typename... Args>
std::string Cat(const Args&... args) {
  std::string out;
  (cat_internal::Piece(&out, args), ...);
  return out;
}

// fmt.Sprint(v): what {{.}} prints (except that a missing value prints "<no value>" there).
void AppendValue(std::string* out, const Value& v);
// fmt.Sprint / fmt.Sprintln over template arguments (missing arguments count as nil).
std::string Sprint(absl::Span<const Value> args);
std::string Sprintln(absl::Span<const Value> args);
void AppendSprintf(std::string* out, std::string_view format, absl::Span<const Value> args);


}  // namespace templating
