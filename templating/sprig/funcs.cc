// The function tables the executor installs on top of Go's builtins.
#include "templating/sprig/funcs.h"
#include "templating/sprig/internal.h"

namespace templating {

const FuncMap& SprigFuncs() {
  static const FuncMap* m = [] {
    auto* f = new FuncMap;
    sprig::AddStringFuncs(*f);
    sprig::AddCollectionFuncs(*f);
    sprig::AddMathFuncs(*f);
    sprig::AddEncodingFuncs(*f);
    sprig::AddRegexFuncs(*f);
    sprig::AddFlowFuncs(*f);
    sprig::AddTextCaseFuncs(*f);
    sprig::AddReflectFuncs(*f);
    sprig::AddListFuncs(*f);
    sprig::AddSemverFuncs(*f);
    sprig::AddDateFuncs(*f);
    sprig::AddSystemFuncs(*f);
    sprig::AddUrlFuncs(*f);
    sprig::AddCryptoFuncs(*f);
    return f;
  }();
  return *m;
}

}  // namespace templating
