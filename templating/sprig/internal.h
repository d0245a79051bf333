// Pieces the function library's files (templating/sprig/*.cc) share; not part of its API.
#pragma once

#include <string>
#include <string_view>

#include "gocompat/string_view.h"
#include "templating/sprig/funcs.h"

namespace tmpl::sprig {

using gocompat::AV;

// Each file adds its functions to the map SprigFuncs() builds.
void AddStringFuncs(FuncMap& m);
void AddCollectionFuncs(FuncMap& m);
void AddMathFuncs(FuncMap& m);
void AddEncodingFuncs(FuncMap& m);
void AddRegexFuncs(FuncMap& m);
void AddFlowFuncs(FuncMap& m);

// strings.Split.
List GoSplit(std::string_view s, std::string_view sep);

}  // namespace tmpl::sprig
