// The function tables the executor installs on top of Go's builtins.
#include "templating/funcs.h"
#include "templating/funcs_internal.h"

namespace tmpl {

const FuncMap& SprigFuncs() {
  static const FuncMap* m = [] {
    auto* f = new FuncMap;
    funcs::AddStringFuncs(*f);
    funcs::AddCollectionFuncs(*f);
    funcs::AddMathFuncs(*f);
    funcs::AddEncodingFuncs(*f);
    funcs::AddRegexFuncs(*f);
    funcs::AddFlowFuncs(*f);
    return f;
  }();
  return *m;
}

}  // namespace tmpl
