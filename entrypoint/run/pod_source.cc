#include "entrypoint/run/pod_source.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gocompat/string_view.h"
#include "k8sclient/file_read.h"
#include "k8sclient/object_check.h"
#include "k8sclient/yaml.h"

namespace entrypoint::run {

bool IsJsonDocument(std::string_view text) {
  absl::string_view trimmed =
      absl::StripLeadingAsciiWhitespace(gocompat::AV(text));
  return !trimmed.empty() && trimmed.front() == '{';
}

absl::StatusOr<k8sclient::Json> ParseObject(const std::string& text, const std::string& what) {
  absl::string_view trimmed = absl::StripLeadingAsciiWhitespace(text);
  if (trimmed.empty()) return absl::InvalidArgumentError(absl::StrCat(what, ": empty"));
  // As kubectl's YAMLOrJSONDecoder: a document that opens with '{' is JSON, anything else
  // YAML (the first document, which is what `kubectl get -o yaml` prints).
  auto json = IsJsonDocument(text) ? k8sclient::ParseJson(text) : k8sclient::ParseYaml(text);
  if (!json.ok()) return absl::InvalidArgumentError(absl::StrCat(what, ": ", json.status().message()));
  if (!json->is_object()) return absl::InvalidArgumentError(absl::StrCat(what, ": not an object"));
  return json;
}

std::string PodFileName(const std::string& path) {
  return absl::StrCat("--pod-file ", path == "-" ? "(stdin)" : path);
}

absl::StatusOr<k8sclient::Json> LoadPodFile(const std::string& path, size_t limit) {
  const std::string what = PodFileName(path);
  auto text = k8sclient::ReadBoundedFile(path, limit, what);
  if (!text.ok()) return text.status();
  auto pod = ParseObject(*text, what);
  if (!pod.ok()) return pod.status();
  // `kubectl get pods -o json` prints a List: its items are checked as pods instead.
  // A file the user gave is configuration (exit 1), not an API answer.
  if (absl::Status s = k8sclient::ValidatePodOrList(*pod, what); !s.ok()) {
    return absl::InvalidArgumentError(s.message());
  }
  return pod;
}

}  // namespace entrypoint::run
