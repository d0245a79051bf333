#include "entrypoint/pod_source.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace podinit {

absl::StatusOr<k8s::Json> ParseObject(const std::string& text, const std::string& what) {
  absl::string_view trimmed = absl::StripLeadingAsciiWhitespace(text);
  if (trimmed.empty()) return absl::InvalidArgumentError(absl::StrCat(what, ": empty"));
  auto json = k8s::ParseJson(text);
  if (!json.ok()) return absl::InvalidArgumentError(absl::StrCat(what, ": ", json.status().message()));
  if (!json->is_object()) return absl::InvalidArgumentError(absl::StrCat(what, ": not an object"));
  return json;
}

absl::StatusOr<k8s::Json> LoadPodFile(const std::string& path) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return absl::FailedPreconditionError(absl::StrCat("--pod-file ", path, ": ", std::strerror(errno)));
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    text = std::move(ss).str();
  }
  return ParseObject(text, absl::StrCat("--pod-file ", path == "-" ? "(stdin)" : path));
}

}  // namespace podinit
