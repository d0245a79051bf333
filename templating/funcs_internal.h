// Pieces the funcs_*.cc files share; not part of the templating API.
#pragma once

#include <string>
#include <string_view>

#include "absl/strings/string_view.h"
#include "templating/funcs.h"

namespace tmpl::funcs {

// Debian's Abseil has its own string_view type.
inline absl::string_view Av(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// Each funcs_*.cc adds its functions to the map SprigFuncs() builds.
void AddStringFuncs(FuncMap& m);
void AddCollectionFuncs(FuncMap& m);
void AddMathFuncs(FuncMap& m);
void AddEncodingFuncs(FuncMap& m);
void AddRegexFuncs(FuncMap& m);
void AddFlowFuncs(FuncMap& m);

// strconv.Quote, what %q prints for a string.
std::string GoQuote(std::string_view s);
// strings.Split.
List GoSplit(std::string_view s, std::string_view sep);

}  // namespace tmpl::funcs
