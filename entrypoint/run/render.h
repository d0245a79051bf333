// Rendering for `render` and `run`: every template is executed before anything is written, so
// a template error leaves every old file as it was.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "templating/template.h"

namespace entrypoint::run {

struct RenderedFile {
  std::string path;  // empty: standard output
  std::string data;
  std::string root;  // the DEST directory of a template tree: nothing is written outside it
};

// How a text is rendered: the run's function map and --missingkey.
struct TemplateEngine {
  templating::MissingKey missing_key = templating::MissingKey::kError;
  const templating::FuncMap* funcs = nullptr;
};

// Renders one text; `name` is what Go's errors call the template (the source file).
absl::StatusOr<std::string> RenderText(const std::string& name, std::string_view text,
                                       const templating::Value& data, const TemplateEngine& engine);

// Renders each -t SRC[:DEST]. SRC may be a directory, rendered as a tree into DEST through
// the names a user sees in it (fsio::ReadTree: a ConfigMap volume through its `..data`
// indirection, never a link out of the tree).
absl::StatusOr<std::vector<RenderedFile>> RenderTemplates(const std::vector<std::string>& specs,
                                                          const templating::Value& data,
                                                          const TemplateEngine& engine);

// Renders each -e NAME=TEMPLATE into NAME=value; a value holding a NUL byte is an error.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> RenderEnv(
    const std::vector<std::string>& specs, const templating::Value& data, const TemplateEngine& engine);

// An environment variable, an argument or a command line ends at its first NUL byte: a
// rendered value that holds one is a template error naming `what`, not a silent cut.
absl::Status NoNulByte(std::string_view value, std::string_view what);

// NAME='value' lines a POSIX shell can source whatever the value holds.
std::string ShellEnvFile(const std::vector<std::pair<std::string, std::string>>& vars);

// --missingkey's words (Go's, "invalid" being "default"); nullopt for any other.
std::optional<templating::MissingKey> ParseMissingKey(std::string_view s);

}  // namespace entrypoint::run
