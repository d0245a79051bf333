// Debian's Abseil (20220623) has its own absl::string_view rather than std::string_view, so
// absl's string functions need their arguments converted; these two inline conversions are
// the one place that knows it.
#pragma once

#include <string_view>

#include "absl/strings/string_view.h"

namespace gocompat {

inline absl::string_view AV(std::string_view s) { return absl::string_view(s.data(), s.size()); }
inline std::string_view SV(absl::string_view s) { return std::string_view(s.data(), s.size()); }

}  // namespace gocompat
