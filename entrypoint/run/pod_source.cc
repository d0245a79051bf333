#include "entrypoint/run/pod_source.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "k8sclient/file_read.h"
#include "k8sclient/object_check.h"
#include "k8sclient/yaml.h"

namespace podinit::run {

absl::StatusOr<k8s::Json> ParseObject(const std::string& text, const std::string& what) {
  absl::string_view trimmed = absl::StripLeadingAsciiWhitespace(text);
  if (trimmed.empty()) return absl::InvalidArgumentError(absl::StrCat(what, ": empty"));
  // As kubectl's YAMLOrJSONDecoder: a document that opens with '{' is JSON, anything else
  // YAML (the first document, which is what `kubectl get -o yaml` prints).
  auto json = trimmed.front() == '{' ? k8s::ParseJson(text) : k8s::ParseYaml(text);
  if (!json.ok()) return absl::InvalidArgumentError(absl::StrCat(what, ": ", json.status().message()));
  if (!json->is_object()) return absl::InvalidArgumentError(absl::StrCat(what, ": not an object"));
  return json;
}

absl::StatusOr<k8s::Json> LoadPodFile(const std::string& path, size_t limit) {
  const std::string what = absl::StrCat("--pod-file ", path == "-" ? "(stdin)" : path);
  auto text = k8s::ReadBoundedFile(path, limit, what);
  if (!text.ok()) return text.status();
  auto pod = ParseObject(*text, what);
  if (!pod.ok()) return pod.status();
  // `kubectl get pods -o json` prints a List: its items are checked as pods instead.
  std::string_view kind = pod->GetString("kind");
  absl::Status checked;
  if (kind == "List" || kind == "PodList") {
    const k8s::Json* items = pod->Find("items");
    if (items != nullptr && !items->is_null() && !items->is_array()) {
      checked = absl::DataLossError(absl::StrCat(what, ": items is not an array"));
    }
    size_t i = 0;
    for (const k8s::Json& item : pod->ArrayAt("items")) {
      if (!checked.ok()) break;
      checked = k8s::ValidatePod(item, absl::StrCat(what, ": items[", i++, "]"));
    }
  } else {
    checked = k8s::ValidatePod(*pod, what);
  }
  // A file the user gave is configuration (exit 1), not an API answer.
  if (!checked.ok()) return absl::InvalidArgumentError(checked.message());
  return pod;
}

}  // namespace podinit::run
