#include "entrypoint/run/render.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "gocompat/string_view.h"
#include "entrypoint/base/exit_codes.h"
#include "entrypoint/fsio/volume_reader.h"

namespace entrypoint::run {
namespace fs = std::filesystem;
using gocompat::AV;

namespace {

// SRC[:DEST]; a colon inside a path is rare, and the last one splits, as `docker -v` does.
std::pair<std::string, std::string> SplitSpec(const std::string& spec) {
  size_t colon = spec.rfind(':');
  if (colon == std::string::npos || colon == 0) return {spec, ""};
  return {spec.substr(0, colon), spec.substr(colon + 1)};
}

}  // namespace

std::optional<templating::MissingKey> ParseMissingKey(std::string_view s) {
  if (s == "error") return templating::MissingKey::kError;
  if (s == "zero") return templating::MissingKey::kZero;
  if (s == "default" || s == "invalid") return templating::MissingKey::kDefault;
  return std::nullopt;
}

absl::StatusOr<std::string> RenderText(const std::string& name, std::string_view text,
                                       const templating::Value& data, const TemplateEngine& engine) {
  templating::Template t(name);
  if (engine.funcs != nullptr) t.Funcs(*engine.funcs);
  t.Option(engine.missing_key);
  if (absl::Status s = t.Parse(text); !s.ok()) return base::TemplateError(s);
  absl::StatusOr<std::string> out = t.Execute(data);
  if (!out.ok()) return base::TemplateError(out.status());
  return out;
}

absl::StatusOr<std::vector<RenderedFile>> RenderTemplates(const std::vector<std::string>& specs,
                                                          const templating::Value& data,
                                                          const TemplateEngine& engine) {
  std::vector<RenderedFile> out;
  for (const std::string& spec : specs) {
    auto [src, dest] = SplitSpec(spec);
    std::error_code ec;
    fs::file_status st = fs::status(src, ec);
    if (ec || !fs::exists(st)) {
      return absl::FailedPreconditionError(absl::StrCat("template ", src, ": no such file or directory"));
    }
    if (!fs::is_directory(st)) {
      auto text = fsio::ReadRegularFile(src, fsio::TreeLimits().max_file_bytes, absl::StrCat("template ", src));
      if (!text.ok()) return text.status();
      auto rendered = RenderText(src, *text, data, engine);
      if (!rendered.ok()) return rendered.status();
      // A DEST that is an existing directory receives the file under its own name.
      std::string path = dest;
      if (!dest.empty() && fs::is_directory(dest, ec)) path = (fs::path(dest) / fs::path(src).filename()).string();
      out.push_back({path, *std::move(rendered), ""});
      continue;
    }
    if (dest.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("template ", src, " is a directory: give a DEST directory (-t ", src, ":DIR)"));
    }
    auto files = fsio::ReadTree(src);
    if (!files.ok()) return absl::Status(files.status().code(), absl::StrCat("template ", files.status().message()));
    for (fsio::TreeFile& f : *files) {
      // Go's errors call a template by the name it was parsed under: the path the user sees.
      auto rendered = RenderText((fs::path(src) / f.name).string(), f.data, data, engine);
      if (!rendered.ok()) return rendered.status();
      out.push_back({(fs::path(dest) / f.name).string(), *std::move(rendered), dest});
    }
  }
  return out;
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> RenderEnv(
    const std::vector<std::string>& specs, const templating::Value& data, const TemplateEngine& engine) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& spec : specs) {
    size_t eq = spec.find('=');
    std::string name = spec.substr(0, eq);
    auto value = RenderText(absl::StrCat("-e ", name), std::string_view(spec).substr(eq + 1), data, engine);
    if (!value.ok()) return value.status();
    if (absl::Status s = NoNulByte(*value, absl::StrCat("-e ", name)); !s.ok()) return s;
    out.emplace_back(name, *std::move(value));
  }
  return out;
}

absl::Status NoNulByte(std::string_view value, std::string_view what) {
  size_t nul = value.find('\0');
  if (nul == std::string_view::npos) return absl::OkStatus();
  return base::TemplateError(absl::InvalidArgumentError(absl::StrCat(
      AV(what), ": the value holds a NUL byte (at byte ", nul,
      "), which an environment variable or argument cannot carry; it would be cut there")));
}

std::string ShellEnvFile(const std::vector<std::pair<std::string, std::string>>& vars) {
  std::string out;
  for (const auto& [name, value] : vars) {
    out += name;
    out += "='";
    for (char c : value) {
      if (c == '\'') out += "'\\''";
      else out.push_back(c);
    }
    out += "'\n";
  }
  return out;
}

}  // namespace entrypoint::run
