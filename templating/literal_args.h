// Go's evalArg for a constant written straight into a call ({{trunc 2.0 "abc"}}): Go sets
// the constant into the parameter's type itself, so 2.0, 'a' and 2+0i are fine ints, and
// when it cannot, it names the constant ("expected integer; found 2.5") rather than a type.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "templating/node.h"
#include "templating/value.h"

namespace templating {

// Whether `n` is such a constant (a number, string, bool or nil node).
bool IsLiteralArg(const Node& n);

// The constant as a value of the Go parameter type `go_type` ("int", "float64", ...), when
// Go's evalArg would accept it there.
std::optional<Value> ConvertLiteralArg(const Node& n, std::string_view go_type);

// Go's complaint when it would not.
std::string LiteralArgError(const Node& n, std::string_view go_type);

}  // namespace templating
