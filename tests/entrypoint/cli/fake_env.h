// An environment for the command-line parsers, from a map instead of the process's.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "entrypoint/cli/options.h"

namespace entrypoint::cli {

inline EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace entrypoint::cli
