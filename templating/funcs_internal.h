// Pieces the funcs_*.cc files share; not part of the templating API.
#pragma once

#include <string>
#include <string_view>

#include "gocompat/string_view.h"
#include "templating/funcs.h"

namespace tmpl::funcs {

using gocompat::AV;

// Each funcs_*.cc adds its functions to the map SprigFuncs() builds.
void AddStringFuncs(FuncMap& m);
void AddCollectionFuncs(FuncMap& m);
void AddMathFuncs(FuncMap& m);
void AddEncodingFuncs(FuncMap& m);
void AddRegexFuncs(FuncMap& m);
void AddFlowFuncs(FuncMap& m);

// strings.Split.
List GoSplit(std::string_view s, std::string_view sep);

}  // namespace tmpl::funcs
