// The parser of Go's text/template/parse (parse.go): items to typed trees, checking
// functions and variables as Go does, with Go's error texts.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "templating/node.h"

namespace templating {

using TreeSet = std::map<std::string, std::shared_ptr<Tree>, std::less<>>;

struct ParseOptions {
  // Reports whether a function of this name exists; null skips the check (Go's
  // SkipFuncCheck).
  std::function<bool(std::string_view)> has_function;
  bool parse_comments = false;  // keep comments as nodes
};

// Parses text as the template `name` plus the templates it defines ({{define}},
// {{block}}). On success the new trees are in *trees (empty definitions included; the caller
// decides, as Go's Template.AddParseTree does, whether they replace existing ones).
absl::Status ParseTrees(std::string_view name, std::string_view text, const ParseOptions& opts,
                        TreeSet* trees);

}  // namespace templating
