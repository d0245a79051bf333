#include "entrypoint/run/pod_source.h"

#include <fstream>
#include <iostream>
#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "k8sclient/json_dom.h"
#include "k8sclient/yaml.h"

namespace podinit::run {

bool IsJsonDocument(std::string_view text) {
  absl::string_view trimmed =
      absl::StripLeadingAsciiWhitespace(absl::string_view(text.data(), text.size()));
  return !trimmed.empty() && trimmed.front() == '{';
}

absl::StatusOr<k8s::Json> ParseObject(const std::string& text, const std::string& what) {
  absl::string_view trimmed = absl::StripLeadingAsciiWhitespace(text);
  if (trimmed.empty()) return absl::InvalidArgumentError(absl::StrCat(what, ": empty"));
  // As kubectl's YAMLOrJSONDecoder: a document that opens with '{' is JSON, anything else
  // YAML (the first document, which is what `kubectl get -o yaml` prints).
  auto json = IsJsonDocument(text) ? k8s::ParseJson(text) : k8s::ParseYaml(text);
  if (!json.ok()) return absl::InvalidArgumentError(absl::StrCat(what, ": ", json.status().message()));
  if (!json->is_object()) return absl::InvalidArgumentError(absl::StrCat(what, ": not an object"));
  return json;
}

std::string PodFileName(const std::string& path) {
  return absl::StrCat("--pod-file ", path == "-" ? "(stdin)" : path);
}

absl::StatusOr<k8s::Json> LoadPodFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadPodFile(path);
  if (!text.ok()) return text.status();
  return ParseObject(*text, PodFileName(path));
}

absl::StatusOr<std::string> ReadPodFile(const std::string& path) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return absl::FailedPreconditionError(absl::StrCat("--pod-file ", path, ": ", std::strerror(errno)));
    }
    // Sized from the file, so a 10 MB List is read into one buffer rather than a growing stream.
    in.seekg(0, std::ios::end);
    std::streamoff size = in.tellg();
    in.seekg(0, std::ios::beg);
    if (size > 0) {
      text.reserve(static_cast<size_t>(size) + simdjson::SIMDJSON_PADDING);
      text.resize(static_cast<size_t>(size));
      in.read(text.data(), size);
      text.resize(static_cast<size_t>(in.gcount()));
    } else {
      // A pipe or /proc file has no size: read to the end.
      text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  }
  return text;
}

}  // namespace podinit::run
