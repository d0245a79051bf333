// Renders a template with Go's builtins, the Sprig/Helm library and kubectl's functions
// over goref/funcs_data.json, as goref/main.go does in Go.
#pragma once

#include <string>

#include "gtest/gtest.h"
#include "templating/sprig/funcs.h"
#include "templating/template.h"

namespace templating {

// goref/funcs_data.json, decoded as kubectl decodes JSON.
inline constexpr char kFuncsData[] =
    R"json({"kind":"Pod","name":"web-3","n":3,"f":2.5,"big":12345678901,"neg":-7,"s":"42","sf":"12.00","hex":"0x1F","t":true,"z":0,"e":"","nul":null,"list":["a","b",null,"c"],"nums":[3,1,2],"empty":[],"emap":{},"m":{"b":2,"a":"x","c":{"d":[1,{"e":null}]}},"labels":{"app":"web","app.kubernetes.io/name":"web","tier":"front end"},"multi":"line1\nline2\n","text":"Hello, World <b>&</b>"})json";

// `extra`: functions registered above templating's own (fromYaml, from entrypoint/run).
inline absl::StatusOr<std::string> RenderWithFuncs(std::string_view text,
                                                   MissingKey mk = MissingKey::kDefault,
                                                   const FuncMap* extra = nullptr) {
  // Parsed for each call: Sprig's set, unset and merge change maps in place.
  const Value data = *sprig::ParseJsonValue(kFuncsData, /*int_as_int64=*/true);
  Template t("t");
  t.Funcs(sprig::KubectlFuncs()).Funcs(sprig::SprigFuncs()).Option(mk);
  if (extra != nullptr) t.Funcs(*extra);
  if (auto st = t.Parse(text); !st.ok()) return st;
  return t.Execute(data);
}

}  // namespace templating
