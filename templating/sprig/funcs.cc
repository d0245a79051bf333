// The function tables the executor installs on top of Go's builtins.
#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"

namespace templating::sprig {

const FuncMap& SprigFuncs() {
  static const FuncMap* m = [] {
    auto* f = new FuncMap;
    AddStringFuncs(*f);
    AddCollectionFuncs(*f);
    AddMathFuncs(*f);
    AddEncodingFuncs(*f);
    AddRegexFuncs(*f);
    AddFlowFuncs(*f);
    AddTextCaseFuncs(*f);
    AddReflectFuncs(*f);
    AddListFuncs(*f);
    AddSemverFuncs(*f);
    AddDateFuncs(*f);
    AddSystemFuncs(*f);
    AddUrlFuncs(*f);
    AddCryptoFuncs(*f);
    return f;
  }();
  return *m;
}

}  // namespace templating::sprig
